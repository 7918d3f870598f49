"""The perceptron's history mode: Rosenblatt's rule shown as a moving line, arrow and sample.

For a perceptron on the raw inputs (X₁, X₂) the boundary plot gets an overlay (Plotly layout shapes
and annotations, sent with every frame): the separating line w0 + w1·x1 + w2·x2 = 0 clipped to the
plot, the weight vector (w1, w2) as an arrow from the line's point nearest the origin (it points to
the side the step unit calls 1), and a ring around the sample the perceptron rule visited last (red
when it was misclassified and moved the weights). The panel's numbers and the one-click MLP that
solves what the line cannot live here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.config import Config, parse, to_query
from app.engine import FEATURES, PerceptronTrainer
from app.lecture.lessons import LESSONS
from app.session.run import DOMAIN, Run

INK, MISTAKE, CORRECT = "#1f2a30", "#c62828", "#2e7d32"
LINE_INPUTS = ("x1", "x2")
ARROW_RANGE = (1.5, 4.5)  # the arrow's drawn length is |(w1, w2)| clipped to this range
MLP_FIX = {"model": "mlp", "hidden_layers": (2,), "activation": "tanh"}  # the next lesson's network
Overlay = dict[str, list[dict[str, Any]]]


def separating_line(w: np.ndarray, half: float = DOMAIN) -> tuple[tuple[float, float],
                                                                   tuple[float, float]] | None:
    """Return the two ends of w0 + w1·x1 + w2·x2 = 0 inside the square [−half, half]², or None
    when the line misses the square (or w1 = w2 = 0)."""
    w0, w1, w2 = (float(v) for v in w[:3])
    ends: list[tuple[float, float]] = []
    for edge in (-half, half):
        if w2:  # crossings of the vertical edges x1 = ±half
            ends.append((edge, -(w0 + w1 * edge) / w2))
        if w1:  # crossings of the horizontal edges x2 = ±half
            ends.append((-(w0 + w2 * edge) / w1, edge))
    inside = sorted({(round(a, 9), round(b, 9)) for a, b in ends
                     if abs(a) <= half + 1e-9 and abs(b) <= half + 1e-9})
    if len(inside) < 2:
        return None
    return inside[0], inside[-1]


def _arrow(w: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Return (base, tip) of the weight arrow: from the line's point nearest the origin (or the
    origin when that point is off the plot) along (w1, w2), at its length clipped to ARROW_RANGE."""
    w0, w1, w2 = (float(v) for v in w[:3])
    norm = math.hypot(w1, w2)
    if not norm or not math.isfinite(norm):
        return None
    foot = (-w0 * w1 / norm**2, -w0 * w2 / norm**2)
    base = foot if max(abs(foot[0]), abs(foot[1])) <= DOMAIN - 1.0 else (0.0, 0.0)
    length = min(max(norm, ARROW_RANGE[0]), ARROW_RANGE[1])
    return base, (base[0] + w1 / norm * length, base[1] + w2 / norm * length)


def draws_line(run: Run) -> bool:
    """Return True for a perceptron on exactly the inputs X₁, X₂ (its boundary is a line)."""
    return isinstance(run.trainer, PerceptronTrainer) and run.config.features == LINE_INPUTS


