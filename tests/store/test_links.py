"""Short links in both stores: one code per query, a taken code refused, an idle expiry."""

from __future__ import annotations

import threading

import pytest

from app.store import RedisStore, SqliteStore
from tests.store.conftest import StoreUnderTest

QUERY = "dataset=xor&hidden_layers=4,2,2&learning_rate=0.1"


def test_a_stored_link_reads_back_and_an_unknown_code_is_none(any_store: StoreUnderTest) -> None:
    store = any_store.store
    assert store.get_link("ABC2345") is None
    assert store.put_link("ABC2345", QUERY) == "ABC2345"
    assert store.get_link("ABC2345") == QUERY
    assert store.get_link("ABC2346") is None


def test_a_query_keeps_its_first_code(any_store: StoreUnderTest) -> None:
    store = any_store.store
    assert store.put_link("ABC2345", QUERY) == "ABC2345"
    assert store.put_link("XYZ6789", QUERY) == "ABC2345"  # the same setup, the same QR code
    assert store.get_link("XYZ6789") is None


def test_a_code_taken_by_another_query_is_refused(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put_link("ABC2345", QUERY)
    assert store.put_link("ABC2345", "dataset=circle") is None
    assert store.get_link("ABC2345") == QUERY
    assert store.put_link("DEF2345", "dataset=circle") == "DEF2345"


def test_links_and_runs_never_meet(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put("ABC2345", b"a run")
    store.put_link("ABC2345", QUERY)
    assert store.get("ABC2345") == b"a run" and store.get_link("ABC2345") == QUERY
    store.delete("ABC2345")
    assert store.get_link("ABC2345") == QUERY


def test_an_idle_link_expires_but_use_keeps_it(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put_link("USED234", QUERY)
    store.put_link("IDLE234", "dataset=circle")
    any_store.wait(1.2)
    assert store.get_link("USED234") == QUERY  # restarts its 2 s
    any_store.wait(1.2)
    assert store.get_link("IDLE234") is None
    assert store.get_link("USED234") == QUERY
    # an expired link frees its code and its query for new links
    assert store.put_link("NEW2345", "dataset=circle") == "NEW2345"
    assert store.put_link("IDLE234", "dataset=spiral") == "IDLE234"


def test_threads_asking_for_one_query_agree_on_its_code(any_store: StoreUnderTest) -> None:
    store, got = any_store.store, []

    def ask(letter: str) -> None:
        got.append(store.put_link(f"THR{letter}234", QUERY))

    threads = [threading.Thread(target=ask, args=(letter,)) for letter in "ABCDEFGH"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = {c for c in got if c is not None}
    assert len(codes) >= 1 and all(store.get_link(c) == QUERY for c in codes)
    assert store.put_link("LAST234", QUERY) in codes


@pytest.mark.parametrize("bad", [0.0, -1.0, float("inf"), float("nan")])
def test_a_link_expiry_must_be_a_positive_finite_number(bad: float, tmp_path: object) -> None:
    with pytest.raises(ValueError, match="link_seconds"):
        SqliteStore(f"{tmp_path}/x.sqlite3", link_seconds=bad)
    with pytest.raises(ValueError, match="link_seconds"):
        RedisStore("redis://127.0.0.1:1/0", link_seconds=bad)
