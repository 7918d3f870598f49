"""Lesson goals: small pure functions of a run's training state -> Verdict(reached, message).

A check reads only what training left behind — the history's epoch records, the trainer's flags
(converged, diverged, stopped_reason) and the model's weights — so the same state always gives
the same verdict, live on the page and headless in the tests. The message completes the goal's
text: "Goal: test accuracy ≥ 95 %" + " — reached at epoch 62 ✓".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from app.engine import EpochRecord, PerceptronTrainer, Trainer

AnyTrainer = Trainer | PerceptronTrainer
TICK = "✓"
NOT_THE_PERCEPTRON = "this goal is the perceptron's: set Model back to the perceptron"


class Verdict(NamedTuple):
    """Whether a goal is reached, and one line that says where the run stands."""

    reached: bool
    message: str


Check = Callable[[AnyTrainer], Verdict]


@dataclass(frozen=True)
class Goal:
    """What a lesson asks for: a line of text and the check that decides it."""

    text: str
    check: Check


def _records(trainer: AnyTrainer) -> Iterator[EpochRecord]:
    """Yield the kept epoch records, oldest first, then the newest if decimation skipped it."""
    history = trainer.history
    yield from history.records
    newest = history.last
    if newest is not None and (not history.records or history.records[-1] is not newest):
        yield newest


def record_at(records: Sequence[EpochRecord], epochs: int) -> EpochRecord:
    """Return the first record at or past epoch `epochs`, else the newest (records: oldest
    first, not empty): a goal judged at its epoch however far a fast page has gone since."""
    return next((r for r in records if r.epoch >= epochs), records[-1])


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def first_epoch(trainer: AnyTrainer, condition: Callable[[EpochRecord], bool]) -> int | None:
    """Return the first recorded epoch whose record meets the condition, or None."""
    return next((r.epoch for r in _records(trainer) if condition(r)), None)


def reached_at(epoch: int) -> str:
    """Return the message of a goal first met at `epoch`."""
    return f"reached at epoch {epoch} {TICK}"


def reaches_test_accuracy(threshold: float) -> Goal:
    """Goal: the test accuracy reaches `threshold` (0..1) at some epoch."""

    def check(trainer: AnyTrainer) -> Verdict:
        epoch = first_epoch(trainer, lambda r: (r.test_accuracy or 0.0) >= threshold)
        if epoch is not None:
            return Verdict(True, reached_at(epoch))
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        return Verdict(False, f"now {percent(last.test_accuracy)} at epoch {last.epoch}")

    return Goal(f"test accuracy ≥ {threshold * 100:.0f} %", check)


def perceptron_converges() -> Goal:
    """Goal: the perceptron finishes an epoch without a mistake."""

    def check(trainer: AnyTrainer) -> Verdict:
        if not isinstance(trainer, PerceptronTrainer):
            return Verdict(False, NOT_THE_PERCEPTRON)
        if trainer.converged:
            return Verdict(True, f"converged after {trainer.epoch} epochs {TICK}")
        if trainer.epoch == 0:
            return Verdict(False, "press play, or step one sample at a time")
        return Verdict(False, f"no convergence yet after {trainer.epoch} epochs")

    return Goal("the perceptron converges (an epoch without a mistake)", check)


def perceptron_never_converges(epochs: int) -> Goal:
    """Goal: the perceptron is still making mistakes after `epochs` epochs."""

    def check(trainer: AnyTrainer) -> Verdict:
        if not isinstance(trainer, PerceptronTrainer):
            return Verdict(False, NOT_THE_PERCEPTRON)
        if trainer.converged:
            return Verdict(False, f"converged after {trainer.epoch} epochs — these inputs "
                                  "make the classes separable")
        if trainer.epoch >= epochs:
            return Verdict(True, f"no convergence after {trainer.epoch} epochs {TICK}")
        if trainer.epoch == 0:
            return Verdict(False, "press play")
        return Verdict(False, f"epoch {trainer.epoch}, keep watching")

    return Goal(f"still no convergence after {epochs} epochs", check)


def diverges() -> Goal:
    """Goal: training blows up (a loss or a weight is no longer a finite number)."""

    def check(trainer: AnyTrainer) -> Verdict:
        if trainer.diverged:
            return Verdict(True, f"diverged at epoch {trainer.epoch}: the loss is not a number "
                                 f"any more {TICK}")
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        return Verdict(False, f"training loss {last.train_loss:.3g} at epoch {last.epoch}")

    return Goal("training diverges (the loss becomes NaN)", check)


def crawls(epochs: int, max_drop: float) -> Goal:
    """Goal: after `epochs` epochs the training loss has fallen by less than `max_drop` (0..1)."""

    def check(trainer: AnyTrainer) -> Verdict:
        records = list(_records(trainer))
        if not records:
            return Verdict(False, "press play")
        at = record_at(records, epochs)
        first, last = records[0].train_loss, at.train_loss
        drop = (first - last) / first if first > 0 else 0.0
        change = f"{first:.3f} → {last:.3f} ({drop * 100:.1f} % lower)"
        if at.epoch < epochs:
            return Verdict(False, f"epoch {at.epoch}: training loss {change}")
        if drop < max_drop:
            return Verdict(True, f"after {at.epoch} epochs only {change} {TICK}")
        return Verdict(False, f"the loss fell by more than {max_drop * 100:.0f} %: {change}")

    return Goal(f"after {epochs} epochs the training loss has fallen by less than "
                f"{max_drop * 100:.0f} %", check)


def _gap(record: EpochRecord) -> float:
    return (record.test_loss if record.test_loss is not None else record.train_loss) \
        - record.train_loss


def overfits(min_gap: float) -> Goal:
    """Goal: the test loss ends up at least `min_gap` above, and twice, the training loss."""

    def condition(r: EpochRecord) -> bool:
        return r.test_loss is not None and _gap(r) >= min_gap and r.test_loss >= 2 * r.train_loss

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        losses = f"training loss {last.train_loss:.3f}, test loss {last.test_loss or 0.0:.3f}"
        epoch = first_epoch(trainer, condition)
        if epoch is not None and condition(last):
            return Verdict(True, f"{reached_at(epoch)} — now {losses}")
        return Verdict(False, f"{losses} at epoch {last.epoch}")

    return Goal(f"test loss ≥ 2 × training loss and ≥ {min_gap:g} above it (overfitting)", check)


def gap_at_most(max_gap: float, epochs: int) -> Goal:
    """Goal: after `epochs` epochs, the test loss is at most `max_gap` above the training loss."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        text = f"gap {_gap(last):.3f} (training {last.train_loss:.3f}, test " \
               f"{last.test_loss or 0.0:.3f})"
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {text}")
        if _gap(last) <= max_gap:
            return Verdict(True, f"epoch {last.epoch}: {text} {TICK}")
        return Verdict(False, f"epoch {last.epoch}: {text} — still overfitting")

    return Goal(f"after {epochs} epochs, test loss − training loss ≤ {max_gap:g}", check)


