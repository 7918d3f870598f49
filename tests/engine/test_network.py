"""Tests for app.engine.network: the public notebook API, the forward pass against a hand-written
loop, backpropagation against central differences (whole networks, regularisation, dropout),
vanishing gradients, and argument checks.

Gradient checks perturb net.weights[i][j, k] and net.biases[i][k] in place (they are views of
net.params), float64, central differences with h = 1e-6, and compare each array in the norm form:
relative error = ‖analytic − numeric‖ / max(1e-12, ‖analytic‖ + ‖numeric‖) < 1e-6 per grad_w[i] and
grad_b[i]. (Elementwise, an entry of size 1e-5 already fails: float64 rounding of E divided by
2h leaves ~1e-10 of noise in every numeric entry; for the same reason an array whose norm is
below 1e-7 — a gradient that is exactly zero — is compared absolutely, to 1e-8.)
The numeric side evaluates the loss independently of MLP.backward (forward_logits + the
loss's values + the penalty written out here) except under dropout, where the same mask is
reproduced by handing loss_and_gradients an identically seeded generator.
"""

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from app.engine import MLP, encode_targets, get_loss, make_dataset, make_optimizer
from app.engine.activations import get_activation

H = 1e-6
TOLERANCE = 1e-6
NOISE_FLOOR = 1e-7  # below this the numeric side is float64 rounding noise (~1e-10 per entry)


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """Return ‖a − n‖ / max(1e-12, ‖a‖ + ‖n‖) (0 when both are 0)."""
    return float(np.linalg.norm(analytic - numeric)
                 / max(1e-12, float(np.linalg.norm(analytic) + np.linalg.norm(numeric))))


def reference_loss(net: MLP, x: np.ndarray, t: np.ndarray, loss: str, l1: float = 0.0,
                   l2: float = 0.0) -> float:
    """Return mean E + l1·Σ|w| + l2·½Σw² (weights only), computed without the training plan."""
    z, y = net.forward_logits(x)
    loss_fn = get_loss(loss)
    data = float(loss_fn.values(y if loss_fn.on_output else z, t).mean())
    penalty = sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w * w).sum() for w in net.weights)
    return data + float(penalty)


