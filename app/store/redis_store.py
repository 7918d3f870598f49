"""The shared run store: Redis, for several workers or machines (Settings.redis_url).

Each snapshot is one string key (prefix + key) with a millisecond expiry that Redis enforces; a get
is GETEX with a fresh expiry, so reading a run keeps it alive as writing does. Connection errors
propagate as redis.exceptions.ConnectionError: the caller decides what a page shows. A data set is
one key, prefix + "data:" + its content hash. A short link is two keys: prefix + "link:" + code
holds the query, prefix + "link-of:" + the query's SHA-256 its code (session ids hold no ':', so
the names never meet).
"""

from __future__ import annotations

import hashlib
import math

import redis

PREFIX = "playground:run:"
LINK_SECONDS = 90 * 24 * 3600.0  # a short link lasts a term after its last use


class RedisStore:
    """Snapshots by key in Redis, expiring `idle_seconds` after their last get or put.

    Args:
        url: redis://host:port/db, rediss://… or unix://… (redis.Redis.from_url).
        idle_seconds: idle time before a key expires, > 0 (rounded up to whole milliseconds).
        prefix: put before every key, so the database can hold other things too.
        link_seconds: idle time before a short link expires, > 0.
    """

    def __init__(self, url: str, idle_seconds: float = 24 * 3600, prefix: str = PREFIX,
                 link_seconds: float = LINK_SECONDS) -> None:
        for name, value in (("idle_seconds", idle_seconds), ("link_seconds", link_seconds)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
        self.idle_seconds, self.prefix = float(idle_seconds), prefix
        self.link_seconds = float(link_seconds)
        self._px = max(1, math.ceil(idle_seconds * 1000))
        self._link_px = max(1, math.ceil(link_seconds * 1000))
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

    def put_data(self, key: str, data: bytes) -> None:
        """Store a data set under its content hash, expiring idle_seconds from now."""
        self.client.set(f"{self.prefix}data:{key}", data, px=self._px)

    def get_data(self, key: str) -> bytes | None:
        """Return the data set under key and restart its expiry, or None if absent/expired."""
        data = self.client.getex(f"{self.prefix}data:{key}", px=self._px)
        return data if isinstance(data, bytes) else None

    def _link_keys(self, code: str, query: str) -> tuple[str, str]:
        digest = hashlib.sha256(query.encode("utf-8")).hexdigest()
        return self.prefix + "link:" + code, self.prefix + "link-of:" + digest

    def put_link(self, code: str, query: str) -> str | None:
        """Return the code standing for query (its own, else code, stored), or None when code
        stands for another query; restart the link's expiry."""
        _, of_key = self._link_keys(code, query)
        known = self.client.get(of_key)
        if isinstance(known, bytes):
            own = known.decode("ascii")
            if self.get_link(own) == query:  # restarts the link's clock
                self.client.pexpire(of_key, self._link_px)
                return own
        link_key, _ = self._link_keys(code, query)
        if not self.client.set(link_key, query.encode("utf-8"), px=self._link_px, nx=True):
            return None
        self.client.set(of_key, code.encode("ascii"), px=self._link_px)
        return code

    def get_link(self, code: str) -> str | None:
        """Return the query code stands for and restart its expiry, or None if absent/expired."""
        data = self.client.getex(self.prefix + "link:" + code, px=self._link_px)
        return data.decode("utf-8") if isinstance(data, bytes) else None

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
