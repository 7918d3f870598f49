"""One trainer at a time per process, in arrival order: the fair share of a class on one core.

NumPy training is many small calls that hold the GIL; dozens of threads training at once hand it
back and forth and spend a poll's time budget waiting, not training. So every poll that trains
takes its turn at one process-wide gate, and its budget starts when its turn does. Turns are
handed over first come, first served (a waiting thread is woken by the one before it, never by a
stampede), so no playing run starves. Polls that only read (paused runs) never take the gate.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], float]


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

    @contextmanager
    def turn(self) -> Iterator[Clock]:
        """Wait for this thread's turn; yield a clock that reads seconds since the turn began."""
        self._acquire()
        start = self._clock()
        try:
            yield lambda: self._clock() - start
        finally:
            self.turns += 1
            self.busy_seconds += self._clock() - start
            self._release()


GATE = TrainingGate()  # the process's one gate: every Session trains through it
