"""The session store: a hard cap with LRU eviction and an idle expiry (clock injected)."""

from __future__ import annotations

import pytest

from app.config import Config
from app.session.run import build_run
from app.session.store import SessionStore
from tests.conftest import FakeClock

RUN = build_run(Config())


def test_the_least_recently_used_session_is_evicted_past_the_cap(clock: FakeClock) -> None:
    store = SessionStore(cap=3, idle_seconds=60, clock=clock)
    a, b, c = (store.add(RUN) for _ in range(3))
    assert store.get(a.id) is a  # a is now the most recently used
    d = store.add(RUN)
    assert len(store) == 3
    assert store.get(b.id) is None
    assert all(store.get(s.id) is s for s in (a, c, d))


def test_a_session_idle_too_long_is_gone(clock: FakeClock) -> None:
    store = SessionStore(cap=10, idle_seconds=60, clock=clock)
    kept, idle = store.add(RUN), store.add(RUN)
    clock.now += 40
    assert store.get(kept.id) is kept  # touching it keeps it alive
    clock.now += 40
    assert store.get(idle.id) is None
    assert store.get(kept.id) is kept


def test_ids_are_unguessable_and_distinct(clock: FakeClock) -> None:
    store = SessionStore(clock=clock)
    ids = {store.add(RUN).id for _ in range(50)}
    assert len(ids) == 50 and all(len(i) >= 20 for i in ids)
    assert store.get(None) is None and store.get("nope") is None


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="cap"):
        SessionStore(cap=0)

