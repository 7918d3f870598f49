"""How the network diagram's links, biases and gradient bars look — the one implementation of
those looks. The server-drawn SVG (diagram.py) and every poll (diagram_frame.py) use it;
static/diagram.js only looks codes up in the palettes this module makes.

Weights: TF Playground's link width 1 + 9 · min(|w| / 5, 1) and colour ramp (orange −1, grey 0,
blue +1). Gradients: width 1 + 6 · level and a purple from pale to deep, level = log |∂E/∂w|
scaled to 0 … 1. Values are quantised for their look (weights to 0.05, levels to 0.05): a link's
look is one byte, a code into the view's palette; a bias fill is a code into FILLS.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from app.engine._types import Array
from app.figures import charts

STEP = 0.05  # a look changes every 0.05 of a weight or a level: finer is invisible
W_MAX = 5.0  # link widths stop growing at |w| = 5 (TF Playground)
PALE, DEEP = "#dcd3ec", "#3f1d73"  # gradient links: |g| ≤ 1e-7 … |g| ≥ 0.1
LINK_LEVELS = (-7.0, -1.0)  # log10 |∂E/∂w| of a link's palest and deepest look
BAR_LEVELS = (-8.0, 0.0)  # log10 ‖∂E/∂W‖ of an empty and a full layer bar


def ramp(value: float) -> str:
    """Return the colour of a value on TF Playground's scale, clamped to [−1, 1]: orange #f59322
    at −1, grey #e8eaeb at 0, blue #0877bd at +1 (linear in RGB). NaN is grey."""
    if not np.isfinite(value):
        return charts.GREY
    v = min(max(value, -1.0), 1.0)
    return charts.mix(charts.ORANGE if v < 0 else charts.BLUE, abs(v), charts.GREY)


def weight_width(w: float) -> float:
    """Return TF Playground's link width for a weight: 1 + 9 · min(|w| / 5, 1)."""
    return round(1.0 + 9.0 * min(abs(w) / W_MAX, 1.0), 2) if np.isfinite(w) else 1.0


def gradient_levels(g: Array, low: float = LINK_LEVELS[0], high: float = LINK_LEVELS[1]) -> Array:
    """Return |g| on a log scale, element-wise: (log10 |g| − low) / (high − low) clamped to
    [0, 1]; 0 where g is 0 or not finite."""
    g = np.abs(np.asarray(g, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        level = (np.log10(g) - low) / (high - low)
    levels: Array = np.where(np.isfinite(level), np.clip(level, 0.0, 1.0), 0.0)
    return levels


def gradient_level(g: float | None, low: float = LINK_LEVELS[0],
                   high: float = LINK_LEVELS[1]) -> float:
    """Return one value's gradient_levels (0 for None). Links use 1e-7 … 1e-1, bars 1e-8 … 1."""
    return 0.0 if g is None else float(gradient_levels(np.array(g), low, high))


def gradient_style(level: float) -> tuple[float, str]:
    """Return (width, colour) of a gradient link at a level: 1 + 6 · level, pale → deep purple."""
    return round(1.0 + 6.0 * level, 2), charts.mix(DEEP, level, PALE)


def _grid(low: float, high: float) -> Array:
    """Return low, low + STEP, …, high (the quantised values a look exists for)."""
    return np.round(np.linspace(low, high, round((high - low) / STEP) + 1), 10)


@cache  # every page draws them: 201 colours mixed in Python once, not per page
def link_palette(gradients: bool) -> list[tuple[float, str]]:
    """Return the view's link looks (width, colour), indexed by link_codes (shared: read only)."""
    if gradients:
        return [gradient_style(float(level)) for level in _grid(0.0, 1.0)]
    return [(weight_width(float(w)), ramp(float(w))) for w in _grid(-W_MAX, W_MAX)]


FILLS = [ramp(float(v)) for v in _grid(-1.0, 1.0)]  # bias squares, indexed by fill_codes


def _codes(values: Array, low: float, high: float) -> np.ndarray:
    """Return round((clip(v) − low) / STEP) as uint8, NaN at the code of 0 (grey, thinnest)."""
    v = np.clip(np.asarray(values, dtype=float), low, high)  # ±inf land on the ends
    v[np.isnan(v)] = 0.0
    v -= low
    v /= STEP
    codes: np.ndarray = np.rint(v).astype(np.uint8)
    return codes


def link_codes(w: Array, g: Array | None) -> np.ndarray:
    """Return each link's code into link_palette(g is not None): its weight's look, or its
    gradient's look when `g` (the same shape as w) is given."""
    if g is not None:
        return _codes(gradient_levels(g), 0.0, 1.0)
    w = np.asarray(w, dtype=float)
    return _codes(np.where(np.isfinite(w), w, 0.0), -W_MAX, W_MAX)


def fill_codes(b: Array) -> np.ndarray:
    """Return each bias's code into FILLS (its value's colour on the weight scale)."""
    return _codes(b, -1.0, 1.0)


def bar_look(norm: float | None, ratio: float | None, length: float) -> dict[str, Any]:
    """Return a gradient bar's filled length and its two lines of text (‖∂E/∂W‖, ‖Δw‖/‖w‖)."""
    def text(v: float | None) -> str:
        return "–" if v is None or not np.isfinite(v) else f"{v:.1e}"
    level = gradient_level(norm, *BAR_LEVELS)
    return {"fill": round(length * level, 1), "norm_text": f"∇ {text(norm)}",
            "ratio_text": f"Δ/w {text(ratio)}"}


def zero_text(zero: tuple[int, int] | None) -> str:
    """Return the L1 zero count's sentence, or "" without L1."""
    if zero is None:
        return ""
    return (f"{zero[0]} of {zero[1]} weights are exactly 0 (dashed): an L1 step that would carry "
            "a weight across 0 sets it to 0 and cuts its link, as TF Playground does.")
