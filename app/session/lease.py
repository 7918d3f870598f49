"""Which worker process trains a run: a lease per run in Redis, so that no run is ever trained by
two workers at once, and a run moves between workers without losing what it learnt.

Behind nginx (deploy/) a run's requests go to one worker until it dies or comes back. Safely:

* A run's lease (a Redis hash, kept as long as its snapshot) names its `holder` (who keeps it
  hot) and `last` holder. A worker takes it on every request (`take`, one round trip): still its
  own (OURS), taken from a worker that held it since (MOVED: the copy in memory is stale, load
  the snapshot), or held by a live worker (asked, on its handover channel, to save and let go).
* A worker is alive while its heartbeat key exists: `HEARTBEAT` seconds after its last beat,
  which a thread of its own renews. A lease whose holder's heartbeat expired is free: a run of a
  worker killed with -9 moves within `HEARTBEAT` seconds, from its last snapshot.
* Snapshots are fenced (`LeasedRuns.put`): a worker writes a run only while it holds its lease
  (or nobody took it since it last did). A refused write is counted (`conflicts`) — it is the
  sign of two workers training one run — and the run in memory is left to the next `take`.

Only a RedisStore has leases (SQLite serves one process). A Redis that is down does not stop
runs in memory (the session store serves its hot copy); saves are retried (saving.py).
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from enum import Enum

import redis

from app.store.redis_store import RedisStore

LEASE_PREFIX = "playground:lease:"
WORKER_PREFIX = "playground:worker:"
CHANNEL_PREFIX = "playground:handover:"
CONFLICTS_KEY = "playground:lease-conflicts"
HEARTBEAT, BEAT_EVERY = 1.0, 0.25  # a worker counts as alive this long after a beat; beat rate
WAIT = 2.0  # most seconds a take waits for a live holder to hand a run over
log = logging.getLogger(__name__)

# KEYS: lease. ARGV: me, worker prefix, keep ms. Returns {status, other worker}.
_TAKE = """
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {0, ''}
end
if holder and holder ~= '' and redis.call('EXISTS', ARGV[2] .. holder) == 1 then
  return {2, holder}
