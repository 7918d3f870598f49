"""Lesson goals: pure functions of the training state that say when a goal is reached."""

from __future__ import annotations

from app.engine import EpochRecord, History
from app.lecture.lesson_checks import (
    crawls,
    gap_at_most,
    overfits,
    perceptron_converges,
    perceptron_never_converges,
    reaches_test_accuracy,
)
from app.lecture.lesson_gradient_goals import gradients_vanish
from app.lecture.lessons import lesson_config
from app.session.run import Run, build_run


def record(epoch: int, train: float = 0.5, test: float = 0.5, accuracy: float = 0.5,
           grads: tuple[float, ...] = ()) -> EpochRecord:
    return EpochRecord(epoch, train, test, accuracy, accuracy, 0.03, grads, ())


def run_with(*records: EpochRecord, limit: int | None = None) -> Run:
    """Return a fresh MLP run whose history holds these records (as if it had trained)."""
    run = build_run(lesson_config("activations"))
    run.trainer.history = History(limit)
    for r in records:
        run.trainer.history.append(r)
    run.trainer.epoch = records[-1].epoch if records else 0
    return run


def test_accuracy_goal_names_the_first_epoch_it_was_reached() -> None:
    goal = reaches_test_accuracy(0.95)
    assert goal.text == "test accuracy ≥ 95 %"
    assert goal.check(run_with().trainer) == (False, "press play")
    run = run_with(record(1, accuracy=0.6), record(2, accuracy=0.97), record(3, accuracy=0.9))
    assert goal.check(run.trainer) == (True, "reached at epoch 2 ✓")  # once reached, it stays
    run = run_with(record(1, accuracy=0.6), record(2, accuracy=0.714))
    assert goal.check(run.trainer) == (False, "now 71 % at epoch 2")


def test_a_decimated_history_still_finds_the_goal_and_the_newest_record() -> None:
    records = [record(e, accuracy=0.5) for e in range(1, 10)] + [record(10, accuracy=0.99)]
    run = run_with(*records, limit=4)  # keeps every 4th epoch: the newest survives as `last`
    assert reaches_test_accuracy(0.95).check(run.trainer) == (True, "reached at epoch 10 ✓")


def test_a_crawl_needs_its_epochs_and_a_small_drop() -> None:
    goal = crawls(100, 0.05)
    early = run_with(record(1, train=0.5), record(50, train=0.499))
    assert not goal.check(early.trainer).reached
    slow = run_with(record(1, train=0.5), record(100, train=0.49))
    verdict = goal.check(slow.trainer)
    assert verdict.reached and "0.500 → 0.490 (2.0 % lower)" in verdict.message
    fast = run_with(record(1, train=0.5), record(100, train=0.1))
    assert not goal.check(fast.trainer).reached


def test_overfitting_and_the_gap_read_both_losses() -> None:
    gap = run_with(record(1, train=0.4, test=0.45), record(300, train=0.01, test=0.2))
    verdict = overfits(0.1).check(gap.trainer)
    assert verdict.reached and verdict.message.startswith("reached at epoch 300 ✓")
    assert not gap_at_most(0.06, 200).check(gap.trainer).reached
    closed = run_with(record(300, train=0.1, test=0.13))
    assert gap_at_most(0.06, 200).check(closed.trainer) == (
        True, "epoch 300: gap 0.030 (training 0.100, test 0.130) ✓")
    assert not gap_at_most(0.06, 400).check(closed.trainer).reached  # too early


def test_vanishing_gradients_compare_the_first_and_last_layer() -> None:
    goal = gradients_vanish(0.1, 20)
    starved = run_with(record(20, grads=(1e-5, 0.1, 0.2)))
    assert goal.check(starved.trainer) == (True, "epoch 20: ‖grad w₁‖ / ‖grad w₃‖ = 1/20,000 ✓")
    alive = run_with(record(20, grads=(0.2, 0.1, 0.2)))
    assert not goal.check(alive.trainer).reached
    assert "= 1" in goal.check(alive.trainer).message


def test_the_perceptrons_goals_are_not_met_by_an_mlp() -> None:
    mlp = run_with(*(record(e) for e in range(1, 61)))
    for goal in (perceptron_converges(), perceptron_never_converges(50)):
        assert goal.check(mlp.trainer) == (
            False, "this goal is the perceptron's: set Model back to the perceptron")


def test_a_crawl_is_judged_at_its_epoch_however_far_the_run_has_gone() -> None:
    # a page at speed 200 may first ask at epoch 400, when the loss has fallen further
    run = run_with(record(1, train=0.50), record(100, train=0.49), record(400, train=0.30))
    assert crawls(100, 0.05).check(run.trainer).reached
