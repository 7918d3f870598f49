"""Tests for app.engine.activations: values by hand, derivatives against central differences,
and the registry (the in-place fast paths: tests/engine/compiled/test_ops.py).

Relative error, elementwise: |analytic − numeric| / max(1e-12, |analytic| + |numeric|), max over
the points; float64, central differences with h = 1e-6, tolerance 1e-6.
"""

import warnings

import numpy as np
import pytest

from app.engine.activations import ACTIVATIONS, TRAINABLE_ACTIVATIONS, get_activation

H = 1e-6
TOLERANCE = 1e-6
KINKS = {"relu": (0.0,), "leaky_relu": (0.0,), "elu": (0.0,), "ramp": (-1.0, 1.0),
         "step": (0.0,)}


def away_from_kinks(name: str) -> np.ndarray:
    """Return points z in [−4, 4] (a (6, 50) grid) that stay ≥ 0.01 away from name's kinks."""
    z = np.random.default_rng(0).uniform(-4.0, 4.0, (6, 50))
    for kink in KINKS.get(name, ()):
        near = np.abs(z - kink) < 0.01
        z[near] = kink + 0.5
    return z


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """Return max_i |a_i − n_i| / max(1e-12, |a_i| + |n_i|) (0 where both are 0)."""
    return float(np.max(np.abs(analytic - numeric)
                        / np.maximum(1e-12, np.abs(analytic) + np.abs(numeric))))


def test_registry_holds_the_nine_activations_in_order() -> None:
    assert list(ACTIVATIONS) == ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "ramp",
                                 "elu", "softplus", "step"]
    assert "step" not in TRAINABLE_ACTIVATIONS
    assert set(TRAINABLE_ACTIVATIONS) == set(ACTIVATIONS) - {"step"}
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.formula.startswith("φ(z)")
        assert act.derivative_formula.startswith("φ'(z)")


@pytest.mark.parametrize("name", TRAINABLE_ACTIVATIONS)
def test_derivative_matches_central_differences(name: str) -> None:
    act = get_activation(name)
    z = away_from_kinks(name)
    analytic = act.derivative(z, act.value(z))
    numeric = (act.value(z + H) - act.value(z - H)) / (2.0 * H)
    assert analytic.shape == z.shape
    assert analytic.dtype == np.float64
    assert relative_error(analytic, numeric) < TOLERANCE


def test_step_derivative_is_zero_and_documented_as_such() -> None:
    act = get_activation("step")
    z = away_from_kinks("step")
    np.testing.assert_array_equal(act.derivative(z, act.value(z)), np.zeros_like(z))
    # the finite difference agrees away from the jump at 0
    np.testing.assert_array_equal(act.value(z + H) - act.value(z - H), np.zeros_like(z))
    assert "0" in act.derivative_formula
    assert "perceptron" in (type(act).__doc__ or "")


VALUES_BY_HAND = {
    # z = −2, −0.5, 0, 0.5, 2
    "linear": [-2.0, -0.5, 0.0, 0.5, 2.0],
    "sigmoid": [1 / (1 + np.e ** 2), 1 / (1 + np.e ** 0.5), 0.5, 1 / (1 + np.e ** -0.5),
                1 / (1 + np.e ** -2)],
    "tanh": [np.tanh(-2.0), np.tanh(-0.5), 0.0, np.tanh(0.5), np.tanh(2.0)],
    "relu": [0.0, 0.0, 0.0, 0.5, 2.0],
    "leaky_relu": [-0.02, -0.005, 0.0, 0.5, 2.0],
    "ramp": [-1.0, -0.5, 0.0, 0.5, 1.0],
    "elu": [np.exp(-2.0) - 1, np.exp(-0.5) - 1, 0.0, 0.5, 2.0],
    "softplus": [np.log1p(np.exp(-2.0)), np.log1p(np.exp(-0.5)), np.log(2.0),
                 np.log1p(np.exp(0.5)), np.log1p(np.exp(2.0))],
    "step": [0.0, 0.0, 1.0, 1.0, 1.0],
}
DERIVATIVES_BY_HAND = {
    "linear": [1.0, 1.0, 1.0, 1.0, 1.0],
    "relu": [0.0, 0.0, 0.0, 1.0, 1.0],  # TF convention: ReLU'(0) = 0
    "leaky_relu": [0.01, 0.01, 0.01, 1.0, 1.0],
    "ramp": [0.0, 1.0, 1.0, 1.0, 0.0],
    "elu": [np.exp(-2.0), np.exp(-0.5), 1.0, 1.0, 1.0],
    "step": [0.0, 0.0, 0.0, 0.0, 0.0],
}
Z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])


@pytest.mark.parametrize("name", list(VALUES_BY_HAND))
def test_value_by_hand(name: str) -> None:
    np.testing.assert_allclose(get_activation(name).value(Z), VALUES_BY_HAND[name],
                               rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", list(DERIVATIVES_BY_HAND))
def test_derivative_by_hand_including_the_left_derivative_at_kinks(name: str) -> None:
    act = get_activation(name)
    np.testing.assert_allclose(act.derivative(Z, act.value(Z)), DERIVATIVES_BY_HAND[name],
                               rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "elu"])
def test_smooth_derivatives_by_their_closed_forms(name: str) -> None:
    act = get_activation(name)
    a = act.value(Z)
    sig = 1.0 / (1.0 + np.exp(-Z))
    expected = {"sigmoid": sig * (1 - sig), "tanh": 1 - np.tanh(Z) ** 2, "softplus": sig,
                "elu": np.where(Z > 0, 1.0, np.exp(Z))}[name]
    np.testing.assert_allclose(act.derivative(Z, a), expected, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_extreme_inputs_stay_finite_without_warnings(name: str) -> None:
    act = get_activation(name)
    z = np.array([-1000.0, -50.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act.value(z)
        d = act.derivative(z, a)
    assert np.isfinite(a).all()
    assert np.isfinite(d).all()
    low, high = act.output_range
    assert (a >= low).all()
    assert (a <= high).all()


def test_saturated_values_are_exact_limits() -> None:
    z = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(get_activation("sigmoid").value(z), [0.0, 1.0])
    np.testing.assert_array_equal(get_activation("softplus").value(z), [0.0, 1000.0])
    np.testing.assert_array_equal(get_activation("elu").value(z), [-1.0, 1000.0])


@pytest.mark.parametrize("bad", ["swish", "Tanh", "", None])
def test_unknown_name_raises_value_error_naming_it_and_the_allowed_ones(bad: object) -> None:
    with pytest.raises(ValueError) as err:
        get_activation(bad)  # type: ignore[arg-type]
    message = str(err.value)
    assert repr(bad) in message
    assert "tanh" in message
    assert "leaky_relu" in message
