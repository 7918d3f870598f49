"""The trainer: owns a network, its optimizer, the data split and a Generator; the caller drives it.

`step()` runs one epoch (every mini-batch of a fresh shuffle, then the epoch's losses);
`step_batch()` runs one mini-batch so a UI can show a single update; `train(k)` runs at most k
mini-batches, so a caller with a time budget can stop inside a long epoch and carry on later with
the same numbers as if it never stopped (the epoch counts once its last batch ran). Batch modes:
full batch (batch_size=None), mini-batch of b, stochastic (b = 1). Numerical blow-ups set
`diverged` and stop training; nothing raises and NumPy's overflow warnings are silenced inside.
Data orders (batches.py): a fresh shuffle every epoch, or TF Playground's fixed order with the
rest carried into the next epoch. L2 joins the gradient; L1 is a step of its own after the
optimizer's, with TF Playground's dead-link clamp (regularizers.L1Clamp).
"""

from __future__ import annotations

import math

import numpy as np

from app.engine._types import AnyArray, Array, Op
from app.engine.batches import Batches, check_data_order, check_pair
from app.engine.compiled.plans import epoch_plans
from app.engine.evaluation import Evaluation, Measured, layer_stats
from app.engine.history import EpochRecord, History, run_epochs
from app.engine.losses import get_loss
from app.engine.network import MLP
from app.engine.optimizers import Optimizer
from app.engine.regularizers import checked_rate
from app.engine.schedules import learning_rate_at
from app.engine.targets import check_outputs, encode_targets


