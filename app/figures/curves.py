"""Training history -> the loss/accuracy chart: the whole figure, or the points after an epoch.

Traces, in order: train loss (grey #777), test loss (black), then for classification train and
test accuracy (dotted, right axis 0..1). The perceptron's "loss" is its error rate.
"""

from __future__ import annotations

import bisect
from typing import Any

from app.engine import EpochRecord, PerceptronTrainer
from app.figures.charts import Figure, number
from app.session.run import Run

TRAIN, TEST = "#777777", "#111111"
_FIELDS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
# the labels fit the margins: Plotly need not measure every tick label at every redraw to hide
# those past the edge (a quarter of a redraw's time while training)
_FAST = {"ticklabeloverflow": "allow"}
_AXIS = {"rangemode": "tozero", "gridcolor": "#e3e6e8", **_FAST}


def series_fields(run: Run) -> tuple[str, ...]:
    """Return the EpochRecord fields plotted for this run, in trace order."""
    return _FIELDS if run.config.n_classes else _FIELDS[:2]


def loss_name(run: Run) -> str:
    """Return what the y axis measures: "error rate" (perceptron) or "loss"."""
    return "error rate" if isinstance(run.trainer, PerceptronTrainer) else "loss"


def records_after(run: Run, since: int) -> list[EpochRecord]:
    """Return the kept records with epoch > since, plus the newest one if decimation skipped it."""
    history = run.trainer.history
    records = history.records[bisect.bisect_right(history.records, since, key=lambda r: r.epoch):]
    last = history.last
    if last is not None and last.epoch > since and (not records or records[-1] is not last):
        records = [*records, last]
    return records


def extension(run: Run, since: int) -> dict[str, Any]:
    """Return the points after epoch `since`: shared epochs (x) and one y list per trace."""
    records = records_after(run, since)
    return {"epochs": [r.epoch for r in records],
            "y": [[number(getattr(r, f)) for r in records] for f in series_fields(run)]}


def loss_figure(run: Run) -> Figure:
    """Return the whole loss chart for the run's history so far."""
    name = loss_name(run)
    ext = extension(run, -1)
    font, k = (18, 1.5) if run.config.projector else (12, 1.0)  # projector: bigger text, lines
    styles = [("train " + name, TRAIN, "solid", "y"), ("test " + name, TEST, "solid", "y"),
              ("train accuracy", TRAIN, "dot", "y2"), ("test accuracy", TEST, "dot", "y2")]
    # projector: the key names train and test (the loss lines); dotted is the accuracy axis's
    data = [{"type": "scatter", "mode": "lines", "name": label, "x": ext["epochs"], "y": y,
             "yaxis": axis, "showlegend": not (k > 1 and axis == "y2"),
             "line": {"color": colour, "dash": dash, "width": 2 * k}, "hoverinfo": "x+y+name"}
            for (label, colour, dash, axis), y in zip(styles, ext["y"], strict=False)]
    # a new run or new data starts a new chart: Plotly forgets the old axis ranges (one kept
    # uirevision kept epochs 0…162 on screen after a rebuild to epoch 0)
    layout: dict[str, Any] = {
        "uirevision": f"loss.{run.run_id}.{run.data_id}",
        "margin": {"l": 44 * k, "r": 76 if k > 1 else 40, "t": 30 if k > 1 else 8, "b": 32 * k},
        "xaxis": {"title": {"text": "epoch"}, **_AXIS},
        "yaxis": {"title": {"text": name}, **_AXIS},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "font": {"size": font}, "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff"}
    if run.config.n_classes:
        layout["yaxis2"] = {"title": {"text": "accuracy"}, "overlaying": "y", "side": "right",
                            "range": [0, 1.02], "showgrid": False, "tickformat": ".0%",
                            "tickvals": [0, 0.5, 1], **_FAST}
    return {"data": data, "layout": layout}
