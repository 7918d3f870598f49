"""The activation and loss explorer's view model: the lecture's appendix tables, live.

Activations: each φ beside φ' (formula, derivative formula, curve over z ∈ [−5, 5]). A hidden layer:
its pre-activations z over the training points, one histogram per unit, and two warnings —
saturated: |φ'(z)| < 10 % of φ''s peak on at least half the points (sigmoid, tanh, ramp: the
gradient vanishes); dead: a ReLU with z ≤ 0 on every training point (it never passes a gradient,
so no gradient reaches its incoming weights from the data — it can come back only if the layers
below shift its inputs, or momentum or a penalty moves its weights). Losses: each E and its gradient
against the signed score c·z, c = ±1 the class as a sign (binary problems).
Figures are built in explorer_charts.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from app.engine import LOSSES, MLP, TRAINABLE_ACTIVATIONS, get_activation
from app.lecture import explorer_charts as charts
from app.lecture.layer_histogram import (
    CURVE,
    LOW_GRADIENT,
    LayerView,
    layer_view,
    peak_derivative,
)
from app.lecture.worked_example import unit_names
from app.session.run import Run

# the x axis of each loss's curve: the output as a signed score, c = ±1 the class as a sign (for
# log loss c = 2·y_t − 1, since its y_t is 0/1); not the hinge's margin m, which is the 1 in it
MARGIN_NAMES = {"square": "axis: c·y_p, c = ±1 the class as a sign",
                "log": "axis: c·z, c = 2·y_t − 1 = ±1", "hinge": "axis: c·z, c = y_t = ±1",
                "softmax_cross_entropy": "axis: z_c − z_other",
                "max_margin": "axis: z_c − z_other"}


@dataclass(frozen=True)
class Card:
    """One activation or loss: its formulas, a badge when this run uses it, and its figure key."""

    key: str
    label: str
    lines: tuple[str, ...]
    badge: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Explorer:
    """Everything templates/partials/explorer.html shows; `charts` is handed to Plotly."""

    layer: LayerView | None
    n_hidden: int
    reason: str | None
    activations: list[Card]  # figures act_<key>
    losses: list[Card]  # figures loss_<key>
    charts: dict[str, Any] = field(default_factory=dict)


def current_margins(run: Run) -> np.ndarray | None:
    """Return the training points' signed scores (c·z, c·y_p or z_c − z_other: each loss card's
    axis) for a binary problem's loss (else None)."""
    net = run.model
    if run.config.n_classes != 2 or not isinstance(net, MLP):
        return None
    z, y = net.forward_logits(run.x_train)
    labels = run.dataset.y_train.astype(int)
    sign = 2.0 * labels - 1.0
    loss = run.config.loss
    if loss in ("softmax_cross_entropy", "max_margin"):
        rows = np.arange(len(z))
        return np.asarray(z[rows, labels] - z[rows, 1 - labels])
    if loss == "square":  # y_t = ±1 only when the output ranges over [−1, 1]
        low = get_activation(net.activation_names[-1]).output_range[0]
        return None if low == 0.0 else np.asarray(sign * y[:, 0])
    return np.asarray(sign * z[:, 0])


def build(run: Run, layer: int = 1) -> Explorer:
    """Return the explorer for the run's network; `layer` picks the hidden layer (1-based)."""
    projector = run.config.projector
    net = run.model if isinstance(run.model, MLP) else None
    used = {} if net is None else {net.activation_names[-1]: "output"}
    if net is not None and len(net.sizes) > 2:
        used[net.activation_names[0]] = "hidden layers"
    activations = []
    figures: dict[str, Any] = {}
    for key in TRAINABLE_ACTIVATIONS:
        act = get_activation(key)
        activations.append(Card(key, act.label, (act.formula, act.derivative_formula),
                                used.get(key, "")))
        figures[f"act_{key}"] = charts.activation_figure(act, CURVE, projector)
    losses = []
    margins = current_margins(run)
    for key, loss in LOSSES.items():
        current = key == run.config.loss
        hint = "grey: this run's training points" if current and margins is not None else ""
        losses.append(Card(key, loss.label, (loss.formula, loss.gradient_formula,
                                             MARGIN_NAMES[key]), "this run" if current else "",
                           hint))
        figures[f"loss_{key}"] = charts.loss_figure(key, margins if current else None, projector)
    n_hidden = 0 if net is None else len(net.sizes) - 2
    view, reason = None, None
    if net is None:
        reason = "The perceptron has no hidden layer: switch the model to the MLP."
    elif n_hidden == 0:
        reason = "This network has no hidden layer: add one to see its pre-activations."
    else:
        layer = min(max(layer, 1), n_hidden)
        view = layer_view(net, run.x_train, layer, unit_names(net, run.config.features)[layer])
        figures["layer"] = charts.layer_figure(view, net.activations[layer - 1], CURVE,
                                               LOW_GRADIENT * peak_derivative(
                                                   net.activations[layer - 1]), projector)
    return Explorer(view, n_hidden, reason, activations, losses, figures)
