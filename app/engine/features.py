"""Input features of TF Playground (x1, x2, x1², x2², x1·x2, sin x1, sin x2) -> design matrix.

Turns points (n, 2) into the columns the network sees; which features are active is the caller's
choice, the column order is always the canonical one below. An `input_offset` shifts both
coordinates before the features are computed (x1 + offset, x2 + offset): 0 keeps the data centred
on the origin, as TF Playground has it; another value shows why pre-processing centres the inputs.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from app.engine._types import AnyArray, Array


@dataclass(frozen=True)
class Feature:
    """One input feature: stable key, display label, formula text and fn: points (n, 2) -> (n,)."""

    key: str
    label: str
    formula: str
    fn: Callable[[Array], Array]


def _x1(p: Array) -> Array:
    return p[:, 0]


def _x2(p: Array) -> Array:
    return p[:, 1]


FEATURES: dict[str, Feature] = {
    f.key: f
    for f in (
        Feature("x1", "X₁", "x1", _x1),
        Feature("x2", "X₂", "x2", _x2),
        Feature("x1_squared", "X₁²", "x1²", lambda p: _x1(p) ** 2),
        Feature("x2_squared", "X₂²", "x2²", lambda p: _x2(p) ** 2),
        Feature("x1_x2", "X₁X₂", "x1 · x2", lambda p: _x1(p) * _x2(p)),
        Feature("sin_x1", "sin(X₁)", "sin(x1)", lambda p: np.sin(_x1(p))),
        Feature("sin_x2", "sin(X₂)", "sin(x2)", lambda p: np.sin(_x2(p))),
    )
}
FEATURE_KEYS: tuple[str, ...] = tuple(FEATURES)
DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")  # TF Playground starts with X₁ and X₂ on
INPUT_OFFSET_RANGE = (-10.0, 10.0)  # the shift added to x1 and x2 before the features


def validate_features(keys: Sequence[str]) -> tuple[str, ...]:
    """Return keys in canonical FEATURE_KEYS order.

    Args:
        keys: feature keys, any order, e.g. ["x2", "x1"].

    Returns:
        The same keys ordered as in FEATURE_KEYS, e.g. ("x1", "x2").

    Raises:
        TypeError: if keys is a single string rather than a sequence of keys.
        ValueError: if keys is empty, repeats a key or holds an unknown key.
    """
    if isinstance(keys, str):
        raise TypeError(f"features must be a sequence of keys, not the string {keys!r}")
    if len(keys) == 0:
        raise ValueError(f"at least one feature is required; allowed: {', '.join(FEATURE_KEYS)}")
    unknown = [k for k in keys if k not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown!r}; allowed: {', '.join(FEATURE_KEYS)}")
    duplicates = sorted({k for k in keys if list(keys).count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate feature(s) {duplicates!r} in {list(keys)!r}")
    return tuple(k for k in FEATURE_KEYS if k in keys)


def feature_matrix(points: AnyArray, keys: Sequence[str], input_offset: float = 0.0) -> Array:
    """Return the design matrix x (n, len(keys)): column c = FEATURES[key_c].fn(points + offset).

    Columns follow the canonical order of validate_features(keys), whatever order keys are in.

    Args:
        points: (n, 2) coordinates (x1, x2).
        keys: active feature keys.
        input_offset: added to both coordinates first (0 = the data as drawn, centred).

    Returns:
        float64 array (n, len(keys)).

    Raises:
        ValueError: if points is not (n, 2), keys are invalid (see validate_features) or the
            offset is not a finite number in INPUT_OFFSET_RANGE.
    """
    ordered = validate_features(keys)
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {p.shape}")
    low, high = INPUT_OFFSET_RANGE
    if not (np.isfinite(input_offset) and low <= input_offset <= high):
        raise ValueError(f"input_offset must be a finite number in [{low:g}, {high:g}], "
                         f"got {input_offset!r}")
    if input_offset:
        p = p + input_offset  # the raw data off-centre: what pre-processing would subtract
    x = np.empty((p.shape[0], len(ordered)), dtype=np.float64)
    for c, key in enumerate(ordered):  # at most 7 columns, each one vectorised over all points
        x[:, c] = FEATURES[key].fn(p)
    return x
