"""The multilayer perceptron: parameters, `forward` and `backward` (the chain rule) side by side.

Layout: every parameter lives in one flat float64 vector `params` so an optimizer updates the whole
network in a couple of NumPy calls. Layer i (0-based, L = len(sizes) − 1 layers) owns a block viewed
as wb[i] (n_in + 1, n_out): rows 0..n_in−1 are the weights w[i] (n_in, n_out) and the last row is
the bias b[i] (n_out,), so z = [a, 1] @ wb[i] = a @ w[i] + b[i] is one matrix product. `weights`,
`biases`, `grad_weights` and `grad_biases` are views into `params` and `grads`.

Conventions: batch first, x (n, n_in); a[0] = x; z[i] = a[i] @ w[i] + b[i]; a[i+1] = φ_i(z[i]).
Backward: δ[L−1] = dE/dz[L−1]; grad_w[i] = a[i]ᵀ δ[i]; grad_b[i] = Σ_rows δ[i];
δ[i−1] = (δ[i] @ w[i]ᵀ) ⊙ φ'_{i−1}(z[i−1]). The loss is a mean over the batch.
The trainer runs the same maths compiled (app/engine/compiled/: feature-major, preallocated).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray, Array
from app.engine.activations import Activation, get_activation
from app.engine.compiled.workspace import Workspace
from app.engine.initializers import get_initializer
from app.engine.losses import Loss, get_loss
from app.engine.regularizers import penalty

MAX_LAYERS = 64
MAX_UNITS = 1024


def _check_sizes(sizes: Sequence[int]) -> tuple[int, ...]:
    """Return sizes as a tuple of ints after checking them (≥ 2 entries, each 1..MAX_UNITS)."""
    try:
        out = tuple(int(s) for s in sizes)
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a list of integers, got {sizes!r}") from None
    if len(out) < 2 or len(out) > MAX_LAYERS + 1:
        raise ValueError(f"sizes needs 2..{MAX_LAYERS + 1} entries (inputs … outputs), got {out!r}")
    if any(s != orig or not 1 <= s <= MAX_UNITS for s, orig in zip(out, sizes, strict=True)):
        raise ValueError(
            f"every layer size must be an integer in 1..{MAX_UNITS}, got {list(sizes)!r}")
    return out


def _per_hidden(value: float | Sequence[float], n_hidden: int, what: str) -> list[float]:
    """Return one float per hidden layer from a scalar or a list of n_hidden floats."""
    if isinstance(value, int | float):
        values = [float(value)] * n_hidden
    else:
        values = [float(v) for v in value]
    if len(values) != n_hidden:
        raise ValueError(f"{what} needs one value per hidden layer ({n_hidden}), got {value!r}")
    return values


class MLP:
    """A fully connected feed-forward network trained by backpropagation.

    Args:
        sizes: units per layer, inputs first and outputs last, e.g. [2, 4, 2, 1].
        activation: name of the hidden layers' activation φ (see activations.py).
        output_activation: name of the output layer's activation φ_out.
        init: weight initialiser name (see initializers.py).
        seed: seeds the initialiser's generator when rng is not given.
        layer_activations: optional per-hidden-layer override (None entries keep `activation`).
        dropout: drop probability p in [0, 1) per hidden layer (scalar = all layers); inverted
            dropout scales kept units by 1/(1 − p) while training, so evaluation needs no change.
        rng: a numpy Generator to draw the initial weights from (wins over seed).

    Raises:
        ValueError: unknown names, sizes ≤ 0, dropout outside [0, 1).
    """

    def __init__(self, sizes: Sequence[int], activation: str = "tanh",
                 output_activation: str = "tanh", init: str = "xavier_uniform", seed: int = 0,
                 *, layer_activations: Sequence[str | None] | None = None,
                 dropout: float | Sequence[float] = 0.0,
                 rng: np.random.Generator | None = None) -> None:
        self.sizes = _check_sizes(sizes)
        n_hidden = len(self.sizes) - 2
        get_activation(activation)  # validated even when no hidden layer uses it
        names = list(layer_activations) if layer_activations is not None else [None] * n_hidden
        if len(names) != n_hidden:
            raise ValueError(f"layer_activations needs {n_hidden} entries, got {names!r}")
        self.activation_names = [name or activation for name in names] + [output_activation]
        self.activations: list[Activation] = [get_activation(n) for n in self.activation_names]
        self.dropout = _per_hidden(dropout, n_hidden, "dropout")
        if not all(0.0 <= p < 1.0 for p in self.dropout):
            raise ValueError(f"dropout must lie in [0, 1), got {dropout!r}")
        self.init = init
        initializer = get_initializer(init)
        rng = rng if rng is not None else np.random.default_rng(seed)

        pairs = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        blocks = [(n_in + 1) * n_out for n_in, n_out in pairs]
        self.layer_starts = np.cumsum([0, *blocks[:-1]]).astype(np.intp)  # block offsets
        self.params: Array = np.empty(sum(blocks))
        self.grads: Array = np.zeros(sum(blocks))
        self._wb: list[Array] = []
        self._gwb: list[Array] = []
        mask = np.zeros(sum(blocks))
        offset = 0
        for (n_in, n_out), size in zip(pairs, blocks, strict=True):
            self._wb.append(self.params[offset:offset + size].reshape(n_in + 1, n_out))
            self._gwb.append(self.grads[offset:offset + size].reshape(n_in + 1, n_out))
            mask[offset:offset + n_in * n_out] = 1.0
            w, b = initializer(n_in, n_out, rng)
            self._wb[-1][:-1], self._wb[-1][-1] = w, b
            offset += size
        self.weight_mask: Array = mask  # 1 where params holds a weight, 0 for a bias
        self.dead = np.zeros(len(self.params), dtype=bool)  # links L1 clamped (L1Clamp)
        self.dead_weights = [self.dead[s:s + w.size].reshape(w.shape) for s, w in
                             zip(self.layer_starts, (wb[:-1] for wb in self._wb), strict=True)]
        self.weights: list[Array] = [wb[:-1] for wb in self._wb]
        self.biases: list[Array] = [wb[-1] for wb in self._wb]
        self.grad_weights: list[Array] = [g[:-1] for g in self._gwb]
        self.grad_biases: list[Array] = [g[-1] for g in self._gwb]
        self._workspaces: dict[tuple[int, bool], Workspace] = {}  # compiled plans' buffers
        self.last_dropout_masks: list[Array | None] = [None] * n_hidden

    # ------------------------------------------------------------------ evaluation
    @property
    def n_inputs(self) -> int:
        """Number of input features."""
        return self.sizes[0]

    @property
    def n_outputs(self) -> int:
        """Number of output units."""
        return self.sizes[-1]

    def forward(self, x: Array) -> Array:
        """Return the output ŷ = φ_out(z[L−1]) (n, n_out) for inputs x (n, n_in); no dropout."""
        a = self._check_x(x)
        for w, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            a = act.value(a @ w + b)
        return a

    def forward_logits(self, x: Array) -> tuple[Array, Array]:
        """Return (z, ŷ): the output pre-activation and output, both (n, n_out); no dropout."""
        zs, acts = self.forward_layers(x)
        return zs[-1], acts[-1]

    def forward_layers(self, x: Array) -> tuple[list[Array], list[Array]]:
        """Return (zs, activations): z[i] (n, sizes[i+1]) and a[i+1] = φ_i(z[i]) for every layer."""
        zs, acts, _ = self.forward_train(x)
        return zs, acts

    def _check_x(self, x: Array) -> Array:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_inputs:
            raise ValueError(f"x must have shape (n, {self.n_inputs}), got {x.shape}")
        return x

    # ------------------------------------------------------------------ training
    def forward_train(self, x: Array, rng: np.random.Generator | None = None
                      ) -> tuple[list[Array], list[Array], list[Array | None]]:
        """Return (zs, acts, masks): forward() keeping what backward() needs.

        zs[i] (n, sizes[i+1]) = a[i] @ w[i] + b[i]; acts[i] = φ_i(zs[i]) (before dropout);
        masks[h] (n, sizes[h+1]) for hidden layer h, None where no unit is dropped. The next
        layer reads a[i+1] = acts[i] ⊙ masks[i]: inverted dropout, only when rng is given.
        """
        a = x = self._check_x(x)
        zs: list[Array] = []
        acts: list[Array] = []
        masks: list[Array | None] = []
        for i, (w, b, phi) in enumerate(zip(self.weights, self.biases, self.activations,
                                            strict=True)):
            zs.append(a @ w + b)
            acts.append(phi.value(zs[i]))
            a = acts[i]
            if i < len(self.dropout):  # a hidden layer
                mask = self._dropout_mask(i, len(x), rng)
                masks.append(mask)
                a = a if mask is None else a * mask
        return zs, acts, masks

    def _dropout_mask(self, i: int, n: int, rng: np.random.Generator | None) -> Array | None:
        """Return hidden layer i's mask (n, units) = [u ≥ p] / (1 − p), or None (no dropout)."""
        p = self.dropout[i]
        if rng is None or not p:
            return None
        u = rng.random((self.sizes[i + 1], n)).T  # unit-major, as the compiled plan draws it
        mask: Array = (u >= p).astype(np.float64)
        mask *= 1.0 / (1.0 - p)
        self.last_dropout_masks[i] = mask
        return mask

    def backward(self, x: Array, zs: Sequence[Array], acts: Sequence[Array],
                 masks: Sequence[Array | None], targets: AnyArray, loss: Loss,
                 l1: float = 0.0, l2: float = 0.0) -> tuple[list[Array], list[Array], list[Array]]:
        """Return (grad_w, grad_b, deltas) of E = mean data loss + l1·Σ|w| + l2·½Σw², by the chain
        rule from forward_train(x)'s (zs, acts, masks); targets encoded as the loss expects.

        δ[L−1] = dE/dz = dE/dy / n  (⊙ φ_out'(z) when the loss reads ŷ, not z)
        grad_w[i] = a[i]ᵀ δ[i] + l1·sign(w[i]) + l2·w[i]  (n_in, n_out);  grad_b[i] = Σ_rows δ[i]
        δ[i−1] = (δ[i] @ w[i]ᵀ) ⊙ mask[i−1] ⊙ φ'_{i−1}(z[i−1])  (n, sizes[i])
        deltas[i] = δ[i] (n, sizes[i+1]): dE/dz of every layer.
        """
        n, last = len(x), len(self.weights) - 1
        if loss.on_output:
            delta = loss.gradient(acts[last], targets) / n
            delta = delta * self.activations[last].derivative(zs[last], acts[last])
        else:
            delta = loss.gradient(zs[last], targets) / n
        grad_w, grad_b, deltas = [delta] * (last + 1), [delta] * (last + 1), [delta] * (last + 1)
        for i in range(last, -1, -1):
            mask = masks[i - 1] if i > 0 else None
            a_in = x if i == 0 else acts[i - 1] if mask is None else acts[i - 1] * mask
            grad_w[i] = a_in.T @ delta + l1 * np.sign(self.weights[i]) + l2 * self.weights[i]
            grad_b[i] = delta.sum(axis=0)
            if i > 0:
                delta = delta @ self.weights[i].T  # dE/da of the layer below
                if mask is not None:
                    delta = delta * mask  # dropped units pass nothing back
                delta = delta * self.activations[i - 1].derivative(zs[i - 1], acts[i - 1])
                deltas[i - 1] = delta
        return grad_w, grad_b, deltas

    def loss_and_gradients(self, x: Array, targets: AnyArray, loss: str = "square",
                           l1: float = 0.0, l2: float = 0.0,
                           rng: np.random.Generator | None = None
                           ) -> tuple[float, list[Array], list[Array]]:
        """Return (E, grad_w, grad_b) for one batch, E = mean data loss + l1·Σ|w| + l2·½Σw².

        Args:
            x: inputs (n, n_in).
            targets: encoded as the loss expects (see targets.encode_targets): (n, n_out) floats
                or (n,) class indices.
            loss: loss name. l1, l2: regularisation rates (weights only, never biases).
            rng: when given, dropout is applied with masks drawn from it; otherwise none.

        Returns:
            E as a float, and fresh arrays grad_w[i] (n_in, n_out), grad_b[i] (n_out,).
        """
        x, loss_fn, t = self._check_x(x), get_loss(loss), np.asarray(targets)
        zs, acts, masks = self.forward_train(x, rng)
        grad_w, grad_b, _ = self.backward(x, zs, acts, masks, t, loss_fn, l1, l2)
        data = float(loss_fn.values(acts[-1] if loss_fn.on_output else zs[-1], t).mean())
        return data + penalty(self.weights, l1, l2), grad_w, grad_b
