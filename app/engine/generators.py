"""Toy 2-D data generators, one signature each: (n, noise, rng) -> (points, labels).

points are (n, 2) float64 on the domain [−6, 6]² (wide gaussians may leave it); labels are (n,)
int64 class indices (binary: 0 = negative/orange, 1 = positive/blue; multi-class: 0..k−1) or
float64 targets for regression. noise is in [0, 0.5] (TF Playground's slider/100) and every random
draw comes from rng. The six TF Playground sets follow its formulas exactly (labels 0/1 instead of
its −1/+1); the rest (moons, checkerboard, logic gates, blobs, k-arm spirals) serve the lessons.
"""

import math
from collections.abc import Callable

import numpy as np

from app.engine._types import Array, IntArray

Labels = IntArray | Array
Generate = Callable[[int, float, np.random.Generator], tuple[Array, Labels]]

TWO_PI = 2.0 * np.pi


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


def gate(truth_table: tuple[int, int, int, int]) -> Generate:
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


def blobs(k: int) -> Generate:
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


def spirals(k: int) -> Generate:
    """Return a generator of a k-arm spiral, arm j (offset 2π·j/k) labelled j."""

    def generate(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, IntArray]:
        return _spiral_arms(n, noise, rng, k)

    generate.__doc__ = f"Return a {k}-arm spiral (see _spiral_arms); arm j has label j."
    return generate
