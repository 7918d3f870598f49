"""Rosenblatt's perceptron (1957): a step unit trained by the perceptron rule, one sample at a time.

y_p = step(w · x̃), x̃ = (1, x1, …, xn): the bias is the weight w[0] on a constant input x0 = 1.
Perceptron rule per sample: w ← w + α (y_t − y_p) x̃, with y_t, y_p ∈ {0, 1} (the lecture calls
it the delta rule; Widrow and Hoff's delta rule uses w · x̃ in place of y_p). Initial weights
U[−1, 1].
It converges on linearly separable data (the perceptron convergence theorem) and never on XOR
(Minsky & Papert, 1969): some sample is always misclassified, so the line keeps moving.
"""

from __future__ import annotations

import math

import numpy as np

from app.engine._types import AnyArray, Array
from app.engine.history import EpochRecord, History, run_epochs


class Perceptron:
    """A single step unit. weights (n_inputs + 1,): weights[0] is the bias weight on x0 = 1."""

    def __init__(self, n_inputs: int, seed: int = 0,
                 rng: np.random.Generator | None = None) -> None:
        if int(n_inputs) != n_inputs or n_inputs < 1:
            raise ValueError(f"n_inputs must be an integer ≥ 1, got {n_inputs!r}")
        rng = rng if rng is not None else np.random.default_rng(seed)
        self.weights: Array = rng.uniform(-1.0, 1.0, n_inputs + 1)

    def net_input(self, x: Array) -> Array:
        """Return z = w0 + x @ w[1:], shape (n,), for inputs x (n, n_inputs)."""
        z: Array = np.asarray(x, dtype=np.float64) @ self.weights[1:] + self.weights[0]
        return z

    def predict(self, x: Array) -> AnyArray:
        """Return y_p = step(z) ∈ {0, 1}, shape (n,) int64."""
        return (self.net_input(x) >= 0).astype(np.int64)

    def forward(self, x: Array) -> Array:
        """Return the step output as (n, 1) floats, shaped like MLP.forward."""
        return self.predict(x).astype(np.float64).reshape(-1, 1)


class PerceptronTrainer:
    """Drive the perceptron rule: step() runs an epoch over a fresh shuffle, step_sample() a sample.

    History records hold the error rate (fraction misclassified) as the "loss". Training stops
    once an epoch makes no mistake (converged); `status` says so, or how long it has failed.
    """

    def __init__(self, perceptron: Perceptron, x_train: Array, y_train: AnyArray,
                 x_test: Array | None = None, y_test: AnyArray | None = None, *,
                 learning_rate: float = 0.1, seed: int = 0,
                 rng: np.random.Generator | None = None,
                 history_limit: int | None = None) -> None:
        if not (math.isfinite(learning_rate) and 0.0 < learning_rate <= 10.0):
            raise ValueError(f"learning_rate must be in (0, 10], got {learning_rate!r}")
        self.perceptron, self.learning_rate = perceptron, float(learning_rate)
        self.x_train = np.asarray(x_train, dtype=np.float64)
        self.y_train = np.asarray(y_train, dtype=np.int64)
        if not np.isin(self.y_train, (0, 1)).all():
            raise ValueError("the perceptron learns two classes: labels must be 0 or 1")
        self.x_test = None if x_test is None else np.asarray(x_test, dtype=np.float64)
        self.y_test = None if y_test is None else np.asarray(y_test, dtype=np.int64)
        self.rng = rng if rng is not None else np.random.default_rng(seed)
        self.history = History(history_limit)
        self.epoch = 0
        self.converged = False
        self.diverged = False
        self._order: AnyArray = np.arange(0)
        self._cursor = 0
        self._mistakes = 0
        self.last_sample: int | None = None  # row of x_train the rule visited last
        self.last_error = 0  # its t − y_p: 0 (weights kept) or ±1 (w moved by ±α·x̃)

    @property
    def running(self) -> bool:
        """False once an epoch made no mistake."""
        return not self.converged

    @property
    def stopped_reason(self) -> str | None:
        """Why training stopped, or None while it goes on."""
        return f"converged after {self.epoch} epochs" if self.converged else None

    @property
    def position(self) -> int:
        """Samples of the current epoch already visited (0 at an epoch boundary)."""
        return self._cursor

    @property
    def status(self) -> str:
        """One line for the page: converged, or no convergence after N epochs."""
        if self.converged:
            return f"converged after {self.epoch} epochs: every training point is on its side"
        if self.epoch == 0:
            return "not trained yet"
        return f"no convergence after {self.epoch} epochs"

    def step_sample(self) -> EpochRecord | None:
        """Apply the perceptron rule to one sample; return the epoch's record when it completes."""
        if self.converged:
            return None
        if self._cursor == 0:
            self._order = self.rng.permutation(len(self.x_train))
            self._mistakes = 0
        i = self._order[self._cursor]
        x = self.x_train[i]
        w = self.perceptron.weights
        y_p = 1 if w[0] + x @ w[1:] >= 0 else 0
        error = int(self.y_train[i]) - y_p
        if error:
            w[0] += self.learning_rate * error
            w[1:] += self.learning_rate * error * x
            self._mistakes += 1
        self.last_sample, self.last_error = int(i), error
        self._cursor += 1
        if self._cursor < len(self._order):
            return None
        return self._finish_epoch()

    def step(self) -> EpochRecord | None:
        """Run the rest of the current epoch; None once converged."""
        record = None
        while record is None and not self.converged:
            record = self.step_sample()
        return record

    def run(self, epochs: int) -> list[EpochRecord]:
        """Run up to `epochs` epochs, stopping at convergence."""
        return run_epochs(self.step, epochs)

    def _error_rate(self, x: Array | None, y: AnyArray | None) -> float | None:
        if x is None or y is None or len(x) == 0:
            return None
        return float((self.perceptron.predict(x) != y).mean())

    def _finish_epoch(self) -> EpochRecord:
        self._cursor = 0
        self.epoch += 1
        train_err = self._error_rate(self.x_train, self.y_train)
        test_err = self._error_rate(self.x_test, self.y_test)
        assert train_err is not None
        self.converged = self._mistakes == 0
        record = EpochRecord(
            self.epoch, train_err, test_err, 1.0 - train_err,
            None if test_err is None else 1.0 - test_err, self.learning_rate, (), ())
        self.history.append(record)
        return record
