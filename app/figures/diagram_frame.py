"""The diagram's numbers for one poll (frame["diagram"]): thumbnails, weights, biases, gradients,
per-layer gradient health, dropped neurons and the L1 zero count. static/diagram.js paints them
onto the structure diagram.py laid out; nothing here is HTML.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.engine import MLP
from app.engine._types import Array
from app.figures import charts, pictures
from app.figures.charts import number
from app.figures.parameters import health, layers, zero_count
from app.session.run import Run

DIGITS = 3  # significant digits sent for weights, biases and gradients


def rounded(values: Array) -> list[float | None]:
    """Return values (any shape) flattened row-major, to DIGITS significant digits (NaN: None)."""
    return [number(v, DIGITS) for v in values.ravel().tolist()]


def layer_stats(run: Run) -> list[dict[str, Any]] | None:
    """Return per weight layer the last step's ‖∂E/∂W‖, ‖Δw‖/‖w‖ and their health, or None
    before the first epoch (and for the perceptron, which has no gradients)."""
    last = run.trainer.history.last
    if not isinstance(run.model, MLP) or last is None:
        return None
    return [{"norm": number(n, DIGITS), "ratio": number(r, DIGITS), "health": health(n, r)}
            for n, r in zip(last.grad_norms, last.update_ratios, strict=True)]


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


def payload(run: Run, ev: pictures.Evaluation) -> dict[str, Any]:
    """Return the diagram's numbers for this poll.

    Keys: thumbs (u1 codes (units, THUMB, THUMB) of every hidden and output unit, top row first),
    w and b (per layer, row-major: w[l][i · n_out + j] is source i → target j), g (per layer
    ∂E/∂w of the last mini-batch, gradients view only), stats, dropped, zero ({count, total,
    threshold} under L1) — each None when it does not apply.
    """
    all_layers = layers(run)
    gradients = run.config.edge_view == "gradients" and isinstance(run.model, MLP)
    zero = zero_count(run)
    return {
        "thumbs": charts.encode_u1(pictures.thumbnails(run, ev)),
        "w": [rounded(layer.w) for layer in all_layers],
        "b": [rounded(layer.b) for layer in all_layers],
        "g": [rounded(layer.grad_w) for layer in all_layers
              if layer.grad_w is not None] if gradients else None,
        "stats": layer_stats(run),
        "dropped": dropped_units(run),
        "zero": None if zero is None else {"count": zero[0], "total": zero[1],
                                           "threshold": number(zero[2], DIGITS)},
    }
