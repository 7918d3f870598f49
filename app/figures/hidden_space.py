"""The hidden space: the training points and the input plane's grid lines as one hidden layer sees
them — how a network bends the plane until the classes come apart (ConvNetJS's view).

A hidden layer of k units maps each point of the plane to k activations. With k = 1 the points lie
on a line (x = the unit, y = 0); with k = 2 the two units are the axes; with more, two chosen units,
or the first two principal components of the training points' activations: NumPy's SVD of the
centred activations (n, k), each component's sign fixed so that its largest |entry| is positive
(sklearn's svd_flip rule), so the picture does not flip from one frame to the next. The input
grid: lines x₁ = c and x₂ = c for c = −6, −5, …, 6, sampled and carried through the same layers.
When the layer feeds the output and the picture is exact (k ≤ 2), the output unit's decision line
z = 0 is drawn too: a straight line in this space, since the output is linear in the layer.

Plain data for Plotly (lists, floats rounded to 3 decimals, None between lines); computed only
when the page's panel is open (the poll asks for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np

from app.engine import MLP, feature_matrix, get_loss
from app.engine._types import Array
from app.figures.charts import CLASS_COLOURS, SYMBOLS
from app.session.run import DOMAIN, Run

LINES, SAMPLES = 13, 25  # grid lines per direction, points per line
PCA = "pca"
LINE_COLOURS = ("#8a9399", "#c7cdd1")  # lines of constant x₁, of constant x₂
THRESHOLD_AT_ZERO = ("tanh", "sigmoid", "linear")  # outputs whose class flips where z = 0


@dataclass(frozen=True)
class Choice:
    """Which layer (1-based among the hidden layers) and which axes: PCA or two units."""

    layer: int
    axes: str  # "pca" or "i,j" (0-based units)


def axes_options(units: int) -> list[tuple[str, str]]:
    """Return the (value, label) choices of axes for a layer of `units` units."""
    pairs = [(f"{i},{j}", f"neurons {i + 1} and {j + 1}") for i, j in combinations(range(units), 2)]
    return [(PCA, "principal components 1 and 2"), *pairs] if units > 2 else pairs


def resolve(run: Run, layer: int, axes: str) -> Choice | None:
    """Return the choice the network allows: the layer clamped to its hidden layers, the axes
    kept if this layer has them (default: its two units, or PCA past two); None without any
    hidden layer."""
    if not isinstance(run.model, MLP) or len(run.model.sizes) < 3:
        return None
    layer = min(max(layer, 1), len(run.model.sizes) - 2)
    units = run.model.sizes[layer]
    allowed = [value for value, _ in axes_options(units)]
    if axes not in allowed:
        axes = allowed[0] if allowed else "0"
    return Choice(layer, axes)


@cache
def grid_lines() -> Array:
    """Return the input grid's points (2 · LINES · SAMPLES, 2): the lines x₁ = c, then x₂ = c."""
    c = np.linspace(-DOMAIN, DOMAIN, LINES)
    t = np.linspace(-DOMAIN, DOMAIN, SAMPLES)
    cc, tt = np.repeat(c, SAMPLES), np.tile(t, LINES)
    return np.vstack([np.column_stack([cc, tt]), np.column_stack([tt, cc])])


def activations(run: Run, points: Array, layer: int) -> Array:
    """Return hidden layer `layer`'s activations (n, units) for plane points (n, 2)."""
    assert isinstance(run.model, MLP)
    _, acts = run.model.forward_layers(feature_matrix(points, run.config.features))
    return acts[layer - 1]


def basis(h: Array, choice: Choice) -> tuple[Array, Array, list[str]]:
    """Return (mean (k,), axes (2, k), axis titles): coordinates are (a − mean) @ axesᵀ."""
    k = h.shape[1]
    if k == 1:
        return np.zeros(1), np.array([[1.0], [0.0]]), ["neuron 1", ""]
    if choice.axes != PCA:
        i, j = (int(v) for v in choice.axes.split(","))
        return np.zeros(k), np.eye(k)[[i, j]], [f"neuron {i + 1}", f"neuron {j + 1}"]
    if len(h) < 2:  # a drawing of 0 or 1 point has no spread: the first two neurons instead
        return np.zeros(k), np.eye(k)[:2], ["neuron 1", "neuron 2"]
    mean = h.mean(axis=0)
    _, s, vt = np.linalg.svd(h - mean, full_matrices=False)
    top = vt[:2]
    signs = np.sign(top[np.arange(2), np.argmax(np.abs(top), axis=1)])
    top = top * np.where(signs == 0, 1.0, signs)[:, np.newaxis]
    share = s[:2] ** 2 / max(float((s ** 2).sum()), 1e-300)
    return mean, top, [f"PC{n + 1} ({share[n] * 100:.0f} % of the variance)" for n in range(2)]


def _rounded(values: Array) -> list[float | None]:
    return [None if not np.isfinite(v) else round(float(v), 3) for v in values]


def _line_traces(xy: Array) -> list[dict[str, Any]]:
    """Return the grid lines as two traces (constant x₁, constant x₂), None between lines."""
    traces = []
    for half, (name, colour) in enumerate(zip(("lines x₁ = c", "lines x₂ = c"), LINE_COLOURS,
                                              strict=True)):
        block = xy[half * LINES * SAMPLES:(half + 1) * LINES * SAMPLES].reshape(LINES, SAMPLES, 2)
        gap = np.full((LINES, 1, 2), np.nan)
        joined = np.concatenate([block, gap], axis=1).reshape(-1, 2)
        traces.append({"type": "scatter", "mode": "lines", "name": name, "x": _rounded(
            joined[:, 0]), "y": _rounded(joined[:, 1]), "line": {"color": colour, "width": 1},
            "hoverinfo": "skip", "connectgaps": False})
    return traces


