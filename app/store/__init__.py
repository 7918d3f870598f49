"""Run stores: snapshots (bytes) kept by key outside the process, expiring after an idle time.

The embedded default is SQLite (one file under Settings.data_dir); Redis when Settings.redis_url
is set. Both refresh a key's expiry on every get and put, so only runs nobody opened for
`idle_seconds` expire; both keep short links too (LinkStore). What a snapshot holds is
app.session.snapshot's business. Records (records.py: fields under a key with a fixed lifetime,
for the rooms) live in the same store.
"""

from __future__ import annotations

from app.settings import Settings
from app.store.base import LinkStore, RunStore, Store
from app.store.records import RecordStore
from app.store.redis_records import RedisRecords
from app.store.redis_store import RedisStore
from app.store.sqlite_records import SqliteRecords
from app.store.sqlite_store import SqliteStore

__all__ = ["LinkStore", "RecordStore", "RedisRecords", "RedisStore", "RunStore", "SqliteRecords",
           "SqliteStore", "Store", "open_records", "open_store"]


def open_store(settings: Settings) -> Store:
    """Return the store the settings ask for: Redis when redis_url is set, else SQLite."""
    if settings.redis_url:
        return RedisStore(settings.redis_url, settings.idle_expiry_seconds)
    return SqliteStore(settings.sqlite_path, settings.idle_expiry_seconds)


def open_records(settings: Settings) -> RecordStore:
    """Return the record store (rooms) beside the runs: Redis when redis_url is set, else the
    same SQLite file."""
    if settings.redis_url:
        return RedisRecords(settings.redis_url)
    return SqliteRecords(settings.sqlite_path)
