"""The lecture's chain rule with live numbers: one weight, one training example, every factor.

For the weight w = w[l][i, j] from unit i of layer l's input to unit j of layer l, and one
example x with target t:
    z = Σ_i a_i · w_ij + b_j       (a = x in the first layer, else the previous layer's output)
    y_p = φ(z)                           (this unit's output)
    ∂E/∂w = ∂E/∂y_p · ∂y_p/∂z · ∂z/∂w = ∂E/∂y_p · φ'(z) · a_i = δ_j · a_i
    Δw = −α · ∂E/∂w
At the output, ∂E/∂y_p comes from the loss (for losses defined on z — log, hinge, softmax,
max-margin — δ = ∂E/∂z comes straight from the loss). In a hidden layer it is backpropagated:
∂E/∂y_p = Σ_k w_jk · δ_k over the next layer's units k. Regularisation is left out of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine._types import AnyArray, Array
from app.engine.losses import get_loss
from app.engine.network import MLP


@dataclass(frozen=True)
class ChainStep:
    """Every number of the chain for one weight and one example (see the module docstring).

    dE_dy and dy_dz are None where the loss reads z directly (then delta comes from the loss).
    upstream lists (w_jk, δ_k) for a hidden unit: the terms of the backpropagated ∂E/∂y_p.
    new_w and new_E: the weight and this example's loss after applying Δw to this weight alone.
    """

    layer: int
    i: int
    j: int
    n_layers: int
    activation: str
    loss: str
    x: tuple[float, ...]
    target: tuple[float, ...]
    a_in: float
    w: float
    b: float
    z: float
    y_p: float
    E: float
    dE_dy: float | None
    dy_dz: float | None
    delta: float
    dz_dw: float
    dE_dw: float
    learning_rate: float
    delta_w: float
    new_w: float
    new_E: float
    upstream: tuple[tuple[float, float], ...]


def _deltas(net: MLP, x: Array, t: AnyArray, loss_name: str) -> tuple[list[Array], list[Array],
                                                                    list[Array], Array | None]:
    """Return (zs, acts, deltas, dE/dŷ) for one example x (1, n_in); deltas[l] = ∂E/∂z[l] from
    MLP.backward (no dropout, no penalty); dE/dŷ only for a loss that reads ŷ."""
    loss = get_loss(loss_name)
    zs, acts, masks = net.forward_train(x)
    _, _, deltas = net.backward(x, zs, acts, masks, t, loss)
    dE_dy = loss.gradient(acts[-1], t) if loss.on_output else None
    return zs, acts, deltas, dE_dy


def explain_weight(net: MLP, x: Array, target: AnyArray, loss: str, layer: int, i: int, j: int,
                   learning_rate: float) -> ChainStep:
    """Return the chain for weight w[layer][i, j] on one example.

    Args:
        net: the network (not modified).
        x: the example's input features, (n_in,).
        target: its encoded target — (n_out,) floats, or a class index for index losses.
        loss: loss name; layer, i, j: which weight; learning_rate: α.

    Raises:
        ValueError: layer, i or j out of range.
    """
    if not 0 <= layer < len(net.weights):
        raise ValueError(f"layer must be in 0..{len(net.weights) - 1}, got {layer!r}")
    n_in, n_out = net.weights[layer].shape
    if not (0 <= i < n_in and 0 <= j < n_out):
        raise ValueError(f"weight index must be in [0, {n_in}) × [0, {n_out}), got ({i}, {j})")
    loss_fn = get_loss(loss)
    xb = np.asarray(x, dtype=np.float64).reshape(1, -1)
    tb = np.asarray(target).reshape(1) if loss_fn.index_targets else \
        np.asarray(target, dtype=np.float64).reshape(1, -1)
    zs, acts, deltas, dE_dy_out = _deltas(net, xb, tb, loss)
    last = len(zs) - 1
    a_prev = xb if layer == 0 else acts[layer - 1]
    a_in, w = float(a_prev[0, i]), float(net.weights[layer][i, j])
    delta = float(deltas[layer][0, j])
    act = net.activations[layer]
    y_p, z = float(acts[layer][0, j]), float(zs[layer][0, j])
    upstream: tuple[tuple[float, float], ...] = ()
    if layer < last:
        w_next = net.weights[layer + 1][j]
        upstream = tuple((float(wk), float(dk)) for wk, dk in zip(w_next, deltas[layer + 1][0],
                                                                 strict=True))
        dE_dy: float | None = float(np.dot(w_next, deltas[layer + 1][0]))
        dy_dz: float | None = float(act.derivative(zs[layer], acts[layer])[0, j])
    elif loss_fn.on_output and dE_dy_out is not None:
        dE_dy = float(dE_dy_out[0, j])
        dy_dz = float(act.derivative(zs[layer], acts[layer])[0, j])
    else:
        dE_dy = dy_dz = None
    dE_dw = delta * a_in
    delta_w = -learning_rate * dE_dw
    E = _example_loss(net, xb, tb, loss)
    original = net.weights[layer][i, j]
    try:
        net.weights[layer][i, j] = w + delta_w
        new_E = _example_loss(net, xb, tb, loss)
    finally:
        net.weights[layer][i, j] = original
    return ChainStep(layer, i, j, len(zs), act.name, loss, tuple(xb[0].tolist()),
                     tuple(np.ravel(tb).tolist()), a_in, w, float(net.biases[layer][j]), z, y_p,
                     E, dE_dy, dy_dz, delta, a_in, dE_dw, learning_rate, delta_w, w + delta_w,
                     new_E, upstream)


def _example_loss(net: MLP, x: Array, t: AnyArray, loss: str) -> float:
    """Return the data loss E of one example (1, n_in) under the network as it stands."""
    loss_fn = get_loss(loss)
    z, out = net.forward_logits(x)
    return float(loss_fn.values(out if loss_fn.on_output else z, t)[0])
