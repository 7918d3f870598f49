"""The compiled training plan is an optimisation of exactly MLP.backward: for every trainable
activation (hidden and output) × loss × regulariser, with and without dropout (the same masks,
from identically seeded generators), its gradients equal the readable backward's to 1e-12.
The plans of a whole epoch share every call but those reading the batch, and hold no per-batch
parameter-sized buffers.
"""

import tracemalloc

import numpy as np
import pytest

from app.engine import MLP, TRAINABLE_ACTIVATIONS, Trainer, encode_targets, get_loss, make_optimizer
from app.engine.compiled.plans import training_plan, training_plans
from app.engine.losses import LOSSES
from tests.engine.test_network import assert_close, numeric_gradients

TOLERANCE = 1e-12
REGULARISERS = {"none": (0.0, 0.0), "l1": (0.03, 0.0), "l2": (0.0, 0.2)}
N_CLASSES = {"square": 3, "log": 2, "hinge": 2, "softmax_cross_entropy": 3, "max_margin": 3}


def batch(net: MLP, loss: str, n: int = 13) -> tuple[np.ndarray, np.ndarray]:
    """Return inputs x (n, n_in) and targets encoded for the loss, every class present."""
    rng = np.random.default_rng(len(loss))
    n_classes = N_CLASSES[loss]
    labels = rng.integers(0, n_classes, n)
    labels[:n_classes] = np.arange(n_classes)
    x = rng.normal(0.0, 1.5, (n, net.n_inputs))
    return x, encode_targets(labels, loss, n_classes, net.activation_names[-1])


def network(hidden: str, output: str, loss: str, dropout: float = 0.0) -> MLP:
    n_out = 1 if N_CLASSES[loss] == 2 and not get_loss(loss).index_targets else N_CLASSES[loss]
    net = MLP([3, 5, 4, n_out], activation=hidden, output_activation=output,
              init="xavier_normal", seed=2, dropout=dropout)
    net.biases[0][...] = np.random.default_rng(3).normal(0.0, 0.3, 5)  # off ReLU's kink
    return net


def compiled_gradients(net: MLP, x: np.ndarray, t: np.ndarray, loss: str, l1: float, l2: float,
                       rng: np.random.Generator | None) -> list[np.ndarray]:
    """Return grad_w + grad_b as the trainer computes them: one replay of the training plan."""
    loss_fn = get_loss(loss)
    xa_t = np.vstack([x.T, np.ones((1, len(x)))])
    t_t = t if loss_fn.index_targets else np.ascontiguousarray(t.T)
    net.grads[...] = np.nan  # every entry must be written by the plan
    ops, _ = training_plan(net, xa_t, t_t, loss_fn, l1, l2, rng)
    for fn, args in ops:
        fn(*args)
    return [g.copy() for g in net.grad_weights + net.grad_biases]


def readable_gradients(net: MLP, x: np.ndarray, t: np.ndarray, loss: str, l1: float, l2: float,
                       rng: np.random.Generator | None) -> list[np.ndarray]:
    """Return grad_w + grad_b from MLP.forward_train and MLP.backward."""
    zs, acts, masks = net.forward_train(x, rng)
    grad_w, grad_b, _ = net.backward(x, zs, acts, masks, t, get_loss(loss), l1, l2)
    return grad_w + grad_b


