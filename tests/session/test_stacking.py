"""A class's runs trained together: a poll's turn lends itself to the other playing runs of its
shape, each exactly as if trained alone, never beyond what its page asked for, and never one that
is paused, busy, gone quiet or of another shape."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.config import Config
from app.engine import Trainer
from app.session import snapshot, stacking
from app.session.run import Run, build_run
from app.session.saving import Saver
from app.session.session import Session, SessionView
from app.session.stacking import Stacking
from app.session.training_gate import TrainingGate
from app.store.sqlite_store import SqliteStore


class Clock:
    """A hand-moved clock for the stacking's window."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def look(view: SessionView) -> SessionView:
    return view


def epoch(session: Session) -> int:
    return session.read(look).run.epoch


def a_class(n: int, gate: TrainingGate, **fields: object) -> list[Session]:
    """n playing sessions of one network, their own seeds and rates, sharing one gate; full
    batch, so a poll of no time (budget 0: at least one mini-batch) trains exactly one epoch."""
    return [Session(f"s{i}", build_run(Config(**{"seed": i, "learning_rate": 0.01 * (i + 1),
                                                 "batch_mode": "full", **fields})),  # type: ignore[arg-type]
                    playing=True, gate=gate) for i in range(n)]


def alone(run: Run, epochs: int) -> bytes:
    """The snapshot of run's config trained alone for `epochs` epochs."""
    fresh = build_run(run.config, run.run_id, run.data_id)
    for _ in range(epochs):
        fresh.trainer.step()
    return snapshot.dump(fresh, True)


def test_a_turn_trains_the_runs_due_epochs_with_its_own_exactly_as_alone() -> None:
    gate = TrainingGate(poll_ms=1000)  # slices of a fifth of a second, for exact counts
    a, b, c = a_class(3, gate, speed=30)
    a.poll(0.0, look)
    b.poll(0.0, look)  # each one epoch: due 29 more
    assert (epoch(a), a.due, epoch(b), b.due) == (1, 29, 1, 29)
    c.poll(60.0, look)  # stacks a and b until their due is met
    assert (epoch(a), epoch(b), epoch(c)) == (30, 30, 29)
    assert a.due == b.due == 0 and c.due == 1 and gate.stacking.lent == 58
    for session in (a, b, c):
        run = session.read(look).run
        assert snapshot.dump(run, True) == alone(run, run.epoch)


def test_a_class_polling_in_turns_trains_every_run_exactly_as_alone() -> None:
    gate = TrainingGate(poll_ms=1000)
    sessions = a_class(6, gate, speed=7)
    for session in sessions[::2]:  # two shapes in one class: each stacks with its own
        session.apply(lambda c: c.model_copy(update={"hidden_layers": (3,)}), look)
        session.play(look)
    for rounds in range(6):
        for i, session in enumerate(sessions):
            session.poll(60.0 if (i + rounds) % 3 == 0 else 0.0, look)
    assert gate.stacking.lent > 0
    for session in sessions:
        run = session.read(look).run
        assert snapshot.dump(run, True) == alone(run, run.epoch)


def test_a_page_never_gets_more_epochs_than_it_asked_for() -> None:
    gate = TrainingGate(poll_ms=1000)
    slow, *others = a_class(4, gate, speed=20)
    slow.apply(lambda c: c.model_copy(update={"speed": 3}), look)  # a live change
    slow.poll(0.0, look)
    assert epoch(slow) == 1 and slow.due == 2
    for _ in range(3):
        for session in others:
            session.poll(0.0, look)
        others[0].poll(60.0, look)
    assert epoch(slow) == 3  # others' turns lent it only the two epochs it was due
    slow.poll(0.0, look)
    assert epoch(slow) == 4 and slow.due == 2


def test_a_paused_busy_or_quiet_session_is_not_trained_by_another_turn() -> None:
    clock = Clock()
    gate = TrainingGate(poll_ms=1000)
    gate.stacking = Stacking(clock, 2.5)
    paused, busy, due, quiet, owner = a_class(5, gate, speed=10)
    quiet.poll(0.0, look)  # at 0 s
    clock.now = 2.0
    for session in (paused, busy, due):
        session.poll(0.0, look)
    paused.pause(look)
    holder = threading.Thread(target=busy._lock.acquire)  # another request holds its lock
    holder.start()
    holder.join()
    clock.now = 3.0  # quiet's page last polled 3 s ago
    owner.poll(60.0, look)  # and does not wait for the busy one
    busy._lock.release()
    assert [epoch(s) for s in (paused, busy, due, quiet, owner)] == [1, 1, 10, 1, 9]


