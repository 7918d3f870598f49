"""The benchmark: `python -m benchmarks` prints the speed figures the issues name, as one table.

Figures are measured in one run on one core (BLAS threads pinned to 1), and comparisons are
ratios within that run, because shared machines are noisy. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import os

SERVER_ENV = dict(os.environ)  # the classroom's server runs as ./dev.sh start would: unpinned
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, before NumPy loads BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402

from app.settings import Settings  # noqa: E402
from benchmarks.classroom import (  # noqa: E402
    classroom,
    compare_workers,
    print_classroom,
    print_workers,
)
from benchmarks.classroom_room import print_room, room_class  # noqa: E402
from benchmarks.engine import engine_rows  # noqa: E402
from benchmarks.memory import memory, print_memory  # noqa: E402
from benchmarks.mixed import mixed_rows  # noqa: E402
from benchmarks.table import print_table  # noqa: E402
from benchmarks.web import web_rows  # noqa: E402


def class_sizes(text: str) -> list[int]:
    """Return the class sizes of --students ("8,16,32")."""
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"want class sizes like 8,16,32, got {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> None:
    """Run every benchmark and print the table (with --classroom: the classroom's table)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=None,
                        help="time spent measuring each figure (default 1.5); "
                             "with --classroom, each class's length (default 20)")
    parser.add_argument("--classroom", action="store_true",
                        help="simulate classes of students polling one real server instead")
    parser.add_argument("--students", type=class_sizes, default=[8, 16, 32],
                        help="with --classroom: the class sizes (default 8,16,32)")
    parser.add_argument("--memory", action="store_true",
                        help="measure the RSS of a real server holding 100 runs of the default, "
                             "big and largest configurations instead")
    parser.add_argument("--mixed", action="store_true",
                        help="measure 8 default students beside 4 at the largest run instead")
    parser.add_argument("--room", action="store_true",
                        help="with --classroom: each class alone, then joined to a room whose "
                             "gallery polls at 2 Hz (default 30 students)")
    parser.add_argument("--workers", type=int, default=0,
                        help="with --classroom: serve each class by 1 and by this many workers "
                             "behind nginx (./dev.sh serve) and print the ratio")
    args = parser.parse_args(argv)
    if args.mixed:
        print_table(mixed_rows(args.seconds or 20))
        return
    if args.memory:
        print_memory(memory(SERVER_ENV), Settings().hot_bytes / 2**20)
        return
    if args.classroom:
        seconds = max(1, round(args.seconds or 20))  # Locust counts whole seconds
        if args.room:
            for students in ([30] if args.students == [8, 16, 32] else args.students):
                print_room(room_class(students, seconds, SERVER_ENV))
            return
        if args.workers:
            print_workers(compare_workers(args.students, seconds, args.workers, SERVER_ENV))
            return
        print_classroom(classroom(args.students, seconds, SERVER_ENV))
        return
    rows = engine_rows(args.seconds or 1.5) + web_rows()
    print_table(rows)


if __name__ == "__main__":
    main()
