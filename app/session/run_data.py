"""The data a run trains on: generated from config (dataset, noise, data_seed) or the drawn or
uploaded points config.custom_data names, split into train and test the same way.

Also the seeded streams every run draws from, and what a run with no points trains on: one
placeholder point its trainer never uses, since that trainer is stopped (NO_POINTS) from the start.
"""

from __future__ import annotations

import numpy as np

from app.config import Config
from app.data.points import CustomData
from app.engine import Dataset, make_dataset
from app.engine.datasets import split_points
from app.engine.generators import Labels

WEIGHTS, TRAINING, DATA = 0, 1, 2  # children of a SeedSequence: independent streams
NO_POINTS = "no points yet — click the output plot to draw some"


def stream(entropy: int, which: int) -> np.random.Generator:
    """Return the Generator of child `which` of SeedSequence(entropy)."""
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(which,)))


def check_custom(config: Config, custom: CustomData | None) -> None:
    """Raise ValueError unless custom is exactly the data config.custom_data names, of its problem
    and number of classes."""
    if not config.custom_data:
        if custom is not None:
            raise ValueError("custom data given, but the settings name none (custom_data)")
        return
    if custom is None or custom.key != config.custom_data:
        raise ValueError(f"custom_data: the data set {config.custom_data!r} is not at hand")
    if custom.n_classes != config.n_classes:
        raise ValueError(f"custom_data: the data set has {_kind(custom.n_classes)}, the "
                         f"{config.dataset!r} problem {_kind(config.n_classes)}")


def _kind(n_classes: int) -> str:
    return f"{n_classes} classes" if n_classes else "regression targets"


def make_data(config: Config, custom: CustomData | None = None) -> Dataset:
    """Return the dataset a Config describes: generated (from data_seed only), or custom's points
    shuffled by the data_seed stream and split by train_fraction (no points: an empty dataset).

    Raises:
        ValueError: custom is not the data config names (check_custom).
    """
    check_custom(config, custom)
    rng = stream(config.data_seed, DATA)
    if custom is None:
        return make_dataset(config.dataset, noise=config.noise,
                            train_fraction=config.train_fraction, seed=config.data_seed, rng=rng)
    name = f"custom_{custom.key}"
    if not len(custom):
        empty, none = np.zeros((0, 2)), np.zeros(0, dtype=np.int64 if custom.n_classes else float)
        return Dataset(name, config.problem, custom.n_classes, empty, none, empty, none,
                       config.data_seed, 0.0, config.train_fraction)
    return split_points(name, custom.n_classes, custom.points, custom.labels,
                        config.train_fraction, config.data_seed, rng)


def trainable(ds: Dataset) -> Dataset:
    """Return ds, or for a dataset with no points one placeholder point at the origin (class 0,
    target 0) for a trainer that will not train."""
    if len(ds.x_train):
        return ds
    label: Labels = np.zeros(1, dtype=np.int64) if ds.n_classes else np.zeros(1)
    return Dataset(ds.name, ds.problem, ds.n_classes, np.zeros((1, 2)), label, np.zeros((0, 2)),
                   label[:0], ds.seed, ds.noise, ds.train_fraction)
