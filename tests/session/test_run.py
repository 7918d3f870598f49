"""Runs: bit-for-bit reproducible from a Config, independent seeds, live changes, time budget."""

from __future__ import annotations

import numpy as np

from app.config import Config, from_query
from app.engine import Trainer
from app.session.run import advance, build_run, reconfigure
from tests.conftest import bottom_up_inputs


def losses(config: Config, epochs: int) -> list[float]:
    run = build_run(config)
    advance(run, epochs, budget=60.0)
    return [r.train_loss for r in run.trainer.history.records]


def test_same_config_gives_bit_identical_runs() -> None:
    config = from_query("dataset=spiral&noise=0.2&hidden_layers=6,3&optimizer=adam&seed=5")
    assert losses(config, 25) == losses(config, 25)


def test_another_seed_gives_other_weights_on_the_same_data() -> None:
    a, b = build_run(Config(seed=1)), build_run(Config(seed=2))
    assert np.array_equal(a.dataset.x_train, b.dataset.x_train)
    assert not np.array_equal(a.model.params, b.model.params)  # type: ignore[union-attr]


def test_another_data_seed_gives_other_data_with_the_same_weights() -> None:
    a, b = build_run(Config(data_seed=1)), build_run(Config(data_seed=2))
    assert not np.array_equal(a.dataset.x_train, b.dataset.x_train)
    assert np.array_equal(a.model.params, b.model.params)  # type: ignore[union-attr]


def test_learning_rate_changes_live_without_a_reset() -> None:
    run = build_run(Config())
    advance(run, 5, budget=60.0)
    params = run.model.params.copy()  # type: ignore[union-attr]
    same = reconfigure(run, Config(learning_rate=0.3))
    assert same is run and run.epoch == 5
    assert np.array_equal(run.model.params, params)  # type: ignore[union-attr]
    assert isinstance(run.trainer, Trainer) and run.trainer.optimizer.learning_rate == 0.3


def test_regenerate_keeps_weights_and_epoch_and_trains_on() -> None:
    run = build_run(Config())
    advance(run, 7, budget=60.0)
    params = run.model.params.copy()  # type: ignore[union-attr]
    new = reconfigure(run, Config(data_seed=1))
    assert new.epoch == 7 and new.data_id == run.data_id + 1 and new.run_id == run.run_id
    assert np.array_equal(new.model.params, params)  # type: ignore[union-attr]
    assert not np.array_equal(new.dataset.x_train, run.dataset.x_train)
    advance(new, 1, budget=60.0)
    assert new.epoch == 8


def test_a_model_change_rebuilds_from_epoch_zero() -> None:
    run = build_run(Config())
    advance(run, 3, budget=60.0)
    new = reconfigure(run, Config(activation="relu"))
    assert new.epoch == 0 and new.run_id == run.run_id + 1


def test_advance_stops_when_the_time_budget_is_spent() -> None:
    ticks = iter(range(100))
    run = build_run(Config())
    assert advance(run, 50, budget=2.5, clock=lambda: float(next(ticks))) == 3


def test_advance_stops_at_divergence() -> None:
    run = build_run(from_query("dataset=plane&problem=regression&learning_rate=10&activation=relu"))
    done = advance(run, 200, budget=60.0)
    assert done < 200 and run.trainer.diverged
    assert run.trainer.stopped_reason == "diverged — try a lower learning rate"


def test_the_perceptron_is_a_step_unit_on_the_features() -> None:
    run = build_run(from_query("model=perceptron&dataset=gaussian&features=x1,x2,x1_x2"))
    advance(run, 20, budget=60.0)
    assert run.output_activation == "step" and run.epoch >= 1
    outputs = run.model.forward(bottom_up_inputs(run.config.features))
    assert set(np.unique(outputs)) <= {0.0, 1.0}
