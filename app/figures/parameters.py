"""The model's parameters as the diagram sees them: per layer w, b and |∂E/∂w|, which weights L1
has driven to zero, and whether a layer's gradient vanishes or explodes (read only: hand edits
are the session's, app/session/edits.py).

Layers are the network's weight layers: layer l connects diagram column l to column l + 1 (column
0 = the input features). The perceptron is one layer: its bias is the weight on x0 = 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from app.engine import MLP, Trainer
from app.engine._types import Array
from app.session.run import Run

ZERO_FLOOR = 1e-3  # |w| below this always counts as zero (see zero_threshold)
VANISHING = 1e-5  # a layer's ‖∂E/∂W‖ below this: its weights have all but stopped learning
EXPLODING_NORM = 1e2  # ‖∂E/∂W‖ above this, or
EXPLODING_RATIO = 1e-1  # ‖Δw‖/‖w‖ above this (each step moves weights by 10 %): exploding
Health = Literal["ok", "vanishing", "exploding", "none"]


@dataclass(frozen=True)
class Layer:
    """Views into one layer's parameters: w (n_in, n_out), b (n_out,), grad_w (n_in, n_out) or
    None when the model learns without gradients (the perceptron's delta rule)."""

    w: Array
    b: Array
    grad_w: Array | None


def layers(run: Run) -> list[Layer]:
    """Return the model's layers as views: writing into them changes the model."""
    model = run.model
    if isinstance(model, MLP):
        return [Layer(w, b, g) for w, b, g in
                zip(model.weights, model.biases, model.grad_weights, strict=True)]
    return [Layer(model.weights[1:].reshape(-1, 1), model.weights[:1], None)]


def zero_threshold(run: Run) -> float | None:
    """Return the |w| below which a weight counts as zero under L1, or None without L1.

    Plain subgradient L1 (grad += l1 · sign(w)) does not stop a weight at 0: each step moves it by
    about learning_rate · l1 across 0 and back, so it jitters inside ±learning_rate · l1. A weight
    counts as zero when |w| < max(learning_rate · l1, ZERO_FLOOR): one L1 step at the current
    (scheduled) rate, or 0.001 — adaptive optimizers take steps that do not scale with l1.
    """
    trainer = run.trainer
    if not isinstance(trainer, Trainer) or not trainer.l1:
        return None
    return max(trainer.optimizer.learning_rate * trainer.l1, ZERO_FLOOR)


def zero_count(run: Run) -> tuple[int, int, float] | None:
    """Return (zero weights, all weights, threshold) under L1, or None without it."""
    threshold = zero_threshold(run)
    if threshold is None:
        return None
    ws = [layer.w for layer in layers(run)]
    zero = sum(int(np.count_nonzero(np.abs(w) < threshold)) for w in ws)
    return zero, sum(w.size for w in ws), threshold


def health(grad_norm: float | None, update_ratio: float | None) -> Health:
    """Return how a layer's last step looks: "vanishing" (‖∂E/∂W‖ < 1e-5), "exploding"
    (‖∂E/∂W‖ > 1e2, ‖Δw‖/‖w‖ > 0.1 or not finite), "ok", or "none" (no step yet)."""
    if grad_norm is None:
        return "none"
    ratio = update_ratio if update_ratio is not None else 0.0
    if not (np.isfinite(grad_norm) and np.isfinite(ratio)):
        return "exploding"
    if grad_norm > EXPLODING_NORM or ratio > EXPLODING_RATIO:
        return "exploding"
    if grad_norm < VANISHING:
        return "vanishing"
    return "ok"
