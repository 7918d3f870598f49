"""Checkpoints: everything training changes in a trainer, as a plain tree, and putting it back.

A state is a tree of dicts (str keys), lists, tuples, None, bool, int, float, str and float/int
ndarrays — no engine objects — so a caller can store it in any format. It holds what training
mutates: parameters (with hand edits), last gradients, L1's dead links, optimizer state, the
Generator's state, epoch, position inside an epoch, history, early stopping, the live learning
rate and regularisation, perceptron counters. What the constructor derives from the
configuration (data, batch buffers at an epoch boundary, workspaces, plans) is not saved: build
the trainer from the same configuration, then restore_trainer_state() makes it continue bit for
bit.

Arrays are written into the live arrays in place, because replayed plans hold views of them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app.engine.history import EpochRecord, History
from app.engine.perceptron import PerceptronTrainer
from app.engine.trainer import Trainer

State = dict[str, Any]
AnyTrainer = Trainer | PerceptronTrainer

_SKIP = object()
_OPTIONAL = ("test_loss", "train_accuracy", "test_accuracy")  # EpochRecord floats that may be None
_MLP_FIELDS = ("epoch", "diverged", "stopped_reason", "best_test_loss", "best_epoch", "_wait",
               "_cursor", "base_learning_rate", "schedule", "decay_rate", "decay_steps",
               "patience", "restore_best_weights")
_PERCEPTRON_FIELDS = ("epoch", "converged", "diverged", "learning_rate", "_cursor", "_mistakes",
                      "last_sample", "last_error")
_OPTIMIZER_KEPT = frozenset({"generation"})  # counts resets of the live object: plans go stale


def trainer_state(trainer: AnyTrainer) -> State:
    """Return a copy of the trainer's mutable state (see the module docstring)."""
    if isinstance(trainer, PerceptronTrainer):
        state = {name: getattr(trainer, name) for name in _PERCEPTRON_FIELDS}
        state.update(kind="perceptron", weights=trainer.perceptron.weights.copy(),
                     order=trainer._order.copy())
    else:
        net = trainer.net
        state = {name: getattr(trainer, name) for name in _MLP_FIELDS}
        state.update(
            kind="mlp", sizes=list(net.sizes), l1=trainer.l1, l2=trainer.l2,
            params=net.params.copy(), grads=net.grads.copy(), dead=net.dead.copy(),
            best_params=None if trainer._best_params is None else trainer._best_params.copy(),
            dropout_masks=[None if m is None else np.array(m) for m in net.last_dropout_masks],
            optimizer=_attributes(trainer.optimizer))
        if trainer._cursor:  # mid-epoch: the batches hold this epoch's shuffle
            state["batches"] = [np.array(b) for b in (*trainer._batches.x,
                                                      *trainer._batches.t_views)]
    state["rng"] = _encode(trainer.rng.bit_generator.state)
    state["history"] = history_state(trainer.history)
    return state


def restore_trainer_state(trainer: AnyTrainer, state: State) -> None:
    """Put a trainer_state() back into a trainer built from the same configuration.

    Raises:
        ValueError: if the state belongs to another kind or shape of model, or is malformed.
    """
    kind = "perceptron" if isinstance(trainer, PerceptronTrainer) else "mlp"
    if not isinstance(state, dict) or state.get("kind") != kind:
        got = state.get("kind") if isinstance(state, dict) else type(state).__name__
        raise ValueError(f"a {got!r} state cannot go into a {kind} trainer")
    try:
        if isinstance(trainer, PerceptronTrainer):
            _restore_perceptron(trainer, state)
        else:
            _restore_mlp(trainer, state)
        trainer.rng.bit_generator.state = _decode(state["rng"])
        trainer.history = restore_history(state["history"])
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"malformed trainer state: {exc!r}") from None


def _restore_perceptron(trainer: PerceptronTrainer, state: State) -> None:
    _expect("perceptron", trainer.perceptron.weights.shape, state["weights"].shape)
    _copy_into(trainer.perceptron.weights, state["weights"], "weights")
    for name in _PERCEPTRON_FIELDS:
        setattr(trainer, name, state[name])
    trainer._order = np.array(state["order"], dtype=np.int64)


def _restore_mlp(trainer: Trainer, state: State) -> None:
    net = trainer.net
    _expect("mlp", list(net.sizes), list(state["sizes"]))
    _copy_into(net.params, state["params"], "params")
    _copy_into(net.grads, state["grads"], "grads")
    if "dead" in state:  # links L1 has clamped (older snapshots have none)
        _copy_into(net.dead, state["dead"], "dead")
    best = state["best_params"]
    trainer._best_params = None if best is None else np.array(best, dtype=np.float64)
    masks = state["dropout_masks"]
    if len(masks) != len(net.last_dropout_masks):
        raise ValueError(f"{len(masks)} dropout masks for {len(net.last_dropout_masks)} layers")
    net.last_dropout_masks = [None if m is None else np.array(m) for m in masks]
    for name in _MLP_FIELDS:
        setattr(trainer, name, state[name])
    _restore_attributes(trainer.optimizer, state["optimizer"])
    if "batches" in state:
        live = [*trainer._batches.x, *trainer._batches.t_views]
        if len(live) != len(state["batches"]):
            raise ValueError(f"{len(state['batches'])} saved batches for {len(live)}")
        for i, (target, saved) in enumerate(zip(live, state["batches"], strict=True)):
            _copy_into(target, saved, f"batch {i}")
    trainer.set_regularization(state["l1"], state["l2"])  # also drops the trainer's plans


