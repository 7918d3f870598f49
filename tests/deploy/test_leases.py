"""One run, one worker at a time (app/session/lease.py): two SessionStores over one real
redis-server stand for two worker processes (each has its own lease identity and listener)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from app.config import Config
from app.session import lease, snapshot
from app.session.lease import LeaseLost
from app.session.run import Run, build_run
from app.session.store import SessionStore
from app.store import RedisStore

PLAY = Config(speed=5)


@pytest.fixture
def workers(redis_url: str, request: pytest.FixtureRequest) -> Iterator[list[SessionStore]]:
    """Two workers' session stores over one Redis (a prefix of this test's own)."""
    prefix = f"test:{request.node.name}:"
    stores = [SessionStore(RedisStore(redis_url, idle_seconds=60, prefix=prefix))
              for _ in range(2)]
    yield stores
    for store in stores:
        store.close()
        assert store.runs is not None
        store.runs.close()


def weights(run: Run) -> list[np.ndarray]:
    net = run.trainer.net  # type: ignore[union-attr]
    return [*net.weights, *net.biases]


def train(store: SessionStore, sid: str, epochs: int) -> Run:
    """Train the run `epochs` epochs as a poll would (under its session's lock, saving)."""
    session = store.get(sid)
    assert session is not None
    session.play(lambda view: None)
    for _ in range(epochs):
        session.poll(1.0, lambda view: None)
    return session.read(lambda view: view.run)


def test_a_run_saved_by_one_worker_is_restored_bit_for_bit_by_another(
        workers: list[SessionStore]) -> None:
    a, b = workers
    sid = a.add(build_run(PLAY)).id
    trained = train(a, sid, 7)
    before = [w.copy() for w in weights(trained)]
    session = b.get(sid)  # a hands it over: saves the unsaved epochs, lets go
    assert session is not None
    moved = session.read(lambda view: view.run)
    assert moved.epoch == trained.epoch > 0
    for mine, theirs in zip(before, weights(moved), strict=True):
        assert mine.tobytes() == theirs.tobytes()
    assert sid not in a and sid in b


def test_a_run_that_moved_away_and_back_is_not_served_from_a_stale_copy(
        workers: list[SessionStore]) -> None:
    a, b = workers
    sid = a.add(build_run(PLAY)).id
    train(a, sid, 2)
    at_b = train(b, sid, 5).epoch  # b took it and trained on
    assert train(a, sid, 0).epoch == at_b  # a's old copy was dropped, the snapshot loaded


def test_a_dead_workers_run_moves_once_its_heartbeat_ends(workers: list[SessionStore]) -> None:
    a, b = workers
    sid = a.add(build_run(PLAY)).id
    assert a.leases is not None and b.leases is not None
    a.leases._stop.set()  # a "dies": no heartbeat, no answer to handovers
    a.leases._thread.join(5)  # type: ignore[union-attr]
    start = time.monotonic()
    session = b.get(sid)
    assert session is not None
    assert time.monotonic() - start < lease.HEARTBEAT + 0.5


def test_a_worker_that_lost_the_lease_cannot_overwrite_the_snapshot(
        workers: list[SessionStore]) -> None:
    a, b = workers
    sid = a.add(build_run(PLAY)).id
    stale = a.get(sid)
    assert stale is not None and b.leases is not None
    epoch = train(b, sid, 3).epoch
    b.get(sid).pause(lambda view: None)  # type: ignore[union-attr]  # saved at once
    conflicts = b.leases.conflicts()
    with pytest.raises(LeaseLost):  # a's stale copy tries to save over b's
        a._saved.put(sid, stale.dump())  # type: ignore[union-attr]
    assert b.leases.conflicts() == conflicts + 1
    assert b.runs is not None
    data = b.runs.get(sid)
    assert data is not None and snapshot.load(data)[0].epoch == epoch > 0
