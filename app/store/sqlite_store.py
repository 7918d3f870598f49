"""The embedded run store: one SQLite file in WAL mode, shared by threads and processes.

WAL lets readers go on while one writer commits, across every process opening the file; each
thread gets its own connection (sqlite3 connections are not to be shared while in use). Expiry is a
wall-clock deadline per row, pushed back by every get and put; expired rows are invisible at once
and deleted by purge(), which put() runs at most once a minute. Short links live in their own
table, one code per query (both unique); users' data sets in theirs, by content hash.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, data BLOB NOT NULL, "
    "expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS runs_expires ON runs (expires)",
    "CREATE TABLE IF NOT EXISTS links (code TEXT PRIMARY KEY, query TEXT NOT NULL UNIQUE, "
    "expires REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS datasets (key TEXT PRIMARY KEY, data BLOB NOT NULL, "
    "expires REAL NOT NULL)",
)
BLOBS = ("runs", "datasets")  # snapshots by session id; users' data sets by content hash
LINK_SECONDS = 90 * 24 * 3600.0  # a short link lasts a term after its last use
PURGE_EVERY = 60.0  # seconds between purges of expired rows


def _blobs(table: str) -> str:
    if table not in BLOBS:
        raise ValueError(f"no table {table!r}; the tables of bytes are {', '.join(BLOBS)}")
    return table


class SqliteStore:
    """Snapshots by key in `path`, expiring `idle_seconds` after their last get or put.

    Args:
        path: the database file; its folder is created when missing.
        idle_seconds: idle time before a key expires, > 0.
        clock: seconds since the epoch (wall clock: deadlines are shared between processes).
        link_seconds: idle time before a short link expires, > 0.
    """

    def __init__(self, path: Path | str, idle_seconds: float = 24 * 3600,
                 clock: Callable[[], float] = time.time,
                 link_seconds: float = LINK_SECONDS) -> None:
        for name, value in (("idle_seconds", idle_seconds), ("link_seconds", link_seconds)):
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
        self.path, self.idle_seconds, self.clock = Path(path), float(idle_seconds), clock
        self.link_seconds = float(link_seconds)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._last_purge = -math.inf
        con = self._connection()
        for statement in SCHEMA:
            con.execute(statement)

    def _connection(self) -> sqlite3.Connection:
        """Return this thread's connection (autocommit, WAL, waiting up to 10 s for a lock)."""
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10.0, isolation_level=None,
                                  check_same_thread=False)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; fsync at checkpoints
            self._local.con = con
            with self._lock:
                self._connections.append(con)
        return con

    def connection(self) -> sqlite3.Connection:
        """Return this thread's connection (sqlite_records.SqliteRecords shares the file)."""
        return self._connection()

    def get(self, key: str, table: str = "runs") -> bytes | None:
        """Return the bytes under key and push its deadline back, or None if absent/expired."""
        now = self.clock()
        row = self._connection().execute(
            f"UPDATE {_blobs(table)} SET expires = ? WHERE key = ? AND expires > ? RETURNING data",
            (now + self.idle_seconds, key, now)).fetchone()
        return None if row is None else bytes(row[0])

    def put(self, key: str, data: bytes, table: str = "runs") -> None:
        """Store data under key (replacing it), expiring idle_seconds from now."""
        now = self.clock()
        self._connection().execute(
            f"INSERT INTO {_blobs(table)} (key, data, expires) VALUES (?, ?, ?) ON CONFLICT (key) "
            "DO UPDATE SET data = excluded.data, expires = excluded.expires",
            (key, sqlite3.Binary(data), now + self.idle_seconds))
        if now - self._last_purge >= PURGE_EVERY:
            self.purge()

    def put_data(self, key: str, data: bytes) -> None:
        """Store a data set under its content hash, expiring idle_seconds from now."""
        self.put(key, data, "datasets")

    def get_data(self, key: str) -> bytes | None:
        """Return the data set under key and push its deadline back, or None."""
        return self.get(key, "datasets")

    def delete(self, key: str) -> None:
        """Forget key (no error if absent)."""
        self._connection().execute("DELETE FROM runs WHERE key = ?", (key,))

    def put_link(self, code: str, query: str) -> str | None:
        """Return the code standing for query (its own, else code, stored), or None when code
        stands for another query; restart the link's expiry."""
        now, con = self.clock(), self._connection()
        deadline = now + self.link_seconds
        row = con.execute("UPDATE links SET expires = ? WHERE query = ? AND expires > ? "
                          "RETURNING code", (deadline, query, now)).fetchone()
        if row is not None:
            return str(row[0])
        con.execute("DELETE FROM links WHERE (code = ? OR query = ?) AND expires <= ?",
                    (code, query, now))
        added = con.execute("INSERT INTO links (code, query, expires) VALUES (?, ?, ?) "
                            "ON CONFLICT DO NOTHING", (code, query, deadline)).rowcount
        if added:
            return code
        row = con.execute("SELECT code FROM links WHERE query = ?", (query,)).fetchone()
        return None if row is None else str(row[0])  # another process stored query meanwhile

    def get_link(self, code: str) -> str | None:
        """Return the query code stands for and restart its expiry, or None if absent/expired."""
        now = self.clock()
        row = self._connection().execute(
            "UPDATE links SET expires = ? WHERE code = ? AND expires > ? RETURNING query",
            (now + self.link_seconds, code, now)).fetchone()
        return None if row is None else str(row[0])

    def purge(self) -> int:
        """Delete the expired rows (runs, data sets and links); return how many went."""
        now = self.clock()
        self._last_purge = now
        con = self._connection()
        return sum(int(con.execute(f"DELETE FROM {t} WHERE expires <= ?", (now,)).rowcount)
                   for t in (*BLOBS, "links"))

    def __len__(self) -> int:
        """Return the number of rows, expired ones not yet purged included."""
        (count,) = self._connection().execute("SELECT count(*) FROM runs").fetchone()
        return int(count)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for con in self._connections:
                con.close()
            self._connections.clear()
        self._local = threading.local()
