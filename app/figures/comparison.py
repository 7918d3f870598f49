"""Runs side by side -> plain data for Plotly: each run's small boundary and its two loss curves,
drawn by static/compare.js on one overlaid chart (a colour per run; train solid, test dashed).

A run's frame is whole (its boundary figure and whole curves) when the page holds nothing of it
or another figure (views.token), else a delta: the new heatmap codes and the points since the
epoch the page holds. Numbers are rounded as the main page's (charts.number).
"""

from __future__ import annotations

from typing import Any

from app.figures import charts, curves
from app.session.run import Run

RUN_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")  # Okabe-Ito: one per run
EVERY = 2  # a small boundary shows every other row and column of the heatmap (50 × 50)


def small_codes(run: Run) -> dict[str, str]:
    """Return the heatmap's codes at every EVERY-th row and column, as Plotly's typed array."""
    return charts.encode_u1(charts.boundary_codes(run)[::EVERY, ::EVERY])
LOSS_FIELDS = ("train_loss", "test_loss")


def small_boundary(run: Run) -> dict[str, Any]:
    """Return the run's boundary figure, made small: no legend, no axis titles, tight margins."""
    figure = charts.boundary_figure(run)
    heatmap = figure["data"][0]
    heatmap.update(z=small_codes(run), dx=heatmap["dx"] * EVERY, dy=heatmap["dy"] * EVERY)
    layout = figure["layout"]
    layout.update(showlegend=False, margin={"l": 24, "r": 4, "t": 4, "b": 20},
                  font={"size": 10})
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**layout[axis], "title": {"text": ""}}
    return figure


def loss_traces(run: Run, index: int, label: str) -> list[dict[str, Any]]:
    """Return run `index`'s train (solid) and test (dashed) loss traces, its whole history."""
    records = curves.records_after(run, -1)
    epochs = [r.epoch for r in records]
    return [{"type": "scatter", "mode": "lines", "name": f"{label} · {split}",
             "x": epochs, "y": [charts.number(getattr(r, field)) for r in records],
             "line": {"color": RUN_COLOURS[index], "width": 2,
                      "dash": "solid" if split == "train" else "dash"},
             "hoverinfo": "x+y+name"}
            for split, field in zip(("train", "test"), LOSS_FIELDS, strict=True)]


def stats(run: Run) -> dict[str, float | None]:
    """Return the run's latest losses and accuracies (None where there is none)."""
    last = run.trainer.history.last
    fields = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
    return {f: None if last is None else charts.number(getattr(last, f)) for f in fields}


def whole(run: Run, index: int, label: str) -> dict[str, Any]:
    """Return run `index`'s whole figures: its small boundary and its two loss traces."""
    return {"boundary": small_boundary(run), "loss": loss_traces(run, index, label)}


def delta(run: Run, since: int) -> dict[str, Any]:
    """Return what changed since epoch `since`: the heatmap's codes and the new loss points."""
    records = curves.records_after(run, since)
    return {"z": small_codes(run), "extend": {
        "epochs": [r.epoch for r in records],
        "y": [[charts.number(getattr(r, f)) for r in records] for f in LOSS_FIELDS]}}


def loss_layout(name: str) -> dict[str, Any]:
    """Return the overlaid loss chart's layout (`name`: what the y axis measures)."""
    return {"uirevision": "compare", "margin": {"l": 48, "r": 8, "t": 8, "b": 36},
            "xaxis": {"title": {"text": "epoch"}, "rangemode": "tozero", "gridcolor": "#e3e6e8"},
            "yaxis": {"title": {"text": name}, "rangemode": "tozero", "gridcolor": "#e3e6e8"},
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff"}
