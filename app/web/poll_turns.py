"""Polls that train take turns on the event loop: first come, first served, one per turn of the
loop.

A poll runs on the event loop's own thread (routes/training.py), and its training and drawing
never yield to the loop. The loop runs every callback that was ready when one of its turns began
before it reads its sockets again, so without turns a busy loop works in batches: while it trains
one batch of polls (a class's whole round, a few hundred milliseconds), the next polls wait in
their sockets, and are read after the batch and trained in the batch after that. A page whose
poll just missed a read waited two rounds, not one (a class of 32 saw a p99 of 460 ms, a round
being 220 ms, and two students with half the updates of the rest).

So a poll that will train takes a turn here. Turns are handed out in the order polls asked, and
the next one only in a later turn of the loop, after the loop has read its sockets: polls are
trained in the order they arrived, and no page waits longer than one round. A poll of a paused
run only renders: it takes no turn.
"""

from __future__ import annotations

import asyncio
from collections import deque
from types import TracebackType
from weakref import WeakKeyDictionary


class Turns:
    """An async context manager: one holder at a time, first in first out, and the next holder
    is let in by a later turn of the loop than the one the last holder left in."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._busy = False
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        """Return how many polls wait for a turn."""
        return sum(not turn.done() for turn in self._waiting)

    async def __aenter__(self) -> None:
        if not self._busy:  # then none waits either: _next empties the queue before it is free
            self._busy = True
            return
        turn = self._loop.create_future()
        self._waiting.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # given the turn, then cancelled: pass it on
                self._leave()
            raise

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        self._leave()

    def _leave(self) -> None:
        self._loop.call_soon(self._next)  # still busy until then: this turn's others queue up

    def _next(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():  # a cancelled waiter's turn is done already
                turn.set_result(None)
                return
        self._busy = False


# one per event loop: futures belong to the loop that made them (tests run each client on a
# loop of its own)
_TURNS: WeakKeyDictionary[asyncio.AbstractEventLoop, Turns] = WeakKeyDictionary()


def turns() -> Turns:
    """Return the running loop's turns for polls that train (see the module)."""
    loop = asyncio.get_running_loop()
    found = _TURNS.get(loop)
    if found is None:
        found = _TURNS[loop] = Turns(loop)
    return found
