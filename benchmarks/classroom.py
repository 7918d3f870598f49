"""The classroom benchmark: N students polling one real server, as a class would, one table row
per N. The server is started the README's way (uvicorn, one process, a free loopback port) and
the students are Locust users (benchmarks/classroom_user.py) in a Locust process of their own.
Asserts nothing; `python -m benchmarks --classroom --students 8,16,32 --seconds 20`.
With `--workers N`, each class is served twice, by 1 and by N workers behind nginx (deploy/serve.sh,
as `./dev.sh serve` runs it), and the ratio of their epochs is printed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Config
from app.session.run import advance, build_run

Env = dict[str, str]

ROOT = Path(__file__).resolve().parent.parent
STUDENT_FILE = Path(__file__).resolve().parent / "classroom_user.py"
HOST = "127.0.0.1"  # loopback only: the benchmark never leaves the machine
STARTUP_SECONDS = 30.0
SERVE = ROOT / "deploy" / "serve.sh"


@dataclass(frozen=True)
class ClassResult:
    """What one class of `students` saw: per-student rates, poll latency, errors, lost runs."""

    students: int
    epochs_median: float  # epochs/s one student saw advance on its page
    epochs_min: float
    updates_median: float  # polls/s that brought a student new epochs
    poll_p50_ms: float
    poll_p99_ms: float
    errors: int  # failed requests and answers without a frame
    runs_lost: int  # students whose epoch went back or whose run was replaced
    server_epochs: float  # every student's epochs per second of the class, together
    load_before: float = 0.0  # the machine's 1-minute load average as the class began
    core_epochs: float = 0.0  # the machine's speed then: core_speed() (0: not measured)
    core_after: float = 0.0  # its speed as the class ended (0: not measured)
    workers: int = 0  # uvicorn workers behind nginx (0: one uvicorn process, no nginx)


def free_port() -> int:
    """Return a loopback TCP port nobody listens on (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def server_command(port: int) -> list[str]:
    """Return ./dev.sh start's command line for this Python and a loopback `port`."""
    return [sys.executable, "-m", "app.serve", "--host", HOST, "--port", str(port)]


@contextmanager
def serving(log: Path, env: Env | None = None) -> Iterator[tuple[str, int]]:
    """Run the app as `./dev.sh start` does (one process; `env`, default ours), on a free port;
    yield its URL and process id once /healthz answers, and stop it after."""
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(server_command(port), cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        wait_healthy(url, process, log)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def server(log: Path, env: Env | None = None) -> Iterator[str]:
    """Run the app as serving() does; yield its URL."""
    with serving(log, env) as (url, _):
        yield url


@contextmanager
def hall(folder: Path, workers: int, env: Env | None = None) -> Iterator[str]:
    """Run `./dev.sh serve --workers N` (deploy/serve.sh: Redis, the workers, nginx) on a free
    port with files in `folder`; yield nginx's URL once it answers, and stop it all after."""
    port = free_port()
    command = ["bash", str(SERVE), "--workers", str(workers), "--port", str(port),
               "--dir", str(folder), "--python", sys.executable]
    log = folder / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{HOST}:{port}"
    try:
        wait_healthy(url, process, log)
        time.sleep(2.0)  # nginx answered: give every worker time to be up too
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


def compare_workers(class_sizes: list[int], seconds: int, workers: int,
                    server_env: Env | None = None) -> list[ClassResult]:
    """Serve each class by 1 worker, then by `workers`, behind nginx; return both results."""
    results = []
    with tempfile.TemporaryDirectory(prefix="classroom-") as tmp:
        for students in class_sizes:
            for n in (1, workers):
                folder = Path(tmp) / f"hall-{students}-{n}"
                folder.mkdir()
                with hall(folder, n, server_env) as url:
                    load = os.getloadavg()[0]
                    result = summarise(students, run_class(url, students, seconds, folder))
                    results.append(dataclasses.replace(result, load_before=load, workers=n))
    return results


def print_workers(results: list[ClassResult]) -> None:
    """Print the classes side by side, then each class's ratio of epochs (N workers / 1)."""
    print_classroom(results)
    for one, many in zip(results[::2], results[1::2], strict=True):
        ratio = many.server_epochs / one.server_epochs if one.server_epochs else float("nan")
        print(f"{one.students} students: {many.workers} workers behind nginx train "
              f"{ratio:.2f}× the epochs of 1 ({many.server_epochs:,.0f} vs "
              f"{one.server_epochs:,.0f} epochs/s; Locust students on the same machine)")


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Return when GET /healthz answers "ok"; raise RuntimeError if the server died or hung."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url}/healthz in {STARTUP_SECONDS:.0f} s")


def run_class(url: str, students: int, seconds: int, work: Path, room: str = ""
              ) -> list[dict[str, Any]]:
    """Run `students` students against `url` for `seconds` (all joining within a second) and
    return their records (benchmarks.classroom_user); with `room`, they join that room."""
    report = work / f"class-{students}{'-room' if room else ''}.json"
    command = [sys.executable, "-m", "locust", "-f", str(STUDENT_FILE), "--headless",
               "--host", url, "-u", str(students), "-r", str(students), "-t", f"{seconds}s",
               "--only-summary", "--loglevel", "WARNING", "--classroom-report", str(report),
               *(["--classroom-room", room] if room else [])]
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}  # the student imports benchmarks.classroom_page
    # Locust exits 1 when any request failed; the records count those, so only a missing
    # report is fatal
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=seconds + 60)
    if not report.exists():
        raise RuntimeError(f"locust wrote no report (exit {done.returncode}):\n{done.stderr}")
    records: list[dict[str, Any]] = json.loads(report.read_text())
    return records


