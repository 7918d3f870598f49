"""One trainer at a time per process, in arrival order, and how often each page polls.

NumPy training is many small calls that hold the GIL; dozens of threads training at once hand it
back and forth and spend a poll's time budget waiting, not training. So every poll that trains
takes its turn at one process-wide gate, and its budget starts when its turn does. Turns are
handed over first come, first served (a waiting thread is woken by the one before it, never by a
stampede), so no playing run starves. Polls that only read (paused runs) never take the gate.

Cadence and slices. Every poll costs a fixed price besides its training (parsing, drawing,
encoding, the socket), so a process that answered every page as fast as it can poll would spend
its time on that price as a class grows. Instead the process answers QUIET_RATE polls a second
in all for a class of up to QUIET_PAGES pages, GROWTH more for every page beyond (their runs
train together, stacking, so a bigger class's turns train more runs each), while that gives
every page MIN_UPDATES a second or more, then as many as give each page MIN_UPDATES, and never
more than `poll_rate`; and it tells each page how long to wait between polls:

    quiet    Q = QUIET_RATE + GROWTH · max(0, Σ w − QUIET_PAGES)
    rate     R = min(max(Σ w · MIN_UPDATES, Q), poll_rate)   (w: each run's weight)
    round    T = Σ w / R                              (seconds)
    cadence  c = clamp(T / w, poll_ms, MAX_CADENCE)   (each page's wait, in CADENCE_STEP steps)
    sent     r = Σ 1/c                                (polls a second the pages send in all)
    slice    s = min(budget, max(MIN_SLICE, min(FILL, BUSY − r·o) / r))
             (a run playing alone: budget)

A few runs all poll every `poll_ms` and train up to the whole budget; a class shares the
process's time: up to FILL of it trains, the rest answers. `o` is what a poll costs besides its
training, as Session.poll measures it (poll_costs: drawing, saving; a moving average), and the
slices shrink so that training and those costs keep the process BUSY at most; the rest is left
for what no poll measures (HTTP, gzip, the socket). A process that took more polls than it can
answer would queue them, and every page would wait a whole round for each answer: a class of 32
whose polls cost 2.3 ms besides training did (p50 230 ms). A run's weight is 1, less for a run
whose epoch is far more work than the default's (run.poll_weight): such a page polls less
often, so a few huge networks cannot take a class's time. "Playing" means a turn within
ACTIVE_WINDOW s.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.session.stacking import Stacking

Clock = Callable[[], float]
POLL_MS = 40  # the quickest cadence: up to 25 updates a second for a page on its own
POLL_RATE = 135.0  # the most polls a second the process answers in all, however many play
QUIET_RATE = 100.0  # polls a second a small class shares (8 pages: 12.5 updates a second each)
QUIET_PAGES = 8  # the most pages that share QUIET_RATE; each page more adds GROWTH polls a second
GROWTH = 1.25  # (16 pages: 110 polls a second, 6.7 updates a second each)
MIN_UPDATES = 4.2  # updates a second each page gets while Σ w · MIN_UPDATES ≤ poll_rate
FILL = 0.7  # the share of a busy process's time that training takes; the rest answers polls
BUSY = 0.8  # the share of its time that training and the polls' measured costs may fill
OVERHEAD = 0.002  # s: a poll's cost besides training, assumed until one is measured
SMOOTHING = 0.05  # the weight of each new measure in the overhead's moving average
MIN_SLICE = 0.002  # the least training time a poll gets however many runs play
MAX_CADENCE = 1000  # ms: the slowest cadence a page is given
CADENCE_STEP = 10  # ms: cadences are rounded to this (a page re-arms its timer on a change)
ACTIVE_WINDOW = 2.5  # a run that trained within this many seconds counts as playing


@dataclass
class PollCost:
    """What TrainingGate.poll_costs measures: the seconds the poll spent in its turn (None: it
    took none) and waiting for it (turn() fills both)."""

    trained: float | None = None
    waited: float = 0.0


class TrainingGate:
    """A first-in, first-out lock with a count of the time spent inside it, and the cadence
    and training slice of every playing run.

    Args:
        clock: seconds, monotonic (injectable for tests).
        poll_ms: the quickest cadence a page is given (Settings.poll_ms).
        poll_rate: polls a second the process aims to answer in all (Settings.poll_rate).
    """

    def __init__(self, clock: Clock = time.perf_counter, poll_ms: int = POLL_MS,
                 poll_rate: float = POLL_RATE) -> None:
        if poll_ms < 1 or poll_rate <= 0:
            raise ValueError(f"poll_ms must be ≥ 1 and poll_rate > 0, got {poll_ms!r}, "
                             f"{poll_rate!r}")
        self._clock = clock
        self.poll_ms, self.poll_rate = poll_ms, poll_rate
        self._guard = threading.Lock()  # protects the fields below, held only briefly
        self._busy = False
        self._waiting: deque[threading.Event] = deque()
        self.turns = 0  # turns taken so far
        self.busy_seconds = 0.0  # time spent training inside the gate
        self._recent: dict[str, tuple[float, float]] = {}  # run -> (last turn, weight)
        self.overhead = OVERHEAD  # s: what a poll costs besides training (moving average)
        self.stacking = Stacking(clock, ACTIVE_WINDOW)  # a turn trains other runs of its shape

    @property
    def waiting(self) -> int:
        """Return how many threads are queued for a turn."""
        with self._guard:
            return len(self._waiting)

    def _acquire(self) -> None:
        with self._guard:
            if not self._busy:
                self._busy = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the releasing thread hands the gate over: _busy stays True

    def _release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._busy = False

    def _weights(self) -> list[float]:
        """Return the weights of the runs that took a turn within ACTIVE_WINDOW (under _guard)."""
        limit = self._clock() - ACTIVE_WINDOW
        for key in [k for k, (at, _) in self._recent.items() if at < limit]:
            del self._recent[key]
        return [w for _, w in self._recent.values()]

    def active(self) -> int:
        """Return how many runs took a turn within the last ACTIVE_WINDOW seconds."""
        with self._guard:
            return len(self._weights())

    def _round_ms(self, weights: list[float]) -> float:
        """Return the round T in ms: Σ w / R, R = min(max(Σ w · MIN_UPDATES, Q), poll_rate),
        Q = QUIET_RATE + GROWTH · max(0, Σ w − QUIET_PAGES) (see the module)."""
        total = sum(weights)
        quiet = QUIET_RATE + GROWTH * max(0.0, total - QUIET_PAGES)
        return 1000.0 * total / min(max(total * MIN_UPDATES, quiet), self.poll_rate)

    def _cadence(self, round_ms: float, weight: float) -> int:
        steps = round(round_ms / max(weight, 1e-3) / CADENCE_STEP)
        return min(MAX_CADENCE, max(self.poll_ms, steps * CADENCE_STEP))

    def cadence_ms(self, weight: float = 1.0) -> int:
        """Return how many milliseconds a page whose run has `weight` waits between polls."""
        with self._guard:
            return self._cadence(self._round_ms(self._weights()), weight)

    @contextmanager
    def poll_costs(self) -> Iterator[PollCost]:
        """Measure the block, a poll: unless it took a turn (turn(cost=…)), nothing; else its
        time less its turn and its wait for it is one poll's cost besides (note_overhead)."""
        cost, start = PollCost(), self._clock()
        yield cost
        if cost.trained is not None:
            self.note_overhead(self._clock() - start - cost.trained - cost.waited)

    def note_overhead(self, seconds: float) -> None:
        """Add one poll's cost besides its training (parsing, drawing, saving) to the moving
        average the slices leave room for."""
        if seconds >= 0:
            with self._guard:
                self.overhead += SMOOTHING * (seconds - self.overhead)

    def fair_slice(self, budget: float) -> float:
        """Return the training time one poll may take now: FILL of the time between two polls
        the process answers, less when the polls' other costs would keep the process busier
        than BUSY; at most `budget`, at least MIN_SLICE. A run playing alone may take the
        whole budget."""
        with self._guard:
            weights = self._weights()
            round_ms = self._round_ms(weights)
            rate = sum(1000.0 / self._cadence(round_ms, w) for w in weights)
            share = min(FILL, BUSY - rate * self.overhead)
        return min(budget, max(MIN_SLICE, share / rate)) if len(weights) > 1 else budget

    @contextmanager
    def turn(self, key: str = "", weight: float = 1.0, cost: PollCost | None = None
             ) -> Iterator[Clock]:
        """Wait for this thread's turn (`key` names the run and `weight` its share, for the
        cadences); yield a clock that reads seconds since the turn began. `cost` (a poll's,
        from poll_costs) is told how long the turn and the wait for it took."""
        asked = self._clock()
        self._acquire()
        start = self._clock()
        if key:
            with self._guard:
                self._recent[key] = (start, weight)
        try:
            yield lambda: self._clock() - start
        finally:
            spent = self._clock() - start
            self.turns += 1
            self.busy_seconds += spent
            if cost is not None:
                cost.trained, cost.waited = spent, start - asked
            self._release()


GATE = TrainingGate()  # for sessions made without a store; a store's sessions share its own
