"""Gradient descent with a fixed step: plain SGD, momentum and Nesterov momentum."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import Array, Op
from app.engine.optimizers.base import Optimizer, validated


class SGD(Optimizer):
    """Vanilla gradient descent: w ← w − lr · g. Default lr = 0.01; no state."""

    name = "sgd"

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        np.subtract(w, np.multiply(g, self._learning_rate, out=scratch), out=w)

    def _update_ops(self, w: Array, g: Array, scratch: Array, *slots: Array) -> list[Op]:
        return [(np.multiply, (g, self._lr, scratch)), (np.subtract, (w, scratch, w))]

    def step_ops(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Op]:
        return super().step_ops(params, grads)[1:]  # no per-step scalars to prepare


class Momentum(Optimizer):
    """Momentum: v ← μ · v − lr · g;  w ← w + v.  v starts at 0.

    Defaults: lr = 0.01, momentum μ = 0.9. With lr = 0 from the start nothing moves; after a live
    change to 0 the weights coast on the velocity already built up, which decays as μ^k.
    """

    name = "momentum"
    hyperparameter_names = ("momentum",)
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.momentum = validated("momentum", momentum)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (v,) = slots
        np.multiply(g, self._learning_rate, out=scratch)
        np.multiply(v, self.momentum, out=v)
        np.subtract(v, scratch, out=v)
        np.add(w, v, out=w)


class Nesterov(Momentum):
    """Nesterov momentum: v_prev ← v;  v ← μ · v − lr · g;  w ← w − μ · v_prev + (1 + μ) · v.

    The gradient is, in effect, taken at the look-ahead point w + μ · v. v starts at 0.
    Defaults: lr = 0.01, momentum μ = 0.9.
    """

    name = "nesterov"

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (v,) = slots
        mu = self.momentum
        # Substituting μ · v_prev = v + lr · g turns the rule into w ← w + μ · v − lr · g,
        # which needs no copy of v_prev.
        np.multiply(g, self._learning_rate, out=scratch)
        np.multiply(v, mu, out=v)
        np.subtract(v, scratch, out=v)
        np.subtract(w, scratch, out=w)
        np.add(w, np.multiply(v, mu, out=scratch), out=w)
