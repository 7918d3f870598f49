"""Tests for app.engine.schedules: hand values for each decay form and argument validation."""

import math

import pytest

from app.engine.schedules import SCHEDULES, learning_rate_at


def test_schedules_are_the_four_keras_compatible_forms() -> None:
    assert SCHEDULES == ("none", "step", "exponential", "inverse_time")


@pytest.mark.parametrize("epoch", [0, 1, 999])
def test_none_keeps_the_base_rate(epoch: int) -> None:
    assert learning_rate_at(0.03, epoch, "none", 0.5, 10) == 0.03


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [(0, 0.1), (9, 0.1), (10, 0.05), (19, 0.05), (25, 0.025)],  # 0.1 · 0.5^floor(epoch / 10)
)
def test_step_halves_every_decay_steps(epoch: int, expected: float) -> None:
    assert learning_rate_at(0.1, epoch, "step", 0.5, 10) == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        (0, 0.1),
        (5, 0.070710678118654752),  # 0.1 · 0.5^0.5 = 0.1 / √2
        (10, 0.05),  # 0.1 · 0.5^1
        (20, 0.025),  # 0.1 · 0.5^2
    ],
)
def test_exponential_decays_smoothly(epoch: int, expected: float) -> None:
    assert learning_rate_at(0.1, epoch, "exponential", 0.5, 10) == pytest.approx(
        expected, abs=1e-15
    )


def test_exponential_equals_the_e_to_minus_kt_form() -> None:
    k = -math.log(0.5) / 10  # k = −ln(decay_rate) / decay_steps
    assert learning_rate_at(0.1, 7, "exponential", 0.5, 10) == pytest.approx(
        0.1 * math.exp(-k * 7), rel=1e-14
    )


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        (0, 0.1),
        (10, 0.1 / 1.5),  # 0.1 / (1 + 0.5 · 10/10) = 0.0666…
        (20, 0.05),  # 0.1 / (1 + 0.5 · 2)
        (5, 0.08),  # 0.1 / (1 + 0.5 · 0.5) = 0.1 / 1.25
    ],
)
def test_inverse_time_by_hand(epoch: int, expected: float) -> None:
    assert learning_rate_at(0.1, epoch, "inverse_time", 0.5, 10) == pytest.approx(
        expected, abs=1e-15
    )


def test_edge_rates_leave_the_base_unchanged() -> None:
    assert learning_rate_at(0.1, 50, "step", 1.0, 3) == 0.1
    assert learning_rate_at(0.1, 50, "exponential", 1.0, 3) == 0.1
    assert learning_rate_at(0.1, 50, "inverse_time", 0.0, 3) == 0.1


def test_unknown_schedule_lists_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'cosine'; allowed: .*inverse_time"):
        learning_rate_at(0.1, 0, "cosine", 0.5, 10)


@pytest.mark.parametrize(
    ("schedule", "decay_rate"),
    [
        ("step", 0.0),
        ("step", 1.5),
        ("exponential", -0.5),
        ("exponential", math.nan),
        ("inverse_time", -0.1),
        ("inverse_time", math.inf),
        ("inverse_time", math.nan),
    ],
)
def test_bad_decay_rate_raises_naming_the_value(schedule: str, decay_rate: float) -> None:
    with pytest.raises(ValueError, match=rf"decay_rate.*{decay_rate!r}"):
        learning_rate_at(0.1, 3, schedule, decay_rate, 10)


@pytest.mark.parametrize("decay_steps", [0, -2, 2.5, True])
def test_decay_steps_must_be_a_positive_integer(decay_steps: int) -> None:
    with pytest.raises(ValueError, match=rf"decay_steps.*{decay_steps!r}"):
        learning_rate_at(0.1, 3, "step", 0.5, decay_steps)


@pytest.mark.parametrize("epoch", [-1, 1.5])
def test_epoch_must_be_a_non_negative_integer(epoch: int) -> None:
    with pytest.raises(ValueError, match=rf"epoch.*{epoch!r}"):
        learning_rate_at(0.1, epoch, "exponential", 0.5, 10)
