"""Records (records.RecordStore) in Redis: one hash per record, next to the runs' keys.

A record is a hash (prefix + key) holding the head field "" and its fields, with a millisecond
expiry set once when it is made. Writes go through small Lua scripts that first check the hash
exists, so a write to a record that expired never makes a new hash without an expiry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import redis

from app.store.records import HEAD

PREFIX = "playground:record:"
CREATE = """
if redis.call('exists', KEYS[1]) == 1 then return 0 end
redis.call('hset', KEYS[1], unpack(ARGV, 2))
redis.call('pexpire', KEYS[1], ARGV[1])
return 1
"""
SET_FIELD = """
if redis.call('exists', KEYS[1]) == 0 then return 0 end
if ARGV[3] == '1' then return redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
return 1
"""


class RedisRecords:
    """Records in Redis.

    Args:
        url: redis://host:port/db, rediss://… or unix://… (redis.Redis.from_url).
        prefix: put before every key.
    """

    def __init__(self, url: str, prefix: str = PREFIX) -> None:
        self.prefix = prefix
        self.client = redis.Redis.from_url(url)
        self._create: Any = self.client.register_script(CREATE)
        self._set: Any = self.client.register_script(SET_FIELD)

    def create(self, key: str, fields: Mapping[str, bytes], lifetime: float) -> bool:
        """Make the record unless a live one has this key; return whether it was made."""
        if not (math.isfinite(lifetime) and lifetime > 0):
            raise ValueError(f"lifetime must be a finite number > 0, got {lifetime!r}")
        flat: list[bytes | str] = [HEAD, b""]
        for name, data in fields.items():
            if name != HEAD:
                flat += [name, data]
        px = max(1, math.ceil(lifetime * 1000))
        return bool(self._create(keys=[self.prefix + key], args=[px, *flat]))

    def fields(self, key: str) -> dict[str, bytes]:
        """Return every field of the live record ({} when it is gone), the head left out."""
        raw: dict[bytes, bytes] = self.client.hgetall(self.prefix + key)  # type: ignore[assignment]
        return {name.decode(): data for name, data in raw.items() if name}

    def field(self, key: str, name: str) -> bytes | None:
        """Return one field of the live record, or None."""
        data = self.client.hget(self.prefix + key, name)
        return data if isinstance(data, bytes) else None

    def set_field(self, key: str, name: str, data: bytes, only_new: bool = False) -> bool:
        """Write one field of a live record; return whether it was written."""
        if name == HEAD:
            raise ValueError("the head field is the store's own")
        args = [name, data, "1" if only_new else "0"]
        return bool(self._set(keys=[self.prefix + key], args=args))

    def delete_field(self, key: str, name: str) -> None:
        """Forget one field (not the head)."""
        if name != HEAD:
            self.client.hdel(self.prefix + key, name)

    def delete(self, key: str) -> None:
        """Forget the whole record."""
        self.client.delete(self.prefix + key)

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()
