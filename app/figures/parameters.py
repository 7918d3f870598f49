"""The model's parameters as the diagram sees them: per layer w, b and |∂E/∂w|, which weights L1
has set to exactly zero, and whether a layer's gradient vanishes or explodes (read only: hand edits
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


def counts_zeros(run: Run) -> bool:
    """Return True under L1, where the diagram dashes and counts the weights that are exactly 0.

    L1 is TF Playground's step with its dead-link clamp (regularizers.L1Clamp): a weight it would
    carry across zero is set to exactly 0 and stays there, so no threshold is needed.
    """
    trainer = run.trainer
    return isinstance(trainer, Trainer) and bool(trainer.l1)


def zero_count(run: Run) -> tuple[int, int] | None:
    """Return (weights exactly 0, all weights) under L1, or None without it."""
    if not counts_zeros(run):
        return None
    ws = [layer.w for layer in layers(run)]
    return sum(int(np.count_nonzero(w == 0.0)) for w in ws), sum(w.size for w in ws)


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
