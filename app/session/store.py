"""Per-tab training state: the app's only mutable shared state, hot runs in memory, cold in store.

A session (session.py) holds one run and whether its page plays it; `get`, `add` and `clone` are
the only ways to find or make one, and the store mints every id (a client's id is looked up,
never adopted). Each session saves a snapshot after every change (at most every 2 s while it
trains), so memory holds only hot runs: at most `cap`, their footprints within RUN_SHARE of
`hot_bytes` (the rest is headroom for a poll's freed arrays), least recent leaving first, none
idle for `idle_seconds`. A run that left memory (or was saved by another process, or before a
restart) is loaded back from the run store on its next `get`. The store's lock is never held
across store I/O or a session's lock: leaving sessions are flushed after it is released, and a
`get` during the flush finds them still. No background loop: a run only trains while polled.

Over Redis, several workers share the runs, each run kept hot by one worker at a time: every
`get` takes the run's lease (lease.py), a run that moved to another worker since is loaded again,
one that leaves memory or that another worker asks for is saved and let go, and snapshots are
only written under the lease. A Redis that cannot be reached leaves hot runs hot.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import redis

from app.session import snapshot
from app.session.heap import Trimmer
from app.session.lease import Claim, LeasedRuns, Leases
from app.session.library import DataLibrary
from app.session.run import Run
from app.session.saving import SAVE_EVERY, Saver
from app.session.session import Session
from app.session.training_gate import TrainingGate
from app.store.base import RunStore, Store
from app.store.redis_store import RedisStore

Clock = Callable[[], float]
HOT_BYTES = 256 * 2**20
# a server holding the largest runs grew 30 MB more than their footprints (freed, untrimmed)
RUN_SHARE = 0.8


def new_id() -> str:
    """Return a fresh, unguessable session id (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


class SessionStore:
    """An LRU map from session id to Session over a run store.

    Args:
        runs: where snapshots live (None: memory only, a session that leaves is gone).
        hot_bytes: hot runs' memory budget; footprints fill RUN_SHARE of it (newest always stays).
        cap: most sessions kept in memory.
        idle_seconds: a session unused this long leaves memory.
        clock: seconds, monotonic (injectable for tests).
        save_every: least seconds between two snapshots of a training run.
        gate: where its sessions take turns to train (default: a gate of default cadence).
    """

    def __init__(self, runs: Store | None = None, hot_bytes: int = HOT_BYTES, cap: int = 200,
                 idle_seconds: float = 1800.0, clock: Clock = time.monotonic,
                 save_every: float = SAVE_EVERY, gate: TrainingGate | None = None) -> None:
        if cap < 1 or idle_seconds <= 0 or hot_bytes < 1:
            raise ValueError(f"need cap, hot_bytes ≥ 1, idle > 0: {(cap, hot_bytes, idle_seconds)}")
        self.runs, self.cap, self.run_bytes = runs, cap, int(hot_bytes * RUN_SHARE)
        self.idle_seconds, self.clock, self.save_every = idle_seconds, clock, save_every
        self._hot: OrderedDict[str, Session] = OrderedDict()
        self._leaving: dict[str, Session] = {}  # out of _hot, not yet flushed
        self._trimmer = Trimmer()
        self.gate = gate or TrainingGate()  # its sessions train in turns (one app per process)
        self._lock = threading.Lock()
        # several workers may share a Redis: lease each run, write snapshots under the lease
        self.leases: Leases | None = None
        self._saved: RunStore | None = runs
        self.library = DataLibrary(runs)  # users' data sets by hash, in the same store
        if isinstance(runs, RedisStore):
            self.leases = Leases(runs, self._hand_over)
            self._saved = LeasedRuns(runs, self.leases)

    def get(self, session_id: str | None) -> Session | None:
        """Return the session with this id (marking it used): from memory, else loaded from
        the run store; None when there is no such run (never made, or expired).

        Raises:
            SnapshotError: its snapshot cannot be read (corrupt, another format).
        """
        if not session_id:
            return None
        with self._lock:
            leaving = self._trim()
            session = self._hot.get(session_id) or self._leaving.get(session_id)
            if session is not None:
                self._touch(session)
        self._flush(leaving)
        if session is not None and not self._moved(session):
            return session
        if self.runs is None or self._saved is None:
            return None
        if session is None and self.leases is not None:
            self.leases.take(session_id)  # a live holder saves it and lets go first
        data = self.runs.get(session_id)
        if data is None:
            if self.leases is not None:
                self.leases.release(session_id, forget=True)
            return None
        run, playing = snapshot.load(data)
        saver = Saver(self._saved, self.clock, self.save_every)
        saver.loaded(run)
        return self._insert(Session(session_id, run, playing, 0.0, saver, self.gate, self.library))

    def add(self, run: Run, playing: bool = False) -> Session:
        """Store a new session for run under a freshly minted id, saved before anyone sees it."""
        session = Session(new_id(), run, playing, 0.0, self._saver(), self.gate, self.library)
        if self.leases is not None:
            self.leases.take(session.id)
        session.flush()
        return self._insert(session)

    def clone(self, source: Session, playing: bool | None = None) -> Session:
        """Return a new session (new id) whose run is a copy of source's, bit for bit, playing
        as source does unless `playing` says otherwise."""
        run, was_playing = snapshot.load(source.dump())
        return self.add(run, was_playing if playing is None else playing)

    def discard(self, session_id: str) -> None:
        """Forget a session, in memory and in the run store (a page that replaced it)."""
        with self._lock:
            self._hot.pop(session_id, None)
            self._leaving.pop(session_id, None)
        if self.runs is not None:
            self.runs.delete(session_id)
        if self.leases is not None:
            self.leases.release(session_id, forget=True)

    def close(self) -> None:
        """Save every hot run that trained since its snapshot and let go of its lease."""
        with self._lock:
            self._leaving.update(self._hot)
            leaving = list(self._leaving.values())
            self._hot.clear()
        self._flush(leaving)
        if self.leases is not None:
            self.leases.close()

    def _moved(self, session: Session) -> bool:
        """Take the lease of a hot session; return True when another worker held the run since
        (this copy is stale: it is forgotten). Without Redis the hot copy goes on.

        Raises:
            LeaseBusy: a live worker holds the run and did not hand it over in time.
        """
        if self.leases is None:
            return False
        try:
            moved = self.leases.take(session.id) is Claim.MOVED
        except redis.RedisError:
            return False
        if moved:
            with self._lock:
                for hot in (self._hot, self._leaving):
                    if hot.get(session.id) is session:
                        del hot[session.id]
        return moved

    def _hand_over(self, session_id: str) -> None:
        """Another worker asks for this run: save it if it trained since, forget it, release
        its lease (called on the lease listener's thread)."""
        with self._lock:
            session = self._hot.pop(session_id, None) or self._leaving.pop(session_id, None)
        if session is not None:
            session.flush()
        if self.leases is not None:
            self.leases.release(session_id)

    def _saver(self) -> Saver | None:
        return None if self._saved is None else Saver(self._saved, self.clock, self.save_every)

    def _insert(self, session: Session) -> Session:
        """Put session in memory, unless one with its id is there already (then return that)."""
        with self._lock:
            existing = self._hot.get(session.id) or self._leaving.get(session.id)
            session = existing or session
            self._touch(session)
            leaving = self._trim()
        self._flush(leaving)
        return session

    def _touch(self, session: Session) -> None:
        """Mark session used and most recent (caller holds the lock)."""
        session.last_seen = self.clock()
        self._leaving.pop(session.id, None)
        self._hot[session.id] = session
        self._hot.move_to_end(session.id)

    def _trim(self) -> list[Session]:
        """Move idle sessions, then the least recent past cap or run_bytes, out of memory and
        return them (caller holds the lock; the caller flushes them after releasing it)."""
        out: list[Session] = []
        limit = self.clock() - self.idle_seconds
        total = sum(s.footprint for s in self._hot.values())
        while self._hot:
            oldest = next(iter(self._hot.values()))
            over = len(self._hot) > self.cap or (total > self.run_bytes and len(self._hot) > 1)
            if not over and oldest.last_seen > limit:
                break
            self._hot.popitem(last=False)
            total -= oldest.footprint
            if self.runs is not None:  # until flushed, a get must find this one, not the store's
                self._leaving[oldest.id] = oldest
            out.append(oldest)
        return out

    def _flush(self, leaving: list[Session]) -> None:
        """Save each leaving session if it trained since its last snapshot, then let it go
        (unless a get took it back meanwhile), emptying `leaving`; once enough bytes went, give
        the freed memory back to the OS (heap.Trimmer)."""
        released = 0
        while leaving:
            released += self._let_go(leaving.pop())
        if released:
            self._trimmer.released(released)

    def _let_go(self, session: Session) -> int:
        """Flush session and drop it from _leaving; return its footprint if it left memory."""
        session.flush()
        with self._lock:
            if self._leaving.get(session.id) is not session:
                return 0
            del self._leaving[session.id]
            gone = session.id not in self._hot
        if self.leases is not None and gone:
            try:
                self.leases.release(session.id)
            except redis.RedisError:  # the heartbeat's end frees it, or the next take here
                pass
        return session.footprint

    def __len__(self) -> int:
        """Return the number of sessions in memory."""
        with self._lock:
            return len(self._hot)

    def __contains__(self, session_id: object) -> bool:
        """Return whether a session with this id is in memory."""
        with self._lock:
            return session_id in self._hot
