"""Engine state -> plain dicts for Plotly: the boundary heatmap (base64 u1), the points, the curves.

NumPy stays in here; what leaves is JSON-ready (lists, str, float, None). Colours follow TF
Playground (orange #f59322 = −1, grey #e8eaeb = 0, blue #0877bd = +1, heatmap at alpha 160/255);
multi-class sets use one Okabe-Ito colour per class, tinted by confidence. Points are outlined and
each class has its own marker shape, so colour is never the only cue. Projector mode draws bigger
points in deeper colours and bigger type, for the back of the room.
"""

from __future__ import annotations

import base64
import math
from functools import cache
from typing import Any

import numpy as np

from app.figures import pictures
from app.session.run import DOMAIN, GRID, Run

ORANGE, GREY, BLUE = "#f59322", "#e8eaeb", "#0877bd"
CLASS_COLOURS = (ORANGE, BLUE, "#009e73", "#cc79a7", "#d55e00")  # binary: TF; more: Okabe-Ito
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross")
# projector mode: deeper point colours (each ≥ 4.5:1 on white), bigger marks and outlines
PROJECTOR_COLOURS = ("#b34700", "#005a9c", "#00735a", "#a3487f", "#b54400")
HEAT_ALPHA = 160 / 255
LEVELS = 51  # shades per class in the multi-class code: code = class · 51 + round(50 · confidence)
Figure = dict[str, Any]


def mix(colour: str, weight: float, base: str = "#ffffff") -> str:
    """Return colour blended over base: base + weight · (colour − base), as #rrggbb."""
    c, b = (np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) for h in (colour, base))
    return "#" + "".join(f"{round(v):02x}" for v in b + weight * (c - b))


def colorscale(n_classes: int, discretize: bool = False) -> list[list[Any]]:
    """Return the heatmap's colour scale over codes 0..255 (normalised to 0..1). `discretize`
    snaps each code to its extreme: binary codes below 128 orange, above blue (128, NaN, grey);
    a class's band to its full colour (TF Playground's "Discretize output")."""
    def at(code: float) -> float:
        return code / 255
    if n_classes <= 2:
        orange, grey, blue = (mix(c, HEAT_ALPHA) for c in (ORANGE, GREY, BLUE))
        if discretize:
            return [[0.0, orange], [at(127), orange], [at(128), grey], [at(129), blue],
                    [1.0, blue]]
        return [[0.0, orange], [0.5, grey], [1.0, blue]]
    scale: list[list[Any]] = []
    for c in range(n_classes):
        full = mix(CLASS_COLOURS[c], HEAT_ALPHA)
        scale += [[at(c * LEVELS), full if discretize else mix(GREY, HEAT_ALPHA)],
                  [at(c * LEVELS + LEVELS - 1), full]]
    return [*scale, [1.0, scale[-1][1]]]


def lut(n_classes: int, discretize: bool = False) -> np.ndarray:
    """Return colorscale(n_classes, discretize) sampled at codes 0..255 as RGB bytes (256, 3):
    what a heatmap cell of that code shows (linear in RGB between the stops, as Plotly draws it)."""
    stops = colorscale(n_classes, discretize)
    at = np.array([float(t) for t, _ in stops])
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for _, c in stops], dtype=float)
    t = np.arange(256) / 255
    table: np.ndarray = np.rint(np.stack([np.interp(t, at, rgb[:, k]) for k in range(3)], axis=1))
    return table.astype(np.uint8)


@cache  # a few kinds in all, asked for by every diagram, view change and room gallery
def lut_base64(n_classes: int, discretize: bool = False) -> str:
    """Return lut(n_classes, discretize) as base64 (the diagram's thumbnails and the gallery's
    cards paint their codes with it)."""
    return base64.b64encode(lut(n_classes, discretize).tobytes()).decode("ascii")


def boundary_codes(run: Run, ev: pictures.Evaluation | None = None) -> np.ndarray:
    """Return the heatmap as uint8 codes (GRID, GRID), row 0 at y = −6.

    Binary and regression: 0..255 ↔ [−1, 1] (NaN -> 128, grey: pictures.codes). Multi-class:
    argmax class c and its confidence q ∈ [0, 1] as c · 51 + round(50 · q). "Discretize" leaves
    the codes as they are: its colour scale snaps them (colorscale).
    `ev` is this poll's grid evaluation (pictures.evaluate), made here when not given.
    """
    ev = ev if ev is not None else pictures.evaluate(run)
    if run.config.n_classes <= 2:
        codes = pictures.codes(pictures.signed_output(run, ev))
    else:
        codes = _class_codes(run, ev).astype(np.uint8)
    return pictures.to_plotly(codes)


def _class_codes(run: Run, ev: pictures.Evaluation) -> np.ndarray:
    """Return c · 51 + round(50 · confidence) per cell (GRID, GRID) for a multi-class network."""
    z, y = ev.z, ev.output  # (k, r, r)
    with np.errstate(all="ignore"):
        if run.config.loss == "square":  # scores ŷ: confidence = gap between best and runner-up
            top2 = np.sort(y, axis=0)[-2:]
            confidence = top2[1] - top2[0]
        else:  # logits: softmax probability of the best class, from 1/k (0) to 1
            k = z.shape[0]
            p = np.exp(z - z.max(axis=0))
            confidence = (p.max(axis=0) / p.sum(axis=0) - 1.0 / k) * k / (k - 1)
    confidence = np.nan_to_num(np.clip(confidence, 0.0, 1.0))
    codes: np.ndarray = np.argmax(np.nan_to_num(z), axis=0) * LEVELS + np.rint(
        confidence * (LEVELS - 1))
    return codes