def test_runs_of_another_shape_or_that_cannot_stack_train_alone() -> None:
    gate = TrainingGate(poll_ms=1000)
    plain, adam, wider = (Session(name, build_run(config), playing=True, gate=gate) for
                          name, config in (("plain", Config(speed=4, batch_mode="full")),
                                           ("adam", Config(speed=4, batch_mode="full",
                                                           optimizer="adam")),
                                           ("wider", Config(speed=4, batch_mode="full",
                                                            hidden_layers=(5, 2)))))
    for session in (adam, wider):
        session.poll(0.0, look)
    plain.poll(60.0, look)
    assert (epoch(adam), epoch(wider), epoch(plain)) == (1, 1, 4) and gate.stacking.lent == 0


def test_a_lent_run_is_saved_by_its_own_poll_not_by_the_turn_that_trained_it(
        tmp_path: Path) -> None:
    runs = SqliteStore(tmp_path / "runs.db")
    gate = TrainingGate(poll_ms=1000)
    lender, owner = (Session(name, build_run(Config(speed=5, seed=i, batch_mode="full")),
                             playing=True, gate=gate, saver=Saver(runs, every=0.0))
                     for i, name in enumerate("ab"))
    lender.poll(0.0, look)
    saved = runs.get("a")
    owner.poll(60.0, look)
    assert epoch(lender) == 5 and runs.get("a") == saved  # trained, not written
    lender.poll(0.0, look)
    assert snapshot.load(runs.get("a") or b"")[0].epoch == epoch(lender) == 6


def test_a_run_inside_an_epoch_finishes_it_alone_then_stacks() -> None:
    gate = TrainingGate(poll_ms=1000)
    first, second = (Session(f"s{i}", build_run(Config(seed=i, speed=3)), playing=True,
                             gate=gate) for i in range(2))
    second.poll(0.0, look)  # one mini-batch: due 3
    second.step(look)  # to the end of its epoch (paused), then playing again
    second.play(look)
    first.poll(0.0, look)  # one mini-batch: inside its first epoch
    trainer = first.read(look).run.trainer
    assert isinstance(trainer, Trainer) and trainer.batches_left < trainer.batches_per_epoch
    first.poll(60.0, look)
    assert (epoch(first), epoch(second), gate.stacking.lent) == (3, 3, 2)
    for session in (first, second):
        run = session.read(look).run
        assert snapshot.dump(run, True) == alone(run, run.epoch)


def test_a_class_run_trained_alone_stops_between_two_epochs_where_a_stack_can_take_it() -> None:
    gate = TrainingGate(poll_ms=1000)
    first, second = (Session(f"s{i}", build_run(Config(seed=i, speed=200)), playing=True,
                             gate=gate) for i in range(2))
    second.poll(0.0, look)  # listed, but inside an epoch: it cannot stack
    first.poll(0.03, look)  # alone, whole epochs while the next fits: 200 do not, in 30 ms
    trainer = first.read(look).run.trainer
    assert isinstance(trainer, Trainer) and 1 < trainer.epoch < 200
    assert trainer.batches_left == trainer.batches_per_epoch


def test_the_frames_kept_are_bounded_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stacking, "FRAME_BYTES", 1)  # every new frame pushes the oldest out
    gate = TrainingGate(poll_ms=1000)
    sessions = a_class(6, gate, speed=3)
    for size in (2, 3, 4, 5, 6):
        for session in sessions[:size]:
            session.poll(0.0, look)
        sessions[0].poll(60.0, look)
    assert len(gate.stacking._frames) == 1


def test_a_slow_turn_moves_the_estimates_of_a_stacks_costs_little() -> None:
    estimate = 300e-6
    assert stacking._tracked(estimate, 0.5) == pytest.approx(estimate * 1.2)  # 0.5 s: once 2×
    assert stacking._tracked(estimate, 0.0) == pytest.approx(estimate * 0.9)
    assert stacking._tracked(1e-7, 0.0) == 1e-7  # never 0: a room is a division by it
