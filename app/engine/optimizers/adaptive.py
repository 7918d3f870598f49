"""Optimizers that scale each coordinate's step by its gradient history: Adagrad, RMSprop, Adam."""

from __future__ import annotations

import math

import numpy as np

from app.engine._types import Array
from app.engine.optimizers.base import Optimizer, validated


class Adagrad(Optimizer):
    """Adagrad: c ← c + g²;  w ← w − lr · g / (√c + eps).

    c starts at 0 and is never reset between epochs (only by reset()), so the effective step
    lr / √c only shrinks. Defaults: lr = 0.01, eps = 1e-8.
    """

    name = "adagrad"
    hyperparameter_names = ("eps",)
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.eps = validated("eps", eps)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (c,) = slots
        np.add(c, np.multiply(g, g, out=scratch), out=c)
        _scaled_step(w, g, c, scratch, self.eps, self._learning_rate)


class RMSprop(Optimizer):
    """RMSprop: c ← ρ · c + (1 − ρ) · g²;  w ← w − lr · g / (√c + eps).  c starts at 0.

    Defaults: lr = 0.01, rho ρ = 0.9, eps = 1e-8. (Keras puts eps inside the root and defaults
    lr to 0.001, eps to 1e-7.)
    """

    name = "rmsprop"
    hyperparameter_names = ("rho", "eps")
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, rho: float = 0.9, eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.rho = validated("rho", rho)
        self.eps = validated("eps", eps)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (c,) = slots
        np.multiply(g, g, out=scratch)
        np.multiply(scratch, 1.0 - self.rho, out=scratch)
        np.multiply(c, self.rho, out=c)
        np.add(c, scratch, out=c)
        _scaled_step(w, g, c, scratch, self.eps, self._learning_rate)


def _scaled_step(w: Array, g: Array, c: Array, scratch: Array, eps: float, lr: float) -> None:
    """Apply w ← w − lr · g / (√c + eps) in place, using scratch for the intermediate."""
    np.sqrt(c, out=scratch)
    np.add(scratch, eps, out=scratch)
    np.divide(g, scratch, out=scratch)
    np.multiply(scratch, lr, out=scratch)
    np.subtract(w, scratch, out=w)


class Adam(Optimizer):
    """Adam: momentum on g and RMSprop on g², both bias-corrected.

    t ← t + 1;  m ← β1 · m + (1 − β1) · g;  v ← β2 · v + (1 − β2) · g²;
    m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  w ← w − lr · m̂ / (√v̂ + eps).
    m and v start at 0; the bias corrections make the first step about lr per coordinate.
    Defaults: lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 (the paper's; Keras uses 1e-7
    inside a differently scaled denominator and lr = 0.001).
    """

    name = "adam"
    hyperparameter_names = ("beta1", "beta2", "eps")
    n_slots = 2

    def __init__(
        self,
        learning_rate: float = 0.01,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta1 = validated("beta1", beta1)
        self.beta2 = validated("beta2", beta2)
        self.eps = validated("eps", eps)
        self._t = 0

    def reset(self) -> None:
        """Forget the moments m, v and set t = 0."""
        super().reset()
        self._t = 0

    def _begin_step(self) -> None:
        # The slots hold m / (1 − β1) and v / (1 − β2), so their recurrences are m ← β1 · m + g and
        # v ← β2 · v + g² (two NumPy calls fewer); every constant, bias corrections included, folds
        # into two scalars: the step is step_size · m_slot / (√v_slot + eps_slot), exactly the rule.
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        k = math.sqrt((1.0 - b2) / (1.0 - b2**self._t))  # √v̂ = k · √v_slot
        self._step_size = self._learning_rate * (1.0 - b1) / ((1.0 - b1**self._t) * k)
        self._eps_slot = self.eps / k

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        m, v = slots
        np.multiply(m, self.beta1, out=m)
        np.add(m, g, out=m)
        np.multiply(v, self.beta2, out=v)
        np.add(v, np.multiply(g, g, out=scratch), out=v)
        _scaled_step(w, m, v, scratch, self._eps_slot, self._step_size)
