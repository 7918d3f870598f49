"""The explorer's figures as plain dicts for Plotly (no NumPy left inside): φ beside φ', a hidden
layer's pre-activation histogram over its φ and φ', and each loss with its gradient against the
signed score c·z, c = ±1 the class as a sign (the lecture's appendix tables). Every number is the
engine's own: Activation.value and .derivative, Loss.values and .gradient — only the formula text
is the lecture's.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.engine import get_loss
from app.engine.activations import Activation
from app.lecture.layer_histogram import LayerView

PHI, DERIVATIVE, HISTOGRAM = "#183d4e", "#0877bd", "#9aa4a9"
SHADE = "rgba(245, 147, 34, 0.14)"  # saturated zones: TF Playground's orange, faint
UNIT_COLOURS = ("#e69f00", "#56b4e9", "#009e73", "#cc79a7", "#0072b2", "#d55e00", "#f0e442",
                "#999999")  # Okabe-Ito, cycled past 8 units
MARGINS = np.linspace(-3.0, 3.0, 121)
Figure = dict[str, Any]


def _values(a: np.ndarray) -> list[float | None]:
    """Return a as JSON-ready floats, 4 decimals, None where not finite."""
    return [None if not np.isfinite(v) else round(float(v), 4) for v in a]


def _line(name: str, x: np.ndarray, y: np.ndarray, colour: str, dash: str = "solid") -> Figure:
    return {"type": "scatter", "mode": "lines", "name": name, "x": _values(x), "y": _values(y),
            "line": {"color": colour, "width": 2.5, "dash": dash}, "hoverinfo": "skip"}


def _layout(projector: bool, x_title: str, **extra: Any) -> dict[str, Any]:
    size, k = (18, 1.5) if projector else (12, 1.0)  # projector: no type under 18 px
    return {"margin": {"l": 34 * k, "r": 10, "t": 6, "b": 36 * k}, "showlegend": False,
            "font": {"size": size}, "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff",
            "xaxis": {"title": {"text": x_title, "standoff": 4}, "zeroline": True,
                      "zerolinecolor": "#8a9399", "gridcolor": "#e3e6e8", "fixedrange": True},
            "yaxis": {"zeroline": True, "zerolinecolor": "#8a9399", "gridcolor": "#e3e6e8",
                      "fixedrange": True}, **extra}


def activation_figure(act: Activation, curve: np.ndarray, projector: bool) -> Figure:
    """Return φ(z) (solid) and φ'(z) (dashed) over the curve's z."""
    a = act.value(curve)
    return {"data": [_line("φ(z)", curve, a, PHI),
                     _line("φ'(z)", curve, act.derivative(curve, a), DERIVATIVE, "dash")],
            "layout": _layout(projector, "z", yaxis={"range": [-1.6, 2.6], "fixedrange": True,
                                                     "zerolinecolor": "#8a9399",
                                                     "gridcolor": "#e3e6e8"})}


def _zones(curve: np.ndarray, low: np.ndarray) -> list[Figure]:
    """Return shaded rectangles over the runs of z where `low` holds (φ' nearly zero)."""
    shapes, start = [], None
    for z, flat in zip(curve, low, strict=True):
        if flat and start is None:
            start = z
        elif not flat and start is not None:
            shapes.append((start, z))
            start = None
    if start is not None:
        shapes.append((start, curve[-1]))
    return [{"type": "rect", "xref": "x", "yref": "paper", "x0": float(a), "x1": float(b),
             "y0": 0, "y1": 1, "fillcolor": SHADE, "line": {"width": 0}, "layer": "below"}
            for a, b in shapes]


def layer_figure(view: LayerView, act: Activation, curve: np.ndarray, threshold: float,
                 projector: bool) -> Figure:
    """Return the layer's z histogram (stacked per unit, right axis) over φ and φ' (left axis),
    with the zones where |φ'(z)| < threshold shaded."""
    edges = np.asarray(view.edges)
    centres, width = (edges[:-1] + edges[1:]) / 2, float(edges[1] - edges[0])
    bars = [{"type": "bar", "name": unit.name, "x": _values(centres), "y": counts,
             "width": width, "yaxis": "y2", "opacity": 0.75,
             "hovertemplate": "%{fullData.name}: %{y} points near z = %{x:.2f}<extra></extra>",
             "marker": {"color": UNIT_COLOURS[u % len(UNIT_COLOURS)]}}
            for u, (unit, counts) in enumerate(zip(view.units, view.counts, strict=True))]
    a = act.value(curve)
    derivative = act.derivative(curve, a)
    lines = [_line("φ(z)", curve, a, PHI), _line("φ'(z)", curve, derivative, DERIVATIVE, "dash")]
    layout = _layout(projector, "pre-activation z (values beyond ±5 counted at the ends)",
                     barmode="stack", bargap=0, showlegend=True,
                     legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                             "traceorder": "normal"},
                     shapes=_zones(curve, np.abs(derivative) < threshold))
    k = 1.3 if projector else 1.0
    layout["margin"] = {"l": 44 * k, "r": 56 * k, "t": 8, "b": 44 * k}
    layout["yaxis"].update(title={"text": "φ, φ'"}, range=[-1.6, 2.6])
    layout["yaxis2"] = {"title": {"text": "training points"}, "overlaying": "y", "side": "right",
                        "rangemode": "tozero", "showgrid": False, "fixedrange": True,
                        "tickmode": "auto", "zeroline": False}
    return {"data": [*bars, *lines], "layout": layout}


def loss_curve(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Return E and its derivative over MARGINS (the signed score s), from the engine's loss,
    for a point of the positive class (c = +1).

    One output y = s with y_t = 1 for square, log and hinge; two logits z = (0, s) with class 1
    for softmax cross-entropy and max-margin, so s = z_c − z_other.
    """
    loss = get_loss(name)
    m = MARGINS.reshape(-1, 1)
    if loss.index_targets:
        z, t = np.hstack([np.zeros_like(m), m]), np.ones(len(m), dtype=np.int64)
        return loss.values(z, t), loss.gradient(z, t)[:, 1]
    t_one = np.ones_like(m)
    return loss.values(m, t_one), loss.gradient(m, t_one)[:, 0]


def loss_figure(name: str, margins: np.ndarray | None, projector: bool) -> Figure:
    """Return E (solid) and its derivative (dashed) against the signed score; with `margins`,
    the training points' histogram."""
    values, gradient = loss_curve(name)
    data = [_line("E", MARGINS, values, PHI), _line("∂E/∂(c·z)", MARGINS, gradient, DERIVATIVE,
                                                      "dash")]
    layout = _layout(projector, "signed score (c·z)",
                     yaxis={"range": [-1.6, 4.1], "fixedrange": True,
                            "zerolinecolor": "#8a9399", "gridcolor": "#e3e6e8"})
    if margins is not None:
        counts, edges = np.histogram(np.clip(margins, -3.0, 3.0), np.linspace(-3.0, 3.0, 25))
        data.insert(0, {"type": "bar", "name": "training points", "x": _values(
            (edges[:-1] + edges[1:]) / 2), "y": counts.tolist(), "yaxis": "y2",
            "width": float(edges[1] - edges[0]), "marker": {"color": HISTOGRAM},
            "opacity": 0.45, "hoverinfo": "skip"})
        layout["yaxis2"] = {"overlaying": "y", "side": "right", "rangemode": "tozero",
                            "showgrid": False, "fixedrange": True, "showticklabels": False}
    return {"data": data, "layout": layout}
