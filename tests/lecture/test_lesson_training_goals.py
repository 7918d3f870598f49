"""The training goals: stays below, update ratios in a band, L1's zeros, a training loss kept up."""

from __future__ import annotations

import numpy as np

from app.engine import EpochRecord, Trainer
from app.lecture.lesson_training_goals import (
    stays_below,
    train_loss_at_least,
    updates_in_range,
    weights_zeroed,
    zero_fraction,
)

from .test_lesson_checks import record, run_with


def ratios(epoch: int, *values: float) -> EpochRecord:
    return EpochRecord(epoch, 0.5, 0.5, 0.5, 0.5, 0.03, (1.0,) * len(values), values)


def test_stays_below_needs_its_epochs_and_fails_once_the_threshold_is_crossed() -> None:
    goal = stays_below(0.9, 100)
    assert goal.text == "after 100 epochs the test accuracy is still below 90 %"
    assert goal.check(run_with().trainer) == (False, "press play")
    assert goal.check(run_with(record(50, accuracy=0.6)).trainer) == (
        False, "epoch 50: best test accuracy 60 % by epoch 50")
    assert goal.check(run_with(record(50), record(100, accuracy=0.7)).trainer) == (
        True, "best test accuracy 70 % by epoch 100 ✓")
    crossed = run_with(record(40, accuracy=0.95), record(100, accuracy=0.8))
    assert not goal.check(crossed.trainer).reached


def test_update_ratios_must_all_sit_in_the_band_after_the_epochs() -> None:
    goal = updates_in_range(1e-4, 1e-1, 50)
    assert not goal.check(run_with(ratios(10, 1e-3, 1e-2)).trainer).reached
    verdict = goal.check(run_with(ratios(50, 1e-3, 1e-2)).trainer)
    assert verdict == (True, "epoch 50: ‖Δw‖/‖w‖ per layer: 10^-3.0, 10^-2.0 ✓")
    assert "outside [0.0001, 0.1]" in goal.check(run_with(ratios(50, 1e-5, 1e-2)).trainer).message


def test_l1_goal_counts_zero_weights_and_needs_the_accuracy() -> None:
    run = run_with(record(5, accuracy=0.95))
    trainer = run.trainer
    assert isinstance(trainer, Trainer)
    goal = weights_zeroed(0.5, 0.9)
    assert not goal.check(trainer).reached  # random weights: none zero
    for w in trainer.net.weights:
        w[...] = 0.0
    trainer.net.weights[0][0, 0] = 0.5
    sizes = sum(w.size for w in trainer.net.weights)
    assert zero_fraction(trainer) == (sizes - 1) / sizes
    assert goal.check(trainer).reached
    low = run_with(record(5, accuracy=0.8)).trainer
    assert isinstance(low, Trainer)
    for w in low.net.weights:
        w[...] = 0.0
    assert not goal.check(low).reached and np.all(low.net.weights[0] == 0.0)


def test_the_training_loss_must_stay_up_after_the_epochs() -> None:
    goal = train_loss_at_least(0.03, 200)
    assert not goal.check(run_with(record(100, train=0.1)).trainer).reached
    assert goal.check(run_with(record(200, train=0.1)).trainer).reached
    assert "memorised" in goal.check(run_with(record(200, train=0.01)).trainer).message


def test_stays_below_is_judged_over_its_epochs_however_far_the_run_has_gone() -> None:
    # a page at speed 200 may first ask at epoch 400, when the accuracy has risen past it
    run = run_with(record(50, accuracy=0.6), record(100, accuracy=0.7), record(400, accuracy=0.95))
    assert stays_below(0.9, 100).check(run.trainer) == (
        True, "best test accuracy 70 % by epoch 100 ✓")


def test_update_ratios_are_judged_at_their_epoch_however_far_the_run_has_gone() -> None:
    run = run_with(ratios(50, 1e-3, 1e-2), ratios(400, 1e-6, 1e-2))
    assert updates_in_range(1e-4, 1e-1, 50).check(run.trainer).reached
