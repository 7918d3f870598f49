"""The interface of record stores: named fields under one key with a fixed lifetime (a room).

A record is created once with a lifetime that reads and writes do not extend; its fields are
read together or one at a time and written one at a time, so many writers (students joining,
voting, publishing their progress) never overwrite each other's fields. A write to a record
that is gone (never made, or expired) does nothing and says so. Implementations:
sqlite_records.SqliteRecords (default) and redis_records.RedisRecords (Settings.redis_url).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

HEAD = ""  # the field every live record holds: it exists while this field does


class RecordStore(Protocol):
    """Fields (bytes by name) under a key, gone `lifetime` seconds after the record was made.

    Implementations are safe to share between threads, and between processes on one store.
    """

    def create(self, key: str, fields: Mapping[str, bytes], lifetime: float) -> bool:
        """Make the record with these fields unless a live one has this key; return whether
        it was made."""
        ...

    def fields(self, key: str) -> dict[str, bytes]:
        """Return every field of the record ({} when it is gone), the head left out."""
        ...

    def field(self, key: str, name: str) -> bytes | None:
        """Return one field, or None (no such field, or the record is gone)."""
        ...

    def set_field(self, key: str, name: str, data: bytes, only_new: bool = False) -> bool:
        """Write one field of a live record (only_new: unless it exists); return whether it
        was written (False: the record is gone, or the field existed and only_new)."""
        ...

    def delete_field(self, key: str, name: str) -> None:
        """Forget one field (no error if absent)."""
        ...

    def delete(self, key: str) -> None:
        """Forget the whole record (no error if absent)."""
        ...

    def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...
