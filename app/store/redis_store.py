"""The shared run store: Redis, for several workers or machines (Settings.redis_url).

Each snapshot is one string key (prefix + key) with a millisecond expiry that Redis enforces;
a get is GETEX with a fresh expiry, so reading a run keeps it alive as writing does. Connection
errors propagate as redis.exceptions.ConnectionError: the caller decides what a page shows.
"""

from __future__ import annotations

import math

import redis

PREFIX = "playground:run:"


class RedisStore:
    """Snapshots by key in Redis, expiring `idle_seconds` after their last get or put.

    Args:
        url: redis://host:port/db, rediss://… or unix://… (redis.Redis.from_url).
        idle_seconds: idle time before a key expires, > 0 (rounded up to whole milliseconds).
        prefix: put before every key, so the database can hold other things too.
    """

    def __init__(self, url: str, idle_seconds: float = 24 * 3600, prefix: str = PREFIX) -> None:
        if not (math.isfinite(idle_seconds) and idle_seconds > 0):
            raise ValueError(f"idle_seconds must be a finite number > 0, got {idle_seconds!r}")
        self.idle_seconds, self.prefix = float(idle_seconds), prefix
        self._px = max(1, math.ceil(idle_seconds * 1000))
        self.client = redis.Redis.from_url(url)  # a thread-safe connection pool

    def get(self, key: str) -> bytes | None:
        """Return the bytes under key and restart its expiry, or None if absent/expired."""
        data = self.client.getex(self.prefix + key, px=self._px)
        return data if isinstance(data, bytes) else None

    def put(self, key: str, data: bytes) -> None:
        """Store data under key (replacing it), expiring idle_seconds from now."""
        self.client.set(self.prefix + key, data, px=self._px)

    def delete(self, key: str) -> None:
        """Forget key (no error if absent)."""
        self.client.delete(self.prefix + key)

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
