"""The mixed-load benchmark: 8 students at the default run with and without 4 students at the
largest run, served as one process serves them (polls one at a time, in the order they come).

In process, without HTTP: each student is a Session polled with the route's own render
(views.poll_update) and budget on the poller's ticks, at the cadence the session asks for
(training_gate: the heavy runs' pages poll less often); a tick that comes while the student's
poll waits or runs sends the next as soon as it lands (hx-sync="this:queue last"). The figure
is the default students' median epochs/s with the heavy runs against without them. Asserts nothing;
`python -m benchmarks --mixed`.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from app.config import Config
from app.session.run import build_run
from app.session.session import Session, SessionView
from app.session.training_gate import TrainingGate
from app.settings import Settings
from app.web.views import poll_update, token
from benchmarks.memory import CONFIGS
from benchmarks.table import Row

TICK = 0.040  # the first cadence (Settings.poll_ms); then each poll's answer sets it
DEFAULT = Config(speed=30)  # the classroom figures' speed (benchmarks.classroom_page.PAGE)
DEFAULT_STUDENTS, HEAVY_STUDENTS = 8, 4
LARGEST = list(CONFIGS.values())[-1]


@dataclass
class Student:
    """One tab: its session, the poller's phase, and what its charts hold."""

    session: Session
    origin: float
    due: float
    token: str = ""
    since: int = -1
    first: tuple[float, int] | None = None
    last: tuple[float, int] = (0.0, 0)
    latencies: list[float] = field(default_factory=list)
    tick: float = TICK

    def poll(self, budget: float) -> None:
        """Post one poll, note the epoch it shows, and arm the next tick after it."""
        asked = self.due
        cadence = round(self.tick * 1000)
        self.session.poll(budget, lambda view: poll_update(view, self.token, self.since,
                                                           cadence=cadence))
        self.token, self.since, tick = self.session.read(_held)
        now = time.perf_counter()
        if tick != self.tick:  # a new poller: its timer starts when it lands
            self.tick, self.origin, asked = tick, now, now
        self.latencies.append(now - asked)
        self.first = self.first or (now, self.since)
        self.last = (now, self.since)
        # the next tick after this poll was due; one that came meanwhile was queued: go now
        self.due = max(now, self.origin + (int((asked - self.origin) / self.tick + 1e-9) + 1)
                       * self.tick)

    def epochs_per_second(self) -> float:
        if self.first is None or self.last[0] <= self.first[0]:
            return 0.0
        return (self.last[1] - self.first[1]) / (self.last[0] - self.first[0])


def _held(view: SessionView) -> tuple[str, int, float]:
    return token(view.run), view.run.epoch, view.cadence_ms / 1000


def serve(configs: list[Config], seconds: float, seed: int = 0) -> list[Student]:
    """Serve one student per config for `seconds`, one poll at a time; return the students."""
    budget, rng = Settings().training_budget, random.Random(seed)
    start, gate = time.perf_counter(), TrainingGate()  # this class's own process, as it were
    students = []
    for i, config in enumerate(configs):
        origin = start + rng.uniform(0.0, TICK)
        students.append(Student(Session(f"student-{i}", build_run(config), playing=True,
                                        gate=gate),
                                origin, origin))
    while (now := time.perf_counter()) < start + seconds:
        student = min(students, key=lambda s: s.due)
        if student.due > now:
            time.sleep(student.due - now)
        student.poll(budget)
    return students


def mixed_rows(seconds: float) -> list[Row]:
    """Return the default students' epochs/s alone and beside the heavy runs, and the ratio."""
    alone = serve([DEFAULT] * DEFAULT_STUDENTS, seconds)
    beside = serve([DEFAULT] * DEFAULT_STUDENTS + [LARGEST] * HEAVY_STUDENTS, seconds)
    rate_alone = statistics.median(s.epochs_per_second() for s in alone)
    defaults, heavy = beside[:DEFAULT_STUDENTS], beside[DEFAULT_STUDENTS:]
    rate_beside = statistics.median(s.epochs_per_second() for s in defaults)
    polls = sorted(ms * 1000 for s in beside for ms in s.latencies)
    p50, p99 = statistics.median(polls), polls[int(0.99 * (len(polls) - 1))]
    return [
        Row(f"{DEFAULT_STUDENTS} default students, epochs/s each (median), alone",
            f"{rate_alone:,.0f}", ""),
        Row(f"… beside {HEAVY_STUDENTS} students at the largest run", f"{rate_beside:,.0f} "
            f"({rate_beside / rate_alone:.0%} of alone)", "≥ 80 %",
            f"heavy runs {statistics.median(s.epochs_per_second() for s in heavy):.1f} epochs/s "
            f"each; poll wait + time p50 {p50:.0f} ms, p99 {p99:.0f} ms"),
    ]