def overlay(run: Run) -> Overlay | None:
    """Return the boundary plot's layout additions {shapes, annotations}, or None (no line)."""
    if not draws_line(run):
        return None
    trainer = run.trainer
    assert isinstance(trainer, PerceptronTrainer)
    w = trainer.perceptron.weights
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    ends = separating_line(w)
    if ends is not None:
        (xa, ya), (xb, yb) = ends
        shapes.append({"type": "line", "xref": "x", "yref": "y", "x0": xa, "y0": ya, "x1": xb,
                       "y1": yb, "line": {"color": INK, "width": 3}})
    arrow = _arrow(w)
    if arrow is not None:
        (bx, by), (tx, ty) = arrow
        annotations.append({"x": tx, "y": ty, "ax": bx, "ay": by, "xref": "x", "yref": "y",
                            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2,
                            "arrowsize": 1.2, "arrowwidth": 3, "arrowcolor": INK, "text": ""})
        annotations.append({"x": tx, "y": ty, "xref": "x", "yref": "y", "showarrow": False,
                            "text": "<b>w</b>",
                            "font": {"size": 20 if run.config.projector else 16, "color": INK},
                            "xshift": 12 if tx >= bx else -12, "yshift": 10 if ty >= by else -10,
                            "bgcolor": "rgba(255,255,255,0.8)"})
    sample = trainer.last_sample
    if sample is not None:
        x1, x2 = (float(v) for v in run.dataset.x_train[sample][:2])
        r = 0.5
        for colour, width in (("#ffffff", 7), (MISTAKE if trainer.last_error else CORRECT, 3)):
            shapes.append({"type": "circle", "xref": "x", "yref": "y", "x0": x1 - r,
                           "x1": x1 + r, "y0": x2 - r, "y1": x2 + r,
                           "line": {"color": colour, "width": width}})  # a white halo first
    return {"shapes": shapes, "annotations": annotations}


def _signed(value: float, first: bool = False) -> str:
    """Return "−0.125" (first term) or "− 0.125" / "+ 0.125" (later terms), with a true minus."""
    sign = "−" if value < 0 and round(abs(value), 3) else ("" if first else "+")
    return f"{sign}{abs(value):.3f}" if first else f"{sign} {abs(value):.3f}"


@dataclass(frozen=True)
class SampleStep:
    """The perceptron rule's last visit: which sample, its target and prediction, what changed."""

    index: int
    point: tuple[float, float]
    target: int
    predicted: int
    error: int  # y_t − y_p


@dataclass(frozen=True)
class State:
    """What the perceptron panel shows."""

    equation: str  # "0.12 + 0.80·X₁ − 0.33·X₂ = 0"
    weights: list[tuple[str, float]]  # (name, value): w0 first
    status: str
    converged: bool
    epoch: int
    position: int  # samples of the current epoch already visited
    n_train: int
    last: SampleStep | None
    learning_rate: float
    draws_line: bool
    mlp_url: str  # the one-click MLP on the same data


def state(run: Run) -> State | None:
    """Return the perceptron panel's numbers, or None when the run is an MLP."""
    trainer = run.trainer
    if not isinstance(trainer, PerceptronTrainer):
        return None
    w = trainer.perceptron.weights
    labels = [FEATURES[k].label for k in run.config.features]
    terms = [_signed(float(w[0]), first=True)]
    terms += [f"{_signed(float(v))}·{label}" for v, label in zip(w[1:], labels, strict=True)]
    last = None
    if trainer.last_sample is not None:
        i, error = trainer.last_sample, trainer.last_error
        target = int(trainer.y_train[i])
        point = run.dataset.x_train[i]
        # the rule already moved w when error ≠ 0; y_p is what the unit said before that move
        last = SampleStep(i, (float(point[0]), float(point[1])), target, target - error, error)
    status = trainer.status
    if trainer.epoch == 0 and trainer.position:
        status = f"first epoch: {trainer.position} of {len(trainer.x_train)} samples visited"
    return State(" ".join(terms) + " = 0",
                 [(f"w{n}", float(v)) for n, v in enumerate(w)],
                 status, trainer.converged, trainer.epoch, trainer.position,
                 len(trainer.x_train), last, trainer.learning_rate, draws_line(run),
                 "/?" + to_query(mlp_fix(run.config)))


def mlp_fix(config: Config) -> Config:
    """Return the one-click MLP for a perceptron's data: one hidden layer of 2 tanh neurons.

    From the XOR lesson the fix moves on to the lesson where a hidden layer solves XOR; other
    perceptron lessons end (their goal is the perceptron's); any other lesson stays.
    """
    lesson = config.lesson
    if lesson and LESSONS[lesson].preset.get("model") == "perceptron":
        lesson = "hidden_layer_xor" if lesson == "perceptron_xor" else ""
    return parse({**config.model_dump(), **MLP_FIX, "lesson": lesson})
