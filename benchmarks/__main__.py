"""The benchmark: `python -m benchmarks` prints the speed figures the issues name, as one table.

Figures are measured in one run on one core (BLAS threads pinned to 1), and comparisons are
ratios within that run, because shared machines are noisy. This is not a test: it asserts nothing.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, before NumPy loads BLAS
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402

from benchmarks.engine import engine_rows  # noqa: E402
from benchmarks.table import print_table  # noqa: E402
from benchmarks.web import web_rows  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Run every benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.5,
                        help="time spent measuring each figure (default 1.5)")
    args = parser.parse_args(argv)
    rows = engine_rows(args.seconds) + web_rows()
    print_table(rows)


if __name__ == "__main__":
    main()
