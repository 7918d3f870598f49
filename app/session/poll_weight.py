"""How much of a busy process's polling a run gets: its weight at the training gate.

A run whose epoch is far more work than the default's polls less often when the process is busy
(training_gate: cadence = round / weight), so a few of the largest networks cannot take a
class's time; on a quiet process every run polls at the quickest cadence whatever its weight.

    cost   = batches · BATCH_SECONDS + points · parameters · MAC_SECONDS   (an epoch, estimated)
    weight = clamp(sqrt(cost(default) / cost), MIN_WEIGHT, 1)

The estimate is a fixed formula of the config (not a measurement), so a run's weight, like its
numbers, is the same on every machine. Weights change only when a poll ends: never the numbers.
"""

from __future__ import annotations

import math
from functools import cache

from app.config import Config
from app.engine import MLP, PerceptronTrainer
from app.session.run import Run, build_run

BATCH_SECONDS = 25e-6  # the fixed price of one mini-batch step (NumPy calls, Python)
MAC_SECONDS = 3e-9  # per point and parameter: forward, backward and update together
MIN_WEIGHT = 0.25  # the largest runs poll at most four times less often than the default


def epoch_cost(run: Run) -> float:
    """Return the estimated seconds one epoch of this run's training takes (see module)."""
    trainer = run.trainer
    if isinstance(trainer, PerceptronTrainer) or not isinstance(run.model, MLP):
        return 0.0  # a perceptron's epoch takes microseconds
    points = len(run.x_train)
    sizes = run.model.sizes
    layers = zip(sizes[:-1], sizes[1:], strict=True)
    parameters = sum((fan_in + 1) * fan_out for fan_in, fan_out in layers)
    batches = math.ceil(points / trainer.batch_size)
    return batches * BATCH_SECONDS + points * parameters * MAC_SECONDS


@cache
def default_cost() -> float:
    """Return epoch_cost of the default config's run."""
    return epoch_cost(build_run(Config()))


def poll_weight(run: Run) -> float:
    """Return the run's weight at the gate: 1 up to the default's cost, less above (module)."""
    cost = epoch_cost(run)
    if cost <= default_cost():
        return 1.0
    return max(MIN_WEIGHT, math.sqrt(default_cost() / cost))
