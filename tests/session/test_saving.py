"""Snapshots after every change: at once for a user's change or a pause, at most every 2 s while
training; a run out of memory comes back from the store as it was."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from app.config import Config
from app.engine import FEATURE_KEYS
from app.session import snapshot
from app.session.run import advance, build_run
from app.session.store import RUN_SHARE, SessionStore
from app.store import SqliteStore
from tests.conftest import FakeClock

# the largest run the schema allows, with every part that builds plans (Adam, dropout, L1)
LARGEST = Config(dataset="plane", problem="regression", train_fraction=0.9,
                 batch_mode="stochastic", features=FEATURE_KEYS, hidden_layers=(16,) * 8,
                 activation="relu", optimizer="adam", dropout=0.5, regularization="l1",
                 regularization_rate=0.001)


class CountingStore(SqliteStore):
    """A SQLite store that counts its writes."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.puts = 0

    def put(self, key: str, data: bytes) -> None:
        self.puts += 1
        super().put(key, data)


@pytest.fixture
def runs(tmp_path: Path) -> CountingStore:
    return CountingStore(tmp_path / "runs.sqlite3")


def stored_epoch(runs: SqliteStore, sid: str) -> int:
    data = runs.get(sid)
    assert data is not None
    return snapshot.load(data)[0].epoch


def test_training_saves_at_most_every_two_seconds_and_a_pause_at_once(
        runs: CountingStore, clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    session = store.add(build_run(Config(speed=1)))
    assert runs.puts == 1  # saved before anyone sees it
    session.play(lambda view: None)
    assert runs.puts == 2  # a user's change: at once
    for _ in range(10):
        clock.now += 0.5
        session.poll(10.0, lambda view: None)
    assert runs.puts == 2 + 2  # 5 s of training, polled twice a second: saved at 2 s and 4 s
    assert stored_epoch(runs, session.id) >= 10 - 4
    session.pause(lambda view: None)
    assert stored_epoch(runs, session.id) == 10


def test_a_users_change_while_playing_saves_at_once(runs: CountingStore,
                                                    clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    session = store.add(build_run(Config()))
    session.play(lambda view: None)
    session.poll(10.0, lambda view: None)
    before = runs.puts
    session.apply(lambda c: c.model_copy(update={"learning_rate": 0.1}), lambda view: None)
    assert runs.puts == before + 1
    data = runs.get(session.id)
    assert data is not None and snapshot.load(data)[0].config.learning_rate == 0.1


def test_a_run_that_left_memory_comes_back_as_it_was(runs: CountingStore,
                                                     clock: FakeClock) -> None:
    store = SessionStore(runs, cap=1, clock=clock)
    first = store.add(build_run(Config(speed=3)))
    first.play(lambda view: None)
    first.poll(10.0, lambda view: None)  # trained, not yet saved (within 2 s)
    store.add(build_run(Config()))  # the cap moves the first out: flushed on the way
    assert first.id not in store
    back = store.get(first.id)
    assert back is not None and back is not first
    assert back.read(lambda view: (view.run.epoch, view.playing)) == (3, True)


def test_hot_runs_are_bounded_by_bytes(runs: CountingStore, clock: FakeClock) -> None:
    one = SessionStore(runs, clock=clock).add(build_run(Config())).footprint
    assert one > 100_000
    store = SessionStore(runs, hot_bytes=int(one * 2.5 / RUN_SHARE), clock=clock)
    assert store.run_bytes < one * 2.6  # the rest of the budget is headroom for a poll's arrays
    sessions = [store.add(build_run(Config())) for _ in range(5)]
    assert len(store) == 2 and all(s.id in store for s in sessions[-2:])
    assert all(store.get(s.id) is not None for s in sessions)  # none lost: loaded back
    assert len(store) == 2


def test_a_bigger_run_counts_for_more(runs: CountingStore, clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    small = store.add(build_run(Config(hidden_layers=(2,))))
    big = store.add(build_run(Config(hidden_layers=(8, 8, 8, 8))))
    assert big.footprint > small.footprint


def test_an_unreadable_snapshot_raises_snapshot_error(runs: CountingStore,
                                                      clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    runs.put("x" * 22, b"not a snapshot")
    with pytest.raises(snapshot.SnapshotError, match="bad magic"):
        store.get("x" * 22)
    assert store.get("y" * 22) is None


def test_a_clone_is_a_new_session_with_the_same_numbers(runs: CountingStore,
                                                        clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    source = store.add(build_run(Config(speed=5)))
    source.step(lambda view: None)
    copy = store.clone(source, playing=False)
    assert copy.id != source.id
    for session in (source, copy):
        session.step(lambda view: None)
    weights = [s.read(lambda view: view.run.model.params.copy()) for s in (source, copy)]
    assert (weights[0] == weights[1]).all()


@pytest.mark.parametrize("config", [Config(), LARGEST], ids=["default", "largest"])
def test_a_trained_run_is_freed_as_soon_as_it_is_let_go_without_a_garbage_collection(
        config: Config) -> None:
    """A reference cycle (e.g. a plan's call that refers back to its trainer) would keep a run
    until the next full collection, after the store had trimmed: its memory never returned."""
    run = build_run(config)
    advance(run, 2, 1.0)
    trainer, net = weakref.ref(run.trainer), weakref.ref(run.trainer.net)
    gc.disable()
    try:
        del run
        assert trainer() is None and net() is None
    finally:
        gc.enable()


def test_runs_that_leave_memory_are_freed_and_trimmed_once_enough_bytes_left(
        runs: CountingStore, clock: FakeClock) -> None:
    store = SessionStore(runs, hot_bytes=2**20, clock=clock)
    store._trimmer.threshold = 3 * store.add(build_run(Config())).footprint
    first = store.add(build_run(Config()))
    alive = weakref.ref(first._run)
    for _ in range(4):
        store.add(build_run(Config()))
    assert first.id not in store and store._trimmer.trims == 1
    del first
    assert alive() is None  # nothing but the session kept the run: its memory is free


def test_a_run_counts_its_plans_and_buffers_once_it_trained_before_its_next_save(
        runs: CountingStore, clock: FakeClock) -> None:
    store = SessionStore(runs, clock=clock)
    session = store.add(build_run(Config(hidden_layers=(8, 8, 8), batch_size=1)))
    untrained = session.footprint
    session.play(lambda view: None)
    puts = runs.puts
    session.poll(60.0, lambda view: None)  # the clock stands still: no save, but measured
    assert runs.puts == puts and session.footprint > untrained + 100_000  # 250 plans
