"""A run saved as a JSON file (app/data/run_json.py) and checked on its way back in.

Saving writes the settings, the epoch, the run's own points and the trainer's whole checkpoint
(weights, optimizer state, generator, history), so a loaded run continues bit for bit. Loading
trusts nothing: the settings are parsed like a URL, the points checked like a drawing, and the
state compared with the states of the same settings' run built fresh and after one mini-batch:
the same keys, types and array shapes (the history and dropout masks within their limits), the
settings' own values unchanged, every counter in its range, every number finite.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app.config import from_query, to_query
from app.data import points
from app.data.points import CustomData
from app.data.run_json import RunFileError, decode, read, write
from app.engine import PerceptronTrainer
from app.engine.checkpoint import restore_trainer_state, trainer_state
from app.session.run import Run, build_run
from app.validation import ConfigError

Saved = tuple[Any, CustomData | None, dict[str, Any]]  # config, its points, the trainer state
# values the settings decide: a saved run must carry the very ones its settings give
FIXED = ("kind", "sizes", "schedule", "decay_rate", "decay_steps", "patience",
         "restore_best_weights", "base_learning_rate", "l1", "l2", "limit", "bit_generator",
         "beta1", "beta2", "eps", "momentum", "rho")
FREE_LENGTH = frozenset({"epoch", "diverged", "train_loss", "learning_rate", "test_loss",
                         "train_accuracy", "test_accuracy", "test_loss_none",
                         "train_accuracy_none", "test_accuracy_none", "grad_norms",
                         "grad_norms_count", "update_ratios", "update_ratios_count"})
NONE_ALLOWED = ("test_loss", "train_accuracy", "test_accuracy")  # nulls where *_none is true


def dump(run: Run) -> bytes:
    """Return the run as a JSON file.

    Raises:
        ValueError: its numbers are not all finite (a diverged run).
    """
    state = trainer_state(run.trainer)
    _check_finite(state, "state")
    custom = None if run.custom is None else {
        "n_classes": run.custom.n_classes, "points": run.custom.points.tolist(),
        "labels": run.custom.labels.tolist()}
    return write(to_query(run.config), run.epoch, custom, state)


def load(raw: bytes) -> Saved:
    """Return (config, custom data, trainer state) of a saved run, every part checked.

    Raises:
        RunFileError: the first problem found, with its path in the file.
    """
    doc = read(raw)
    try:
        config = from_query(doc["settings"])
    except ConfigError as exc:
        raise RunFileError(f"settings: {'; '.join(exc.messages)}") from None
    custom = None
    try:
        if doc["custom_data"] is not None:
            custom = points.from_tree(doc["custom_data"])
        if (custom.key if custom else "") != config.custom_data:
            raise ValueError("the settings' custom_data does not name these points")
        run = build_run(config, custom=custom)
    except (ValueError, TypeError, KeyError) as exc:
        raise RunFileError(f"custom_data: {exc}") from None
    state = decode(doc["state"])
    if isinstance(state, dict) and state.get("best_test_loss", 0.0) is None:
        state["best_test_loss"] = math.inf  # written as null: no test loss yet
    fresh = trainer_state(run.trainer)
    _one_step(run)
    _compare(state, (trainer_state(run.trainer), fresh), "state")
    _check_finite(state, "state")
    _check_counters(state, run)
    if state["epoch"] != doc["epoch"]:
        raise RunFileError(f"epoch: {doc['epoch']} but the state is at epoch {state['epoch']}")
    try:
        restore_trainer_state(build_run(config, custom=custom).trainer, state)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RunFileError(f"state: {exc}") from None
    return config, custom, state


def _one_step(run: Run) -> None:
    """Train one mini-batch (the perceptron: one sample), so optimizer state and batches exist."""
    trainer = run.trainer
    if isinstance(trainer, PerceptronTrainer):
        trainer.step_sample()
    elif trainer.running:
        trainer.train(1)


def _compare(value: Any, templates: tuple[Any, ...], path: str) -> None:
    """Raise RunFileError unless value has the structure of one of the templates."""
    name = path.rsplit(".", 1)[-1]
    want = templates[0]
    if name in FIXED and not any(_same(value, t) for t in templates):
        raise RunFileError(f"{path}: must be {want!r}, as the settings give, got {value!r}"[:300])
    if value is None:
        if name == "best_test_loss" or any(t is None for t in templates) or (
                name in ("best_params", "last_sample") or path.count("dropout_masks")):
            return
        raise RunFileError(f"{path}: must not be null")
    usable = [t for t in templates if t is not None] or [value]
    if isinstance(want, dict) or isinstance(value, dict):
        _compare_dict(value, usable, path)
    elif isinstance(value, list | tuple):
        matches = [t for t in usable if isinstance(t, type(value)) and len(t) == len(value)]
        if not matches:
            raise RunFileError(f"{path}: expected {len(usable[0])} items, got {len(value)}"
                               if isinstance(usable[0], list | tuple) else
                               f"{path}: expected {type(usable[0]).__name__}")
        for i, item in enumerate(value):
            _compare(item, tuple(t[i] for t in matches), f"{path}[{i}]")
    elif isinstance(value, np.ndarray):
        _compare_array(value, usable, path)
    elif not any(_scalar_fits(value, t) for t in usable):
        raise RunFileError(f"{path}: expected a {type(usable[0]).__name__}, got "
                           f"{str(value)[:20]!r}")


def _compare_dict(value: Any, templates: list[Any], path: str) -> None:
    dicts = [t for t in templates if isinstance(t, dict)]
    if not isinstance(value, dict) or not dicts:
        raise RunFileError(f"{path}: expected an object")
    allowed = set().union(*dicts)
    required = set.intersection(*(set(t) for t in dicts)) - {"batches"}
    unknown, missing = set(value) - allowed, required - set(value)
    if unknown or missing:
        raise RunFileError(f"{path}: unknown {sorted(unknown)[:3]}" if unknown else
                           f"{path}: missing {sorted(missing)[:3]}")
    for key, item in value.items():
        _compare(item, tuple(t[key] for t in dicts if key in t), f"{path}.{key}")


def _compare_array(value: np.ndarray, templates: list[Any], path: str) -> None:
    name = path.rsplit(".", 1)[-1]
    arrays = [t for t in templates if isinstance(t, np.ndarray)]
    if not arrays:
        raise RunFileError(f"{path}: expected {type(templates[0]).__name__}, got an array")
    if not any(value.dtype == t.dtype for t in arrays):
        raise RunFileError(f"{path}: expected {arrays[0].dtype} values, got {value.dtype}")
    if name in FREE_LENGTH and "history" in path:
        if value.ndim != 1:
            raise RunFileError(f"{path}: expected a flat list")
        return
    if "dropout_masks" in path:
        if value.shape[1:] != arrays[0].shape[1:]:
            raise RunFileError(f"{path}: expected shape (*, {arrays[0].shape[1:]}), got "
                               f"{value.shape}")
        return
    if not any(value.shape == t.shape for t in arrays):
        raise RunFileError(f"{path}: expected shape {arrays[0].shape}, got {value.shape}")


def _same(value: Any, template: Any) -> bool:
    if isinstance(template, np.ndarray) or isinstance(value, np.ndarray):
        return isinstance(value, np.ndarray) and np.array_equal(value, template)
    return type(value) is type(template) and bool(value == template)


def _scalar_fits(value: Any, template: Any) -> bool:
    if isinstance(template, bool) or isinstance(value, bool):
        return isinstance(template, bool) and isinstance(value, bool)
    if isinstance(template, float):
        return isinstance(value, int | float)
    if isinstance(template, int | str):
        return isinstance(value, type(template)) and len(str(value)) <= 200
    return False


def _check_finite(state: Any, path: str) -> None:
    """Raise RunFileError (ValueError) at the first number that is not finite, except the best
    test loss before any (infinite) and the history's missing values."""
    if isinstance(state, dict):
        history = state if "test_loss_none" in state else None
        for key, item in state.items():
            if key == "best_test_loss" and item in (None, np.inf):
                continue
            if history is not None and key in NONE_ALLOWED:
                item = np.where(history[f"{key}_none"], 0.0, item)
            _check_finite(item, f"{path}.{key}")
    elif isinstance(state, list | tuple):
        for i, item in enumerate(state):
            _check_finite(item, f"{path}[{i}]")
    elif isinstance(state, np.ndarray) and state.dtype.kind == "f" or isinstance(state, float):
        bad = np.flatnonzero(~np.isfinite(np.atleast_1d(state)))
        if bad.size:
            raise RunFileError(f"{path}: value {bad[0]} is not a finite number (a diverged "
                               "run cannot be saved: reset it or lower the learning rate)")


