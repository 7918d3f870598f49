"""Learning-rate decay per epoch, in the forms Keras's schedules use so an export matches.

none:         lr = base
step:         lr = base · decay_rate^floor(epoch / decay_steps)   (ExponentialDecay, staircase=True)
exponential:  lr = base · decay_rate^(epoch / decay_steps)        (ExponentialDecay)
              = base · e^(−k · epoch) with k = −ln(decay_rate) / decay_steps
inverse_time: lr = base / (1 + decay_rate · epoch / decay_steps)  (InverseTimeDecay)
"""

from __future__ import annotations

import math
from numbers import Integral

SCHEDULES = ("none", "step", "exponential", "inverse_time")


def _check_count(name: str, value: int, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer ≥ {minimum}, got {value!r}")


def _check_decay_rate(schedule: str, decay_rate: float) -> None:
    if schedule == "inverse_time":
        if not (math.isfinite(decay_rate) and decay_rate >= 0.0):
            raise ValueError(
                f"decay_rate for inverse_time must be a finite number ≥ 0, got {decay_rate!r}"
            )
    elif not (0.0 < decay_rate <= 1.0):
        raise ValueError(f"decay_rate for {schedule} must be in (0, 1], got {decay_rate!r}")


def learning_rate_at(
    base: float, epoch: int, schedule: str, decay_rate: float, decay_steps: int
) -> float:
    """Return the learning rate for epoch under schedule (formulas in the module docstring).

    Args:
        base: learning rate at epoch 0.
        epoch: epochs completed so far, integer ≥ 0.
        schedule: one of SCHEDULES.
        decay_rate: in (0, 1] for step and exponential; finite ≥ 0 for inverse_time; ignored
            for none.
        decay_steps: epochs per decay period, integer ≥ 1; ignored for none.

    Raises:
        ValueError: on an unknown schedule or an argument outside its range.
    """
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; allowed: {', '.join(SCHEDULES)}")
    _check_count("epoch", epoch, 0)
    if schedule == "none":
        return base
    _check_count("decay_steps", decay_steps, 1)
    _check_decay_rate(schedule, decay_rate)
    if schedule == "step":
        return base * float(decay_rate ** (epoch // decay_steps))
    if schedule == "exponential":
        return base * float(decay_rate ** (epoch / decay_steps))
    return base / (1.0 + decay_rate * epoch / decay_steps)