end
local last = redis.call('HGET', KEYS[1], 'last')
redis.call('HSET', KEYS[1], 'holder', ARGV[1], 'last', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if last and last ~= ARGV[1] then return {1, last} end
return {0, ''}
"""
# KEYS: lease. ARGV: me, forget (1: delete the lease). Ends my hold, keeps `last`.
_RELEASE = """
if redis.call('HGET', KEYS[1], 'holder') ~= ARGV[1] then return 0 end
if ARGV[2] == '1' then redis.call('DEL', KEYS[1]); return 1 end
redis.call('HSET', KEYS[1], 'holder', ''); return 1
"""
# KEYS: lease, run, conflicts. ARGV: me, data, px. Writes only what my lease allows.
_PUT = """
local holder = redis.call('HGET', KEYS[1], 'holder')
local last = redis.call('HGET', KEYS[1], 'last')
local free = (not holder or holder == '') and (not last or last == ARGV[1])
if holder ~= ARGV[1] and not free then
  redis.call('INCR', KEYS[3])
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
"""


class Claim(Enum):
    """What `take` found: the lease is ours (a copy in memory is current), moved to us from
    another worker (a copy in memory is stale), or held by a live worker."""

    OURS = 0
    MOVED = 1
    BUSY = 2


class LeaseBusy(RuntimeError):
    """A live worker kept a run's lease for longer than WAIT seconds after being asked for it."""


class LeaseLost(redis.RedisError):
    """A snapshot was not written: another worker holds the run (a RedisError, so the saver
    logs it and the run in memory goes on until the next `take` drops it)."""


def worker_name() -> str:
    """Return a name no other worker process has, now or later: host, pid, random."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Leases:
    """This worker's leases on runs, its heartbeat and its handover channel.

    Args:
        store: the Redis run store (leases live in its database, as long as its snapshots).
        hand_over: called (on the listener thread) with a run's id when another worker asks
            for it: save the run if it trained since its last snapshot, forget it, `release`.
        wait: most seconds a `take` waits for a live holder.
    """

    def __init__(self, store: RedisStore, hand_over: Callable[[str], None],
                 wait: float = WAIT) -> None:
        self.client, self.hand_over, self.wait = store.client, hand_over, wait
        self.me = worker_name()
        self.keep_ms = max(1, math.ceil(store.idle_seconds * 1000))
        self._take = self.client.register_script(_TAKE)
        self._release = self.client.register_script(_RELEASE)
        self.fenced_put = self.client.register_script(_PUT)
        self._started = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def take(self, run_id: str) -> Claim:
        """Take the run's lease, asking a live holder to hand it over and waiting up to `wait`
        seconds for it (the first take also starts this worker's heartbeat).

        Raises:
            LeaseBusy: the holder is alive and did not let go in time.
            redis.RedisError: Redis cannot be reached.
        """
        self.start()
        deadline = time.monotonic() + self.wait
        asked = -math.inf
        for _ in range(int(self.wait / 0.005) + 2):  # bounded: each turn sleeps ≥ 5 ms
            status, other = self._take(keys=[LEASE_PREFIX + run_id],
                                       args=[self.me, WORKER_PREFIX, self.keep_ms])
            claim = Claim(int(status))
            now = time.monotonic()
            if claim is not Claim.BUSY or now > deadline:
                break
            if now - asked > 0.5:  # ask again, in case the holder was resubscribing
                self.client.publish(CHANNEL_PREFIX + other.decode(), run_id)
                asked = now
            time.sleep(0.005)
        if claim is Claim.BUSY:
            raise LeaseBusy(f"run {run_id[:6]}… is held by worker {other.decode()!r}")
        return claim

    def release(self, run_id: str, forget: bool = False) -> None:
        """End this worker's hold on a run it saved (forget: the run is gone, drop the lease)."""
        self._release(keys=[LEASE_PREFIX + run_id], args=[self.me, "1" if forget else "0"])

    def conflicts(self) -> int:
        """Return how many snapshot writes were refused, by every worker (two trained one run)."""
        count = self.client.get(CONFLICTS_KEY)
        return int(count) if isinstance(count, bytes) else 0

    def start(self) -> None:
        """Beat once and start the thread that beats and listens for handovers (once)."""
        if self._thread is not None:
            return
        with self._started:
            if self._thread is None:
                self._beat()
                self._thread = threading.Thread(target=self._listen, daemon=True,
                                                name=f"leases {self.me}")
                self._thread.start()

    def close(self) -> None:
        """Stop the thread and let this worker's heartbeat end now (its leases become free)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * BEAT_EVERY + 1)
        try:
            self.client.delete(WORKER_PREFIX + self.me)
        except redis.RedisError:
            pass

    def _beat(self) -> None:
        self.client.set(WORKER_PREFIX + self.me, b"1", px=math.ceil(HEARTBEAT * 1000))

    def _listen(self) -> None:
        """Beat every BEAT_EVERY seconds and hand over each run asked for, until closed; a lost
        Redis is retried at the next beat (runs in memory go on meanwhile)."""
        pubsub = None
        while not self._stop.is_set():
            try:
                if pubsub is None:
                    pubsub = self.client.pubsub(  # type: ignore[no-untyped-call]
                        ignore_subscribe_messages=True)
                    pubsub.subscribe(CHANNEL_PREFIX + self.me)
                self._beat()
                beat_due = time.monotonic() + BEAT_EVERY
                for _ in range(1000):  # bounded: each turn waits or hands one run over
                    left = beat_due - time.monotonic()
                    if left <= 0 or self._stop.is_set():
                        break
                    message = pubsub.get_message(timeout=left)
                    if message is not None and message["type"] == "message":
                        self.hand_over(message["data"].decode())
            except redis.RedisError as exc:
                log.warning("leases: Redis unreachable (%s); retrying", exc)
                if pubsub is not None:
                    pubsub.close()
                pubsub = None
                self._stop.wait(BEAT_EVERY)
        if pubsub is not None:
            pubsub.close()


class LeasedRuns:
    """The run store as a worker's savers see it: puts are fenced by this worker's leases;
    everything else is the Redis store's.

    Args:
        store: the Redis run store.
        leases: this worker's leases.
    """

    def __init__(self, store: RedisStore, leases: Leases) -> None:
        self.store, self.leases = store, leases
        self.idle_seconds = store.idle_seconds
        self._px = max(1, math.ceil(store.idle_seconds * 1000))

    def get(self, key: str) -> bytes | None:
        """Return the snapshot under key (see RedisStore.get)."""
        return self.store.get(key)

    def put(self, key: str, data: bytes) -> None:
        """Store data under key if this worker's lease allows it.

        Raises:
            LeaseLost: another worker holds the run (counted in `Leases.conflicts`).
        """
        written = self.leases.fenced_put(
            keys=[LEASE_PREFIX + key, self.store.prefix + key, CONFLICTS_KEY],
            args=[self.leases.me, data, self._px])
        if not written:
            raise LeaseLost(f"run {key[:6]}… is held by another worker: snapshot not written")

    def delete(self, key: str) -> None:
        """Forget key (see RedisStore.delete)."""
        self.store.delete(key)

    def close(self) -> None:
        """Close the Redis store."""
        self.store.close()