class Trainer:
    """Train an MLP epoch by epoch on labelled data.

    Args:
        net: the network (its sizes[0] must equal x_train's columns).
        optimizer: from make_optimizer; its learning_rate is the base rate for the schedule.
        x_train, y_train: inputs (n, n_in) and labels (n,) — class indices or regression values.
        x_test, y_test: optional held-out set (needed for early stopping).
        loss: loss name; targets are encoded from labels for it (targets.encode_targets).
        n_classes: 0 for regression, else the number of classes.
        batch_size: mini-batch size b ≥ 1, or None for full batch.
        l1, l2: regularisation rates on the weights (L1 as regularizers.L1Clamp's step).
        data_order: "reshuffle" (a fresh order every epoch) or "playground" (batches.py).
        seed / rng: the trainer's own Generator (shuffles, dropout masks).
        schedule, decay_rate, decay_steps: learning-rate decay per epoch (schedules.py).
        patience: early stopping after this many epochs without a better test loss (0 = off).
        restore_best_weights: on early stopping, put back the best epoch's parameters.
        history_limit: bound on kept epoch records (None = keep all).
    """

    def __init__(self, net: MLP, optimizer: Optimizer, x_train: Array, y_train: AnyArray,
                 x_test: Array | None = None, y_test: AnyArray | None = None, *,
                 loss: str = "square", n_classes: int = 2, batch_size: int | None = 10,
                 l1: float = 0.0, l2: float = 0.0, seed: int = 0,
                 rng: np.random.Generator | None = None, schedule: str = "none",
                 decay_rate: float = 0.5, decay_steps: int = 100, patience: int = 0,
                 restore_best_weights: bool = True, history_limit: int | None = None,
                 data_order: str = "reshuffle") -> None:
        self.net, self.optimizer = net, optimizer
        self.loss_name, self.loss = loss, get_loss(loss)
        self.n_classes = n_classes
        out_act = net.activation_names[-1]
        self.x_train = np.asarray(x_train, dtype=np.float64)
        if self.x_train.ndim != 2 or self.x_train.shape[1] != net.n_inputs:
            raise ValueError(f"x_train must be (n, {net.n_inputs}), got {self.x_train.shape}")
        self.y_train = np.asarray(y_train)
        check_pair(self.x_train, self.y_train, "train")
        self.t_train = encode_targets(self.y_train, loss, n_classes, out_act)
        check_outputs(net.n_outputs, self.t_train, loss, n_classes)
        self.x_test = self.y_test = self.t_test = None
        if x_test is not None and y_test is not None and len(x_test) > 0:
            self.x_test = np.asarray(x_test, dtype=np.float64)
            self.y_test = np.asarray(y_test)
            check_pair(self.x_test, self.y_test, "test")
            if self.x_test.shape[1] != net.n_inputs:
                raise ValueError(f"x_test must be (n, {net.n_inputs}), got {self.x_test.shape}")
            self.t_test = encode_targets(self.y_test, loss, n_classes, out_act)
        n = len(self.x_train)
        if n < 1:
            raise ValueError("x_train has no rows")
        if batch_size is not None and (int(batch_size) != batch_size or batch_size < 1):
            raise ValueError(
                f"batch_size must be an integer ≥ 1 or None (full batch), got {batch_size!r}")
        self.batch_size = n if batch_size is None else min(int(batch_size), n)
        self.l1, self.l2 = checked_rate(l1, "l1"), checked_rate(l2, "l2")
        self.base_learning_rate = optimizer.learning_rate
        self.schedule, self.decay_rate, self.decay_steps = schedule, decay_rate, decay_steps
        learning_rate_at(self.base_learning_rate, 0, schedule, decay_rate, decay_steps)  # validates
        if int(patience) != patience or patience < 0:
            raise ValueError(f"patience must be an integer ≥ 0, got {patience!r}")
        if patience and self.x_test is None:
            raise ValueError("early stopping (patience > 0) needs a test set")
        self.patience, self.restore_best_weights = int(patience), restore_best_weights
        self.rng = rng if rng is not None else np.random.default_rng(seed)
        self.history = History(history_limit)
        self.epoch, self.diverged = 0, False
        self.stopped_reason: str | None = None
        self.best_test_loss, self.best_epoch, self._wait = math.inf, 0, 0
        self._best_params: Array | None = None
        self._xa_train = np.hstack([self.x_train, np.ones((n, 1))])
        self.data_order = check_data_order(data_order)
        self._batches = Batches(self._xa_train, self.t_train, self.batch_size, data_order)
        self._plans: list[list[Op]] = []
        self._plans_generation, self._cursor = optimizer.generation, 0  # cursor: the next batch
        sets = [(self.x_train, self.t_train, self.y_train)]
        if self.x_test is not None and self.t_test is not None and self.y_test is not None:
            sets.append((self.x_test, self.t_test, self.y_test))
        self.evaluation = Evaluation(net, self.loss, loss, n_classes, sets)  # both sets at once

    # ------------------------------------------------------------------ driving
    @property
    def running(self) -> bool:
        """False once training diverged or stopped early."""
        return not self.diverged and self.stopped_reason is None

    @property
    def batches_per_epoch(self) -> int:
        """Number of mini-batch updates in one epoch."""
        return len(self._batches)

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change the base learning rate live (no reset), as TF Playground's dropdown does."""
        self.base_learning_rate = checked_rate(learning_rate, "learning_rate")
        self.optimizer.learning_rate = self._current_rate()

    def _current_rate(self) -> float:
        return learning_rate_at(self.base_learning_rate, self.epoch, self.schedule,
                                self.decay_rate, self.decay_steps)

    @property
    def batches_left(self) -> int:
        """Number of mini-batch updates still to run before the current epoch ends."""
        return len(self._batches) - self._cursor

    def step(self) -> EpochRecord | None:
        """Run the rest of the current epoch (all of it unless it was begun); None if stopped."""
        return self.train(self.batches_left)

    def train(self, max_batches: int) -> EpochRecord | None:
        """Run the next min(max_batches, batches_left) mini-batches (at least one); return the
        epoch's record when they end the epoch, else None (also when training has stopped).
        Stopping anywhere and going on later gives the same numbers as one uninterrupted step()."""
        if not self.running:
            return None
        with np.errstate(all="ignore"):
            last = len(self._batches) - 1
            stop = self._cursor + max(1, min(int(max_batches), self.batches_left))
            self._run_batches(min(stop, last))
            if stop <= last:
                return None
            before = self.net.params.copy()  # for the last update's Δw/w ratio
            self._run_batches(last + 1)
            return self.finish_epoch(before)

    def step_batch(self) -> EpochRecord | None:
        """Run one mini-batch update; return the epoch's record when it completes the epoch or
        blows the parameters up (a diverged epoch ends at once)."""
        record = self.train(1)
        if record is None and self._cursor and not np.isfinite(self.net.params).all():
            with np.errstate(all="ignore"):
                return self.finish_epoch(self.net.params)
        return record

    def run(self, epochs: int) -> list[EpochRecord]:
        """Run up to `epochs` epochs; stop early on divergence or early stopping."""
        return run_epochs(self.step, epochs)

    def set_regularization(self, l1: float, l2: float) -> None:
        """Change the regularisation rates (takes effect at the next mini-batch); without L1
        every dead link lives again."""
        self.l1, self.l2 = checked_rate(l1, "l1"), checked_rate(l2, "l2")
        if not self.l1:
            self.net.dead[...] = False
        self._plans = []

    def _run_batches(self, stop: int) -> None:
        """Apply the mini-batch updates from the cursor up to (not including) batch `stop`, each
        a replay of its batch's plan."""
        if self._cursor == 0:
            self.begin_epoch()
        plans = self.plans()
        for k in self.batch_order()[self._cursor:stop]:
            for fn, args in plans[k]:
                fn(*args)
        self._cursor = stop

    def begin_epoch(self, fill: bool = True) -> AnyArray | None:
        """Open an epoch: its learning rate, and its shuffle (a full batch's mean does not depend
        on the order) drawn and written into the batches, or only returned (not `fill`)."""
        self.optimizer.learning_rate = self._current_rate()
        order = self.rng.permutation(len(self._xa_train)) if self._batches.reshuffles else None
        if fill and order is not None:
            self._batches.fill(order)
        return order

    def batch_order(self) -> list[int]:
        """Return which plans the current epoch replays, in order (Batches.epoch)."""
        return self._batches.epoch(first=self.epoch == 0)

    def plans(self) -> list[list[Op]]:
        """Return one replayable plan per batch (compiled.epoch_plans), built on first use and
        after a change that makes them stale: the optimizer's reset, the regularisation."""
        if not self._plans or self._plans_generation != self.optimizer.generation:
            self._plans = epoch_plans(self.net, self.optimizer, self._batches.x,
                                      self._batches.t_views, self.loss, self.l1, self.l2, self.rng)
            self._plans_generation = self.optimizer.generation
        return self._plans

    # ------------------------------------------------------------------ bookkeeping
    def evaluate(self) -> tuple[list[float], list[float] | None]:
        """Return mean data losses [train, test] and accuracies (None for regression)."""
        return self.evaluation()

    def finish_epoch(self, before: Array, measured: Measured | None = None) -> EpochRecord:
        """Close the epoch whose last batch ran: losses, accuracy, stats (`before`: the parameters
        before that batch; `measured`: all four, from a stack), divergence, early stopping."""
        self._cursor = 0
        self.epoch += 1
        losses, accuracies, norms, ratios = measured or (*self.evaluate(),
                                                         *layer_stats(self.net, before))
        train_loss, test_loss = losses[0], (losses[1] if len(losses) > 1 else None)
        train_acc = test_acc = None
        if accuracies is not None:
            train_acc, test_acc = accuracies[0], (accuracies[1] if len(accuracies) > 1 else None)
        finite = math.isfinite(train_loss) and bool(np.isfinite(self.net.params).all())
        record = EpochRecord(self.epoch, train_loss, test_loss, train_acc, test_acc,
                             self.optimizer.learning_rate, norms, ratios, diverged=not finite)
        self.history.append(record)
        if not finite:
            self.diverged = True
            self.stopped_reason = "diverged — try a lower learning rate"
        elif self.patience and test_loss is not None:
            self._early_stopping(test_loss)
        return record

    def _early_stopping(self, test_loss: float) -> None:
        """Track the best test loss; stop after `patience` epochs without improvement."""
        if test_loss < self.best_test_loss:
            self.best_test_loss, self.best_epoch, self._wait = test_loss, self.epoch, 0
            self._best_params = self.net.params.copy()
            return
        self._wait += 1
        if self._wait >= self.patience:
            self.stopped_reason = (
                f"early stopping: no better test loss for {self.patience} epochs "
                f"(best {self.best_test_loss:.4f} at epoch {self.best_epoch})")
            if self.restore_best_weights and self._best_params is not None:
                self.net.params[...] = self._best_params