def summarise(students: int, records: list[dict[str, Any]]) -> ClassResult:
    """Return the class's figures from its students' records."""
    epochs, updates, gained = [], [], 0
    for record in records:
        first, last = record["first"] or [0.0, 0], record["last"] or [0.0, 0]
        span = last[0] - first[0]
        epochs.append((last[1] - first[1]) / span if span > 0 else 0.0)
        updates.append((record["updates"] - 1) / span if span > 0 else 0.0)
        gained += last[1] - first[1]
    epochs += [0.0] * (students - len(records))  # a student who never started saw nothing
    updates += [0.0] * (students - len(records))
    seen = [r for r in records if r["first"]]
    window = (max(r["last"][0] for r in seen) - min(r["first"][0] for r in seen)) if seen else 0
    latencies = sorted(ms for r in records for ms in r["latencies_ms"])
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return ClassResult(
        students, statistics.median(epochs), min(epochs), statistics.median(updates),
        cuts[49] if cuts else 0.0, cuts[98] if cuts else 0.0,
        sum(r["errors"] for r in records) + students - len(records),
        sum(bool(r["lost"]) for r in records), gained / window if window > 0 else 0.0)


def classroom(class_sizes: list[int], seconds: int, server_env: Env | None = None
              ) -> list[ClassResult]:
    """Measure each class size against a freshly started server (its environment `server_env`,
    default ours); return one result per size."""
    results = []
    with tempfile.TemporaryDirectory(prefix="classroom-") as tmp:
        work = Path(tmp)
        for students in class_sizes:
            # each class's runs in a store of its own, never the checkout's data/runs.sqlite3
            runs = str(work / f"runs-{students}")
            env = {**(server_env or os.environ), "PLAYGROUND_DATA_DIR": runs}
            with server(work / f"server-{students}.log", env) as url:
                results.append(measured_class(url, students, seconds, work))
    return results


def measured_class(url: str, students: int, seconds: int, work: Path, room: str = ""
                   ) -> ClassResult:
    """Run a class (run_class) and return its figures with the machine's load as it began and
    its speed just before and just after: a shared machine's other work slows the class too,
    and its speed drifts by tens of percent within minutes."""
    load, before = os.getloadavg()[0], core_speed()
    result = summarise(students, run_class(url, students, seconds, work, room))
    return dataclasses.replace(result, load_before=load, core_epochs=before,
                               core_after=core_speed())


def core_speed_during(result: ClassResult) -> float:
    """Return the machine's speed around the class: the mean of before and after (either
    alone when only one was measured; 0 when neither was)."""
    speeds = [s for s in (result.core_epochs, result.core_after) if s]
    return statistics.fmean(speeds) if speeds else 0.0


def core_speed(seconds: float = 0.5) -> float:
    """Return the epochs a second one core trains the default run right now (in this process):
    a shared machine's speed drifts by tens of percent within minutes, and a class can only be
    compared with another measured at the same speed."""
    run = build_run(Config())
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += advance(run, 10, 1.0)
    return done / (time.perf_counter() - start)


def print_classroom(results: list[ClassResult]) -> None:
    """Print the results as a Markdown table, one row per class size. When the machine's speed
    was measured, two more columns normalise for its drift: the ceiling (one core's epochs/s
    around the class ÷ students: what each would see if the process did nothing but train) and
    the server's share of one core (its epochs/s ÷ that speed)."""
    header: tuple[str, ...] = ("students", "workers", "epochs/s each (median / min)",
                               "updates/s each", "poll p50 / p99", "errors", "runs lost",
                               "server epochs/s")
    speeds = [core_speed_during(r) for r in results]
    measured = all(speeds)
    if measured:
        header += ("one core ÷ students", "server ÷ one core")
    cells = [header] + [(
        str(r.students), str(r.workers or "1, no nginx"),
        f"{r.epochs_median:,.0f} / {r.epochs_min:,.0f}",
        f"{r.updates_median:.1f}", f"{r.poll_p50_ms:.0f} / {r.poll_p99_ms:.0f} ms",
        str(r.errors), str(r.runs_lost), f"{r.server_epochs:,.0f}",
        *((f"{speed / r.students:,.0f}", f"{r.server_epochs / speed:.0%}") if measured else ()))
        for r, speed in zip(results, speeds, strict=True)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for k, row in enumerate(cells):
        print("| " + " | ".join(s.ljust(w) for s, w in zip(row, widths, strict=True)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    loads = ", ".join(f"{r.load_before:.1f}" for r in results)
    print(f"\nThe server(s) and the Locust students on one machine of {os.cpu_count()} "
          f"cores; its 1-minute load average as each class began: {loads}")
    if any(r.core_epochs for r in results):
        spans = ", ".join(f"{r.core_epochs:,.0f}" + (f" → {r.core_after:,.0f}" if r.core_after
                                                     else "") for r in results)
        print(f"The machine's speed as each class began → ended (the default run on one core, "
              f"epochs/s): {spans}")
