"""Toy 2-D datasets: seeded generators, their registry and the shuffled train/test split.

Every generator has the signature ``(n, noise, rng) -> (points, labels)``:
points are ``(n, 2)`` float64 on the domain [-6, 6]² (wide gaussians may leave it), labels are
``(n,)`` int64 class indices (binary: 0 = negative/orange, 1 = positive/blue; multi-class:
0..k-1) or float64 targets for regression. ``noise`` is in [0, 0.5] (TF Playground's slider/100)
and every random draw comes from ``rng``. The six TF Playground sets follow its formulas exactly
(labels 0/1 instead of its -1/+1); the rest are our additions for the lessons.
Rendering and URL parsing live elsewhere.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from app.engine._types import Array, IntArray

Labels = IntArray | Array
Generate = Callable[[int, float, np.random.Generator], tuple[Array, Labels]]
Problem = Literal["classification", "regression"]

TWO_PI = 2.0 * np.pi
N_POINTS_RANGE = (4, 5000)
NOISE_RANGE = (0.0, 0.5)
TRAIN_FRACTION_RANGE = (0.1, 0.9)


def _counts(n: int, k: int) -> list[int]:
    """Return k group sizes summing to n, as equal as possible, remainder to the first groups."""
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def _group_labels(counts: list[int]) -> IntArray:
    """Return labels (sum(counts),): counts[0] zeros, then counts[1] ones, and so on."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _radius(p: Array) -> Array:
    """Return the distance of each point p (n, 2) from the origin, shape (n,)."""
    return np.hypot(p[:, 0], p[:, 1])


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return a disc (r ~ U(0, 2.5)) inside a ring (r ~ U(3.5, 5)), half the points each.

    Position (r·sin θ, r·cos θ) with θ ~ U(0, 2π). Label noise only: the point stays at its clean
    position and label = 1 if ‖(x + nx, y + ny)‖ < 2.5 else 0, with nx, ny ~ U(-5, 5)·noise.
    """
    n_in, n_out = _counts(n, 2)
    r = np.concatenate([rng.uniform(0.0, 2.5, n_in), rng.uniform(3.5, 5.0, n_out)])
    theta = rng.uniform(0.0, TWO_PI, n)
    points = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    offsets = rng.uniform(-5.0, 5.0, (n, 2)) * noise
    return points, (_radius(points + offsets) < 2.5).astype(np.int64)


def xor(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return the four quadrants: label 1 where (x + nx)(y + ny) ≥ 0, else 0.

    x, y ~ U(-5, 5), each pushed 0.3 away from its axis (x += 0.3·sign x, sign 0 counted as +),
    so |x|, |y| ∈ [0.3, 5.3). Label noise only: nx, ny ~ U(-5, 5)·noise.
    """
    points = rng.uniform(-5.0, 5.0, (n, 2))
    points += np.where(points >= 0.0, 0.3, -0.3)
    noisy = points + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    return points, (noisy[:, 0] * noisy[:, 1] >= 0.0).astype(np.int64)


