"""Engine figures: epochs per second against scikit-learn in the same run, and grid evaluation."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from app.config import Config
from app.engine import FEATURE_KEYS, Trainer, make_dataset
from app.engine.compiled.stack import Stack
from app.engine.grid import Grid
from app.session.run import build_trainer
from benchmarks.table import Row, rate


@dataclass(frozen=True)
class Workload:
    """One training set-up: TensorFlow Playground's default or the big network."""

    name: str
    features: tuple[str, ...]
    hidden_layers: tuple[int, ...]


DEFAULT = Workload("default (2→4→2→1 tanh, x1 x2)", ("x1", "x2"), (4, 2))
BIG = Workload("big (7→8×6→1 tanh, all features)", FEATURE_KEYS, (8,) * 6)
STACKED = (8, 32)  # runs of a class stacked (a poll's turn trains them together)


def make_trainer(workload: Workload, seed: int = 1) -> Trainer:
    """Return TF Playground's default run (circle, 500 points, half for training, lr 0.03,
    batch 10, square loss, tanh, init "playground") on the workload's network, built as the app
    builds it (session.run.build_trainer)."""
    config = Config(features=workload.features, hidden_layers=workload.hidden_layers, seed=seed)
    ds = make_dataset("circle", n_points=500, noise=0.0, train_fraction=0.5, seed=seed)
    trainer = build_trainer(config, ds)
    if not isinstance(trainer, Trainer):
        raise TypeError(f"expected an MLP's Trainer, got {type(trainer).__name__}")
    return trainer


def engine_rows(seconds: float) -> list[Row]:
    """Return epochs/s of both workloads, of classes' runs stacked, scikit-learn's partial_fit
    ratios, and grid times."""
    rows, ours = [], {}
    for workload, target in ((DEFAULT, 3000), (BIG, 1000)):
        trainer = make_trainer(workload)
        ours[workload] = rate(trainer.step, seconds)
        rows.append(Row(f"engine epochs/s, {workload.name}", f"{ours[workload]:,.0f}",
                        f"≥ {target:,}"))
    for runs in STACKED:
        trainers = [make_trainer(DEFAULT, seed) for seed in range(1, runs + 1)]
        with Stack(trainers) as stack:
            each = rate(stack.epoch, seconds)
        rows.append(Row(f"stacked epochs/s, {runs} runs of the default network", (
            f"{each * runs:,.0f} in all, {each * runs / ours[DEFAULT]:.1f}× one run alone"),
            "ahead of alone", "every call made once for all the runs (compiled/stack.py), "
                              "each run's numbers exactly its own"))
    for workload in (DEFAULT, BIG):
        theirs = sklearn_rate(workload, seconds)
        if theirs is None:
            rows.append(Row(f"vs scikit-learn partial_fit, {workload.name}", "—", "ahead",
                            "scikit-learn not installed (pip install '.[bench]')"))
            continue
        rows.append(Row(f"vs scikit-learn partial_fit, {workload.name}",
                        f"{ours[workload] / theirs:.1f}× ({theirs:,.0f} epochs/s)", "ahead",
                        "same data, sizes, batch 10, plain SGD lr 0.03"))
    grid = Grid(100)
    for workload, target_ms in ((DEFAULT, 1.0), (BIG, 4.0)):
        net, features = make_trainer(workload).net, workload.features
        per_s = rate(lambda: grid.neurons(net, features), seconds / 2)  # noqa: B023
        rows.append(Row(f"100×100 grid, output + every neuron, {workload.name}",
                        f"{1000 / per_s:.2f} ms", f"≤ {target_ms:g} ms"))
    return rows


def sklearn_rate(workload: Workload, seconds: float) -> float | None:
    """Return scikit-learn MLPClassifier.partial_fit epochs/s on the same data, or None."""
    try:
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    trainer = make_trainer(workload)
    model = MLPClassifier(hidden_layer_sizes=workload.hidden_layers, activation="tanh",
                          solver="sgd", learning_rate_init=0.03, batch_size=10, momentum=0.0,
                          nesterovs_momentum=False, alpha=0.0, random_state=1)
    x, y = trainer.x_train, trainer.y_train
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return rate(lambda: model.partial_fit(x, y, classes=[0, 1]), seconds)