def _check_counters(state: dict[str, Any], run: Run) -> None:
    """Raise RunFileError unless every counter and index lies in its range."""
    trainer, n = run.trainer, len(run.x_train)
    if isinstance(trainer, PerceptronTrainer):
        order = state["order"]
        ranges = {"_cursor": (0, len(order)), "_mistakes": (0, 10**9),
                  "last_error": (-1, 1), "last_sample": (0, n - 1)}
        if len(order) and not np.array_equal(np.sort(order), np.arange(n)):
            raise RunFileError("state.order: must be an order of the training points")
    else:
        ranges = {"_cursor": (0, trainer.batches_per_epoch - 1), "_wait": (0, 10**9),
                  "best_epoch": (0, 10**9)}
        optimizer_steps = state["optimizer"].get("_t", 0)
        if not 0 <= optimizer_steps <= 10**12:
            raise RunFileError(f"state.optimizer._t: must be 0..10¹², got {optimizer_steps}")
    for name, (low, high) in {"epoch": (0, 10**9), **ranges}.items():
        value = state[name]
        if value is not None and not low <= value <= high:
            raise RunFileError(f"state.{name}: must be {low}..{high}, got {value}")
    _check_history(state["history"])


def _check_history(history: dict[str, Any]) -> None:
    rows, limit = len(history["epoch"]), history["limit"]
    if not 1 <= history["stride"] <= 10**9 or rows > 2 * limit + 1:
        raise RunFileError(f"state.history: stride must be ≥ 1 and at most {2 * limit + 1} "
                           f"records, got {history['stride']} and {rows}")
    for name in ("grad_norms", "update_ratios"):
        counts = history[f"{name}_count"]
        if (counts < 0).any() or counts.sum() != len(history[name]):
            raise RunFileError(f"state.history.{name}_count: must count the "
                               f"{len(history[name])} values of {name}")