def assert_equal_to_1e12(compiled: list[np.ndarray], readable: list[np.ndarray]) -> None:
    for c, r in zip(compiled, readable, strict=True):
        assert c.shape == r.shape
        np.testing.assert_allclose(c, r, rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("hidden", TRAINABLE_ACTIVATIONS)
def test_compiled_gradients_equal_the_readable_backward(hidden: str, loss: str) -> None:
    for output in TRAINABLE_ACTIVATIONS:
        net = network(hidden, output, loss)
        x, t = batch(net, loss)
        for l1, l2 in REGULARISERS.values():
            compiled = compiled_gradients(net, x, t, loss, l1, l2, None)
            assert_equal_to_1e12(compiled, readable_gradients(net, x, t, loss, l1, l2, None))


@pytest.mark.parametrize("loss", list(LOSSES))
@pytest.mark.parametrize("hidden", TRAINABLE_ACTIVATIONS)
def test_compiled_dropout_gradients_equal_the_readable_backward_with_the_same_masks(
        hidden: str, loss: str) -> None:
    output = "sigmoid" if loss == "log" else "tanh" if loss == "square" else "linear"
    net = network(hidden, output, loss, dropout=0.4)
    x, t = batch(net, loss)
    for regulariser, (l1, l2) in REGULARISERS.items():
        seed = len(regulariser)
        compiled = compiled_gradients(net, x, t, loss, l1, l2, np.random.default_rng(seed))
        compiled_masks = [m.copy() for m in net.last_dropout_masks if m is not None]
        readable = readable_gradients(net, x, t, loss, l1, l2, np.random.default_rng(seed))
        readable_masks = [m for m in net.last_dropout_masks if m is not None]
        assert len(compiled_masks) == 2 and (compiled_masks[0] == 0).any()  # dropout is on
        for c, r in zip(compiled_masks, readable_masks, strict=True):
            np.testing.assert_array_equal(c, r)
        assert_equal_to_1e12(compiled, readable)


def test_compiled_gradients_match_central_differences() -> None:
    net = network("tanh", "tanh", "square")
    x, t = batch(net, "square")
    loss_fn, l1, l2 = get_loss("square"), 0.01, 0.1

    def loss_value() -> float:
        z, y = net.forward_logits(x)
        penalty = sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w * w).sum() for w in net.weights)
        return float(loss_fn.values(y, t).mean() + penalty)

    compiled = compiled_gradients(net, x, t, "square", l1, l2, None)
    num_w, num_b = numeric_gradients(net, loss_value)
    for a, n in zip(compiled, num_w + num_b, strict=True):
        assert_close(a, n)


def test_the_plans_of_an_epoch_are_each_batchs_training_plan_sharing_their_calls() -> None:
    net = network("relu", "tanh", "square")
    x, t = batch(net, "square", n=17)
    xs = [np.vstack([x[k:k + 5].T, np.ones((1, len(x[k:k + 5])))]) for k in range(0, 17, 5)]
    ts = [np.ascontiguousarray(t[k:k + 5].T) for k in range(0, 17, 5)]
    loss_fn, l1, l2 = get_loss("square"), 0.03, 0.2
    plans = training_plans(net, xs, ts, loss_fn, l1, l2)
    one = training_plan(net, xs[0], ts[0], loss_fn, l1, l2)[0]
    assert [len(p) for p in plans] == [len(one)] * 4
    assert sum(a is b for a, b in zip(plans[0], plans[1], strict=True)) == len(plans[0]) - 3
    for plan, xa_t, t_t in zip(plans, xs, ts, strict=True):
        for fn, args in plan:
            fn(*args)
        shared = net.grads.copy()
        for fn, args in training_plan(net, xa_t, t_t, loss_fn, l1, l2)[0]:
            fn(*args)
        np.testing.assert_array_equal(shared, net.grads)


@pytest.mark.parametrize("l1,l2", [(0.001, 0.0), (0.0, 0.001)])
def test_a_batch_of_the_largest_network_costs_no_parameter_sized_memory(
        l1: float, l2: float) -> None:
    """The largest run the schema allows trains 1,080 batches of one; its plans must not hold
    per-batch copies of its 2,049 parameters (each 16 KB), with either regulariser."""
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-6, 6, (1080, 7)), rng.uniform(-1, 1, 1080)

    def held(batch_size: int) -> int:
        net = MLP([7, *[16] * 8, 1], activation="relu", output_activation="linear", seed=1,
                  dropout=0.5)
        trainer = Trainer(net, make_optimizer("adam", learning_rate=0.01), x, y, loss="square",
                          n_classes=0, batch_size=batch_size, l1=l1, l2=l2, seed=2)
        tracemalloc.start()
        try:
            trainer.step()
            trainer.step()
            return tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()

    per_batch = (held(1) - held(2)) / 540  # 1,080 batches of one against 540 of two
    assert per_batch < 16_392 / 8  # was 34 KB a batch with L1 or L2, 17 KB without
