"""The confusion matrix of a classification run: how many points of each true class the model
puts in each class, on the training and on the test set, as the model stands now.

Counts only (JSON-ready ints); the page shows them next to the accuracy, live with every poll.
A class is decided the way the accuracy decides it (targets.classes_from: the loss's reading of
the output), so the diagonal's share is the accuracy shown beside it. Regression has none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine import PerceptronTrainer
from app.engine._types import AnyArray, Array
from app.engine.targets import classes_from
from app.session.run import Run


@dataclass(frozen=True)
class Confusion:
    """counts[t][p]: points of true class t predicted as p (k × k); split: "train" or "test"."""

    split: str
    counts: list[list[int]]

    @property
    def total(self) -> int:
        """Return the number of points counted."""
        return sum(map(sum, self.counts))

    @property
    def correct(self) -> int:
        """Return the points on the diagonal (predicted as their own class)."""
        return sum(row[i] for i, row in enumerate(self.counts))


def predicted_classes(run: Run, x: Array) -> AnyArray:
    """Return the class the run's model gives each row of the design matrix x (n, n_features)."""
    trainer = run.trainer
    if isinstance(trainer, PerceptronTrainer):
        return trainer.perceptron.predict(x)
    with np.errstate(all="ignore"):  # a diverged network: NaN decides class 0, no warning
        z, out = trainer.net.forward_logits(x)
        return classes_from(z, out, trainer.loss_name, trainer.net.activation_names[-1])


def matrix(true: AnyArray, predicted: AnyArray, n_classes: int) -> list[list[int]]:
    """Return the k × k counts of (true, predicted) pairs, rows = true classes."""
    pairs = np.asarray(true, dtype=np.int64) * n_classes + np.asarray(predicted, dtype=np.int64)
    counts = np.bincount(pairs, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
    return [[int(v) for v in row] for row in counts]


def confusions(run: Run) -> list[Confusion]:
    """Return the training then the test confusion matrix (empty for regression; no test
    matrix when the run has no test set)."""
    k, trainer = run.config.n_classes, run.trainer
    if not k:
        return []
    x_test, y_test = trainer.x_test, trainer.y_test
    if isinstance(trainer, PerceptronTrainer):
        predicted = [predicted_classes(run, x) for x in (trainer.x_train, x_test) if x is not None]
    else:  # the evaluation's plan: both sets in one pass, as the accuracy is computed
        predicted = trainer.evaluation.classes()
    out = [Confusion("train", matrix(trainer.y_train, predicted[0], k))]
    if x_test is not None and y_test is not None and len(y_test):
        out.append(Confusion("test", matrix(y_test, predicted[1], k)))
    return out
