"""CustomData: drawn or uploaded points with their labels, checked, hashed and edited.

A data set is `points` (n, 2) float64 in the plane [-DOMAIN, DOMAIN]², `labels` (n,) int64 class
indices 0..n_classes-1 (classification, 2..5 classes) or float64 targets (regression,
n_classes = 0), at most MAX_POINTS of them. Its key is a hash of its canonical bytes, so a link
that names the key names exactly these points. Edits return a new data set; nothing is mutated.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.engine._types import AnyArray

MAX_POINTS = 2000
DOMAIN = 6.0  # the plane the output plot shows: [-6, 6]²
MAX_TARGET = 100.0  # largest |target| of a regression point
CLASS_COUNTS = (2, 3, 4, 5)
KEY_LENGTH = 16  # hex characters of the SHA-256 that name a data set
ERASE_RADIUS = 0.4  # an eraser click removes the nearest point within this distance


@dataclass(frozen=True, eq=False)
class CustomData:
    """Checked points and labels (use make(), which checks them); n_classes 0 = regression."""

    points: AnyArray
    labels: AnyArray
    n_classes: int

    def __len__(self) -> int:
        return len(self.points)

    @property
    def key(self) -> str:
        """The content hash naming this data set (KEY_LENGTH hex characters)."""
        return hashlib.sha256(to_bytes(self)).hexdigest()[:KEY_LENGTH]


def check_class_count(n_classes: int) -> None:
    """Raise ValueError unless n_classes is 0 (regression) or one of CLASS_COUNTS."""
    if isinstance(n_classes, bool) or n_classes not in (0, *CLASS_COUNTS):
        raise ValueError(f"n_classes must be 0 (regression) or 2 to 5, got {n_classes!r}")


def check_point(x1: float, x2: float) -> None:
    """Raise ValueError unless (x1, x2) is a finite point of the plane."""
    for name, value in (("x1", x1), ("x2", x2)):
        if not (math.isfinite(value) and -DOMAIN <= value <= DOMAIN):
            raise ValueError(f"{name} must be a number in [-{DOMAIN:g}, {DOMAIN:g}], got {value!r}")


def check_label(label: float, n_classes: int) -> None:
    """Raise ValueError unless label is a class index < n_classes (or, for regression, a
    finite target with |target| ≤ MAX_TARGET)."""
    if n_classes == 0:
        if not (math.isfinite(label) and abs(label) <= MAX_TARGET):
            raise ValueError(f"target must be a number in [-{MAX_TARGET:g}, {MAX_TARGET:g}], "
                             f"got {label!r}")
    elif not (math.isfinite(label) and label == int(label) and 0 <= label < n_classes):
        raise ValueError(f"label must be a class 0..{n_classes - 1}, got {label!r}")


def make(points: Any, labels: Any, n_classes: int) -> CustomData:
    """Return the checked data set.

    Raises:
        ValueError: wrong shapes, too many points, a point outside the plane, a bad label.
    """
    check_class_count(n_classes)
    xy = np.array(points, dtype=np.float64).reshape(-1, 2) if len(points) else np.zeros((0, 2))
    y = np.array(labels, dtype=np.int64 if n_classes else np.float64).reshape(-1)
    if len(xy) != len(points) or len(y) != len(labels) or len(xy) != len(y):
        raise ValueError(f"{len(points)} points but {len(labels)} labels")
    if len(xy) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points, got {len(xy)}")
    if not (np.isfinite(xy).all() and (np.abs(xy) <= DOMAIN).all()):
        raise ValueError(f"every point must lie in [-{DOMAIN:g}, {DOMAIN:g}]²")
    for value in np.unique(np.asarray(labels, dtype=np.float64)):
        check_label(float(value), n_classes)
    xy.flags.writeable = y.flags.writeable = False
    return CustomData(xy, y, n_classes)


def empty(n_classes: int) -> CustomData:
    """Return the data set with no points (a cleared plane)."""
    return make([], [], n_classes)


def with_point(data: CustomData, x1: float, x2: float, label: float) -> CustomData:
    """Return data with the point (x1, x2) of class (or target) label added.

    Raises:
        ValueError: a point outside the plane, a bad label, or MAX_POINTS reached.
    """
    check_point(x1, x2)
    check_label(label, data.n_classes)
    if len(data) >= MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points: erase some first")
    return make(np.vstack([data.points, [[x1, x2]]]), np.append(data.labels, label),
                data.n_classes)


def without_nearest(data: CustomData, x1: float, x2: float,
                    radius: float = ERASE_RADIUS) -> CustomData:
    """Return data without its point nearest to (x1, x2) if one lies within radius, else data."""
    check_point(x1, x2)
    if not len(data):
        return data
    distance = np.hypot(data.points[:, 0] - x1, data.points[:, 1] - x2)
    nearest = int(np.argmin(distance))
    if distance[nearest] > radius:
        return data
    keep = np.arange(len(data)) != nearest
    return make(data.points[keep], data.labels[keep], data.n_classes)


def to_bytes(data: CustomData) -> bytes:
    """Return the canonical bytes of data (compact JSON; floats written to round-trip exactly)."""
    labels = data.labels.tolist()
    return json.dumps({"n_classes": data.n_classes, "points": data.points.tolist(),
                       "labels": labels}, separators=(",", ":")).encode()


def from_bytes(raw: bytes) -> CustomData:
    """Return the data set to_bytes() wrote.

    Raises:
        ValueError: the bytes are not such a data set.
    """
    try:
        tree = json.loads(raw, parse_constant=_refuse_constant)
        return from_tree(tree)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError) as exc:
        raise ValueError(f"not a stored data set: {exc}") from None


def from_tree(tree: Any) -> CustomData:
    """Return the data set of a parsed {"n_classes", "points", "labels"} object.

    Raises:
        ValueError, TypeError, KeyError: it is not one (see make()).
    """
    if not isinstance(tree, dict) or set(tree) != {"n_classes", "points", "labels"}:
        raise ValueError("a data set is an object with n_classes, points and labels")
    points, labels, n_classes = tree["points"], tree["labels"], tree["n_classes"]
    if not isinstance(n_classes, int) or not isinstance(points, list) or not (
            isinstance(labels, list)):
        raise ValueError("n_classes must be a whole number, points and labels lists")
    if len(points) > MAX_POINTS or len(labels) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points, got {max(len(points), len(labels))}")
    if any(not isinstance(p, list) or len(p) != 2 or not all(_number(v) for v in p)
           for p in points):
        raise ValueError("every point must be a pair of numbers [x1, x2]")
    if not all(_number(v) for v in labels):
        raise ValueError("every label must be a number")
    return make(points, labels, n_classes)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number this data set may hold")
