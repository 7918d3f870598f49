"""The classroom benchmark with a room: the same class on fresh servers, on its own and joined to
a room whose lecturer's gallery polls twice a second, in the order alone, room, room, alone (a
shared machine's speed drifts by tens of percent within minutes; the mirrored order cancels a
steady drift). Prints every class's row, the ratio of what each student sees (pooled means),
and the gallery's answer: server time (its Server-Timing) and size.
`python -m benchmarks --classroom --room --students 30 --seconds 20`.
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from benchmarks.classroom import (
    ClassResult,
    measured_class,
    print_classroom,
    server,
)
from benchmarks.classroom_page import PAGE

GALLERY_TICK = 0.5  # the lecturer's gallery polls twice a second
TIMING = re.compile(r"app;dur=([\d.]+)")  # the answer's time in the app
CPU = re.compile(r"cpu;dur=([\d.]+)")  # the CPU it took (the rest: waiting for the machine)
CARD = re.compile(rb'class="card[ "]')  # a thumbnail's button (not its name or stats)


@dataclass
class GalleryStats:
    """What the lecturer's gallery polls saw: server ms (Server-Timing), bytes, cards shown,
    and the CPU ms of each answer."""

    server_ms: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    cards: list[int] = field(default_factory=list)
    errors: int = 0
    cpu_ms: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class RoomResult:
    """The class alone and in a room (each pooled over its rounds), the gallery's figures, and
    every round's class in the order run (empty: just the two pooled ones)."""

    alone: ClassResult
    in_room: ClassResult
    gallery: GalleryStats
    rounds: tuple[ClassResult, ...] = ()


def pooled(results: list[ClassResult]) -> ClassResult:
    """Return one class's figures over several rounds: rates and latencies averaged, errors and
    lost runs added up."""
    def mean(name: str) -> float:
        return statistics.fmean(getattr(r, name) for r in results)
    return replace(results[0], epochs_median=mean("epochs_median"), epochs_min=mean("epochs_min"),
                   updates_median=mean("updates_median"), poll_p50_ms=mean("poll_p50_ms"),
                   poll_p99_ms=mean("poll_p99_ms"), server_epochs=mean("server_epochs"),
                   errors=sum(r.errors for r in results),
                   runs_lost=sum(r.runs_lost for r in results), load_before=mean("load_before"),
                   core_epochs=mean("core_epochs"), core_after=mean("core_after"))


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)


