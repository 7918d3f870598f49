"""The record store contract (rooms), met by SQLite and Redis alike: fields written one at a
time by many writers, a fixed lifetime that reads and writes do not extend, nothing written to
a record that is gone."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.settings import Settings
from app.store import RedisRecords, SqliteRecords, open_records
from app.store.records import RecordStore
from tests.store.conftest import FakeClock


@dataclass
class RecordsUnderTest:
    """A record store and a way to let `seconds` pass for it."""

    store: RecordStore
    wait: Callable[[float], None]


@pytest.fixture(params=["sqlite", "redis"])
def records(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordsUnderTest]:
    """Each record store: SQLite on a fake clock, Redis (a real redis-server) in real time."""
    if request.param == "sqlite":
        clock = FakeClock()

        def advance(seconds: float) -> None:
            clock.now += seconds

        sqlite = SqliteRecords(tmp_path / "runs.sqlite3", clock=clock)
        yield RecordsUnderTest(sqlite, advance)
        sqlite.close()
        return
    prefix = f"test:{request.node.name}:"
    store = RedisRecords(request.getfixturevalue("redis_url"), prefix=prefix)
    yield RecordsUnderTest(store, time.sleep)
    for key in store.client.scan_iter(f"{prefix}*"):
        store.client.delete(key)
    store.close()


def test_a_record_is_made_once_and_read_whole_or_by_field(records: RecordsUnderTest) -> None:
    store = records.store
    assert store.create("K7Q2", {"room": b"state"}, 60)
    assert not store.create("K7Q2", {"room": b"other"}, 60)  # taken: the caller draws again
    assert store.fields("K7Q2") == {"room": b"state"}
    assert store.field("K7Q2", "room") == b"state"
    assert store.field("K7Q2", "nothing") is None
    assert store.fields("none") == {} and store.field("none", "room") is None


def test_fields_are_written_one_at_a_time(records: RecordsUnderTest) -> None:
    store = records.store
    store.create("r", {"room": b"1"}, 60)
    assert store.set_field("r", "seat:a", b"ann")
    assert store.set_field("r", "room", b"2")
    assert not store.set_field("r", "seat:a", b"again", only_new=True)
    assert store.set_field("r", "seat:b", bytes(range(256)), only_new=True)
    assert store.fields("r") == {"room": b"2", "seat:a": b"ann", "seat:b": bytes(range(256))}
    store.delete_field("r", "seat:a")
    assert set(store.fields("r")) == {"room", "seat:b"}
    store.delete("r")
    assert store.fields("r") == {}


def test_nothing_is_written_to_a_record_that_is_gone(records: RecordsUnderTest) -> None:
    store = records.store
    assert not store.set_field("never", "seat:a", b"x")
    assert store.fields("never") == {}


def test_a_record_expires_after_its_lifetime_however_often_it_is_used(
        records: RecordsUnderTest) -> None:
    store = records.store
    store.create("r", {"room": b"1"}, 1.5)
    records.wait(0.8)
    assert store.set_field("r", "seat:a", b"x") and store.fields("r")  # no extension
    records.wait(0.9)
    assert store.fields("r") == {} and store.field("r", "room") is None
    assert not store.set_field("r", "seat:b", b"y")
    assert store.create("r", {"room": b"new"}, 60)  # the code is free again
    assert store.fields("r") == {"room": b"new"}


def test_many_writers_lose_no_field(records: RecordsUnderTest) -> None:
    store = records.store
    store.create("r", {"room": b"1"}, 60)

    def join(i: int) -> None:
        for j in range(10):
            store.set_field("r", f"seat:{i}:{j}", str(i * j).encode())

    threads = [threading.Thread(target=join, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.fields("r")) == 1 + 60


def test_the_settings_choose_the_record_store(tmp_path: Path, redis_url: str) -> None:
    sqlite = open_records(Settings(data_dir=tmp_path))
    assert isinstance(sqlite, SqliteRecords)
    sqlite.close()
    shared = open_records(Settings(data_dir=tmp_path, redis_url=redis_url))
    assert isinstance(shared, RedisRecords)
    shared.close()
