"""A run's weight at the training gate: 1 for the default's work, down to MIN_WEIGHT above."""

from __future__ import annotations

from app.config import Config
from app.engine import FEATURE_KEYS
from app.session.poll_weight import MIN_WEIGHT, default_cost, epoch_cost, poll_weight
from app.session.run import build_run


def test_the_default_run_and_smaller_ones_weigh_one() -> None:
    assert poll_weight(build_run(Config())) == 1.0
    assert poll_weight(build_run(Config(hidden_layers=(2,)))) == 1.0
    assert poll_weight(build_run(Config(model="perceptron"))) == 1.0


def test_the_estimate_counts_batches_points_and_parameters() -> None:
    run = build_run(Config())  # 2 → 4 → 2 → 1: (2+1)·4 + (4+1)·2 + (2+1)·1 = 25 parameters
    points, batches = len(run.x_train), -(-len(run.x_train) // 10)
    assert epoch_cost(run) == batches * 25e-6 + points * 25 * 3e-9 == default_cost()


def test_bigger_runs_weigh_less_and_the_largest_a_quarter() -> None:
    big = poll_weight(build_run(Config(features=FEATURE_KEYS, hidden_layers=(8,) * 6)))
    largest = poll_weight(build_run(Config(
        dataset="plane", problem="regression", train_fraction=0.9, batch_mode="stochastic",
        features=FEATURE_KEYS, hidden_layers=(16,) * 8, activation="relu")))
    assert MIN_WEIGHT < big < 1.0 and largest == MIN_WEIGHT
