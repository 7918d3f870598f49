"""Runs: bit-for-bit reproducible from a Config, independent seeds, live changes, time budget."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from app.config import Config, from_query
from app.engine import Trainer
from app.session.changes import reconfigure
from app.session.run import Run, advance, build_run
from tests.conftest import bottom_up_inputs

# the heaviest run the schema allows: 1,080 batches of one through 8 × 16 ReLU, Adam, dropout, L1
HEAVIEST_QUERY = ("dataset=plane&problem=regression&train_fraction=0.9&batch_mode=stochastic"
                  "&features=x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2&activation=relu"
                  "&hidden_layers=16,16,16,16,16,16,16,16&optimizer=adam&dropout=0.5"
                  "&regularization=l1&regularization_rate=0.001")


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


def work_clock(trainer: Trainer, seconds_per_batch: float) -> Callable[[], float]:
    """Return a fake clock that reads the work done: seconds_per_batch per mini-batch trained."""
    per_epoch = trainer.batches_per_epoch
    return lambda: (trainer.epoch * per_epoch + per_epoch - trainer.batches_left) \
        * seconds_per_batch


def mlp_trainer(run: Run) -> Trainer:
    assert isinstance(run.trainer, Trainer)
    return run.trainer


def test_advance_stops_inside_an_epoch_when_the_time_budget_is_spent() -> None:
    run = build_run(Config())
    trainer = mlp_trainer(run)
    assert trainer.batches_per_epoch == 25
    clock = work_clock(trainer, 1.0)
    assert advance(run, 50, budget=62.5, clock=clock) == 2  # epochs finished
    assert run.epoch == 2 and trainer.batches_left == 13 and clock() == 62.0  # 12 batches on
    assert advance(run, 1, budget=100.0, clock=clock) == 1
    assert run.epoch == 3 and trainer.batches_left == 25 and clock() == 75.0


def test_a_poll_of_the_heaviest_run_keeps_its_budget_inside_one_epoch() -> None:
    run = build_run(from_query(HEAVIEST_QUERY))
    trainer = mlp_trainer(run)
    assert trainer.batches_per_epoch == 1080
    clock = work_clock(trainer, 70e-6)  # as measured: 76 ms an epoch
    assert advance(run, 30, budget=0.03, clock=clock) == 0
    assert run.epoch == 0 and len(trainer.history) == 0  # the epoch counts once it ends
    assert 0.03 - 70e-6 < clock() <= 0.03
    while advance(run, 30, budget=0.03, clock=clock) == 0:
        pass
    assert run.epoch == 1 and clock() <= 3 * 0.03


def test_training_in_tiny_budgets_equals_uninterrupted_training_bit_for_bit() -> None:
    sliced, whole = build_run(from_query(HEAVIEST_QUERY)), build_run(from_query(HEAVIEST_QUERY))
    trainer = mlp_trainer(sliced)
    clock = work_clock(trainer, 1.0)
    budgets = itertools.cycle([1.0, 7.5, 300.0, 1500.0, 2.0])
    while sliced.epoch < 3:
        advance(sliced, 2, budget=next(budgets), clock=clock)
    advance(whole, 3, budget=math.inf)
    reference = mlp_trainer(whole)
    np.testing.assert_array_equal(trainer.net.params, reference.net.params)
    np.testing.assert_array_equal(trainer.net.grads, reference.net.grads)
    assert trainer.history.records == reference.history.records
    assert trainer.history.last == reference.history.last
    assert trainer.rng.bit_generator.state == reference.rng.bit_generator.state


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
