"""A run: the engine objects a Config describes (data, features, model, trainer) and their changes.

Seeds: the data comes from `data_seed`, the initial weights and the trainer's shuffles from `seed`,
each from its own child of a SeedSequence, so the same Config gives bit-identical runs anywhere and
regenerating the data never disturbs the weights. Drawn or uploaded points (config.custom_data) come
with the run (Run.custom) and are split by `data_seed` as generated ones are (run_data.py).
Rendering lives in charts.py and views.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app.config import Config
from app.data.points import CustomData
from app.engine import (
    MLP,
    OPTIMIZERS,
    Dataset,
    Perceptron,
    PerceptronTrainer,
    Trainer,
    feature_matrix,
    make_optimizer,
    output_size,
)
from app.engine.grid import Grid
from app.engine.optimizers import Optimizer
from app.engine.targets import default_output_activation
from app.session.run_data import (
    DATA,
    NO_POINTS,
    TRAINING,
    WEIGHTS,
    make_data,
    stream,
    trainable,
)

Model = MLP | Perceptron
AnyTrainer = Trainer | PerceptronTrainer

__all__ = ["DATA", "TRAINING", "WEIGHTS", "make_data", "stream"]  # run_data's, used from here
GRID = 100  # the output heatmap is GRID × GRID cells over [-DOMAIN, DOMAIN]²
DOMAIN = 6.0
HISTORY_LIMIT = 1000  # epoch records kept per run (the trainer decimates evenly past it)
BUDGET_SECONDS = 0.03  # most training time one request may take
PROBE_BATCHES = 4  # mini-batches a poll trains before it knows what one costs


@dataclass
class Run:
    """The engine side of one session. run_id/data_id change whenever the page must redraw all."""

    config: Config
    dataset: Dataset
    model: Model
    trainer: AnyTrainer
    run_id: int = 0
    data_id: int = 0
    grid: Grid = field(default_factory=lambda: Grid(GRID), repr=False)  # every neuron's picture
    custom: CustomData | None = None  # the drawn or uploaded points config.custom_data names
    undo: tuple[CustomData | None, ...] = ()  # the data before each drawing edit, newest last

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return self.trainer.epoch

    @property
    def x_train(self) -> np.ndarray:
        """The training design matrix (n_train, n_features) the trainer learns from."""
        return self.trainer.x_train

    @property
    def output_activation(self) -> str:
        """The output unit's activation ("step" for the perceptron)."""
        return self.model.activation_names[-1] if isinstance(self.model, MLP) else "step"


def output_activation(config: Config) -> str:
    """Return the configured output activation, resolving "auto" to the loss's natural one."""
    if config.output_activation != "auto":
        return config.output_activation
    return default_output_activation(config.loss, config.n_classes)


