"""Build the replayable plans: MLP.forward and MLP.backward as lists of in-place NumPy calls.

Same maths, same order as network.py, transposed: the buffers are feature-major (units, n), so
zᵀ[i] = wb[i]ᵀ [aᵀ[i]; 1] is one BLAS product with the bias folded in, and the backward steps
read δ[i] (units, n):
    δ[L−1] = dE/dy / n  (⊙ φ_out'(z) when the loss reads ŷ)
    grad_wb[i] = [aᵀ[i]; 1] δ[i]ᵀ           (grad_w = aᵀ δ and grad_b = Σ_rows δ in one product)
    δ[i−1] = (w[i] δ[i]) ⊙ mask[i−1] ⊙ φ'(z[i−1])
    grads += l1 · sign(w) + l2 · w            (weights only)

training_plans() builds the plans of a whole epoch's batches: batches of one size replay the same
calls on the same buffers and differ only in their inputs and targets, so their plans share every
other call, and the regulariser's buffers are allocated once for all of them — a plan per batch
costs a list of references, not parameter-sized arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray, Array, Op
from app.engine.compiled.ops import backward_ops, forward_ops, gradient_ops
from app.engine.compiled.workspace import Workspace
from app.engine.losses import Loss
from app.engine.network import MLP
from app.engine.optimizers import Optimizer
from app.engine.regularizers import L1Clamp


def training_plan(net: MLP, xa_t: Array, t_t: AnyArray, loss: Loss, l1: float = 0.0,
                  l2: float = 0.0, rng: np.random.Generator | None = None
                  ) -> tuple[list[Op], Array]:
    """Return (ops, y_t): the calls that fill net.grads for one batch exactly as MLP.backward
    computes them, and the buffer (n_out, n) that will hold what the loss reads (ŷ or z).

    Args:
        net: the network; its params and grads are read and written in place.
        xa_t: the batch's inputs, feature-major, with a last row of ones: (n_in + 1, n).
        t_t: targets, feature-major (n_out, n) floats, or (n,) class indices.
        loss, l1, l2: the loss object and regularisation rates.
        rng: draws fresh dropout masks each replay; None turns dropout off.

    The plan is built once and replayed: xa_t and t_t must keep their memory (the trainer
    refills them each epoch), the calls allocate nothing, and every call works on whole
    arrays — one BLAS product or ufunc each, never a loop over examples.
    """
    ws = workspace(net, xa_t.shape[1])
    ops = _forward_ops(net, xa_t, ws, rng)
    acts, last = net.activations, len(net.sizes) - 2
    a_in = [xa_t, *ws.a_aug[1:]]
    y = ws.out if loss.on_output else ws.z[last]
    delta = ws.delta[last]
    ops += gradient_ops(loss, y, t_t, delta)
    ops.append((np.multiply, (delta, ws.inv_n, delta)))
    if loss.on_output:
        ops += backward_ops(acts[last], delta, ws.z[last], ws.out, ws.scratch[last])
    for i in range(last, 0, -1):
        ops.append((np.dot, (a_in[i], delta.T, net._gwb[i])))
        prev = ws.delta[i - 1]
        ops.append((np.dot, (net.weights[i], delta, prev)))
        mask = ws.mask[i - 1]
        if mask is not None and rng is not None:
            ops.append((np.multiply, (prev, mask, prev)))
        ops += backward_ops(acts[i - 1], prev, ws.z[i - 1], ws.a_raw[i - 1], ws.scratch[i - 1])
        delta = prev
    ops.append((np.dot, (a_in[0], delta.T, net._gwb[0])))
    ops += _regularization_ops(net, l1, l2)
    return ops, y


def training_plans(net: MLP, xs: Sequence[Array], ts: Sequence[AnyArray], loss: Loss,
                   l1: float = 0.0, l2: float = 0.0, rng: np.random.Generator | None = None,
                   tail: Sequence[Op] = ()) -> list[list[Op]]:
    """Return one plan per batch, training_plan(net, xs[k], ts[k], …) followed by `tail` (the
    optimizer's step), with every call that does not read the batch shared between the plans.

    Args:
        xs, ts: each batch's inputs (n_in + 1, n) and targets, as training_plan takes them.

    The regulariser's calls (and their parameter-sized buffers) are built once; for each batch
    size the plan of its first batch is the template, and a later batch's plan is that list with
    the calls that name the template's inputs or targets re-pointed at its own.
    """
    reg = _regularization_ops(net, l1, l2)
    templates: dict[int, tuple[Array, AnyArray, list[Op]]] = {}
    plans = []
    for x, t in zip(xs, ts, strict=True):
        if x.shape[1] not in templates:
            ops = training_plan(net, x, t, loss, rng=rng)[0] + reg + list(tail)
            templates[x.shape[1]] = (x, t, ops)
            plans.append(ops)
            continue
        x0, t0, ops = templates[x.shape[1]]
        plans.append([op if not any(a is x0 or a is t0 for a in op[1])
                      else (op[0], tuple(x if a is x0 else t if a is t0 else a for a in op[1]))
                      for op in ops])
    return plans


def epoch_plans(net: MLP, optimizer: Optimizer, xs: Sequence[Array], ts: Sequence[AnyArray],
                loss: Loss, l1: float, l2: float, rng: np.random.Generator) -> list[list[Op]]:
    """Return the trainer's plan of each batch: MLP.forward_train and MLP.backward compiled
    (training_plans), then the optimizer's step on the flat parameters (step_ops), framed by the
    L1 step's calls (regularizers.L1Clamp; they refer to the optimizer, never the trainer: no
    cycle, see test_saving)."""
    update = optimizer.step_ops([net.params], [net.grads])
    if l1:
        clamp = L1Clamp(net.params, net.grads, net.weight_mask, net.dead,
                        lambda: optimizer.learning_rate * l1)
        update = clamp.before_update() + update + clamp.after_update()
    return training_plans(net, xs, ts, loss, 0.0, l2, rng, update)


def forward_plan(net: MLP, xa_t: Array) -> tuple[list[Op], list[Array], list[Array]]:
    """Return (ops, zs, acts): the calls that evaluate the network without dropout on
    xa_t (n_in + 1, n), and the buffers they leave every layer's zᵀ[i] and aᵀ[i+1] (sizes[i+1], n)
    in — acts[-1] is the output and zs[-1] its pre-activation; a hidden layer's z is computed in
    place of its activation, so zs[i] is acts[i] there."""
    ws = workspace(net, xa_t.shape[1], forward_only=True)
    return _forward_ops(net, xa_t, ws, None), ws.z, [*ws.a, ws.out]


def workspace(net: MLP, n: int, forward_only: bool = False) -> Workspace:
    """Return net's buffers for batches of n examples (a bounded cache: batch, rest, sets)."""
    ws = net._workspaces.get((n, forward_only))
    if ws is None:
        if len(net._workspaces) > 8:
            net._workspaces.clear()
        ws = Workspace(net.sizes, n, net.dropout, forward_only)
        net._workspaces[n, forward_only] = ws
    return ws


