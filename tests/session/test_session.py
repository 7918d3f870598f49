"""The session owner: every change under its lock, the render reading the state it left."""

from __future__ import annotations

import threading

import pytest

from app.config import Config, from_query
from app.engine import Trainer
from app.session.run import build_run
from app.session.session import Session, SessionView, bump
from app.session.training_gate import GATE
from app.validation import ConfigError
from tests.session.test_run import HEAVIEST_QUERY


def look(view: SessionView) -> SessionView:
    return view


def test_a_new_network_pauses_but_a_live_change_does_not() -> None:
    session = Session("s", build_run(Config()), playing=True)
    view = session.apply(lambda c: c.model_copy(update={"learning_rate": 0.1}), look)
    assert view.playing and view.run.trainer.optimizer.learning_rate == 0.1  # type: ignore[union-attr]
    assert view.changed == {"learning_rate"}
    view = session.apply(lambda c: c.model_copy(update={"activation": "relu"}), look)
    assert not view.playing and view.was_playing and view.changed == {"activation"}


def test_a_refused_update_changes_nothing() -> None:
    session = Session("s", build_run(Config()), playing=True)
    with pytest.raises(ConfigError):
        session.apply(lambda c: from_query("learning_rate=99"), look)
    view = session.read(look)
    assert view.playing and view.run.config == Config()


def test_reset_and_regenerate_move_their_seed_on_by_one() -> None:
    session = Session("s", build_run(Config()))
    assert session.reset(look).run.config.seed == 1
    view = session.regenerate(look)
    assert view.run.config.data_seed == 1 and view.changed == {"data_seed"}
    assert bump(Config(seed=2**31 - 1), "seed").seed == 0


def test_play_pause_step_and_poll() -> None:
    session = Session("s", build_run(Config(speed=3)))
    assert session.poll(1.0, look).run.epoch == 0  # paused: a poll only renders
    assert session.play(look).playing
    view = session.poll(60.0, look)
    assert view.run.epoch == 3 and view.playing and view.was_playing
    view = session.step(look)
    assert view.run.epoch == 4 and not view.playing and view.was_playing
    assert not session.pause(look).playing


def test_a_step_of_a_huge_epoch_takes_fair_slices_and_finishes_the_epoch_a_poll_began() -> None:
    session = Session("s", build_run(from_query(HEAVIEST_QUERY)), playing=True)
    view = session.poll(0.002, look)  # stops inside the epoch of 1,080 batches
    trainer = view.run.trainer
    assert isinstance(trainer, Trainer)
    assert view.run.epoch == 0 and 0 < trainer.batches_left < trainer.batches_per_epoch
    turns = GATE.turns
    view = session.step(look, budget=0.002)
    assert view.run.epoch == 1 and trainer.batches_left == trainer.batches_per_epoch
    assert not view.playing and GATE.turns - turns >= 3  # other runs trained between slices


def test_load_starts_the_url_from_epoch_zero_paused_and_redraws() -> None:
    session = Session("s", build_run(Config()), playing=True)
    session.step(look)
    old = session.read(lambda view: view.run)
    view = session.load(Config(noise=0.1), look)
    assert view.run.epoch == 0 and not view.playing and view.changed == {"noise"}
    assert (view.run.run_id, view.run.data_id) == (old.run_id + 1, old.data_id + 1)


def test_step_sample_is_the_perceptrons_alone() -> None:
    session = Session("s", build_run(Config()), playing=True)
    with pytest.raises(ValueError, match="only the perceptron"):
        session.step_sample(look)
    assert session.read(look).playing
    session = Session("p", build_run(from_query("model=perceptron")), playing=True)
    assert not session.step_sample(look).playing


def test_step_example_chooses_then_steps_one_weight() -> None:
    session = Session("s", build_run(Config()), playing=True)
    view, result = session.step_example(
        lambda c: c.model_copy(update={"example_point": 3}), lambda v, r: (v, r))
    assert result is not None and not view.playing and view.changed == {"example_point"}


def test_render_runs_under_the_lock() -> None:
    session = Session("s", build_run(Config()))
    seen: list[bool] = []

    def render(view: SessionView) -> None:
        blocked = threading.Thread(target=session.read, args=(look,))
        blocked.start()
        blocked.join(timeout=0.1)
        seen.append(blocked.is_alive())  # the other reader waits for this render to finish
        return None

    session.set_parameter(0, 0, 0.5, None, render)
    assert seen == [True]
