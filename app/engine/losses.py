"""Loss functions: each per-example value E beside its gradient dE/dy, for one batch.

Shapes: y (n, k) is what the loss reads — the output y_p = φ_out(z) for `square`, the output pre-
activation z for every other loss (so `log` is stable and independent of φ_out). Targets t (the
lecture's y_t) are (n, k) floats for square/log/hinge and (n,) class indices for
softmax_cross_entropy/max_margin (see targets.py for the encoder). The formulas shown to students
use the lecture's names: y_p the prediction, y_t the desired output, z the net input, c the class.
The network averages over the batch; these work per example. `value_code` and `gradient_code` are
the same maths as the bodies of NumPy functions of (y, t) (with `helper_code` defining what they
call), which the exported script runs; a test execs them against `values` and `gradient`.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from app.engine._types import AnyArray, Array


class Loss:
    """One loss: per-example value E(y, t) (n,) and gradient dE/dy (n, k)."""

    name: ClassVar[str]
    label: ClassVar[str]
    formula: ClassVar[str]
    gradient_formula: ClassVar[str]
    on_output: ClassVar[bool] = False  # True: reads ŷ = φ_out(z); False: reads z
    problems: ClassVar[tuple[str, ...]]  # among "binary", "multiclass", "regression"
    index_targets: ClassVar[bool] = False  # targets are class indices (n,)
    value_code: ClassVar[str]  # body of a NumPy function (y, t) -> E per example (n,)
    gradient_code: ClassVar[str]  # body of a NumPy function (y, t) -> dE/dy (n, k)
    helper_code: ClassVar[str] = ""  # NumPy source of the functions the bodies call

    def values(self, y: Array, t: AnyArray) -> Array:
        """Return the per-example loss, shape (n,)."""
        raise NotImplementedError

    def gradient(self, y: Array, t: AnyArray) -> Array:
        """Return dE/dy per example, shape (n, k) like y."""
        raise NotImplementedError



class Square(Loss):
    """E = ½ Σ_k (y_t,k − y_p,k)²; dE/dy_p = y_p − y_t (the lecture's cost, summed over outputs).

    Targets y_t: ±1 for two classes on a tanh output, 0/1 on a sigmoid one; one-hot for several
    classes; the value itself for regression.
    """

    name, label = "square", "Square error"
    formula, gradient_formula = "E = ½ Σₖ (y_t,ₖ − y_p,ₖ)²", "∂E/∂y_p = y_p − y_t"
    on_output = True
    problems = ("binary", "multiclass", "regression")
    value_code = "return 0.5 * np.sum((y - t) ** 2, axis=1)"
    gradient_code = "return y - t"

    def values(self, y: Array, t: AnyArray) -> Array:
        d = y - t  # (n, k), or (runs, n, k) for a stack's runs at once (stack.py)
        return np.asarray(0.5 * np.einsum("...ij,...ij->...i", d, d), dtype=np.float64)

    def gradient(self, y: Array, t: AnyArray) -> Array:
        return np.asarray(y - t, dtype=np.float64)


class Log(Loss):
    """Binary cross-entropy on y_p = sigmoid(z), y_t ∈ {0, 1}:
    E = −[y_t ln y_p + (1 − y_t) ln(1 − y_p)].

    Computed stably from z as E = softplus(z) − y_t·z; dE/dz = sigmoid(z) − y_t. The lecture's
    appendix writes the same loss with the class as a sign c = 2·y_t − 1 = ±1: E = ln(1 + e^(−c·z)).
    """

    name, label = "log", "Log loss (binary cross-entropy)"
    formula = "E = −[y_t·ln y_p + (1 − y_t)·ln(1 − y_p)],  y_p = sigmoid(z), y_t ∈ {0, 1}"
    gradient_formula = "∂E/∂z = y_p − y_t"
    problems = ("binary",)
    value_code = "return np.sum(np.logaddexp(0.0, y) - t * y, axis=1)  # ln(1 + eᶻ) − t·z, stable"
    gradient_code = "return 0.5 * (1.0 + np.tanh(0.5 * y)) - t  # sigmoid(z) − t"

    def values(self, y: Array, t: AnyArray) -> Array:
        return np.asarray((np.logaddexp(0.0, y) - t * y).sum(axis=1), dtype=np.float64)

    def gradient(self, y: Array, t: AnyArray) -> Array:
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * y)) - t, dtype=np.float64)


class Hinge(Loss):
    """E = max(0, 1 − y_t·z), y_t = ±1; dE/dz = −y_t where y_t·z < 1, else 0.

    The lecture's appendix: max(0, m − c·z) with the class as a sign c = y_t and the margin m = 1.
    """

    name, label = "hinge", "Hinge"
    formula = "E = max(0, 1 − y_t·z),  y_t = ±1"
    gradient_formula = "∂E/∂z = −y_t if y_t·z < 1, else 0"
    problems = ("binary",)
    value_code = "return np.sum(np.maximum(0.0, 1.0 - t * y), axis=1)"
    gradient_code = "return np.where(t * y < 1.0, -t, 0.0)"

    def values(self, y: Array, t: AnyArray) -> Array:
        return np.asarray(np.maximum(0.0, 1.0 - t * y).sum(axis=1), dtype=np.float64)

    def gradient(self, y: Array, t: AnyArray) -> Array:
        return np.asarray(np.where(t * y < 1.0, -t, 0.0), dtype=np.float64)


_LOG_SOFTMAX_CODE = '''def log_softmax(z):
    """Return ln softmax(z) row by row (n, k), shifted by the row maximum so exp cannot overflow."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
'''


def _log_softmax(z: Array) -> Array:
    """Return log softmax(z) row-wise, shape (n, k), shifted by the row max for stability."""
    shifted = z - z.max(axis=1, keepdims=True)
    out: Array = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return out


def softmax(z: Array) -> Array:
    """Return softmax(z) row-wise, shape (n, k): exp(z_k) / Σ_j exp(z_j)."""
    out: Array = np.exp(_log_softmax(z))
    return out


class SoftmaxCrossEntropy(Loss):
    """LogSoftMax: E = log Σ_k exp(z_k) − z_c; dE/dz = softmax(z) − onehot(c).

    c is the right class; one-hot y_t (1 at c, 0 elsewhere) is the same target written as a vector.
    """

    name, label = "softmax_cross_entropy", "Softmax cross-entropy"
    formula = "E = ln Σₖ exp(zₖ) − z_c"
    gradient_formula = "∂E/∂zₖ = softmax(z)ₖ − [k = c]"
    problems = ("binary", "multiclass")
    index_targets = True
    helper_code = _LOG_SOFTMAX_CODE
    value_code = "return -log_softmax(y)[np.arange(len(y)), t]"
    gradient_code = ("g = np.exp(log_softmax(y))  # softmax(z)\n"
                     "g[np.arange(len(y)), t] -= 1.0\nreturn g")

    def values(self, y: Array, t: AnyArray) -> Array:
        return np.asarray(-_log_softmax(y)[np.arange(len(y)), t], dtype=np.float64)

    def gradient(self, y: Array, t: AnyArray) -> Array:
        g = softmax(y)
        g[np.arange(len(y)), t] -= 1.0
        return g


_RIVAL_CODE = '''def rival(z, c):
    """Return per row the strongest wrong class r = argmax over k ≠ c of z_k (n,)."""
    masked = z.copy()
    masked[np.arange(len(z)), c] = -np.inf
    return np.argmax(masked, axis=1)
'''


def rival(z: Array, t: AnyArray) -> AnyArray:
    """Return, per row, the index of the largest z_k with k ≠ c (the strongest wrong class)."""
    masked = z.copy()
    masked[np.arange(len(z)), t] = -np.inf
    rival: AnyArray = np.argmax(masked, axis=1)
    return rival


class MaxMargin(Loss):
    """MaxMargin (multiclass hinge): E = max(0, max_{k≠c}(z_k + 1) − z_c).

    dE/dz: +1 at the strongest wrong class r and −1 at c when E > 0, else 0.
    """

    name, label = "max_margin", "Max-margin (multiclass hinge)"
    formula = "E = max(0, max_{k≠c}(zₖ + 1) − z_c)"
    gradient_formula = "∂E/∂z_r = +1, ∂E/∂z_c = −1 if E > 0 (r = strongest wrong class)"
    problems = ("binary", "multiclass")
    index_targets = True
    helper_code = _RIVAL_CODE
    value_code = ("rows, r = np.arange(len(y)), rival(y, t)\n"
                  "return np.maximum(0.0, y[rows, r] + 1.0 - y[rows, t])")
    gradient_code = ("rows, r = np.arange(len(y)), rival(y, t)\n"
                     "active = (y[rows, r] + 1.0 - y[rows, t]) > 0  # inside the margin\n"
                     "g = np.zeros_like(y)\ng[rows[active], r[active]] = 1.0\n"
                     "g[rows[active], t[active]] -= 1.0\nreturn g")

    def values(self, y: Array, t: AnyArray) -> Array:
        rows = np.arange(len(y))
        r = rival(y, t)
        return np.asarray(np.maximum(0.0, y[rows, r] + 1.0 - y[rows, t]), dtype=np.float64)

    def gradient(self, y: Array, t: AnyArray) -> Array:
        rows = np.arange(len(y))
        r = rival(y, t)
        active = (y[rows, r] + 1.0 - y[rows, t]) > 0
        g = np.zeros_like(y, dtype=np.float64)
        g[rows[active], r[active]] = 1.0
        g[rows[active], t[active]] -= 1.0
        return g


LOSSES: dict[str, Loss] = {
    cls.name: cls() for cls in (Square, Log, Hinge, SoftmaxCrossEntropy, MaxMargin)
}


def get_loss(name: str) -> Loss:
    """Return the loss registered under name.

    Raises:
        ValueError: name is not one of LOSSES.
    """
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {name!r}; allowed: {', '.join(LOSSES)}") from None


def losses_for(problem: str) -> tuple[str, ...]:
    """Return the names of the losses valid for a problem ("binary", "multiclass", "regression")."""
    return tuple(name for name, loss in LOSSES.items() if problem in loss.problems)
