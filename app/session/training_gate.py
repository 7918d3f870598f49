"""One trainer at a time per process, in arrival order: the fair share of a class on one core.

NumPy training is many small calls that hold the GIL; dozens of threads training at once hand it
back and forth and spend a poll's time budget waiting, not training. So every poll that trains
takes its turn at one process-wide gate, and its budget starts when its turn does. Turns are
handed over first come, first served (a waiting thread is woken by the one before it, never by a
stampede), so no playing run starves. Polls that only read (paused runs) never take the gate.

Fair slices: with many runs playing, one poll may train only its share of a round, so every
page still gets several updates a second: slice = min(budget, max(MIN_SLICE, ROUND / active)),
where `active` counts the runs that took a turn within the last ACTIVE_WINDOW seconds. Up to
four playing runs each get the whole 30 ms budget; thirty-two get about 4 ms per poll.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], float]
ROUND = 0.12  # seconds of training that one round of every playing run's polls may take
MIN_SLICE = 0.002  # the least training time a poll gets however many runs play
ACTIVE_WINDOW = 1.0  # a run that trained within this many seconds counts as playing


class TrainingGate:
    """A first-in, first-out lock with a count of the time spent inside it.

    Args:
        clock: seconds, monotonic (injectable for tests).
    """

    def __init__(self, clock: Clock = time.perf_counter) -> None:
        self._clock = clock
        self._guard = threading.Lock()  # protects _busy and _waiting, held only briefly
        self._busy = False
        self._waiting: deque[threading.Event] = deque()
        self.turns = 0  # turns taken so far
        self.busy_seconds = 0.0  # time spent training inside the gate
        self._recent: dict[str, float] = {}  # who took a turn lately -> when (under _guard)

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

    def active(self) -> int:
        """Return how many runs took a turn within the last ACTIVE_WINDOW seconds."""
        limit = self._clock() - ACTIVE_WINDOW
        with self._guard:
            for key in [k for k, at in self._recent.items() if at < limit]:
                del self._recent[key]
            return len(self._recent)

    def fair_slice(self, budget: float) -> float:
        """Return the training time one poll may take now: its share of a round, at most
        `budget`, at least MIN_SLICE."""
        return min(budget, max(MIN_SLICE, ROUND / max(1, self.active())))

    @contextmanager
    def turn(self, key: str = "") -> Iterator[Clock]:
        """Wait for this thread's turn (`key` names the run, for the count of active runs);
        yield a clock that reads seconds since the turn began."""
        self._acquire()
        start = self._clock()
        if key:
            with self._guard:
                self._recent[key] = start
        try:
            yield lambda: self._clock() - start
        finally:
            self.turns += 1
            self.busy_seconds += self._clock() - start
            self._release()


GATE = TrainingGate()  # for sessions made without a store; a store's sessions share its own