def stops_early() -> Goal:
    """Goal: early stopping ends training (no better test loss for `patience` epochs)."""

    def check(trainer: AnyTrainer) -> Verdict:
        reason = trainer.stopped_reason
        if isinstance(trainer, Trainer) and reason and reason.startswith("early stopping"):
            return Verdict(True, f"stopped at epoch {trainer.epoch}, best test loss "
                                 f"{trainer.best_test_loss:.3f} at epoch {trainer.best_epoch} "
                                 f"{TICK}")
        return Verdict(False, "press play" if trainer.epoch == 0 else
                       f"still training at epoch {trainer.epoch}")

    return Goal("early stopping ends training before the test loss climbs", check)


def trains_for(epochs: int) -> Goal:
    """Goal: train `epochs` epochs and read off where this start ends up."""

    def check(trainer: AnyTrainer) -> Verdict:
        last = trainer.history.last
        if last is None:
            return Verdict(False, "press play")
        where = f"test accuracy {percent(last.test_accuracy)}, test loss " \
                f"{last.test_loss or 0.0:.3f}"
        if last.epoch < epochs:
            return Verdict(False, f"epoch {last.epoch}: {where}")
        return Verdict(True, f"after {last.epoch} epochs: {where} {TICK}")

    return Goal(f"train {epochs} epochs and note where this seed ends up", check)