def gaussian(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return two blobs: half around (2, 2) with label 1, half around (-2, -2) with label 0.

    Each coordinate is normal with variance 0.5 + 7·noise (std = sqrt of that): point noise.
    """
    n_pos, n_neg = _counts(n, 2)
    centres = np.repeat(np.array([[2.0, 2.0], [-2.0, -2.0]]), [n_pos, n_neg], axis=0)
    points = centres + rng.normal(0.0, math.sqrt(0.5 + 7.0 * noise), (n, 2))
    return points, 1 - _group_labels([n_pos, n_neg])


def _spiral_arms(n: int, noise: float, rng: np.random.Generator, k: int) -> tuple[Array, IntArray]:
    """Return k spiral arms and each point's arm index j, shapes (n, 2) and (n,).

    Arm j has m points i = 0..m-1: r = 5·i/m, t = 1.75·2π·i/m + 2π·j/k,
    (x, y) = (r·sin t, r·cos t) + U(-1, 1)·noise per coordinate.
    """
    counts = _counts(n, k)
    arms = []
    for j, m in enumerate(counts):
        frac = np.arange(m) / max(m, 1)
        r, t = 5.0 * frac, 1.75 * TWO_PI * frac + TWO_PI * j / k
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    points = np.concatenate(arms) + rng.uniform(-1.0, 1.0, (n, 2)) * noise
    return points, _group_labels(counts)


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return TF Playground's two-arm spiral: arm δ = 0 has label 1, arm δ = π has label 0."""
    points, arm = _spiral_arms(n, noise, rng, 2)
    return points, 1 - arm


def plane(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return regression targets ((x + nx) + (y + ny)) / 10 for x, y ~ U(-6, 6).

    nx, ny ~ U(-6, 6)·noise move only the evaluation point; the stored point stays clean.
    """
    points = rng.uniform(-6.0, 6.0, (n, 2))
    noisy = points + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    return points, (noisy[:, 0] + noisy[:, 1]) / 10.0


# (cx, cy, sign) of the six cones of TF Playground's "multi gaussian"
_CONES = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)


def multi_gaussian(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return regression targets from six signed cones, for x, y ~ U(-6, 6).

    Each cone gives sign·max(0, 1 - d/2), d = distance from the noisy point (offsets
    U(-6, 6)·noise) to its centre; the target is the contribution with the largest |value| (the
    first centre wins ties), 0 when no centre is within 2.
    """
    points = rng.uniform(-6.0, 6.0, (n, 2))
    noisy = points + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    d = np.hypot(noisy[:, 0:1] - _CONES[:, 0], noisy[:, 1:2] - _CONES[:, 1])  # (n, 6)
    values = _CONES[:, 2] * np.maximum(0.0, 1.0 - d / 2.0)
    best = np.argmax(np.abs(values), axis=1)  # argmax returns the first maximum: ties -> first
    return points, values[np.arange(n), best]


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return two interleaved half-moons filling about [-5, 5] × [-2.5, 2.5].

    Upper moon (label 0): (cos t, sin t); lower moon (label 1): (1 - cos t, 0.5 - sin t), with
    t ~ U(0, π); both centred on (0.5, 0.25), scaled by 3.3, plus normal jitter of std 2·noise
    (so at noise 0.5 the moons overlap noticeably).
    """
    n_up, n_low = _counts(n, 2)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t[:n_up]), np.sin(t[:n_up])])
    lower = np.column_stack([1.0 - np.cos(t[n_up:]), 0.5 - np.sin(t[n_up:])])
    points = 3.3 * (np.concatenate([upper, lower]) - np.array([0.5, 0.25]))
    points += rng.normal(0.0, 2.0 * noise, (n, 2))
    return points, _group_labels([n_up, n_low])


def checkerboard(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
    """Return a 4×4 board of 3×3 cells: label = (col + row) mod 2, x, y ~ U(-6, 6).

    col = floor((x + nx + 6) / 3), likewise row; label noise only, nx, ny ~ U(-3, 3)·noise.
    """
    points = rng.uniform(-6.0, 6.0, (n, 2))
    noisy = points + rng.uniform(-3.0, 3.0, (n, 2)) * noise
    cells = np.floor((noisy + 6.0) / 3.0).astype(np.int64)
    return points, (cells[:, 0] + cells[:, 1]) % 2


# corners in truth-table order (a, b) = (0, 0), (0, 1), (1, 0), (1, 1); a ↔ x > 0, b ↔ y > 0
_GATE_CORNERS = np.array([[-3.0, -3.0], [-3.0, 3.0], [3.0, -3.0], [3.0, 3.0]])


def _gate(truth_table: tuple[int, int, int, int]) -> Generate:
    """Return a generator of four corner clusters labelled by a 2-input truth table."""

    def generate(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
        counts = _counts(n, 4)
        centres = np.repeat(_GATE_CORNERS, counts, axis=0)
        points = centres + rng.normal(0.0, 0.5 + 2.0 * noise, (n, 2))
        return points, np.array(truth_table, dtype=np.int64)[_group_labels(counts)]

    generate.__doc__ = (
        f"Return n/4 points around each corner (±3, ±3) (normal std 0.5 + 2·noise), labelled by "
        f"the truth table {truth_table} for (a, b) = (0,0), (0,1), (1,0), (1,1)."
    )
    return generate


def _blobs(k: int) -> Generate:
    """Return a generator of k normal blobs on a circle of radius 3.5, labels 0..k-1."""

    def generate(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
        counts = _counts(n, k)
        angle = np.pi / 2.0 + TWO_PI * np.arange(k) / k
        centres = 3.5 * np.column_stack([np.cos(angle), np.sin(angle)])
        points = np.repeat(centres, counts, axis=0)
        points += rng.normal(0.0, 0.6 + 2.0 * noise, (n, 2))
        return points, _group_labels(counts)

    generate.__doc__ = (
        f"Return {k} blobs centred at 3.5·(cos a_j, sin a_j), a_j = 90° + 360°·j/{k}, "
        "normal std 0.6 + 2·noise, label j."
    )
    return generate


def _spirals(k: int) -> Generate:
    """Return a generator of a k-arm spiral, arm j (offset 2π·j/k) labelled j."""

    def generate(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
        return _spiral_arms(n, noise, rng, k)

    generate.__doc__ = f"Return a {k}-arm spiral (see _spiral_arms); arm j has label j."
    return generate


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
        _info("and", _gate((0, 0, 0, 1))),
        _info("or", _gate((0, 1, 1, 1))),
        _info("xor_gate", _gate((0, 1, 1, 0))),
        *(_info(f"blobs{k}", _blobs(k), k) for k in (3, 4, 5)),
        *(_info(f"spiral{k}", _spirals(k), k) for k in (3, 4, 5)),
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
    order = rng.permutation(n)
    points, labels = points[order], labels[order]
    # the epsilon keeps e.g. 100·0.57 = 56.999… from losing a point to float rounding
    n_train = min(max(math.floor(n * train_fraction + 1e-9), 1), n - 1)
    return Dataset(
        name=name,
        problem=info.problem,
        n_classes=info.n_classes,
        x_train=points[:n_train],
        y_train=labels[:n_train],
        x_test=points[n_train:],
        y_test=labels[n_train:],
        seed=seed,
        noise=noise,
        train_fraction=train_fraction,
    )
