"""The engine against TensorFlow Playground's training rule, written out here from its description
(shared/reference/tf-playground-facts.md §3.2–3.3): data_order="playground" and L1's clamp.

TF Playground walks the training points in their stored order every epoch, accumulates each
point's gradient and, after every batch_size-th point of the epoch, applies
    w_mid = w − lr · (Σ dE/dw) / count,   then   w ← w_mid − lr · rate · R'(w_old)
to every live link (biases: the first step only); the points left after the epoch's last update
stay in the accumulators and join the next epoch's first update. Under L1 a weight that the second
step carries across zero (w_mid · w < 0) becomes 0 and its link dead: no more gradient or update.

Two references: one takes each update's mean gradient from the engine's own compiled batch
gradient, so the rule's bookkeeping (which points, which divisor, which order, the clamp, the dead
links) can be compared bit for bit; the other is TF Playground to the letter, point by point
with its own forward and backward pass, compared to 1e-12.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from app.config import from_query
from app.engine import MLP
from app.engine._types import Array
from app.engine.compiled.plans import training_plan
from app.engine.losses import get_loss
from app.session.run import build_run

EPOCHS, BATCH, LR = 50, 30, 0.03
Gradient = Callable[[Array, list[int]], Array]


def _run(regularization: str, rate: float) -> tuple[MLP, Array, Array, Array]:
    """Return (net, initial params, x_train, targets) of the default network on the default
    circle (250 training points: 8 batches of 30 and 10 carried), as the app builds it."""
    run = build_run(from_query(f"data_order=playground&batch_size={BATCH}&learning_rate={LR}"
                               f"&regularization={regularization}&regularization_rate={rate}"))
    assert isinstance(run.model, MLP)
    trainer = run.trainer
    return run.model, run.model.params.copy(), trainer.x_train, trainer.t_train  # type: ignore[union-attr]


def _compiled_gradient(net: MLP, x: Array, t: Array) -> Gradient:
    """Return grad(params, points): the engine's compiled mean data gradient of those points."""
    twin = MLP(net.sizes, activation="tanh", output_activation="tanh")

    def grad(params: Array, points: list[int]) -> Array:
        xa_t = np.ascontiguousarray(np.vstack([x[points].T, np.ones(len(points))]))
        ops, _ = training_plan(twin, xa_t, np.ascontiguousarray(t[points].T), get_loss("square"))
        twin.params[...] = params
        for fn, args in ops:
            fn(*args)
        return twin.grads.copy()

    return grad


def _literal_gradient(net: MLP, x: Array, t: Array) -> Gradient:
    """Return grad(params, points): TF Playground's accumulation, one point at a time — forward,
    back-propagate ½(ŷ − t)², add each link's dE/dw — divided by the count."""
    shapes = [(n_in + 1, n_out) for n_in, n_out in zip(net.sizes[:-1], net.sizes[1:], strict=True)]
    ends = np.cumsum([a * b for a, b in shapes])

    def grad(params: Array, points: list[int]) -> Array:
        wbs = [block.reshape(s) for block, s in zip(np.split(params, ends[:-1]), shapes,
                                                     strict=True)]
        acc = [np.zeros(s) for s in shapes]
        for p in points:
            outs = [x[p]]
            for wb in wbs:
                outs.append(np.tanh(outs[-1] @ wb[:-1] + wb[-1]))
            der = (outs[-1] - t[p]) * (1.0 - outs[-1] ** 2)  # dE/dz of the output node
            for layer in range(len(wbs) - 1, -1, -1):
                acc[layer][:-1] += np.outer(outs[layer], der)
                acc[layer][-1] += der
                der = (wbs[layer][:-1] @ der) * (1.0 - outs[layer] ** 2)
        return np.concatenate([a.ravel() for a in acc]) / len(points)

    return grad


def _playground(params: Array, mask: Array, n: int, grad: Gradient, l1: float,
                l2: float) -> tuple[Array, Array]:
    """Return (params, dead) after EPOCHS epochs of TF Playground's rule from these params."""
    w, dead, carried = params.copy(), np.zeros(len(params), dtype=bool), []
    for _ in range(EPOCHS):
        accumulated = list(carried)  # left in the accumulators by the last epoch
        for i in range(n):
            accumulated.append(i)
            if (i + 1) % BATCH:
                continue
            g = grad(w, accumulated)
            g[dead] = 0.0
            # TF Playground subtracts lr·g and then lr·l2·w_old; both at w_old, summed first here
            # as the engine sums them, so that the comparison can be exact to the bit
            g = g + w * (l2 * mask)
            sign_old = np.sign(w) * mask
            w_mid = w - g * LR
            w = w_mid - sign_old * (LR * l1)
            if l1:
                dead |= w_mid * w < 0.0
                w[dead] = 0.0
            accumulated = []
        carried = accumulated
    return w, dead


@pytest.mark.parametrize(("regularization", "rate"), [("l1", 0.03), ("l2", 0.03), ("none", 0.0)])
def test_the_engine_trains_exactly_as_tf_playgrounds_rule(regularization: str, rate: float) -> None:
    net, start, x, t = _run(regularization, rate)
    l1, l2 = (rate, 0.0) if regularization == "l1" else (0.0, rate)
    want, want_dead = _playground(start, net.weight_mask, len(x), _compiled_gradient(net, x, t),
                                  l1, l2)
    trainer = build_run(from_query(  # the same run again, trained by the engine
        f"data_order=playground&batch_size={BATCH}&learning_rate={LR}"
        f"&regularization={regularization}&regularization_rate={rate}")).trainer
    for _ in range(EPOCHS):
        trainer.step()
    got = trainer.net  # type: ignore[union-attr]
    assert np.array_equal(got.params, want), np.abs(got.params - want).max()
    assert np.array_equal(got.dead, want_dead)
    if regularization == "l1":
        assert 3 <= want_dead.sum() < net.weight_mask.sum()  # the clamp did cut some links
        assert np.all(got.params[got.dead] == 0.0)


@pytest.mark.parametrize(("regularization", "rate"), [("l1", 0.03), ("l2", 0.03)])
def test_the_engine_matches_tf_playground_point_by_point(regularization: str, rate: float) -> None:
    net, start, x, t = _run(regularization, rate)
    l1, l2 = (rate, 0.0) if regularization == "l1" else (0.0, rate)
    want, want_dead = _playground(start, net.weight_mask, len(x), _literal_gradient(net, x, t),
                                  l1, l2)
    trainer = build_run(from_query(
        f"data_order=playground&batch_size={BATCH}&learning_rate={LR}"
        f"&regularization={regularization}&regularization_rate={rate}")).trainer
    for _ in range(EPOCHS):
        trainer.step()
    np.testing.assert_allclose(trainer.net.params, want, rtol=0, atol=1e-12)  # type: ignore[union-attr]
    assert np.array_equal(trainer.net.dead, want_dead)  # type: ignore[union-attr]