def design_matrices(config: Config, ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (x_train, y_train, x_test): ds's points through config's features and input offset."""
    k, shift = config.features, config.input_offset
    return feature_matrix(ds.x_train, k, shift), ds.y_train, feature_matrix(ds.x_test, k, shift)


def input_points(config: Config, ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Return ds's training and test points as the features receive them (shifted by the input
    offset, the same arithmetic as feature_matrix): what the exports embed."""
    return ds.x_train + config.input_offset, ds.x_test + config.input_offset


def _batch_size(config: Config) -> int | None:
    return {"full": None, "stochastic": 1}.get(config.batch_mode, config.batch_size)


def mlp_trainer(config: Config, net: MLP, optimizer: Optimizer, ds: Dataset,
                 rng: np.random.Generator) -> Trainer:
    """Return the Trainer of net and optimizer on ds, as config sets it up (on no points: one
    that is stopped and says why)."""
    rate, empty = config.regularization_rate, not len(ds.x_train)
    ds = trainable(ds)
    trainer = Trainer(net, optimizer, *design_matrices(config, ds), ds.y_test, loss=config.loss,
                      n_classes=ds.n_classes, batch_size=_batch_size(config),
                      l1=rate if config.regularization == "l1" else 0.0,
                      l2=rate if config.regularization == "l2" else 0.0, rng=rng,
                      schedule=config.schedule, decay_rate=config.decay_rate,
                      decay_steps=config.decay_steps, patience=config.patience,
                      restore_best_weights=config.restore_best_weights, history_limit=HISTORY_LIMIT,
                      data_order=config.data_order)
    trainer.stopped_reason = NO_POINTS if empty else None
    return trainer


def perceptron_trainer(config: Config, perceptron: Perceptron, ds: Dataset,
                        rng: np.random.Generator) -> PerceptronTrainer:
    """Return the delta-rule trainer of perceptron on ds."""
    if not len(ds.x_train):
        raise ValueError("the perceptron needs at least one point: draw one first")
    return PerceptronTrainer(perceptron, *design_matrices(config, ds), ds.y_test,
                             learning_rate=config.learning_rate, rng=rng,
                             history_limit=HISTORY_LIMIT)


def build_trainer(config: Config, ds: Dataset, rng: np.random.Generator | None = None
                  ) -> AnyTrainer:
    """Return a fresh trainer (epoch 0) for config on ds: the one place a Config becomes a model,
    an optimizer and a trainer (used by the app, the export, the benchmarks and the tests).

    Weights come from the WEIGHTS stream of config.seed, the shuffles from `rng` (default: the
    TRAINING stream of config.seed); config.features (after config.input_offset) turn ds's
    points into design matrices.

    Raises:
        ValueError: from the engine, for a combination the schema did not rule out.
    """
    rng = rng if rng is not None else stream(config.seed, TRAINING)
    n_inputs = len(config.features)
    if config.model == "perceptron":
        perceptron = Perceptron(n_inputs, rng=stream(config.seed, WEIGHTS))
        return perceptron_trainer(config, perceptron, ds, rng)
    sizes = [n_inputs, *config.hidden_layers, output_size(config.loss, ds.n_classes)]
    net = MLP(sizes, activation=config.activation, output_activation=output_activation(config),
              init=config.init, rng=stream(config.seed, WEIGHTS), dropout=config.dropout)
    hyper = {n: getattr(config, n) for n in OPTIMIZERS[config.optimizer].hyperparameter_names}
    optimizer = make_optimizer(config.optimizer, learning_rate=config.learning_rate, **hyper)
    return mlp_trainer(config, net, optimizer, ds, rng)


def _model(trainer: AnyTrainer) -> Model:
    return trainer.perceptron if isinstance(trainer, PerceptronTrainer) else trainer.net


def build_run(config: Config, run_id: int = 0, data_id: int = 0,
              custom: CustomData | None = None) -> Run:
    """Return a fresh run (epoch 0) for config: same config, same numbers, bit for bit.

    Args:
        custom: the points config.custom_data names (None when it names none).

    Raises:
        ValueError: from the engine, for a combination the schema did not rule out, or custom
            data that config does not name or that does not fit its problem.
    """
    ds = make_data(config, custom)
    trainer = build_trainer(config, ds)
    return Run(config, ds, _model(trainer), trainer, run_id, data_id, custom=custom)


def advance(run: Run, epochs: int, budget: float = BUDGET_SECONDS,
            clock: Callable[[], float] = time.perf_counter) -> int:
    """Train up to `epochs` epochs within `budget` seconds of `clock`, stopping early when
    training stops (diverged, early stopping, perceptron converged); return the epochs finished.

    The budget holds inside an epoch too: an MLP trains in slices of mini-batches sized from the
    time the slices before took, and an epoch the budget cuts short goes on at the next call
    (Trainer.train: the numbers are those of uninterrupted training, and the epoch counts once
    it ends). A slice stops where the next mini-batch would overrun the budget, so the budget
    is kept to the accuracy of the estimate; at least one mini-batch (a perceptron: one epoch)
    runs whatever the budget.
    """
    start, done = clock(), 0
    trainer = run.trainer
    if isinstance(trainer, PerceptronTrainer):  # its epochs take microseconds
        while done < epochs and trainer.running:
            trainer.step()
            done += 1
            if clock() - start > budget:
                break
        return done
    per_batch = 0.0  # seconds the last slice took per mini-batch (0: nothing measured yet)
    while done < epochs and trainer.running:
        left = trainer.batches_left
        if per_batch > 0.0:
            fits = (budget - (clock() - start)) / per_batch
            if fits < 1.0:
                break
            left = int(min(left, fits))
        elif left > PROBE_BATCHES:
            left = PROBE_BATCHES  # the first slice measures what a mini-batch costs
        began = clock()
        done += trainer.train(left) is not None
        per_batch = (clock() - began) / left
    return done


def stopped_reason(run: Run) -> str | None:
    """Return why training stopped (diverged, early stopping, converged), or None."""
    return run.trainer.stopped_reason
