"""Per-browser training state: the app's only mutable shared state, a bounded and locked store.

A session (session.py) holds one run and whether the page is playing it; `get` and `add` are the
only ways to find or make one. The store keeps at most `cap` sessions (least recently used
evicted first) and drops those idle for `idle_seconds`. There is no background loop: a session
only trains while its page polls.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from app.session.run import Run
from app.session.session import Session

Clock = Callable[[], float]


class SessionStore:
    """An LRU map from session id to Session with a hard cap and an idle expiry.

    Args:
        cap: most sessions kept; adding one more evicts the least recently used.
        idle_seconds: a session unused this long is gone.
        clock: seconds, monotonic (injectable for tests).
    """

    def __init__(self, cap: int = 200, idle_seconds: float = 1800.0,
                 clock: Clock = time.monotonic) -> None:
        if cap < 1 or idle_seconds <= 0:
            raise ValueError(f"cap must be ≥ 1 and idle_seconds > 0, got {cap!r}, {idle_seconds!r}")
        self.cap, self.idle_seconds, self.clock = cap, idle_seconds, clock
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session | None:
        """Return the live session with this id (marking it used), or None."""
        if not session_id:
            return None
        with self._lock:
            self._expire()
            session = self._sessions.get(session_id)
            if session is not None:
                session.last_seen = self.clock()
                self._sessions.move_to_end(session_id)
            return session

    def add(self, run: Run, session_id: str | None = None) -> Session:
        """Store a new session for run under session_id (a page re-creating its expired
        session keeps its id) or a fresh unguessable one; evict to stay under cap."""
        with self._lock:
            self._expire()
            self._sessions.pop(session_id or "", None)
            while len(self._sessions) >= self.cap:
                self._sessions.popitem(last=False)
            session = Session(session_id or secrets.token_urlsafe(16), run,
                              last_seen=self.clock())
            self._sessions[session.id] = session
            return session

    def _expire(self) -> None:
        """Drop sessions idle longer than idle_seconds (oldest first; caller holds the lock)."""
        limit = self.clock() - self.idle_seconds
        while self._sessions:
            oldest = next(iter(self._sessions.values()))
            if oldest.last_seen > limit:
                break
            self._sessions.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def __contains__(self, session_id: object) -> bool:
        with self._lock:
            return session_id in self._sessions

