"""The store contract, met by SQLite and Redis alike; then what each does on its own."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.settings import Settings
from app.store import RedisStore, SqliteStore, open_store
from tests.store.conftest import FakeClock, StoreUnderTest

BLOB = bytes(range(256)) * 4096  # 1 MiB with every byte value, NULs included


def test_a_missing_key_reads_as_none(any_store: StoreUnderTest) -> None:
    assert any_store.store.get("nobody") is None


def test_put_then_get_returns_the_same_bytes(any_store: StoreUnderTest) -> None:
    any_store.store.put("a", BLOB)
    any_store.store.put("b", b"")
    assert any_store.store.get("a") == BLOB
    assert any_store.store.get("b") == b""


def test_put_replaces_and_delete_forgets(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put("a", b"one")
    store.put("a", b"two")
    assert store.get("a") == b"two"
    store.delete("a")
    store.delete("never there")
    assert store.get("a") is None


def test_an_idle_key_expires_but_a_read_keeps_it_alive(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put("read", b"r")
    store.put("idle", b"i")
    any_store.wait(1.2)
    assert store.get("read") == b"r"  # restarts its 2 s
    any_store.wait(1.2)
    assert store.get("idle") is None
    assert store.get("read") == b"r"


def test_threads_share_one_store(any_store: StoreUnderTest) -> None:
    store, errors = any_store.store, []

    def work(i: int) -> None:
        try:
            for j in range(20):
                store.put(f"t{i}", f"{i}:{j}".encode())
                assert store.get(f"t{i}") == f"{i}:{j}".encode()
        except Exception as exc:  # noqa: BLE001 — reported by the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [store.get(f"t{i}") for i in range(8)] == [f"{i}:19".encode() for i in range(8)]


# ---------------------------------------------------------------- SQLite
def test_sqlite_keeps_one_wal_file_under_the_data_dir(tmp_path: Path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    assert isinstance(store, SqliteStore)
    store.put("k", b"v")
    assert store.path == tmp_path / "data" / "runs.sqlite3"
    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    store.close()


def test_sqlite_purges_expired_rows_by_hand_and_once_a_minute_on_put(tmp_path: Path) -> None:
    clock = FakeClock()
    store = SqliteStore(tmp_path / "runs.sqlite3", idle_seconds=10.0, clock=clock)
    store.put("old", b"o")
    clock.now += 11
    store.put("new", b"n")
    assert len(store) == 2 and store.get("old") is None  # expired: invisible, not yet deleted
    assert store.purge() == 1 and len(store) == 1
    clock.now += 61
    store.put("newest", b"x")  # a minute after the last purge: put purges "new"
    assert len(store) == 1 and store.get("newest") == b"x"
    store.close()


def test_sqlite_is_shared_between_processes(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    store = SqliteStore(path)
    store.put("mine", b"from the parent")
    script = ("import sys; from app.store import SqliteStore; s = SqliteStore(sys.argv[1]); "
              "assert s.get('mine') == b'from the parent'; s.put('theirs', b'from the child')")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True,
                   cwd=Path(__file__).resolve().parents[2])
    assert store.get("theirs") == b"from the child"
    store.close()


def test_sqlite_refuses_a_non_positive_idle_time(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="idle_seconds"):
        SqliteStore(tmp_path / "x.sqlite3", idle_seconds=0)


# ---------------------------------------------------------------- Redis
def test_redis_is_chosen_when_a_url_is_set(redis_url: str, tmp_path: Path) -> None:
    store = open_store(Settings(redis_url=redis_url, idle_expiry_seconds=60,
                                data_dir=tmp_path))
    assert isinstance(store, RedisStore)
    store.put("chosen", b"yes")
    ttl = store.client.pttl("playground:run:chosen")
    assert isinstance(ttl, int) and ttl > 59_000
    store.delete("chosen")
    store.close()
    assert not (tmp_path / "runs.sqlite3").exists()


def test_redis_sets_and_refreshes_the_expiry_under_its_prefix(redis_url: str) -> None:
    store = RedisStore(redis_url, idle_seconds=100.0, prefix="p1:")
    other = RedisStore(redis_url, idle_seconds=100.0, prefix="p2:")
    store.put("k", b"v")
    assert other.get("k") is None
    store.client.pexpire("p1:k", 5_000)
    assert store.get("k") == b"v"
    ttl = store.client.pttl("p1:k")
    assert isinstance(ttl, int) and ttl > 99_000  # the read restarted the idle time
    store.delete("k")
    store.close()
    other.close()
