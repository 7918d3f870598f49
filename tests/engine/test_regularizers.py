"""Tests for app.engine.regularizers: penalty values, in-place gradients, finite differences."""

import math

import numpy as np
import pytest

from app.engine.regularizers import REGULARIZATIONS, L1Clamp, add_gradient, penalty

WEIGHTS = [np.array([[1.0, -2.0], [0.0, 0.5]]), np.array([3.0])]


def test_regularizations_are_none_l1_l2() -> None:
    assert REGULARIZATIONS == ("none", "l1", "l2")


def test_penalty_by_hand() -> None:
    # Σ|w| = 1 + 2 + 0 + 0.5 + 3 = 6.5;   ½Σw² = ½(1 + 4 + 0 + 0.25 + 9) = 7.125
    assert penalty(WEIGHTS, 0.0, 0.0) == 0.0
    assert penalty(WEIGHTS, 0.1, 0.0) == pytest.approx(0.65, abs=1e-15)
    assert penalty(WEIGHTS, 0.0, 0.2) == pytest.approx(1.425, abs=1e-15)
    assert penalty(WEIGHTS, 0.1, 0.2) == pytest.approx(2.075, abs=1e-15)
    assert penalty([], 0.1, 0.2) == 0.0


def test_add_gradient_by_hand_in_place() -> None:
    w = WEIGHTS[0]
    grad = np.ones((2, 2))
    before = id(grad)
    add_gradient(w, grad, 0.1, 0.2)
    # grad + 0.1·sign(w) + 0.2·w = [[1 + 0.1 + 0.2, 1 − 0.1 − 0.4], [1 + 0 + 0, 1 + 0.1 + 0.1]]
    assert id(grad) == before
    np.testing.assert_allclose(grad, [[1.3, 0.5], [1.0, 1.2]], rtol=0.0, atol=1e-15)


def test_sign_of_zero_is_zero() -> None:
    grad = np.array([0.25, -0.5])
    add_gradient(np.zeros(2), grad, 1.0, 1.0)
    np.testing.assert_array_equal(grad, [0.25, -0.5])


def test_zero_rates_leave_the_gradient_untouched() -> None:
    grad = np.array([[0.1, 0.2], [0.3, 0.4]])
    add_gradient(WEIGHTS[0], grad, 0.0, 0.0)
    np.testing.assert_array_equal(grad, [[0.1, 0.2], [0.3, 0.4]])


@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.3), (0.7, 0.0), (0.2, 1.5)])
def test_gradient_matches_central_differences(l1: float, l2: float) -> None:
    rng = np.random.default_rng(5)
    w = rng.normal(size=(3, 4))
    w[np.abs(w) < 0.05] = 0.5  # keep away from the L1 kink at 0
    grad = np.zeros_like(w)
    add_gradient(w, grad, l1, l2)
    h = 1e-6
    numeric = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[idx] += h
        minus[idx] -= h
        numeric[idx] = (penalty([plus], l1, l2) - penalty([minus], l1, l2)) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize(("l1", "l2"), [(-0.1, 0.0), (0.0, -1.0), (math.nan, 0.0), (0.0, math.inf)])
def test_bad_rates_raise_naming_the_value(l1: float, l2: float) -> None:
    bad = l1 if l1 != 0.0 else l2
    with pytest.raises(ValueError, match=repr(bad)):
        penalty(WEIGHTS, l1, l2)
    with pytest.raises(ValueError, match=repr(bad)):
        add_gradient(WEIGHTS[1], np.zeros(1), l1, l2)


def test_mismatched_gradient_shape_raises() -> None:
    with pytest.raises(ValueError, match=r"\(2, 2\).*\(3,\)"):
        add_gradient(WEIGHTS[0], np.zeros(3), 0.1, 0.1)


def test_l1_step_clamps_a_weight_it_carries_across_zero_and_the_link_stays_dead() -> None:
    # params: three weights and a bias; lr · l1 = 0.1; the optimizer is plain SGD by hand
    params, grads = np.array([0.05, 0.5, -0.3, 0.05]), np.zeros(4)
    mask, dead = np.array([1.0, 1.0, 1.0, 0.0]), np.zeros(4, dtype=bool)
    clamp = L1Clamp(params, grads, mask, dead, lambda: 0.1)

    def update(g: list[float]) -> None:
        grads[:] = g
        for fn, args in clamp.before_update():
            fn(*args)
        params[:] -= grads  # lr = 1 for the data step
        clamp.step()

    update([0.0, 0.0, -0.4, 0.0])
    # 0.05 − 0.1 crosses zero: 0 and dead; 0.5 − 0.1; the data step took −0.3 to 0.1, then L1
    # pushes by +0.1 (sign of w_old = −1): 0.2, no clamp; the bias only takes the data step
    np.testing.assert_allclose(params, [0.0, 0.4, 0.2, 0.05])
    assert dead.tolist() == [True, False, False, False] and params[0] == 0.0
    update([-5.0, 0.0, 0.0, 0.0])  # a dead link gets no gradient and stays exactly 0
    assert params[0] == 0.0 and dead[0]
    np.testing.assert_allclose(params[1:], [0.3, 0.1, 0.05])