def numeric_gradients(net: MLP, f: Callable[[], float]
                      ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Return dE/dw[i] and dE/db[i] by central differences of f, perturbing net in place."""

    def diff(p: np.ndarray) -> np.ndarray:
        grad = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + H
            plus = f()
            p[idx] = old - H
            minus = f()
            p[idx] = old
            grad[idx] = (plus - minus) / (2.0 * H)
        return grad

    return [diff(w) for w in net.weights], [diff(b) for b in net.biases]


def assert_gradients_match(net: MLP, x: np.ndarray, t: np.ndarray, loss: str,
                           l1: float = 0.0, l2: float = 0.0) -> None:
    before = net.params.copy()
    value, grad_w, grad_b = net.loss_and_gradients(x, t, loss=loss, l1=l1, l2=l2)
    np.testing.assert_array_equal(net.params, before)  # evaluation only, no update
    assert value == pytest.approx(reference_loss(net, x, t, loss, l1, l2), rel=1e-12)
    num_w, num_b = numeric_gradients(net, lambda: reference_loss(net, x, t, loss, l1, l2))
    np.testing.assert_array_equal(net.params, before)
    for i, (a, n) in enumerate(zip(grad_w + grad_b, num_w + num_b, strict=True)):
        assert a.shape == n.shape, i
        assert_close(a, n)


def assert_close(analytic: np.ndarray, numeric: np.ndarray) -> None:
    """Assert the relative error is < 1e-6, or, for an array whose true gradient is (exactly)
    zero — e.g. a bias whose classes cancel — that the difference is at the rounding noise."""
    scale = float(np.linalg.norm(analytic) + np.linalg.norm(numeric))
    if scale < NOISE_FLOOR:
        assert float(np.linalg.norm(analytic - numeric)) < 0.1 * NOISE_FLOOR
    else:
        assert relative_error(analytic, numeric) < TOLERANCE, relative_error(analytic, numeric)


def data(n_in: int, loss: str, n_classes: int, output_activation: str, n: int = 16,
         seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return inputs x (n, n_in) and targets encoded for the loss from random labels."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_in))
    labels = rng.normal(size=n) if n_classes == 0 else rng.integers(0, n_classes, n)
    if n_classes:
        labels[:n_classes] = np.arange(n_classes)  # every class present
    return x, encode_targets(labels, loss, n_classes, output_activation)


# (sizes, hidden activation, output activation, layer_activations, loss, n_classes)
NETWORKS = {
    "0 hidden, square, tanh": ([2, 1], "tanh", "tanh", None, "square", 2),
    "1 hidden, square, tanh": ([2, 4, 1], "tanh", "tanh", None, "square", 2),
    "2 hidden, sigmoid, square": ([3, 4, 3, 1], "sigmoid", "tanh", None, "square", 2),
    "3 hidden, mixed, hinge": ([2, 3, 4, 3, 1], "tanh", "linear", ["relu", "softplus", "elu"],
                               "hinge", 2),
    "4 hidden, mixed, log": ([2, 3, 3, 3, 3, 1], "tanh", "sigmoid",
                             ["leaky_relu", None, "ramp", "sigmoid"], "log", 2),
    "1 hidden, softmax, 3 classes": ([2, 5, 3], "tanh", "linear", None,
                                     "softmax_cross_entropy", 3),
    "2 hidden, max_margin, 3 classes": ([2, 4, 4, 3], "elu", "linear", None, "max_margin", 3),
    "1 hidden, one-hot square, 3 classes": ([2, 4, 3], "tanh", "tanh", None, "square", 3),
    "2 hidden, softmax, binary": ([2, 3, 3, 2], "softplus", "linear", None,
                                  "softmax_cross_entropy", 2),
    "regression, linear output": ([2, 5, 1], "tanh", "linear", None, "square", 0),
    "regression, relu, 2 hidden": ([2, 6, 6, 1], "relu", "linear", None, "square", 0),
}


@pytest.mark.parametrize("case", list(NETWORKS))
def test_whole_network_gradients_match_central_differences(case: str) -> None:
    sizes, activation, output_activation, layer_activations, loss, n_classes = NETWORKS[case]
    net = MLP(sizes, activation=activation, output_activation=output_activation,
              init="xavier_normal", seed=3, layer_activations=layer_activations)
    # non-zero biases: with b = 0 a layer fed only by dead ReLUs sits exactly on its kink z = 0
    rng = np.random.default_rng(4)
    for b in net.biases:
        b[...] = rng.normal(0.0, 0.3, b.shape)
    x, t = data(sizes[0], loss, n_classes, output_activation)
    assert_gradients_match(net, x, t, loss)


@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.3), (0.05, 0.0), (0.02, 0.1)])
def test_regularized_gradients_match_central_differences(l1: float, l2: float) -> None:
    net = MLP([2, 4, 3, 1], activation="tanh", output_activation="tanh", init="xavier_normal",
              seed=5)
    for w in net.weights:  # keep every weight away from the L1 kink at 0
        w[np.abs(w) < 0.01] = 0.1
    x, t = data(2, "square", 2, "tanh")
    assert_gradients_match(net, x, t, "square", l1, l2)


def test_regularization_adds_l1_sign_and_l2_w_to_weights_and_nothing_to_biases() -> None:
    net = MLP([2, 4, 3, 1], activation="tanh", init="playground", seed=2)  # biases 0.1 ≠ 0
    x, t = data(2, "square", 2, "tanh")
    l1, l2 = 0.03, 0.2
    plain, gw, gb = net.loss_and_gradients(x, t, "square")
    value, gw_reg, gb_reg = net.loss_and_gradients(x, t, "square", l1=l1, l2=l2)
    for w, g, g_reg in zip(net.weights, gw, gw_reg, strict=True):
        np.testing.assert_allclose(g_reg, g + l1 * np.sign(w) + l2 * w, rtol=1e-13, atol=1e-16)
    for g, g_reg in zip(gb, gb_reg, strict=True):
        np.testing.assert_array_equal(g_reg, g)
    penalty = sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w * w).sum() for w in net.weights)
    assert value - plain == pytest.approx(penalty, rel=1e-12)
    assert all((b != 0).all() for b in net.biases)  # so a bias penalty would have shown


# ---------------------------------------------------------------------------- dropout
def dropout_net(p: float | Sequence[float] = 0.4, seed: int = 6) -> MLP:
    return MLP([3, 6, 5, 1], activation="tanh", output_activation="tanh", init="xavier_normal",
               seed=seed, dropout=p)


def test_dropout_gradients_match_central_differences_with_the_same_mask() -> None:
    net = dropout_net()
    x, t = data(3, "square", 2, "tanh", n=20)

    def same_mask_loss() -> float:
        return net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(11))[0]

    value, grad_w, grad_b = net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(11))
    num_w, num_b = numeric_gradients(net, same_mask_loss)
    for a, n in zip(grad_w + grad_b, num_w + num_b, strict=True):
        assert_close(a, n)
    # the mask really is on: the loss differs from the no-dropout loss
    assert value != pytest.approx(reference_loss(net, x, t, "square"), rel=1e-3)


def test_dropout_loss_equals_the_hand_computation_with_the_drawn_mask() -> None:
    net = dropout_net()
    x, t = data(3, "square", 2, "tanh", n=20)
    value, _, _ = net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(1))
    masks = [m.copy() for m in net.last_dropout_masks if m is not None]
    assert [m.shape for m in masks] == [(20, 6), (20, 5)]
    a = x
    for w, b, mask in zip(net.weights[:-1], net.biases[:-1], masks, strict=True):
        a = np.tanh(a @ w + b) * mask
    y = np.tanh(a @ net.weights[-1] + net.biases[-1])
    assert value == pytest.approx(float(np.mean(0.5 * ((y - t) ** 2).sum(axis=1))), rel=1e-12)


def test_identically_seeded_generators_give_identical_dropout_results() -> None:
    net = dropout_net()
    x, t = data(3, "square", 2, "tanh", n=20)
    first = net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(9))
    masks = [m.copy() for m in net.last_dropout_masks if m is not None]
    second = net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(9))
    assert first[0] == second[0]
    for a, b in zip(first[1] + first[2], second[1] + second[2], strict=True):
        np.testing.assert_array_equal(a, b)
    for m, m2 in zip(masks, [m for m in net.last_dropout_masks if m is not None], strict=True):
        np.testing.assert_array_equal(m, m2)
    other = net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(10))
    assert other[0] != first[0]


def test_dropout_without_a_generator_equals_no_dropout() -> None:
    x, t = data(3, "square", 2, "tanh", n=20)
    with_dropout, without = dropout_net(0.5), dropout_net(0.0)
    np.testing.assert_array_equal(with_dropout.params, without.params)  # same draws
    a = with_dropout.loss_and_gradients(x, t, "square")
    b = without.loss_and_gradients(x, t, "square")
    assert a[0] == pytest.approx(b[0], rel=1e-15)
    for ga, gb in zip(a[1] + a[2], b[1] + b[2], strict=True):
        np.testing.assert_allclose(ga, gb, rtol=1e-15, atol=0.0)


def test_forward_never_drops() -> None:
    x, t = data(3, "square", 2, "tanh", n=20)
    with_dropout, without = dropout_net(0.5), dropout_net(0.0)
    expected = without.forward(x)
    np.testing.assert_array_equal(with_dropout.forward(x), expected)
    with_dropout.loss_and_gradients(x, t, "square", rng=np.random.default_rng(0))
    np.testing.assert_array_equal(with_dropout.forward(x), expected)
    np.testing.assert_array_equal(with_dropout.forward_logits(x)[1], expected)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_inverted_dropout_keeps_the_expected_activation(p: float) -> None:
    net = MLP([2, 50, 1], activation="relu", output_activation="tanh", dropout=p, seed=0)
    x = np.random.default_rng(0).normal(size=(4000, 2))
    t = np.zeros((4000, 1))
    net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(2))
    mask = net.last_dropout_masks[0]
    assert mask is not None
    assert mask.shape == (4000, 50)
    kept = 1.0 / (1.0 - p)
    assert set(np.unique(mask).tolist()) == {0.0, kept}  # kept units scaled by 1/(1 − p)
    assert float((mask == 0.0).mean()) == pytest.approx(p, abs=0.01)
    # E[φ(z) ⊙ mask] = φ(z): the scaling leaves the mean activation unchanged
    a = np.maximum(x @ net.weights[0] + net.biases[0], 0.0)
    assert float((a * mask).mean()) == pytest.approx(float(a.mean()), rel=0.02)


def test_dropout_per_layer_only_masks_layers_with_a_rate() -> None:
    net = dropout_net([0.0, 0.5])
    assert net.dropout == [0.0, 0.5]
    x, t = data(3, "square", 2, "tanh", n=20)
    net.loss_and_gradients(x, t, "square", rng=np.random.default_rng(0))
    assert net.last_dropout_masks[0] is None
    assert net.last_dropout_masks[1] is not None


# ---------------------------------------------------------------------------- public API
def test_notebook_api_works_as_documented() -> None:
    ds = make_dataset("xor", n_points=500, noise=0.1, train_fraction=0.5, seed=1)
    net = MLP([2, 4, 2, 1], activation="tanh", output_activation="tanh", init="xavier_uniform",
              seed=1)
    x = ds.x_train
    assert net.forward(x).shape == (250, 1)
    targets = encode_targets(ds.y_train, "square", 2, "tanh")
    loss, grad_w, grad_b = net.loss_and_gradients(x, targets, loss="square", l1=0.0, l2=0.0)
    assert isinstance(loss, float)
    assert [g.shape for g in grad_w] == [(2, 4), (4, 2), (2, 1)]
    assert [g.shape for g in grad_b] == [(4,), (2,), (1,)]
    opt = make_optimizer("adam", learning_rate=0.01)
    before = net.params.copy()
    opt.step(net.weights + net.biases, grad_w + grad_b)  # updates in place
    assert not np.array_equal(net.params, before)
    for _ in range(200):
        loss_now, grad_w, grad_b = net.loss_and_gradients(x, targets, loss="square")
        opt.step(net.weights + net.biases, grad_w + grad_b)
    assert loss_now < 0.5 * loss


def test_weights_and_biases_are_float64_views_of_params() -> None:
    net = MLP([3, 5, 2], seed=0)
    assert [w.shape for w in net.weights] == [(3, 5), (5, 2)]
    assert [b.shape for b in net.biases] == [(5,), (2,)]
    assert net.params.shape == (3 * 5 + 5 + 5 * 2 + 2,)
    for arr in net.weights + net.biases:
        assert arr.dtype == np.float64
        assert np.shares_memory(arr, net.params)
    net.weights[1][4, 1] = 7.0
    net.biases[0][2] = -3.0
    assert (net.params == 7.0).sum() == 1
    assert (net.params == -3.0).sum() == 1
    # the weight mask marks weights 1 and biases 0
    assert net.weight_mask.sum() == 3 * 5 + 5 * 2
    np.testing.assert_array_equal(net.params[net.weight_mask == 0],
                                  np.concatenate(net.biases))


def test_sgd_step_through_the_lists_updates_params_by_hand() -> None:
    net = MLP([2, 3, 1], seed=4, init="playground")
    x, t = data(2, "square", 2, "tanh")
    _, grad_w, grad_b = net.loss_and_gradients(x, t)
    old_w = [w.copy() for w in net.weights]
    old_b = [b.copy() for b in net.biases]
    make_optimizer("sgd", learning_rate=0.5).step(net.weights + net.biases, grad_w + grad_b)
    for w, w0, g in zip(net.weights, old_w, grad_w, strict=True):
        np.testing.assert_allclose(w, w0 - 0.5 * g, rtol=1e-15)
    for b, b0, g in zip(net.biases, old_b, grad_b, strict=True):
        np.testing.assert_allclose(b, b0 - 0.5 * g, rtol=1e-15)


def test_returned_gradients_are_fresh_arrays() -> None:
    net = MLP([2, 3, 1], seed=4)
    x, t = data(2, "square", 2, "tanh")
    _, grad_w, grad_b = net.loss_and_gradients(x, t)
    kept = [g.copy() for g in grad_w + grad_b]
    net.loss_and_gradients(2.0 * x, -t)
    for g, k in zip(grad_w + grad_b, kept, strict=True):
        np.testing.assert_array_equal(g, k)
        assert not np.shares_memory(g, net.grads)


def test_forward_equals_a_hand_written_loop() -> None:
    net = MLP([3, 4, 5, 2], activation="relu", output_activation="sigmoid",
              layer_activations=[None, "elu"], init="playground", seed=7)
    x = np.random.default_rng(0).normal(size=(9, 3))
    a = x
    for w, b, name in zip(net.weights, net.biases, ["relu", "elu", "sigmoid"], strict=True):
        z = a @ w + b
        a = get_activation(name).value(z)
    np.testing.assert_allclose(net.forward(x), a, rtol=1e-15)
    assert net.forward(x).shape == (9, 2)
    assert net.activation_names == ["relu", "elu", "sigmoid"]


def test_forward_layers_and_forward_logits_are_consistent() -> None:
    net = MLP([2, 4, 3, 2], activation="tanh", output_activation="sigmoid", seed=8)
    x = np.random.default_rng(1).normal(size=(6, 2))
    zs, acts = net.forward_layers(x)
    assert [z.shape for z in zs] == [(6, 4), (6, 3), (6, 2)]
    assert [a.shape for a in acts] == [(6, 4), (6, 3), (6, 2)]
    z, y = net.forward_logits(x)
    np.testing.assert_array_equal(zs[-1], z)
    np.testing.assert_array_equal(acts[-1], y)
    np.testing.assert_array_equal(net.forward(x), y)
    np.testing.assert_allclose(acts[0], np.tanh(zs[0]), rtol=1e-15)
    np.testing.assert_allclose(zs[1], acts[0] @ net.weights[1] + net.biases[1], rtol=1e-15)
    np.testing.assert_allclose(y, 1.0 / (1.0 + np.exp(-z)), rtol=1e-14)


def test_gradients_do_not_depend_on_the_batch_buffers_used_before() -> None:
    net = MLP([2, 4, 1], seed=1)
    x, t = data(2, "square", 2, "tanh", n=16)
    first = net.loss_and_gradients(x, t)
    net.loss_and_gradients(x[:5], t[:5])  # another batch size in between
    net.loss_and_gradients(-x, t)  # same size, other data
    again = net.loss_and_gradients(x, t)
    assert first[0] == again[0]
    for a, b in zip(first[1] + first[2], again[1] + again[2], strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_loss_is_a_mean_over_the_batch() -> None:
    net = MLP([2, 4, 1], seed=1)
    x, t = data(2, "square", 2, "tanh", n=16)
    value, grad_w, _ = net.loss_and_gradients(x, t)
    doubled, grad_w2, _ = net.loss_and_gradients(np.vstack([x, x]), np.vstack([t, t]))
    assert doubled == pytest.approx(value, rel=1e-14)
    np.testing.assert_allclose(grad_w2[0], grad_w[0], rtol=1e-13)


def test_same_seed_same_network_and_rng_wins_over_seed() -> None:
    a = MLP([2, 4, 1], seed=3)
    b = MLP([2, 4, 1], seed=3)
    c = MLP([2, 4, 1], seed=4)
    d = MLP([2, 4, 1], seed=4, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    np.testing.assert_array_equal(a.params, d.params)


# ---------------------------------------------------------------------------- vanishing gradients
def first_to_last_hidden_ratio(activation: str, init: str, seed: int) -> float:
    """Return ‖grad_w[5]‖ / ‖grad_w[0]‖ for a 6-hidden-layer net on the circle dataset."""
    ds = make_dataset("circle", n_points=200, seed=0)
    net = MLP([2] + [8] * 6 + [1], activation=activation, output_activation="tanh", init=init,
              seed=seed)
    t = encode_targets(ds.y_train, "square", 2, "tanh")
    _, grad_w, _ = net.loss_and_gradients(ds.x_train, t, "square")
    return float(np.linalg.norm(grad_w[5]) / np.linalg.norm(grad_w[0]))


def test_deep_sigmoid_network_has_vanishing_gradients_and_relu_he_does_not() -> None:
    sigmoid = [first_to_last_hidden_ratio("sigmoid", "uniform", s) for s in range(10)]
    relu = [first_to_last_hidden_ratio("relu", "he_normal", s) for s in range(10)]
    # every sigmoid/U[−1, 1] network: the first hidden layer learns ≥ 10× slower than the last
    assert min(sigmoid) > 10.0
    geometric_mean = float(np.exp(np.mean(np.log(sigmoid))))
    assert geometric_mean > 100.0
    # relu + He: the ratio stays near 1 (a few × either way)
    assert float(np.exp(np.mean(np.log(relu)))) < 10.0
    assert float(np.median(relu)) < 10.0


# ---------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(("kwargs", "bad", "allowed"), [
    ({"activation": "swish"}, "'swish'", "leaky_relu"),
    ({"output_activation": "softmax"}, "'softmax'", "sigmoid"),
    ({"layer_activations": ["relu", "gelu"]}, "'gelu'", "softplus"),
    ({"init": "glorot"}, "'glorot'", "xavier_uniform"),
])
def test_unknown_names_raise_value_error_naming_the_value_and_the_allowed_ones(
        kwargs: dict[str, object], bad: str, allowed: str) -> None:
    with pytest.raises(ValueError, match=bad) as err:
        MLP([2, 3, 3, 1], **kwargs)  # type: ignore[arg-type]
    assert allowed in str(err.value)


def test_unknown_hidden_activation_raises_even_without_hidden_layers() -> None:
    with pytest.raises(ValueError, match="'swish'"):
        MLP([2, 1], activation="swish")


@pytest.mark.parametrize("sizes", [[2, 0, 1], [2, -3, 1], [0, 1], [2, 4, 0], [2], [],
                                   [2, 2.5, 1], [2, 2000, 1]])
def test_bad_sizes_raise_value_error_naming_them(sizes: list[object]) -> None:
    with pytest.raises(ValueError, match="size") as err:
        MLP(sizes)  # type: ignore[arg-type]
    message = str(err.value)
    assert repr(sizes) in message or repr(tuple(sizes)) in message


@pytest.mark.parametrize("x", [np.zeros((4, 3)), np.zeros(2), np.zeros((2, 2, 2))])
def test_wrong_x_shape_raises_naming_the_shape(x: np.ndarray) -> None:
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)") as err:
        net.forward(x)
    assert str(x.shape) in str(err.value)
    for call in (net.forward_logits, net.forward_layers):
        with pytest.raises(ValueError, match="x must have shape"):
            call(x)
    with pytest.raises(ValueError, match="x must have shape"):
        net.loss_and_gradients(x, np.zeros((len(x), 1)))


@pytest.mark.parametrize("dropout", [1.0, 1.5, -0.1, [0.2, 1.0]])
def test_dropout_outside_zero_one_raises_naming_it(dropout: object) -> None:
    with pytest.raises(ValueError, match=r"dropout must lie in \[0, 1\)") as err:
        MLP([2, 3, 3, 1], dropout=dropout)  # type: ignore[arg-type]
    assert repr(dropout) in str(err.value)


def test_dropout_list_of_wrong_length_raises() -> None:
    with pytest.raises(ValueError, match=r"one value per hidden layer \(2\)"):
        MLP([2, 3, 3, 1], dropout=[0.1])


@pytest.mark.parametrize("layer_activations", [["relu"], ["relu", "tanh", "elu"], []])
def test_layer_activations_of_wrong_length_raise(layer_activations: list[str]) -> None:
    with pytest.raises(ValueError, match="layer_activations needs 2 entries") as err:
        MLP([2, 3, 3, 1], layer_activations=layer_activations)
    assert repr(layer_activations) in str(err.value)


def test_unknown_loss_in_loss_and_gradients_raises_naming_it() -> None:
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match="'mse'"):
        net.loss_and_gradients(np.zeros((4, 2)), np.zeros((4, 1)), loss="mse")


# ---------------------------------------------------------------------------- readable backward
@pytest.mark.parametrize("case", ["3 hidden, mixed, hinge", "4 hidden, mixed, log",
                                  "2 hidden, max_margin, 3 classes",
                                  "1 hidden, one-hot square, 3 classes"])
def test_readable_backward_matches_central_differences_with_masks_and_penalty(case: str) -> None:
    sizes, activation, output_activation, layer_activations, loss, n_classes = NETWORKS[case]
    net = MLP(sizes, activation=activation, output_activation=output_activation,
              init="xavier_normal", seed=3, layer_activations=layer_activations, dropout=0.3)
    for b in net.biases:
        b[...] = np.random.default_rng(4).normal(0.0, 0.3, b.shape)
    for w in net.weights:  # keep every weight away from the L1 kink at 0
        w[np.abs(w) < 0.01] = 0.1
    x, t = data(sizes[0], loss, n_classes, output_activation)
    l1, l2, loss_fn = 0.02, 0.1, get_loss(loss)
    zs, acts, masks = net.forward_train(x, np.random.default_rng(5))
    assert all(m is not None for m in masks)
    grad_w, grad_b, deltas = net.backward(x, zs, acts, masks, t, loss_fn, l1, l2)
    assert [d.shape for d in deltas] == [z.shape for z in zs]

    def masked_loss() -> float:  # the forward pass written out, with the same masks
        a = x
        for w, b, name, mask in zip(net.weights, net.biases, net.activation_names, masks + [None],
                                    strict=True):
            z = a @ w + b
            a = get_activation(name).value(z) * (1.0 if mask is None else mask)
        data_loss = loss_fn.values(a if loss_fn.on_output else z, t).mean()
        penalty = sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w * w).sum() for w in net.weights)
        return float(data_loss + penalty)

    num_w, num_b = numeric_gradients(net, masked_loss)
    for a, n in zip(grad_w + grad_b, num_w + num_b, strict=True):
        assert_close(a, n)
