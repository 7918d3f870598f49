"""Weight penalties: the L1 / L2 loss term and its gradient; biases are never penalised.

penalty R(w) = l1 · Σ|w| + l2 · ½ Σ w²,  gradient dR/dw = l1 · sign(w) + l2 · w  (sign(0) = 0).
The L1 dead-link clamp of TensorFlow Playground is the trainer's business, not this module's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from app.engine._types import Array

REGULARIZATIONS = ("none", "l1", "l2")


def _check_rates(l1: float, l2: float) -> None:
    for name, rate in (("l1", l1), ("l2", l2)):
        if not (math.isfinite(rate) and rate >= 0.0):
            raise ValueError(f"{name} must be a finite number ≥ 0, got {rate!r}")


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