def _point_traces(run: Run, xy: Array) -> list[dict[str, Any]]:
    """Return the training points: one trace per class, or one coloured by the target."""
    y, k = run.dataset.y_train, run.config.n_classes
    if k == 0:
        return [{"type": "scatter", "mode": "markers", "name": "training points",
                 "x": _rounded(xy[:, 0]), "y": _rounded(xy[:, 1]), "hoverinfo": "skip",
                 "marker": {"size": 5, "color": np.round(y, 3).tolist(), "cmin": -1, "cmax": 1,
                            "colorscale": [[0, CLASS_COLOURS[0]], [1, CLASS_COLOURS[1]]]}}]
    return [{"type": "scatter", "mode": "markers", "name": f"class {c}", "hoverinfo": "skip",
             "x": _rounded(xy[y == c, 0]), "y": _rounded(xy[y == c, 1]),
             "marker": {"size": 6, "color": CLASS_COLOURS[c], "symbol": SYMBOLS[c],
                        "line": {"color": "#1f2a30", "width": 0.8}}} for c in range(k)]


def decision_line(run: Run, choice: Choice, mean: Array, axes: Array) -> tuple[float, ...] | None:
    """Return (a, b, d) with the output's decision line a·X + b·Y + d = 0 in the picture, when
    the layer feeds the output, the picture is exact (k ≤ 2) and the class flips where z = 0."""
    net = run.model
    assert isinstance(net, MLP)
    k = net.sizes[choice.layer]
    if choice.layer != len(net.sizes) - 2 or k > 2:
        return None
    w, b = net.weights[-1], net.biases[-1]
    if w.shape[1] == 2 and get_loss(run.config.loss).index_targets:
        w, b = w[:, 1:] - w[:, :1], b[1:] - b[:1]
    elif w.shape[1] != 1 or (get_loss(run.config.loss).on_output
                             and run.output_activation not in THRESHOLD_AT_ZERO):
        return None
    # a = mean + axesᵀ·p on this exact picture (k = 1: the y axis adds nothing)
    direction = axes[:, :k] @ w[:, 0] if k == 2 else np.array([w[0, 0], 0.0])
    return (float(direction[0]), float(direction[1]), float(mean @ w[:, 0] + b[0]))


def figure(run: Run, choice: Choice) -> dict[str, Any]:
    """Return the hidden-space figure for the choice: {data, layout, choice}, or a reason."""
    h = activations(run, run.dataset.x_train, choice.layer)
    lines = activations(run, grid_lines(), choice.layer)
    if not (np.isfinite(h).all() and np.isfinite(lines).all()):
        return {"reason": "the network diverged: there is no hidden space to show"}
    mean, axes, titles = basis(h, choice)
    points, grid = (h - mean) @ axes.T, (lines - mean) @ axes.T
    data = [*_line_traces(grid), *_point_traces(run, points)]
    line = decision_line(run, choice, mean, axes)
    if line is not None:
        data.append(_decision_trace(line, np.vstack([points, grid])))
    return {"choice": f"{choice.layer}:{choice.axes}", "data": data, "layout": {
        "uirevision": "hidden", "margin": {"l": 48, "r": 8, "t": 8, "b": 40},
        "xaxis": {"title": {"text": titles[0]}, "zeroline": False, "gridcolor": "#eef0f1"},
        "yaxis": {"title": {"text": titles[1]}, "zeroline": False, "gridcolor": "#eef0f1"},
        "showlegend": True, "legend": {"orientation": "h", "y": -0.2, "x": 0},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff"}}


def _decision_trace(line: tuple[float, ...], xy: Array) -> dict[str, Any]:
    """Return the output's decision line across the picture's extent."""
    a, b, d = line
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    if abs(b) >= abs(a) and b:
        xs = np.array([lo[0], hi[0]])
        ys = -(a * xs + d) / b
    elif a:
        ys = np.array([lo[1], hi[1]])
        xs = -(b * ys + d) / a
    else:
        xs = ys = np.array([np.nan, np.nan])
    return {"type": "scatter", "mode": "lines", "name": "output's decision line (z = 0)",
            "x": _rounded(xs), "y": _rounded(ys), "hoverinfo": "skip",
            "line": {"color": "#1f2a30", "width": 2, "dash": "dash"}}


def payload(run: Run, layer: int, axes: str) -> dict[str, Any]:
    """Return what a frame carries for the open panel: the figure, or why there is none."""
    choice = resolve(run, layer, axes)
    if choice is None:
        return {"reason": "this model has no hidden layer: add one to see its space"}
    return figure(run, choice)


@dataclass(frozen=True)
class Panel:
    """The hidden-space panel: the choice in force, the choices there are, the picture."""

    choice: Choice | None
    n_hidden: int
    options: list[tuple[str, str]]
    figure: dict[str, Any]


def panel(run: Run, layer: int, axes: str) -> Panel:
    """Return the panel for the asked layer and axes (resolved against today's network)."""
    choice = resolve(run, layer, axes)
    if choice is None:
        return Panel(None, 0, [], payload(run, layer, axes))
    assert isinstance(run.model, MLP)
    units = run.model.sizes[choice.layer]
    return Panel(choice, len(run.model.sizes) - 2, axes_options(units), figure(run, choice))