def open_room(url: str) -> tuple[str, str]:
    """Open a room as a lecturer would and push the class's page to it (the speed the class
    alone runs at); return its code and the teacher cookie."""
    con = _connection(url)
    con.request("POST", "/room/new", headers={"Content-Length": "0"})
    answer = con.getresponse()
    answer.read()
    code = (answer.getheader("Location") or "").split("/")[2]
    cookie = (answer.getheader("Set-Cookie") or "").split(";")[0]
    # the students' page as in the class alone (benchmarks.classroom_page.PAGE), not held
    body = urlencode({"source": "link", "link": PAGE, "hold": "false"})
    con.request("POST", f"/room/{code}/push", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    pushed = con.getresponse()
    pushed.read()
    con.close()
    if pushed.status != 200:
        raise RuntimeError(f"pushing the class's page to room {code} answered {pushed.status}")
    return code, cookie


def poll_gallery(url: str, code: str, cookie: str, stop: threading.Event,
                 stats: GalleryStats) -> None:
    """Poll the gallery every GALLERY_TICK seconds until `stop`, noting each answer."""
    con = _connection(url)
    while not stop.wait(GALLERY_TICK):
        try:
            con.request("GET", f"/room/{code}/gallery?sort=loss",
                        headers={"Cookie": cookie, "HX-Request": "true"})
            answer = con.getresponse()
            body = answer.read()
        except (OSError, http.client.HTTPException):
            stats.errors += 1
            con.close()
            con = _connection(url)
            continue
        note(stats, answer.status, answer.getheader("Server-Timing") or "", body)
    con.close()


def note(stats: GalleryStats, status: int, server_timing: str, body: bytes) -> None:
    """Note one gallery answer: its server time, its size and the cards it shows."""
    timing = TIMING.search(server_timing)
    if status != 200 or timing is None:
        stats.errors += 1
        return
    stats.server_ms.append(float(timing.group(1)))
    cpu = CPU.search(server_timing)
    if cpu is not None:
        stats.cpu_ms.append(float(cpu.group(1)))
    stats.sizes.append(len(body))
    stats.cards.append(len(CARD.findall(body)))


def room_class(students: int, seconds: int, server_env: dict[str, str] | None = None
               ) -> RoomResult:
    """Measure the class alone, in a room (its gallery polled), in a room again and alone again,
    each on a fresh server with a store of its own."""
    base = server_env or dict(os.environ)
    alone: list[ClassResult] = []
    in_room: list[ClassResult] = []
    rounds: list[ClassResult] = []
    stats = GalleryStats()
    with tempfile.TemporaryDirectory(prefix="classroom-room-") as tmp:
        work = Path(tmp)
        for k, room in enumerate((False, True, True, False)):
            env = {**base, "PLAYGROUND_DATA_DIR": str(work / f"round-{k}")}
            with server(work / f"round-{k}.log", env) as url:
                result = (_in_room(url, students, seconds, work, stats) if room
                          else measured_class(url, students, seconds, work))
            (in_room if room else alone).append(result)
            rounds.append(result)
    return RoomResult(pooled(alone), pooled(in_room), stats, tuple(rounds))


def _in_room(url: str, students: int, seconds: int, work: Path, stats: GalleryStats
             ) -> ClassResult:
    """Open a room, poll its gallery meanwhile (into stats) and run the class in it."""
    code, cookie = open_room(url)
    stop = threading.Event()
    poller = threading.Thread(target=poll_gallery, args=(url, code, cookie, stop, stats))
    poller.start()
    try:
        return measured_class(url, students, seconds, work, code)
    finally:
        stop.set()
        poller.join()


def print_room(result: RoomResult) -> None:
    """Print every round's row (else the two pooled ones), the students' ratio and the
    gallery's figures."""
    print_classroom(list(result.rounds) or [result.alone, result.in_room])
    alone, room, g = result.alone, result.in_room, result.gallery
    ratio = room.epochs_median / alone.epochs_median if alone.epochs_median else float("nan")
    updates = room.updates_median / alone.updates_median if alone.updates_median else float("nan")
    order = "alone, in a room, in a room, alone" if result.rounds else "alone, in a room"
    print(f"\nRows: the same class {order}. In the room each student sees {ratio:.0%} of the "
          f"epochs/s and {updates:.0%} of the updates/s alone (means of the rounds' medians: "
          f"{room.epochs_median:.0f} against {alone.epochs_median:.0f} epochs/s).")
    if not g.server_ms:
        print(f"The gallery answered no poll ({g.errors} errors).")
        return
    cuts = percentiles(g.server_ms)
    cpu = f" (CPU p50 {percentiles(g.cpu_ms)[49]:.1f} ms, p95 {percentiles(g.cpu_ms)[94]:.1f} ms)"
    full = [s for s, c in zip(g.sizes, g.cards, strict=True) if c == max(g.cards)]
    print(f"Gallery at {1 / GALLERY_TICK:.0f} Hz: {len(g.server_ms)} answers, up to "
          f"{max(g.cards)} cards; server time p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
          f"max {max(g.server_ms):.1f} ms{cpu if g.cpu_ms else ''}; size "
          f"{max(full) / 1024:.1f} KB with every card (targets ≤ 50 ms, ≤ 60 KB); {g.errors} "
          f"errors. Measured {time.strftime('%H:%M')}.")


def percentiles(values: list[float]) -> list[float]:
    """Return the 1st to 99th percentiles of values (inclusive method; one value: itself)."""
    if len(values) > 1:
        return statistics.quantiles(values, n=100, method="inclusive")
    return values * 99