def encode_u1(codes: np.ndarray) -> dict[str, str]:
    """Return Plotly's typed-array spec for uint8 codes: {dtype, bdata (base64), shape}."""
    data = np.ascontiguousarray(codes, dtype=np.uint8)
    return {"dtype": "u1", "bdata": base64.b64encode(data.tobytes()).decode("ascii"),
            "shape": ", ".join(str(s) for s in data.shape)}


def number(value: float | None, digits: int = 5) -> float | None:
    """Return value rounded to `digits` significant digits for JSON; None if not finite."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.{digits}g}")


def point_visibility(run: Run) -> list[bool]:
    """Return whether each points trace shows (the train traces, then the test traces: those
    only with "show test data"); a page restyles its points with this, no points resent."""
    per_split = max(run.config.n_classes, 1)
    return [True] * per_split + [run.config.show_test_data] * per_split


def _point_traces(run: Run) -> list[Figure]:
    """Return scatter traces: train points, then test points (one per class), the test points
    visible only when shown (point_visibility)."""
    ds, traces, big = run.dataset, [], run.config.projector
    colours, k = (PROJECTOR_COLOURS, 1.6) if big else (CLASS_COLOURS, 1.0)
    splits = [("train", ds.x_train, ds.y_train, "#1f2a30", 1.0),
              ("test", ds.x_test, ds.y_test, "#000000", 2.5)]
    small = run.config.n_classes == 0  # regression sets have 1200 points
    for split, x, y, outline, width in splits:
        line = {"color": outline, "width": width * (0.6 if small else 1.0) * k}
        marker: dict[str, Any] = {"size": ((5 if small else 7) + (split == "test")) * k,
                                  "line": line}
        xy = np.round(x, 3)
        if run.config.n_classes == 0:
            traces.append(_scatter(f"{split} points", xy, {
                **marker, "color": np.round(y, 3).tolist(), "cmin": -1, "cmax": 1,
                "colorscale": [[0, ORANGE], [0.5, GREY], [1, BLUE]]}))
            continue
        for c in range(run.config.n_classes):
            traces.append(_scatter(f"{split} · class {c}", xy[y == c], {
                **marker, "color": colours[c], "symbol": SYMBOLS[c]}))
    _clickable(traces, ds.y_train, run.config.n_classes)
    for trace, visible in zip(traces, point_visibility(run), strict=True):
        trace["visible"] = visible
    return traces


def _clickable(traces: list[Figure], y: np.ndarray, n_classes: int) -> None:
    """Let the worked example pick a training point by clicking it: each train trace (they come
    first) carries its points' indices as customdata, and hoverinfo "none" — unlike "skip" —
    keeps Plotly's click events while still showing no hover label."""
    index = np.arange(len(y))
    groups = [index] if n_classes == 0 else [index[y == c] for c in range(n_classes)]
    for trace, members in zip(traces, groups, strict=False):
        trace.update(customdata=members.tolist(), hoverinfo="none")


def _scatter(name: str, xy: np.ndarray, marker: dict[str, Any]) -> Figure:
    return {"type": "scatter", "mode": "markers", "name": name, "x": xy[:, 0].tolist(),
            "y": xy[:, 1].tolist(), "marker": marker, "hoverinfo": "skip"}


def heatmap(run: Run, ev: pictures.Evaluation | None = None) -> Figure:
    """Return the boundary heatmap trace with this epoch's codes."""
    step = 2 * DOMAIN / (GRID - 1)
    return {"type": "heatmap", "z": encode_u1(boundary_codes(run, ev)), "x0": -DOMAIN, "dx": step,
            "y0": -DOMAIN, "dy": step, "zmin": 0, "zmax": 255, "showscale": False,
            "colorscale": colorscale(run.config.n_classes, run.config.discretize),
            "hoverinfo": "skip",
            "zsmooth": "fast" if run.config.n_classes <= 2 else False}  # "best" costs 2× the draw


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "gridcolor": "#d9dde0", "zerolinecolor": "#8a9399",
            "fixedrange": True, **extra}


def boundary_figure(run: Run, ev: pictures.Evaluation | None = None) -> Figure:
    """Return the whole boundary figure: heatmap, points and layout (sent on full frames)."""
    span, big = [-DOMAIN, DOMAIN], run.config.projector
    k = 1.5 if big else 1.0
    # projector: the legend in a row of its own at the foot of the box, under the axis title
    legend = ({"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0}
              if big else {"orientation": "h", "y": -0.14, "x": 0})
    return {"data": [heatmap(run, ev), *_point_traces(run)], "layout": {
        "uirevision": "boundary", "datarevision": run.epoch,
        "margin": {"l": 36 * k, "r": 8, "t": 8, "b": 84 if big else 36},
        "xaxis": _axis("X₁", range=span, dtick=2, constrain="domain", automargin=big),
        "yaxis": _axis("X₂", range=span, dtick=2, scaleanchor="x", constrain="domain",
                       automargin=big),
        "showlegend": True, "legend": legend,
        "font": {"size": 18 if big else 12},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff"}}
