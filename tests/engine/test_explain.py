"""The worked example's chain-rule numbers agree with the engine's backpropagation."""

import numpy as np
import pytest

from app.engine import MLP
from app.engine.explain import explain_weight

CASES = [
    # sizes, hidden activation, output activation, loss, target
    ([2, 1], "tanh", "sigmoid", "square", np.array([1.0])),
    ([2, 3, 1], "sigmoid", "tanh", "square", np.array([-1.0])),
    ([2, 4, 2, 1], "relu", "linear", "hinge", np.array([1.0])),
    ([3, 4, 3, 1], "elu", "sigmoid", "log", np.array([0.0])),
    ([2, 5, 3], "softplus", "linear", "softmax_cross_entropy", np.array(2)),
    ([2, 4, 3], "leaky_relu", "linear", "max_margin", np.array(1)),
]


def _every_weight(net: MLP):
    for layer, w in enumerate(net.weights):
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                yield layer, i, j


@pytest.mark.parametrize("sizes, act, out_act, loss, target", CASES)
def test_chain_matches_engine_gradient_for_every_weight(sizes, act, out_act, loss, target):
    net = MLP(sizes, activation=act, output_activation=out_act, init="xavier_normal", seed=3)
    x = np.random.default_rng(0).uniform(-2, 2, sizes[0])
    t = target.reshape(1) if target.ndim == 0 else target.reshape(1, -1)
    _, grad_w, _ = net.loss_and_gradients(x.reshape(1, -1), t, loss=loss)
    for layer, i, j in _every_weight(net):
        step = explain_weight(net, x, target, loss, layer, i, j, learning_rate=0.1)
        assert step.dE_dw == pytest.approx(grad_w[layer][i, j], abs=1e-9, rel=1e-9)
        assert step.delta_w == pytest.approx(-0.1 * grad_w[layer][i, j], abs=1e-9)
        if step.dE_dy is not None and step.dy_dz is not None:
            assert step.dE_dy * step.dy_dz == pytest.approx(step.delta, abs=1e-12)
        assert step.dE_dw == pytest.approx(step.delta * step.dz_dw, abs=1e-12)


def test_hidden_unit_error_is_the_sum_over_upstream_units():
    net = MLP([2, 3, 2, 1], activation="tanh", output_activation="tanh", seed=5)
    step = explain_weight(net, np.array([0.5, -1.0]), np.array([1.0]), "square", 0, 1, 2, 0.05)
    assert len(step.upstream) == 2
    assert step.dE_dy == pytest.approx(sum(w * d for w, d in step.upstream), abs=1e-12)


def test_forward_numbers_are_the_units_own():
    net = MLP([2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    x = np.array([1.5, -0.5])
    step = explain_weight(net, x, np.array([1.0]), "square", 0, 0, 0, 0.5)
    z = x @ net.weights[0][:, 0] + net.biases[0][0]
    assert step.z == pytest.approx(z, abs=1e-12)
    assert step.y_p == pytest.approx(1 / (1 + np.exp(-z)), abs=1e-12)
    assert step.E == pytest.approx(0.5 * (step.y_p - 1.0) ** 2, abs=1e-12)
    assert step.dE_dy == pytest.approx(step.y_p - 1.0, abs=1e-12)
    assert step.dy_dz == pytest.approx(step.y_p * (1 - step.y_p), abs=1e-12)
    assert step.dz_dw == x[0]


def test_a_small_step_lowers_the_examples_error_and_leaves_the_net_alone():
    net = MLP([2, 3, 1], activation="sigmoid", output_activation="tanh", seed=2)
    before = net.params.copy()
    step = explain_weight(net, np.array([1.0, 2.0]), np.array([1.0]), "square", 0, 1, 0, 0.1)
    assert step.dE_dw != 0
    assert step.new_E < step.E
    assert step.new_w == pytest.approx(step.w + step.delta_w)
    np.testing.assert_array_equal(net.params, before)


def test_out_of_range_weight_is_rejected_with_its_range():
    net = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"layer must be in 0\.\.1, got 2"):
        explain_weight(net, np.zeros(2), np.array([1.0]), "square", 2, 0, 0, 0.1)
    with pytest.raises(ValueError, match=r"\(2, 0\)"):
        explain_weight(net, np.zeros(2), np.array([1.0]), "square", 0, 2, 0, 0.1)
