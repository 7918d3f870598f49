"""The multilayer perceptron: parameters, forward pass and backpropagation by the chain rule.

Layout: every parameter lives in one flat float64 vector `params` so an optimizer updates the whole
network in a couple of NumPy calls. Layer i (0-based, L = len(sizes) − 1 layers) owns a block viewed
as wb[i] (n_in + 1, n_out): rows 0..n_in−1 are the weights w[i] (n_in, n_out) and the last row is
the bias b[i] (n_out,), so z = [a, 1] @ wb[i] = a @ w[i] + b[i] is one matrix product. `weights`,
`biases`, `grad_weights` and `grad_biases` are views into `params` and `grads`.

Conventions: batch first, x (n, n_in); a[0] = x; z[i] = a[i] @ w[i] + b[i]; a[i+1] = φ_i(z[i]).
Backward: δ[L−1] = dE/dz[L−1]; grad_w[i] = a[i]ᵀ δ[i]; grad_b[i] = Σ_rows δ[i];
δ[i−1] = (δ[i] @ w[i]ᵀ) ⊙ φ'_{i−1}(z[i−1]). The loss is a mean over the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray, Array, Op
from app.engine.activations import Activation, get_activation
from app.engine.initializers import get_initializer
from app.engine.losses import Loss, get_loss
from app.engine.regularizers import penalty
from app.engine.workspace import Workspace

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
        self.weights: list[Array] = [wb[:-1] for wb in self._wb]
        self.biases: list[Array] = [wb[-1] for wb in self._wb]
        self.grad_weights: list[Array] = [g[:-1] for g in self._gwb]
        self.grad_biases: list[Array] = [g[-1] for g in self._gwb]
        self._workspaces: dict[tuple[int, bool], Workspace] = {}
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
        a = self._check_x(x)
        z = a
        for w, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            z = a @ w + b
            a = act.value(z)
        return z, a

    def forward_layers(self, x: Array) -> tuple[list[Array], list[Array]]:
        """Return (zs, activations): z[i] (n, sizes[i+1]) and a[i+1] = φ_i(z[i]) for every layer."""
        a = self._check_x(x)
        zs, acts = [], []
        for w, b, act in zip(self.weights, self.biases, self.activations, strict=True):
            z = a @ w + b
            a = act.value(z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def _check_x(self, x: Array) -> Array:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_inputs:
            raise ValueError(f"x must have shape (n, {self.n_inputs}), got {x.shape}")
        return x

    # ------------------------------------------------------------------ training
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
        x = self._check_x(x)
        loss_fn = get_loss(loss)
        targets = np.asarray(targets)
        xa_t = np.vstack([x.T, np.ones((1, len(x)))])
        t_t = targets if loss_fn.index_targets else np.ascontiguousarray(targets.T)
        ops, y_t = self.training_plan(xa_t, t_t, loss_fn, l1, l2, rng)
        for fn, args in ops:
            fn(*args)
        data = float(loss_fn.values(y_t.T, targets).mean())
        total = data + penalty(self.weights, l1, l2)
        return total, [g.copy() for g in self.grad_weights], [g.copy() for g in self.grad_biases]

    def training_plan(self, xa_t: Array, t_t: AnyArray, loss: Loss, l1: float = 0.0,
                      l2: float = 0.0, rng: np.random.Generator | None = None
                      ) -> tuple[list[Op], Array]:
        """Return (ops, y_t): the NumPy calls that fill `grads` for one batch, and the buffer
        (n_out, n) that will hold what the loss reads (ŷ or z), feature-major.

        Args:
            xa_t: the batch's inputs, feature-major, with a last row of ones: (n_in + 1, n).
            t_t: targets, feature-major (n_out, n) floats, or (n,) class indices.
            loss, l1, l2: the loss object and regularisation rates.
            rng: draws fresh dropout masks each replay; None turns dropout off.

        Forward: zᵀ[i] = wb[i]ᵀ [aᵀ[i]; 1]; aᵀ[i+1] = φ_i(zᵀ[i]) (⊙ dropout mask).
        Backward: δ = dE/dy / n (⊙ φ_out'(z) for losses on ŷ); grad_wb[i] = [aᵀ[i]; 1] δᵀ;
        δ ← (w[i] δ) ⊙ mask ⊙ φ'(z[i−1]). Regularisation: grads += l1·sign(w) + l2·w.
        The plan is built once and replayed: xa_t and t_t must keep their memory (the trainer
        refills them each epoch), the calls allocate nothing, and every call works on whole
        arrays — one BLAS product or ufunc each, never a loop over examples.
        """
        ws = self._workspace(xa_t.shape[1])
        ops = self._forward_ops(xa_t, ws, rng)
        acts, last = self.activations, len(self.sizes) - 2
        a_in = [xa_t, *ws.a_aug[1:]]
        y = ws.out if loss.on_output else ws.z[last]
        delta = ws.delta[last]
        ops += loss.gradient_ops(y, t_t, delta)
        ops.append((np.multiply, (delta, ws.inv_n, delta)))
        if loss.on_output:
            ops += acts[last].backward_ops(delta, ws.z[last], ws.out, ws.scratch[last])
        for i in range(last, 0, -1):
            ops.append((np.dot, (a_in[i], delta.T, self._gwb[i])))
            prev = ws.delta[i - 1]
            ops.append((np.dot, (self.weights[i], delta, prev)))
            mask = ws.mask[i - 1]
            if mask is not None and rng is not None:
                ops.append((np.multiply, (prev, mask, prev)))
            ops += acts[i - 1].backward_ops(prev, ws.z[i - 1], ws.a_raw[i - 1], ws.scratch[i - 1])
            delta = prev
        ops.append((np.dot, (a_in[0], delta.T, self._gwb[0])))
        ops += self._regularization_ops(l1, l2)
        return ops, y

    def forward_plan(self, xa_t: Array) -> tuple[list[Op], list[Array], list[Array]]:
        """Return (ops, zs, acts): the calls that evaluate the network without dropout on
        xa_t (n_in + 1, n) (inputs feature-major with a last row of ones), and the buffers they
        leave every layer's zᵀ[i] and aᵀ[i+1] (sizes[i+1], n) in — acts[-1] is the output and
        zs[-1] its pre-activation; a hidden layer's z is computed in place of its activation, so
        zs[i] is acts[i] there. Replay it at will; the next replay overwrites the buffers."""
        ws = self._workspace(xa_t.shape[1], forward_only=True)
        return self._forward_ops(xa_t, ws, None), ws.z, [*ws.a, ws.out]

    def _workspace(self, n: int, forward_only: bool = False) -> Workspace:
        """Return the buffers for batches of n examples (a bounded cache: batch, rest, sets)."""
        ws = self._workspaces.get((n, forward_only))
        if ws is None:
            if len(self._workspaces) > 8:
                self._workspaces.clear()
            ws = Workspace(self.sizes, n, self.dropout, forward_only)
            self._workspaces[n, forward_only] = ws
        return ws

    def _forward_ops(self, xa_t: Array, ws: Workspace, rng: np.random.Generator | None
                     ) -> list[Op]:
        """Return the forward calls: zᵀ[i] = wb[i]ᵀ [aᵀ[i]; 1]; aᵀ[i+1] = φ_i(zᵀ[i]) (⊙ mask)."""
        acts, last = self.activations, len(self.sizes) - 2
        a_in = [xa_t, *ws.a_aug[1:]]
        ops: list[Op] = []
        for i in range(last):
            ops.append((np.dot, (self._wb[i].T, a_in[i], ws.z[i])))
            ops += acts[i].forward_ops(ws.z[i], ws.a_raw[i])
            mask = ws.mask[i]
            if mask is not None:
                ops += self._dropout_ops(i, ws, mask, rng)
        ops.append((np.dot, (self._wb[last].T, a_in[last], ws.z[last])))
        ops += acts[last].forward_ops(ws.z[last], ws.out)
        return ops

    def _dropout_ops(self, i: int, ws: Workspace, mask: Array,
                     rng: np.random.Generator | None) -> list[Op]:
        """Return the calls for inverted dropout on hidden layer i: a = φ(z) ⊙ mask, where
        mask = [u ≥ p] / (1 − p), u ~ U[0, 1) drawn fresh per replay (a plain copy without rng).

        The mask is feature-major (units, n); last_dropout_masks[i] shows it batch-first.
        """
        p = self.dropout[i]
        if rng is None:
            return [(np.copyto, (ws.a[i], ws.a_raw[i]))]

        def draw() -> None:
            rng.random(out=mask)
            np.greater_equal(mask, p, out=mask)
            np.multiply(mask, 1.0 / (1.0 - p), out=mask)
            self.last_dropout_masks[i] = mask.T

        return [(draw, ()), (np.multiply, (ws.a_raw[i], mask, ws.a[i]))]

    def _regularization_ops(self, l1: float, l2: float) -> list[Op]:
        """Return the calls adding l1·sign(w) + l2·w to the weight gradients (never biases)."""
        ops: list[Op] = []
        scratch = np.empty_like(self.params)
        if l1:
            l1_mask = l1 * self.weight_mask
            ops += [(np.sign, (self.params, scratch)), (np.multiply, (scratch, l1_mask, scratch)),
                    (np.add, (self.grads, scratch, self.grads))]
        if l2:
            l2_mask = l2 * self.weight_mask
            ops += [(np.multiply, (self.params, l2_mask, scratch)),
                    (np.add, (self.grads, scratch, self.grads))]
        return ops
