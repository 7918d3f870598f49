"""Lesson goals about gradients and symmetry: vanishing gradients (the first layer's weight
gradient against the last's), gradients that keep flowing, and neurons that stay identical under
zero initialisation. Same contract as lesson_checks.py: pure functions of the training state.
"""

from __future__ import annotations

import numpy as np

from app.engine import MLP, EpochRecord, Trainer
from app.lecture.lesson_checks import (
    TICK,
    AnyTrainer,
    Goal,
    Verdict,
    first_epoch,
    percent,
    reached_at,
)


def _gradient_ratio(record: EpochRecord) -> float | None:
    """Return ‖grad w[0]‖ / ‖grad w[L−1]‖ (first over last layer) of a record, if it has them."""
    norms = record.grad_norms
    if len(norms) < 2 or not norms[-1] > 0 or not np.isfinite(norms[0]):
        return None
    return norms[0] / norms[-1]


def _ratio_text(ratio: float, layers: int) -> str:
    """Return e.g. "‖grad w₁‖ / ‖grad w₇‖ = 1/3,500" (first over last weight layer)."""
    size = f"1/{1 / ratio:,.0f}" if ratio < 0.5 else f"{ratio:.2g}"
    return f"‖grad w₁‖ / ‖grad w{_subscript(layers)}‖ = {size}"


def _subscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def gradients_vanish(max_ratio: float, epochs: int) -> Goal:
    """Goal: after `epochs` epochs the first layer's weight gradient is ≤ max_ratio × the last's."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        ratio = None if last is None else _gradient_ratio(last)
        if last is None or ratio is None:
            return Verdict(False, "press play")
        text = _ratio_text(ratio, len(last.grad_norms))
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {text}")
        if ratio <= max_ratio:
            return Verdict(True, f"epoch {last.epoch}: {text} {TICK}")
        return Verdict(False, f"epoch {last.epoch}: {text} — the gradient reaches the first layer")

    return Goal(f"after {epochs} epochs, the first layer's gradient is ≥ {1 / max_ratio:g}× "
                "smaller than the last layer's", check)


def gradients_flow(min_ratio: float, threshold: float) -> Goal:
    """Goal: test accuracy ≥ threshold while the first layer's gradient stays ≥ min_ratio × the
    last layer's."""

    def condition(r: EpochRecord) -> bool:
        ratio = _gradient_ratio(r)
        return ratio is not None and ratio >= min_ratio and (r.test_accuracy or 0.0) >= threshold

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        ratio = None if last is None else _gradient_ratio(last)
        if last is None or ratio is None:
            return Verdict(False, "press play")
        text = f"{_ratio_text(ratio, len(last.grad_norms))}, test accuracy " \
               f"{percent(last.test_accuracy)}"
        epoch = first_epoch(trainer, condition)
        if epoch is not None:
            return Verdict(True, f"{reached_at(epoch)} — {text}")
        return Verdict(False, f"epoch {last.epoch}: {text}")

    return Goal(f"test accuracy ≥ {threshold * 100:.0f} % with the first layer's gradient "
                f"≥ {min_ratio:g}× the last layer's", check)


def identical_neurons(model: MLP) -> bool:
    """Return True when, in every layer, all neurons have the same incoming weights and bias
    (all columns of each [w; b] block are equal)."""
    blocks = (np.vstack([w, b]) for w, b in zip(model.weights, model.biases, strict=True))
    return all(np.array_equal(wb, np.broadcast_to(wb[:, :1], wb.shape)) for wb in blocks)


def neurons_stay_identical(epochs: int) -> Goal:
    """Goal: after `epochs` epochs every hidden layer's neurons are still exact copies."""

    def check(trainer: AnyTrainer) -> Verdict:
        if not isinstance(trainer, Trainer):
            return Verdict(False, "this lesson needs the multilayer perceptron")
        if not identical_neurons(trainer.net):
            return Verdict(False, f"epoch {trainer.epoch}: the neurons differ — the symmetry "
                                  "is broken")
        if trainer.epoch < epochs:
            return Verdict(False, "press play" if trainer.epoch == 0 else
                           f"epoch {trainer.epoch}: every neuron of a layer is still the same")
        return Verdict(True, f"after {trainer.epoch} epochs the neurons of each layer are still "
                             f"identical {TICK}")

    return Goal(f"after {epochs} epochs, the neurons of each layer are still identical", check)
