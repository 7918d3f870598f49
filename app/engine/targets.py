"""Targets: the explicit encoder from dataset labels to what each loss expects, and back to classes.

Labels are class indices 0..k−1 (k = n_classes ≥ 2) or float targets for regression (n_classes 0).
"""

from __future__ import annotations

import numpy as np

from app.engine._types import AnyArray, Array, IntArray
from app.engine.activations import get_activation
from app.engine.losses import get_loss, losses_for


def problem_kind(n_classes: int) -> str:
    """Return "regression" (n_classes 0), "binary" (2) or "multiclass" (≥ 3)."""
    if n_classes == 0:
        return "regression"
    if n_classes == 2:
        return "binary"
    if n_classes >= 3:
        return "multiclass"
    raise ValueError(f"n_classes must be 0 (regression) or ≥ 2, got {n_classes!r}")


def check_loss_for(loss: str, n_classes: int) -> None:
    """Raise ValueError when the loss cannot train this problem (e.g. hinge on 3 classes)."""
    kind = problem_kind(n_classes)
    if kind not in get_loss(loss).problems:
        allowed = ", ".join(losses_for(kind))
        raise ValueError(f"loss {loss!r} does not fit a {kind} problem; allowed: {allowed}")


def check_outputs(n_outputs: int, t: AnyArray, loss: str, n_classes: int) -> None:
    """Raise ValueError unless a network of n_outputs outputs fits targets t encoded for loss."""
    index = get_loss(loss).index_targets
    width = 1 if t.ndim == 1 and index else t.shape[1]
    want = n_classes if index else width
    if n_outputs != want:
        raise ValueError(f"the network has {n_outputs} outputs but loss {loss!r} on "
                         f"{n_classes} classes needs {want}")


def output_size(loss: str, n_classes: int) -> int:
    """Return the number of output units: 1 for regression and binary, k for k classes.

    Softmax cross-entropy and max-margin score every class, so binary problems get 2 units there.
    """
    check_loss_for(loss, n_classes)
    if get_loss(loss).index_targets:
        return n_classes
    return 1 if n_classes <= 2 else n_classes


def default_output_activation(loss: str, n_classes: int) -> str:
    """Return the natural output activation: tanh for square classification (TF Playground),
    linear for regression and for losses that read z, sigmoid for log loss (ŷ = p)."""
    if loss == "log":
        return "sigmoid"
    if loss == "square" and n_classes > 0:
        return "tanh"
    return "linear"


def _low_high(output_activation: str) -> tuple[float, float]:
    """Return the two binary target values: (0, 1) for outputs in [0, 1], else (−1, +1)."""
    low, high = get_activation(output_activation).output_range
    return (0.0, 1.0) if (low, high) == (0.0, 1.0) else (-1.0, 1.0)


def encode_targets(labels: AnyArray, loss: str, n_classes: int,
                   output_activation: str = "tanh") -> AnyArray:
    """Return targets shaped as the loss expects.

    square: binary → (n, 1) of ±1 (0/1 when φ_out ranges over [0, 1]); multiclass → one-hot (n, k);
    regression → (n, 1) of the values. log: (n, 1) of 0/1. hinge: (n, 1) of ±1.
    softmax_cross_entropy, max_margin: (n,) int64 class indices.

    Raises:
        ValueError: the loss does not fit the problem, or labels are out of range.
    """
    check_loss_for(loss, n_classes)
    labels = np.asarray(labels)
    if n_classes == 0:
        return np.asarray(labels, dtype=np.float64).reshape(-1, 1)
    classes = labels.astype(np.int64)
    if classes.size and (classes.min() < 0 or classes.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}, got {classes.min()}..{classes.max()}")
    if get_loss(loss).index_targets:
        return classes
    if n_classes >= 3:
        return np.eye(n_classes)[classes]
    low, high = (0.0, 1.0) if loss == "log" else (-1.0, 1.0) if loss == "hinge" \
        else _low_high(output_activation)
    return np.where(classes == 1, high, low).astype(np.float64).reshape(-1, 1)


def classes_from(z: Array, output: Array, loss: str, output_activation: str) -> IntArray:
    """Return class indices (n,) the way the loss sees the output: from z (n, k) for losses
    that read z (log, hinge, softmax_cross_entropy, max_margin: z ≥ 0 or argmax z), from the
    output ŷ (n, k) for square loss (see predict_classes)."""
    if get_loss(loss).on_output:
        return predict_classes(output, output_activation)
    return predict_classes(z, "linear")


def predict_classes(output: Array, output_activation: str = "tanh") -> IntArray:
    """Return class indices (n,) from network outputs (n, k) (or (runs, n) from (runs, n, k)).

    One unit: class 1 where the output passes the midpoint of its two target values (0.5 for an
    output in [0, 1], else 0). Several units: the argmax.
    """
    if output.shape[-1] == 1:
        low, high = _low_high(output_activation)
        return (output[..., 0] >= 0.5 * (low + high)).astype(np.int64)
    classes: IntArray = np.argmax(output, axis=-1).astype(np.int64)
    return classes