def _expect(kind: str, want: object, got: object) -> None:
    if want != got:
        raise ValueError(f"the state is for shape {got}, the {kind} has {want}")


def _copy_into(target: np.ndarray, saved: Any, name: str) -> None:
    """Write saved into target in place (plans hold views of target)."""
    if not isinstance(saved, np.ndarray) or saved.shape != target.shape:
        raise ValueError(f"{name}: expected an array of shape {target.shape}, got "
                         f"{getattr(saved, 'shape', type(saved).__name__)}")
    np.copyto(target, saved, casting="same_kind")


# ---------------------------------------------------------------- generic attributes
def _encode(value: Any) -> Any:
    """Return a copy of value made of tree types, or _SKIP for what is not data (callables)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list | tuple):
        items = [_encode(v) for v in value]
        return _SKIP if any(v is _SKIP for v in items) else type(value)(items)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        pairs = {k: _encode(v) for k, v in value.items()}
        return _SKIP if any(v is _SKIP for v in pairs.values()) else pairs
    return _SKIP


def _decode(value: Any) -> Any:
    """Return a tree as the live objects expect it (tuples stay tuples, arrays are copied)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list | tuple):
        return type(value)(_decode(v) for v in value)
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


def _attributes(obj: object) -> State:
    """Return every data attribute of obj (arrays, scalars, containers of them), copied."""
    out = {}
    for name, value in vars(obj).items():
        encoded = _encode(value)
        if encoded is not _SKIP and name not in _OPTIMIZER_KEPT:
            out[name] = encoded
    return out


def _merged(current: Any, saved: Any) -> Any:
    """Return saved as current's replacement, writing arrays into current's arrays in place."""
    if (isinstance(current, np.ndarray) and isinstance(saved, np.ndarray)
            and current.shape == saved.shape and current.dtype == saved.dtype):
        current[...] = saved
        return current
    if (isinstance(current, list | tuple) and isinstance(saved, list | tuple)
            and len(current) == len(saved)):
        return type(current)(_merged(c, s) for c, s in zip(current, saved, strict=True))
    return _decode(saved)


def _restore_attributes(obj: object, state: State) -> None:
    for name, saved in state.items():
        setattr(obj, name, _merged(getattr(obj, name, None), saved))


# ---------------------------------------------------------------- history
def history_state(history: History) -> State:
    """Return the history as columns (arrays), the newest record last when has_last."""
    rows = [*history.records, *([history.last] if history.last is not None else [])]
    state: State = {"limit": history.limit, "stride": history.stride,
                    "has_last": history.last is not None,
                    "epoch": np.array([r.epoch for r in rows], dtype=np.int64),
                    "diverged": np.array([r.diverged for r in rows], dtype=bool)}
    for name in ("train_loss", "learning_rate", *_OPTIONAL):
        values = [getattr(r, name) for r in rows]
        state[name] = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
        if name in _OPTIONAL:
            state[f"{name}_none"] = np.array([v is None for v in values], dtype=bool)
    for name in ("grad_norms", "update_ratios"):
        tuples = [getattr(r, name) for r in rows]
        state[name] = np.array([v for t in tuples for v in t], dtype=np.float64)
        state[f"{name}_count"] = np.array([len(t) for t in tuples], dtype=np.int64)
    return state


def restore_history(state: State) -> History:
    """Return the History a history_state() describes."""
    n = len(state["epoch"])
    columns: dict[str, list[Any]] = {
        name: state[name].tolist() for name in ("epoch", "diverged", "train_loss",
                                                "learning_rate", *_OPTIONAL)}
    for name in _OPTIONAL:
        columns[name] = [None if none else v
                         for v, none in zip(columns[name], state[f"{name}_none"], strict=True)]
    for name in ("grad_norms", "update_ratios"):
        ends = np.cumsum(state[f"{name}_count"]).tolist()
        flat = state[name].tolist()
        columns[name] = [tuple(flat[e - c:e]) for e, c in
                         zip(ends, state[f"{name}_count"].tolist(), strict=True)]
    if any(len(c) != n for c in columns.values()):
        raise ValueError("history columns of different lengths")
    rows = [EpochRecord(**{k: columns[k][i] for k in columns}) for i in range(n)]
    history = History(state["limit"])
    history.stride = int(state["stride"])
    history.last = rows.pop() if state["has_last"] and rows else None
    if history.last is not None and rows and rows[-1].epoch == history.last.epoch:
        history.last = rows[-1]  # the newest kept record is `last` itself, not a copy of it
    history.records = rows
    return history
