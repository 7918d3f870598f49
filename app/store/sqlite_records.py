"""Records (records.RecordStore) in the embedded store's SQLite file, next to the runs.

One row per field, the head row ("") included; every row carries its record's deadline, copied
from the head when the field is written, so one statement both checks that the record lives and
writes the field. Expired rows are invisible at once and deleted at most once a minute.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from app.store.records import HEAD
from app.store.sqlite_store import PURGE_EVERY, SqliteStore

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (key TEXT NOT NULL, field TEXT NOT NULL, "
    "data BLOB NOT NULL, expires REAL NOT NULL, PRIMARY KEY (key, field))",
    "CREATE INDEX IF NOT EXISTS records_expires ON records (expires)",
)


class SqliteRecords:
    """Records in the SQLite file `path` (the run store's), on a wall clock.

    Args:
        path: the database file (runs.sqlite3: the same store as the runs).
        clock: seconds since the epoch (deadlines are shared between processes).
    """

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._db = SqliteStore(path, clock=clock)  # its per-thread WAL connections
        self._last_purge = -math.inf
        for statement in SCHEMA:
            self._db.connection().execute(statement)

    def _con(self) -> sqlite3.Connection:
        return self._db.connection()

    def create(self, key: str, fields: Mapping[str, bytes], lifetime: float) -> bool:
        """Make the record unless a live one has this key; return whether it was made."""
        if not (math.isfinite(lifetime) and lifetime > 0):
            raise ValueError(f"lifetime must be a finite number > 0, got {lifetime!r}")
        now = self.clock()
        self._purge(now)
        con = self._con()
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DELETE FROM records WHERE key = ? AND expires <= ?", (key, now))
            made = con.execute("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?)",
                               (key, HEAD, b"", now + lifetime)).rowcount == 1
            if made:
                con.executemany("INSERT INTO records VALUES (?, ?, ?, ?)",
                                [(key, n, sqlite3.Binary(d), now + lifetime)
                                 for n, d in fields.items() if n != HEAD])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return made

    def fields(self, key: str) -> dict[str, bytes]:
        """Return every field of the live record ({} when it is gone), the head left out."""
        rows = self._con().execute(
            "SELECT field, data FROM records WHERE key = ? AND expires > ?", (key, self.clock()))
        return {name: bytes(data) for name, data in rows if name != HEAD}

    def field(self, key: str, name: str) -> bytes | None:
        """Return one field of the live record, or None."""
        row = self._con().execute(
            "SELECT data FROM records WHERE key = ? AND field = ? AND expires > ?",
            (key, name, self.clock())).fetchone()
        return None if row is None else bytes(row[0])

    def set_field(self, key: str, name: str, data: bytes, only_new: bool = False) -> bool:
        """Write one field of a live record; return whether it was written."""
        if name == HEAD:
            raise ValueError("the head field is the store's own")
        now = self.clock()
        self._purge(now)
        on_conflict = "NOTHING" if only_new else "UPDATE SET data = excluded.data"
        cursor = self._con().execute(
            "INSERT INTO records (key, field, data, expires) SELECT ?, ?, ?, expires FROM "
            "records WHERE key = ? AND field = ? AND expires > ? "
            f"ON CONFLICT (key, field) DO {on_conflict}",
            (key, name, sqlite3.Binary(data), key, HEAD, now))
        return cursor.rowcount == 1

    def delete_field(self, key: str, name: str) -> None:
        """Forget one field (not the head)."""
        if name != HEAD:
            self._con().execute("DELETE FROM records WHERE key = ? AND field = ?", (key, name))

    def delete(self, key: str) -> None:
        """Forget the whole record."""
        self._con().execute("DELETE FROM records WHERE key = ?", (key,))

    def _purge(self, now: float) -> None:
        if now - self._last_purge >= PURGE_EVERY:
            self._last_purge = now
            self._con().execute("DELETE FROM records WHERE expires <= ?", (now,))

    def close(self) -> None:
        """Close every thread's connection."""
        self._db.close()
