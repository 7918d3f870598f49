"""Tests for app.engine.compiled.ops: each in-place fast path equals the readable maths it replaces
(activations' value and derivative, losses' gradient, feature-major)."""

import numpy as np
import pytest

from app.engine.activations import ACTIVATIONS, get_activation
from app.engine.compiled.ops import backward_ops, forward_ops, gradient_ops
from app.engine.losses import LOSSES, get_loss
from tests.engine.test_activations import away_from_kinks
from tests.engine.test_losses import batch as loss_batch


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_fast_paths_match_value_and_derivative(name: str) -> None:
    act = get_activation(name)
    z = away_from_kinks(name)
    # forward into a strided view, as the network's buffers may be
    big = np.full((6, 100), np.nan)
    out = big[:, ::2]
    for fn, args in forward_ops(act, z, out):
        fn(*args)
    np.testing.assert_allclose(out, act.value(z), rtol=1e-15, atol=0.0)
    assert np.isnan(big[:, 1::2]).all()  # nothing written outside the view

    g = np.random.default_rng(1).normal(size=z.shape)
    expected = g * act.derivative(z, act.value(z))
    scratch = np.empty_like(z)
    for fn, args in backward_ops(act, g, z, act.value(z), scratch):
        fn(*args)
    np.testing.assert_allclose(g, expected, rtol=1e-14, atol=1e-15)


def test_relu_fast_backward_is_zero_at_the_kink() -> None:
    act = get_activation("relu")
    z = np.array([[-1.0, 0.0, 1.0]])
    g = np.ones_like(z)
    for fn, args in backward_ops(act, g, z, act.value(z), np.empty_like(z)):
        fn(*args)
    np.testing.assert_array_equal(g, [[0.0, 0.0, 1.0]])


@pytest.mark.parametrize("name", list(LOSSES))
def test_feature_major_fast_path_matches_gradient(name: str) -> None:
    y, t = loss_batch(name)
    loss = get_loss(name)
    y_t = np.ascontiguousarray(y.T)
    t_t = t if loss.index_targets else np.ascontiguousarray(t.T)
    out = np.full_like(y_t, np.nan)
    for fn, args in gradient_ops(loss, y_t, t_t, out):
        fn(*args)
    np.testing.assert_allclose(out, loss.gradient(y, t).T, rtol=1e-15, atol=0.0)


