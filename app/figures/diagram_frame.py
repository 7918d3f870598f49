"""The diagram's data for one poll (frame["diagram"]): thumbnails, the looks of links, biases and
gradient bars (codes and texts from diagram_style.py — the SVG diagram.py draws shows the same),
dropped neurons, the L1 zero count, and the values the hover card and editor show.
static/diagram.js only applies them; nothing here is HTML.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from app.engine import MLP
from app.engine._types import Array
from app.figures import charts, pictures
from app.figures.charts import number
from app.figures.diagram import BAR
from app.figures.diagram_style import bar_look, fill_codes, link_codes, zero_text
from app.figures.parameters import Layer, counts_zeros, health, layers, zero_count
from app.session.run import Run

DIGITS = 3  # significant digits sent for weights, biases and gradients


def rounded(values: Array) -> list[float | None]:
    """Return values (any shape) flattened row-major, to DIGITS significant digits (NaN: None)."""
    return [number(v, DIGITS) for v in values.ravel().tolist()]


def float32_base64(values: Array) -> str:
    """Return values (any shape) flattened row-major as little-endian float32, base64: the
    gradients view's ∂E/∂w for the hover card, a third of the size of their decimal text."""
    data = np.ascontiguousarray(values, dtype="<f4").ravel()
    return base64.b64encode(data.tobytes()).decode("ascii")


def bars(run: Run) -> list[dict[str, Any]] | None:
    """Return per weight layer the gradient bar: the last step's ‖∂E/∂W‖, ‖Δw‖/‖w‖, their
    health and the bar's look (fill, norm_text, ratio_text); None before the first epoch."""
    last = run.trainer.history.last
    if not isinstance(run.model, MLP) or last is None:
        return None
    return [{"norm": number(n, DIGITS), "ratio": number(r, DIGITS), "health": health(n, r),
             **bar_look(n, r, BAR)}
            for n, r in zip(last.grad_norms, last.update_ratios, strict=True)]


def _bytes(codes: list[np.ndarray]) -> str:
    """Return uint8 codes of every layer, flattened row-major and joined, as base64."""
    data = b"".join(np.ascontiguousarray(c, dtype=np.uint8).tobytes() for c in codes)
    return base64.b64encode(data).decode("ascii")


def looks(run: Run, all_layers: list[Layer], gradients: bool) -> dict[str, Any]:
    """Return the links' and biases' looks: links (base64 codes into the view's link palette, in
    link order), fills (base64 codes into diagram_style.FILLS, unit by unit) and dashed (the
    links whose weight is exactly 0 under L1, weights view only; None without L1)."""
    grads = [layer.grad_w for layer in all_layers]
    links = [link_codes(layer.w, g if gradients else None) for layer, g in zip(
        all_layers, grads, strict=True)]
    dashed = None
    if counts_zeros(run) and not gradients:
        w = np.concatenate([layer.w.ravel() for layer in all_layers])
        dashed = np.flatnonzero(w == 0.0).tolist()
    return {"links": _bytes(links), "fills": _bytes([fill_codes(layer.b) for layer in all_layers]),
            "dashed": dashed}


def dropped_units(run: Run) -> list[list[int]] | None:
    """Return per hidden layer the units dropped for the first example of the last mini-batch
    (dropout draws a mask per example), or None when dropout is off or nothing trained yet."""
    model = run.model
    if not isinstance(model, MLP) or not any(model.dropout):
        return None
    masks = model.last_dropout_masks
    if all(m is None for m in masks):
        return None
    return [[] if m is None else np.flatnonzero(m[0] == 0.0).tolist() for m in masks]


def view_looks(run: Run, all_layers: list[Layer] | None = None) -> dict[str, Any]:
    """Return what the diagram's view (edge_view) decides: view (weights or gradients: the palette
    the link codes index), links, fills and dashed (looks()), bars and g (∂E/∂w of the last
    mini-batch, float32_base64 per layer; both gradients view only, else None). A change of view
    sends only these."""
    all_layers = all_layers if all_layers is not None else layers(run)
    gradients = run.config.edge_view == "gradients" and isinstance(run.model, MLP)
    return {
        "view": "gradients" if gradients else "weights",
        **looks(run, all_layers, gradients),
        "bars": bars(run) if gradients else None,
        "g": [float32_base64(layer.grad_w) for layer in all_layers
              if layer.grad_w is not None] if gradients else None,
    }


def payload(run: Run, ev: pictures.Evaluation) -> dict[str, Any]:
    """Return the diagram's numbers for this poll.

    Keys: view_looks() (view, links, fills, dashed, bars, g), thumbs (u1 codes (units, THUMB,
    THUMB) of every hidden and output unit, top row first), dropped, zero (the L1 sentence), and
    for the hover card and the editor w and b (per layer, row-major: w[l][i · n_out + j] is source
    i → target j) — each None when it does not apply.
    """
    all_layers = layers(run)
    return {
        **view_looks(run, all_layers),
        "thumbs": charts.encode_u1(pictures.thumbnails(run, ev)),
        "dropped": dropped_units(run),
        "zero": zero_text(zero_count(run)) or None,
        "w": [rounded(layer.w) for layer in all_layers],
        "b": [rounded(layer.b) for layer in all_layers],
    }
