"""Small server-side previews as SVG path data: each dataset's points and each input feature.

A preview is a tuple of (fill, path_d) to draw as <path fill=… d=…> in a 0..SIZE viewBox
(x right, y up mapped to down). Computed once per name and cached (pure functions of the name).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from app.engine import DATASETS, make_dataset
from app.engine.features import FEATURES
from app.figures.charts import BLUE, CLASS_COLOURS, GREY, ORANGE, mix

SIZE = 48  # viewBox units; [-6, 6] maps onto 0..SIZE
POINTS = 160
CELLS = 12  # feature previews are CELLS × CELLS squares
Preview = tuple[tuple[str, str], ...]


def _to_view(p: np.ndarray) -> np.ndarray:
    """Map points (n, 2) in [-6, 6]² to viewBox coordinates, y flipped."""
    v = (np.clip(p, -6.0, 6.0) + 6.0) * SIZE / 12.0
    return np.column_stack([v[:, 0], SIZE - v[:, 1]])


def _squares(view: np.ndarray, side: float) -> str:
    """Return one path drawing a side × side square centred on each point."""
    h = side / 2
    return "".join(f"M{x - h:.1f} {y - h:.1f}h{side:g}v{side:g}h-{side:g}z" for x, y in view)


def _shades(values: np.ndarray, n: int) -> tuple[np.ndarray, list[str]]:
    """Return a shade index 0..n−1 per value in [−1, 1] and the n fills (orange … grey … blue)."""
    index = np.rint((np.clip(values, -1.0, 1.0) + 1.0) * (n - 1) / 2.0).astype(int)
    half = (n - 1) / 2
    fills = [mix(ORANGE, (half - i) / half, GREY) if i <= half
             else mix(BLUE, (i - half) / half, GREY) for i in range(n)]
    return index, fills


@cache
def dataset_preview(name: str) -> Preview:
    """Return the preview of a dataset: its points at noise 0, grouped by class or shade."""
    info = DATASETS[name]
    ds = make_dataset(name, n_points=POINTS, noise=0.0, train_fraction=0.5, seed=7)
    points = np.vstack([ds.x_train, ds.x_test])
    labels = np.concatenate([ds.y_train, ds.y_test])
    if info.n_classes == 0:
        groups, fills = _shades(labels, 5)
    else:
        groups, fills = labels.astype(int), list(CLASS_COLOURS)
    view = _to_view(points)
    return tuple((fills[g], _squares(view[groups == g], 2.2)) for g in sorted(set(groups.tolist())))


@cache
def feature_preview(key: str) -> Preview:
    """Return the preview of an input feature over [-6, 6]², scaled to its largest |value|."""
    centres = (np.arange(CELLS) + 0.5) * 12.0 / CELLS - 6.0
    x1, x2 = np.meshgrid(centres, centres)
    points = np.column_stack([x1.ravel(), x2.ravel()])
    values = FEATURES[key].fn(points)
    values = values / max(float(np.abs(values).max()), 1e-12)
    view = _to_view(points)
    shades, fills = _shades(values, 9)
    side = SIZE / CELLS
    return tuple((fills[s], _squares(view[shades == s], side + 0.05))
                 for s in sorted(set(shades.tolist())))
