"""Datasets: the registry of generators by name and the seeded, shuffled train/test split.

The generators themselves live in generators.py; rendering and URL parsing live elsewhere.
"""

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from app.engine._types import Array
from app.engine.generators import (
    Generate,
    Labels,
    blobs,
    checkerboard,
    circle,
    gate,
    gaussian,
    moons,
    multi_gaussian,
    plane,
    spiral,
    spirals,
    xor,
)

Problem = Literal["classification", "regression"]
N_POINTS_RANGE = (4, 5000)
NOISE_RANGE = (0.0, 0.5)
TRAIN_FRACTION_RANGE = (0.1, 0.9)


@dataclass(frozen=True)
class DatasetInfo:
    """A registry entry: what a dataset is and how to generate it."""

    name: str
    problem: Problem
    n_classes: int  # 0 for regression
    default_points: int  # 500 classification, 1200 regression (as TF Playground)
    generate: Generate


def _info(name: str, generate: Generate, n_classes: int = 2) -> DatasetInfo:
    """Return a DatasetInfo; n_classes 0 means regression."""
    if n_classes == 0:
        return DatasetInfo(name, "regression", 0, 1200, generate)
    return DatasetInfo(name, "classification", n_classes, 500, generate)


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in [
        _info("circle", circle),
        _info("xor", xor),
        _info("gaussian", gaussian),
        _info("spiral", spiral),
        _info("plane", plane, 0),
        _info("multi_gaussian", multi_gaussian, 0),
        _info("moons", moons),
        _info("checkerboard", checkerboard),
        _info("and", gate((0, 0, 0, 1))),
        _info("or", gate((0, 1, 1, 1))),
        _info("xor_gate", gate((0, 1, 1, 0))),
        *(_info(f"blobs{k}", blobs(k), k) for k in (3, 4, 5)),
        *(_info(f"spiral{k}", spirals(k), k) for k in (3, 4, 5)),
    ]
}


def get_dataset(name: str) -> DatasetInfo:
    """Return the registry entry for name.

    Raises:
        ValueError: if name is not a registered dataset (the message lists the allowed names).
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; allowed: {', '.join(DATASETS)}")
    return DATASETS[name]


def dataset_names(problem: str | None = None) -> list[str]:
    """Return the registered dataset names in registry order, optionally only one problem type.

    Raises:
        ValueError: if problem is neither None, "classification" nor "regression".
    """
    if problem not in (None, "classification", "regression"):
        raise ValueError(f"unknown problem {problem!r}; allowed: classification, regression")
    return [name for name, info in DATASETS.items() if problem in (None, info.problem)]


@dataclass(frozen=True)
class Dataset:
    """A generated dataset, shuffled once and split into train and test.

    x_* are (n_*, 2) float64; y_* are (n_*,) int64 class indices or float64 regression targets.
    """

    name: str
    problem: str
    n_classes: int
    x_train: Array
    y_train: Labels
    x_test: Array
    y_test: Labels
    seed: int
    noise: float
    train_fraction: float


def _check_real(name: str, value: float, low: float, high: float) -> float:
    """Return value as float if it is a finite real in [low, high], else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be a finite number in [{low}, {high}], got {value!r}")
    return float(value)


def _check_int(name: str, value: int, low: int, high: int | None = None) -> int:
    """Return value as int if it is an integer in [low, high] (no upper bound if None)."""
    is_int = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not is_int or value < low or (high is not None and value > high):
        allowed = f"{low}..{high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be an integer {allowed}, got {value!r}")
    return int(value)


def make_dataset(
    name: str,
    n_points: int | None = None,
    noise: float = 0.0,
    train_fraction: float = 0.5,
    seed: int = 0,
    rng: np.random.Generator | None = None,
) -> Dataset:
    """Generate a dataset, shuffle it with rng.permutation and split it into train and test.

    The first floor(n·train_fraction) shuffled points are training, the rest test (each side
    keeps at least one point). rng defaults to np.random.default_rng(seed), so the same arguments
    give bit-identical arrays.

    Args:
        name: registry key, e.g. "circle".
        n_points: total points n, 4..5000; None uses the dataset's default (500 or 1200).
        noise: noise level in [0, 0.5].
        train_fraction: share of points used for training, in [0.1, 0.9].
        seed: non-negative seed, recorded on the result and used when rng is None.
        rng: generator to draw from instead of a fresh one seeded with seed.

    Returns:
        The Dataset with x_train (n_train, 2), y_train (n_train,), x_test (n - n_train, 2),
        y_test (n - n_train,).

    Raises:
        ValueError: naming the bad value and the allowed names or range.
    """
    info = get_dataset(name)
    n = info.default_points
    if n_points is not None:
        n = _check_int("n_points", n_points, *N_POINTS_RANGE)
    noise = _check_real("noise", noise, *NOISE_RANGE)
    train_fraction = _check_real("train_fraction", train_fraction, *TRAIN_FRACTION_RANGE)
    seed = _check_int("seed", seed, 0)
    if rng is None:
        rng = np.random.default_rng(seed)
    points, labels = info.generate(n, noise, rng)
    return split_points(name, info.n_classes, points, labels, train_fraction, seed, rng, noise)


def split_points(name: str, n_classes: int, points: Array, labels: Labels,
                 train_fraction: float, seed: int, rng: np.random.Generator,
                 noise: float = 0.0) -> Dataset:
    """Shuffle points (n, 2) and labels (n,) with rng.permutation and split them: the first
    floor(n·train_fraction) are training, the rest test (training keeps at least one point, test
    too when n ≥ 2). make_dataset splits generated points so; drawn or uploaded points too.

    Raises:
        ValueError: no points, or points and labels of different lengths.
    """
    n = len(points)
    if n < 1 or points.shape != (n, 2) or labels.shape != (n,):
        raise ValueError(f"need (n, 2) points and (n,) labels with n ≥ 1, got {points.shape} "
                         f"and {labels.shape}")
    order = rng.permutation(n)
    points, labels = points[order], labels[order]
    # the epsilon keeps e.g. 100·0.57 = 56.999… from losing a point to float rounding
    n_train = min(max(math.floor(n * train_fraction + 1e-9), 1), max(n - 1, 1))
    return Dataset(
        name=name,
        problem="regression" if n_classes == 0 else "classification",
        n_classes=n_classes,
        x_train=points[:n_train],
        y_train=labels[:n_train],
        x_test=points[n_train:],
        y_test=labels[n_train:],
        seed=seed,
        noise=noise,
        train_fraction=train_fraction,
    )