def _forward_ops(net: MLP, xa_t: Array, ws: Workspace, rng: np.random.Generator | None
                 ) -> list[Op]:
    """Return the forward calls: zᵀ[i] = wb[i]ᵀ [aᵀ[i]; 1]; aᵀ[i+1] = φ_i(zᵀ[i]) (⊙ mask)."""
    acts, last = net.activations, len(net.sizes) - 2
    a_in = [xa_t, *ws.a_aug[1:]]
    ops: list[Op] = []
    for i in range(last):
        ops.append((np.dot, (net._wb[i].T, a_in[i], ws.z[i])))
        ops += forward_ops(acts[i], ws.z[i], ws.a_raw[i])
        mask = ws.mask[i]
        if mask is not None:
            ops += _dropout_ops(net, i, ws, mask, rng)
    ops.append((np.dot, (net._wb[last].T, a_in[last], ws.z[last])))
    ops += forward_ops(acts[last], ws.z[last], ws.out)
    return ops


def _dropout_ops(net: MLP, i: int, ws: Workspace, mask: Array,
                 rng: np.random.Generator | None) -> list[Op]:
    """Return the calls for inverted dropout on hidden layer i: a = φ(z) ⊙ mask, where
    mask = [u ≥ p] / (1 − p), u ~ U[0, 1) drawn fresh per replay (a plain copy without rng).

    The mask is drawn feature-major (units, n), as MLP.forward_train draws it; last_dropout_masks[i]
    shows it batch-first.
    """
    p = net.dropout[i]
    if rng is None:
        return [(np.copyto, (ws.a[i], ws.a_raw[i]))]

    def draw() -> None:
        rng.random(out=mask)
        np.greater_equal(mask, p, out=mask)
        np.multiply(mask, 1.0 / (1.0 - p), out=mask)
        net.last_dropout_masks[i] = mask.T

    return [(draw, ()), (np.multiply, (ws.a_raw[i], mask, ws.a[i]))]


def _regularization_ops(net: MLP, l1: float, l2: float) -> list[Op]:
    """Return the calls adding l1·sign(w) + l2·w to the weight gradients (never biases)."""
    ops: list[Op] = []
    scratch = np.empty_like(net.params)
    if l1:
        l1_mask = l1 * net.weight_mask
        ops += [(np.sign, (net.params, scratch)), (np.multiply, (scratch, l1_mask, scratch)),
                (np.add, (net.grads, scratch, net.grads))]
    if l2:
        l2_mask = l2 * net.weight_mask
        ops += [(np.multiply, (net.params, l2_mask, scratch)),
                (np.add, (net.grads, scratch, net.grads))]
    return ops
