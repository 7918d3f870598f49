"""Weight penalties: the L1 / L2 loss term, its gradient, and TF Playground's L1 step with its
dead-link clamp; biases are never penalised.

penalty R(w) = l1 · Σ|w| + l2 · ½ Σ w²,  gradient dR/dw = l1 · sign(w) + l2 · w  (sign(0) = 0).
The trainer adds the L2 term to the gradient before the optimizer's step and takes L1 as a step of
its own after it (L1Clamp), so that L1 drives weights to exactly 0 as TensorFlow Playground does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from app.engine._types import Array, Op

REGULARIZATIONS = ("none", "l1", "l2")


def _check_rates(l1: float, l2: float) -> None:
    for name, rate in (("l1", l1), ("l2", l2)):
        if not (math.isfinite(rate) and rate >= 0.0):
            raise ValueError(f"{name} must be a finite number ≥ 0, got {rate!r}")


def checked_rate(value: float, name: str, high: float = 10.0) -> float:
    """Return value as a float after checking 0 ≤ value ≤ high (finite)."""
    v = float(value)
    if not (math.isfinite(v) and 0.0 <= v <= high):
        raise ValueError(f"{name} must be a finite number in [0, {high:g}], got {value!r}")
    return v


def penalty(weights: Sequence[Array], l1: float, l2: float) -> float:
    """Return l1 · Σ|w| + l2 · ½ Σ w², summed over every weight array (pass weights, not biases).

    Args:
        weights: weight arrays of any shapes, e.g. each layer's w (n_in, n_out).
        l1: L1 rate, finite ≥ 0.
        l2: L2 rate, finite ≥ 0.

    Raises:
        ValueError: if a rate is negative, NaN or infinite.
    """
    _check_rates(l1, l2)
    total = 0.0
    for w in weights:
        if l1:
            total += l1 * float(np.abs(w).sum())
        if l2:
            total += 0.5 * l2 * float(np.vdot(w, w))
    return total


def add_gradient(w: Array, grad: Array, l1: float, l2: float) -> None:
    """Add the penalty's gradient to grad in place: grad ← grad + l1 · sign(w) + l2 · w.

    Args:
        w: one weight array, any shape.
        grad: dE/dw with the shape of w; updated in place.
        l1: L1 rate, finite ≥ 0 (sign(0) = 0, so a zero weight gets no L1 push).
        l2: L2 rate, finite ≥ 0.

    Raises:
        ValueError: if the shapes differ or a rate is negative, NaN or infinite.
    """
    _check_rates(l1, l2)
    if w.shape != grad.shape:
        raise ValueError(f"w has shape {w.shape} but grad has shape {grad.shape}")
    if l1:
        grad += l1 * np.sign(w)
    if l2:
        grad += l2 * w


class L1Clamp:
    """TensorFlow Playground's L1: a step of its own after the optimizer's, with a dead-link clamp.

    After the optimizer has updated w from the data gradient (and L2) to w_mid, every live weight
    takes the L1 step  w ← w_mid − lr · l1 · sign(w_old)  (w_old: before the update). A weight
    this step alone carries across zero (w_mid · w < 0) is set to exactly 0 and its link marked
    dead: from then on it gets no gradient, no update and no L1 step, so it stays 0 (until a hand
    edit revives it, or L1 is switched off). With SGD this is TF Playground's rule to the letter;
    with another optimizer the L1 step is decoupled from it (like AdamW's weight decay).

    Args:
        params: the flat parameter vector, updated in place by the optimizer and by this step.
        grads: the flat gradient vector the optimizer reads.
        weight_mask: 1.0 where params holds a weight, 0.0 for a bias (never penalised).
        dead: a bool vector like params, True for a dead link; updated in place (the network's).
        rate: returns lr · l1 for the current step (the scheduled learning rate times l1).
    """

    def __init__(self, params: Array, grads: Array, weight_mask: Array,
                 dead: npt.NDArray[np.bool_], rate: Callable[[], float]) -> None:
        self.params, self.grads, self.weight_mask, self.dead = params, grads, weight_mask, dead
        self.rate = rate
        self._sign = np.empty_like(params)  # sign(w_old), 0 for biases
        self._step = np.empty_like(params)
        self._crossed = np.empty(params.shape, dtype=bool)

    def before_update(self) -> list[Op]:
        """Return the calls to run before the optimizer's: keep sign(w_old); dead links get no
        gradient."""
        return [(np.sign, (self.params, self._sign)),
                (np.multiply, (self._sign, self.weight_mask, self._sign)),
                (self._silence_dead, ())]

    def _silence_dead(self) -> None:
        np.copyto(self.grads, 0.0, where=self.dead)

    def after_update(self) -> list[Op]:
        """Return the call to run after the optimizer's: the L1 step and the clamp."""
        return [(self.step, ())]

    def step(self) -> None:
        """Apply w ← w_mid − (lr · l1) · sign(w_old); zero and kill weights it carries over 0."""
        np.multiply(self._sign, self.rate(), out=self._step)
        np.subtract(self.params, self._step, out=self._step)
        np.multiply(self.params, self._step, out=self.params)  # w_mid · w, in place of w_mid
        np.less(self.params, 0.0, out=self._crossed)
        np.logical_or(self.dead, self._crossed, out=self.dead)
        np.copyto(self.params, self._step)
        np.copyto(self.params, 0.0, where=self.dead)  # dead links stay exactly 0
