"""The data part both exports share: embedded points and labels, feature columns, target encoding.

Every function returns Python source text for a script that has done `import numpy as np`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray
from app.engine.features import feature_matrix, validate_features
from app.engine.losses import get_loss
from app.engine.targets import encode_targets
from app.engine.trainer import Trainer
from app.export.literals import array_literal

# feature key -> (NumPy expression on the columns x1, x2 — the same operations as features.py, so
# the values are bit-identical — and a short label for comments)
FEATURE_SOURCE: dict[str, tuple[str, str]] = {
    "x1": ("x1", "x1"),
    "x2": ("x2", "x2"),
    "x1_squared": ("x1**2", "x1²"),
    "x2_squared": ("x2**2", "x2²"),
    "x1_x2": ("x1 * x2", "x1·x2"),
    "sin_x1": ("np.sin(x1)", "sin x1"),
    "sin_x2": ("np.sin(x2)", "sin x2"),
}


def feature_keys(features: Sequence[str]) -> tuple[str, ...]:
    """Return the feature keys in canonical order.

    Raises:
        ValueError, TypeError: as features.validate_features; ValueError also for a feature the
            export does not know how to write.
    """
    keys = validate_features(features)
    unknown = [k for k in keys if k not in FEATURE_SOURCE]
    if unknown:
        raise ValueError(f"cannot export feature(s) {unknown!r}; allowed: {list(FEATURE_SOURCE)}")
    return keys


def feature_labels(keys: Sequence[str]) -> str:
    """Return the columns' labels joined for a comment, e.g. "x1, x2, x1²"."""
    return ", ".join(FEATURE_SOURCE[k][1] for k in keys)


def features_function(keys: Sequence[str]) -> str:
    """Return the source of `features(points)`: points (n, 2) -> the network's inputs x (n, d)."""
    columns = ", ".join(FEATURE_SOURCE[k][0] for k in keys)
    return (
        "def features(points):\n"
        f'    """Return the network\'s inputs x (n, {len(keys)}) from points (n, 2).\n\n'
        f'    Columns: {feature_labels(keys)}.\n    """\n'
        "    x1, x2 = points[:, 0], points[:, 1]\n"
        f"    return np.column_stack([{columns}])\n"
    )


def check_points(trainer: Trainer, keys: Sequence[str], points_train: AnyArray,
                 points_test: AnyArray | None) -> None:
    """Check that the raw points give the trainer's inputs under these features.

    Raises:
        ValueError: the points do not reproduce trainer.x_train / x_test bit for bit.
    """
    if len(keys) != trainer.net.n_inputs:
        raise ValueError(f"{len(keys)} features but the network has {trainer.net.n_inputs} inputs")
    if not np.array_equal(feature_matrix(points_train, keys), trainer.x_train):
        raise ValueError("points_train with these features do not give the trainer's x_train")
    n_test = 0 if points_test is None else len(points_test)
    if trainer.x_test is None:
        if n_test:
            raise ValueError("points_test given but the trainer has no test set")
    elif points_test is None or not np.array_equal(feature_matrix(points_test, keys),
                                                   trainer.x_test):
        raise ValueError("points_test with these features do not give the trainer's x_test")


def targets_function(loss: str, n_classes: int, output_activation: str,
                     one_hot: bool = False) -> str:
    """Return the source of `encode_targets(labels)`, encoding as targets.encode_targets does.

    Args:
        loss, n_classes, output_activation: as the trainer has them.
        one_hot: write class indices as one-hot rows instead (Keras's categorical_hinge).
    """
    head = "def encode_targets(labels):\n"
    if n_classes == 0:
        return head + ('    """Return the regression targets as a column (n, 1)."""\n'
                       "    return labels.astype(float).reshape(-1, 1)\n")
    if get_loss(loss).index_targets and not one_hot:
        return head + ('    """Return the class indices (n,) the loss reads."""\n'
                       "    return labels.astype(np.int64)\n")
    if n_classes >= 3 or one_hot:
        return head + (f'    """Return one-hot rows (n, {n_classes}): a 1 in column labels[i]."""\n'
                       f"    return np.eye({n_classes})[labels]\n")
    low, high = encode_targets(np.array([0, 1]), loss, 2, output_activation)[:, 0].tolist()
    doc = f"Return the targets (n, 1): {high:g} for class 1, {low:g} for class 0."
    return head + (f'    """{doc}"""\n'
                   f"    return np.where(labels == 1, {high!r}, {low!r}).reshape(-1, 1)\n")


def data_block(points_train: AnyArray, labels_train: AnyArray, points_test: AnyArray | None,
               labels_test: AnyArray | None, n_classes: int) -> str:
    """Return the assignments POINTS_TRAIN, LABELS_TRAIN (and _TEST when there is a test set).

    Points are written as floats; labels as class indices (ints) when n_classes > 0, else floats.
    """
    label_type = np.int64 if n_classes else np.float64
    parts = [
        "# training points (x1, x2) and their labels",
        f"POINTS_TRAIN = {array_literal(np.asarray(points_train, dtype=np.float64))}",
        f"LABELS_TRAIN = {array_literal(np.asarray(labels_train, dtype=label_type))}",
    ]
    if points_test is not None and labels_test is not None and len(points_test):
        parts += [
            "",
            "# test points (x1, x2) and their labels",
            f"POINTS_TEST = {array_literal(np.asarray(points_test, dtype=np.float64))}",
            f"LABELS_TEST = {array_literal(np.asarray(labels_test, dtype=label_type))}",
        ]
    return "\n".join(parts) + "\n"

