"""Tests for app.engine.losses: values by hand, gradients against central differences away from
kinks, numerical stability and the registry (the fast path: tests/engine/compiled/test_ops.py).

Relative error, elementwise: |analytic − numeric| / max(1e-12, |analytic| + |numeric|), max over
every entry of dE/dy; float64, central differences with h = 1e-6, tolerance 1e-6.
"""

import math
import warnings

import numpy as np
import pytest

from app.engine.losses import LOSSES, get_loss, losses_for

H = 1e-6
TOLERANCE = 1e-6


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """Return max_i |a_i − n_i| / max(1e-12, |a_i| + |n_i|) (0 where both are 0)."""
    return float(np.max(np.abs(analytic - numeric)
                        / np.maximum(1e-12, np.abs(analytic) + np.abs(numeric))))


def numeric_gradient(name: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Return dE_i/dy_ij by central differences of the per-example values (n, k)."""
    loss = get_loss(name)
    grad = np.zeros_like(y)
    for idx in np.ndindex(y.shape):
        plus, minus = y.copy(), y.copy()
        plus[idx] += H
        minus[idx] -= H
        grad[idx] = (loss.values(plus, t)[idx[0]] - loss.values(minus, t)[idx[0]]) / (2.0 * H)
    return grad


def batch(name: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return (y, t) for loss name, 40 examples, with every example ≥ 0.01 from a kink."""
    rng = np.random.default_rng(seed)
    n = 40
    if name == "square":
        return rng.normal(size=(n, 3)), rng.normal(size=(n, 3))
    if name == "log":
        return rng.normal(0.0, 3.0, (n, 1)), rng.integers(0, 2, (n, 1)).astype(np.float64)
    if name == "hinge":
        t = rng.choice([-1.0, 1.0], (n, 1))
        y = rng.normal(0.0, 2.0, (n, 1))
        kink = np.abs(t * y - 1.0) < 0.01  # E = max(0, 1 − t·z) bends at t·z = 1
        y[kink] += 0.5 * t[kink]
        return y, t
    y = rng.normal(0.0, 1.5, (n, 3))
    t = rng.integers(0, 3, n)
    if name == "max_margin":
        # kinks: margin z_r + 1 − z_c = 0, and a tie for the strongest wrong class
        for i in range(n):
            wrong = [k for k in range(3) if k != t[i]]
            if abs(y[i, wrong[0]] - y[i, wrong[1]]) < 0.01:
                y[i, wrong[0]] += 0.5
            margin = y[i, wrong].max() + 1.0 - y[i, t[i]]
            if abs(margin) < 0.01:
                y[i, t[i]] += 0.5
    return y, t


def test_registry_holds_the_five_losses() -> None:
    assert list(LOSSES) == ["square", "log", "hinge", "softmax_cross_entropy", "max_margin"]
    for name, loss in LOSSES.items():
        assert loss.name == name
        assert loss.formula.startswith("E =")


def test_losses_for_each_problem() -> None:
    assert losses_for("binary") == ("square", "log", "hinge", "softmax_cross_entropy",
                                    "max_margin")
    assert losses_for("multiclass") == ("square", "softmax_cross_entropy", "max_margin")
    assert losses_for("regression") == ("square",)


def test_only_square_reads_the_output_and_index_losses_take_class_indices() -> None:
    assert [n for n, loss in LOSSES.items() if loss.on_output] == ["square"]
    assert [n for n, loss in LOSSES.items() if loss.index_targets] == [
        "softmax_cross_entropy", "max_margin"]


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_matches_central_differences(name: str, seed: int) -> None:
    y, t = batch(name, seed)
    analytic = get_loss(name).gradient(y, t)
    assert analytic.shape == y.shape
    assert analytic.dtype == np.float64
    assert relative_error(analytic, numeric_gradient(name, y, t)) < TOLERANCE


@pytest.mark.parametrize("name", ["hinge", "max_margin"])
def test_margin_losses_have_both_active_and_inactive_examples_in_the_check(name: str) -> None:
    # the finite-difference check above must exercise both branches of the kink
    y, t = batch(name)
    values = get_loss(name).values(y, t)
    assert (values == 0.0).sum() >= 3
    assert (values > 0.0).sum() >= 3


def test_square_by_hand() -> None:
    y = np.array([[0.5, -1.0], [2.0, 0.0]])
    t = np.array([[1.0, 1.0], [2.0, -1.0]])
    loss = get_loss("square")
    # ½(0.25 + 4) = 2.125;  ½(0 + 1) = 0.5
    np.testing.assert_allclose(loss.values(y, t), [2.125, 0.5], rtol=1e-15)
    np.testing.assert_allclose(loss.gradient(y, t), [[-0.5, -2.0], [0.0, 1.0]], rtol=1e-15)


def test_log_by_hand_reads_the_logit() -> None:
    z = np.array([[0.0], [2.0], [-1.0]])
    t = np.array([[1.0], [0.0], [0.0]])
    p = 1.0 / (1.0 + np.exp(-z[:, 0]))
    expected = [-math.log(p[0]), -math.log(1.0 - p[1]), -math.log(1.0 - p[2])]
    loss = get_loss("log")
    np.testing.assert_allclose(loss.values(z, t), expected, rtol=1e-14)
    assert loss.values(z, t)[0] == pytest.approx(math.log(2.0), rel=1e-15)
    np.testing.assert_allclose(loss.gradient(z, t)[:, 0], p - t[:, 0], rtol=1e-14)


def test_hinge_by_hand() -> None:
    z = np.array([[0.5], [2.0], [-0.5], [1.0], [1.0]])
    t = np.array([[1.0], [1.0], [1.0], [-1.0], [1.0]])
    loss = get_loss("hinge")
    np.testing.assert_allclose(loss.values(z, t), [0.5, 0.0, 1.5, 2.0, 0.0], rtol=1e-15)
    # at the kink t·z = 1 the documented gradient is 0 ("−t if t·z < 1, else 0")
    np.testing.assert_array_equal(loss.gradient(z, t), [[-1.0], [0.0], [-1.0], [1.0], [0.0]])


def test_softmax_cross_entropy_by_hand() -> None:
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    c = np.array([2, 0])
    softmax = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = get_loss("softmax_cross_entropy")
    np.testing.assert_allclose(loss.values(z, c), -np.log(softmax[[0, 1], c]), rtol=1e-14)
    assert loss.values(z, c)[1] == pytest.approx(math.log(3.0), rel=1e-15)
    np.testing.assert_allclose(loss.gradient(z, c), softmax - np.eye(3)[c], rtol=1e-14)


def test_max_margin_by_hand() -> None:
    z = np.array([[2.0, 0.5, 1.5], [0.0, 3.0, 0.5], [1.0, 0.0, 0.2]])
    c = np.array([0, 2, 0])
    loss = get_loss("max_margin")
    # row 0: rival 2: max(0, 2.5 − 2) = 0.5; row 1: rival 1: 4 − 0.5 = 3.5; row 2: 1.2 − 1 = 0.2
    np.testing.assert_allclose(loss.values(z, c), [0.5, 3.5, 0.2], rtol=1e-14)
    np.testing.assert_array_equal(
        loss.gradient(z, c), [[-1.0, 0.0, 1.0], [0.0, 1.0, -1.0], [-1.0, 0.0, 1.0]])
    # a margin of more than 1 costs nothing; exactly 1 (the kink) has gradient 0 too
    z_ok = np.array([[3.0, 0.5, 1.5], [2.5, 0.5, 1.5]])
    np.testing.assert_array_equal(loss.values(z_ok, np.array([0, 0])), [0.0, 0.0])
    np.testing.assert_array_equal(loss.gradient(z_ok, np.array([0, 0])), np.zeros((2, 3)))


@pytest.mark.parametrize("name", ["log", "softmax_cross_entropy"])
def test_huge_logits_stay_finite_without_warnings(name: str) -> None:
    if name == "log":
        z = np.array([[800.0], [-800.0], [800.0]])
        t = np.array([[0.0], [1.0], [1.0]])
        expected_values = [800.0, 800.0, 0.0]
    else:
        z = np.array([[800.0, -800.0], [-800.0, 800.0]])
        t = np.array([1, 1])
        expected_values = [1600.0, 0.0]
    loss = get_loss(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = loss.values(z, t)
        grad = loss.gradient(z, t)
    np.testing.assert_allclose(values, expected_values, rtol=1e-12, atol=1e-12)
    assert np.isfinite(grad).all()


@pytest.mark.parametrize("bad", ["mse", "cross_entropy", "", None])
def test_unknown_name_raises_value_error_naming_it_and_the_allowed_ones(bad: object) -> None:
    with pytest.raises(ValueError) as err:
        get_loss(bad)  # type: ignore[arg-type]
    message = str(err.value)
    assert repr(bad) in message
    assert "square" in message
    assert "max_margin" in message
