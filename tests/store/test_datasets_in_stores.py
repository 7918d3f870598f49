"""Users' data sets in the run store, by content hash: SQLite and the real Redis alike."""

from __future__ import annotations

import pytest

from app.data.points import make
from app.session.library import DataLibrary
from tests.store.conftest import StoreUnderTest


def test_data_sets_are_kept_apart_from_runs(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put_data("abc", b"points")
    store.put("abc", b"snapshot")
    assert store.get_data("abc") == b"points" and store.get("abc") == b"snapshot"
    assert store.get_data("nothing") is None


def test_an_idle_data_set_expires_and_a_read_keeps_it(any_store: StoreUnderTest) -> None:
    store = any_store.store
    store.put_data("read", b"r")
    store.put_data("idle", b"i")
    any_store.wait(1.2)
    assert store.get_data("read") == b"r"
    any_store.wait(1.2)
    assert store.get_data("idle") is None and store.get_data("read") == b"r"


def test_a_library_on_one_store_finds_what_another_put(any_store: StoreUnderTest) -> None:
    data = make([[1.0, 2.0], [-3.0, 0.5]], [1, 0], 2)
    key = DataLibrary(any_store.store).put(data)
    found = DataLibrary(any_store.store).get(key)  # another worker, nothing cached
    assert found.key == key and found.points.tolist() == data.points.tolist()
    with pytest.raises(ValueError, match="is not stored on this server"):
        DataLibrary(any_store.store).get("0123456789abcdef")


def test_damaged_bytes_under_a_key_are_refused(any_store: StoreUnderTest) -> None:
    other = make([[0.0, 0.0]], [0.5], 0)
    any_store.store.put_data("0123456789abcdef", b'{"n_classes": 0, "points": [[0.0, 0.0]], '
                                                 b'"labels": [0.5]}')
    assert other.key != "0123456789abcdef"
    with pytest.raises(ValueError, match="is damaged"):
        DataLibrary(any_store.store).get("0123456789abcdef")
