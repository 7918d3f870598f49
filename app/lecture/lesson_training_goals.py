"""Lesson goals about how training goes: a run that stays short of a threshold, the update/weight
meters in a healthy range, L1's zeroed weights and a training loss dropout keeps up. Same contract
as lesson_checks.py: pure functions of the training state, so the page and the tests agree.
"""

from __future__ import annotations

import numpy as np

from app.engine import Trainer
from app.lecture.lesson_checks import TICK, AnyTrainer, Goal, Verdict, percent, record_at

ZERO = 1e-3  # |w| under this counts as zero: L1's clamp sets a useless weight to exactly 0


def stays_below(threshold: float, epochs: int) -> Goal:
    """Goal: after `epochs` epochs the test accuracy has never reached `threshold` (0..1)."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        # judged over the first `epochs` epochs (a fast page may be far past them when it asks)
        within = [r for r in trainer.history.records + [last] if r.epoch <= epochs]
        best = max(((r.test_accuracy or 0.0) for r in within), default=0.0)
        upto = min(last.epoch, epochs)
        now = f"best test accuracy {percent(best)} by epoch {upto}"
        if best >= threshold:
            return Verdict(False, f"{now}: it got there after all")
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {now}")
        return Verdict(True, f"{now} {TICK}")

    return Goal(f"after {epochs} epochs the test accuracy is still below {threshold * 100:.0f} %",
                check)


def _exponent(ratio: float) -> str:
    return f"10^{np.log10(ratio):.1f}" if ratio > 0 and np.isfinite(ratio) else f"{ratio:g}"


def updates_in_range(low: float, high: float, epochs: int) -> Goal:
    """Goal: after `epochs` epochs every layer's update/weight ratio ‖Δw‖/‖w‖ is in [low, high]."""

    def check(trainer: AnyTrainer) -> Verdict:
        newest = trainer.history.last
        if newest is None or not newest.update_ratios:
            return Verdict(False, "press play")
        last = record_at([r for r in trainer.history.records + [newest] if r.update_ratios],
                         epochs)
        ratios = last.update_ratios
        text = "‖Δw‖/‖w‖ per layer: " + ", ".join(_exponent(r) for r in ratios)
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {text}")
        if all(low <= r <= high for r in ratios):
            return Verdict(True, f"epoch {last.epoch}: {text} {TICK}")
        return Verdict(False, f"epoch {last.epoch}: {text} — outside [{low:g}, {high:g}]")

    return Goal(f"after {epochs} epochs, every layer's update/weight ratio is between {low:g} "
                f"and {high:g}", check)


def zero_fraction(trainer: Trainer) -> float:
    """Return the fraction of the network's weights (not biases) with |w| < ZERO."""
    ws = trainer.net.weights
    return sum(int(np.count_nonzero(np.abs(w) < ZERO)) for w in ws) / sum(w.size for w in ws)


def weights_zeroed(fraction: float, accuracy: float) -> Goal:
    """Goal: at least `fraction` of the weights are zero while test accuracy ≥ `accuracy`."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if not isinstance(trainer, Trainer):
            return Verdict(False, "this lesson needs the multilayer perceptron")
        if last is None:
            return Verdict(False, "press play")
        zero = zero_fraction(trainer)
        text = f"{percent(zero)} of the weights are zero, test accuracy " \
               f"{percent(last.test_accuracy)} at epoch {last.epoch}"
        reached = zero >= fraction and (last.test_accuracy or 0.0) >= accuracy
        return Verdict(reached, text + (f" {TICK}" if reached else ""))

    return Goal(f"at least {fraction * 100:.0f} % of the weights are zero (|w| < {ZERO:g}) with "
                f"test accuracy ≥ {accuracy * 100:.0f} %", check)


def train_loss_at_least(minimum: float, epochs: int) -> Goal:
    """Goal: after `epochs` epochs the training loss is still at least `minimum` (no memorising)."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        text = f"training loss {last.train_loss:.3f}, test loss {last.test_loss or 0.0:.3f}"
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {text}")
        if last.train_loss >= minimum:
            return Verdict(True, f"epoch {last.epoch}: {text} {TICK}")
        return Verdict(False, f"epoch {last.epoch}: {text} — it memorised the training set")

    return Goal(f"after {epochs} epochs the training loss is still ≥ {minimum:g} (the noise is "
                "not memorised)", check)
