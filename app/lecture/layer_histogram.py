"""A hidden layer's pre-activations over the training points: per-unit histograms and the
saturated / dead flags the explorer shows (the vanishing-gradient warnings)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine import MLP
from app.engine.activations import Activation
from app.lecture.numbers import significant

Z_MIN, Z_MAX = -5.0, 5.0
CURVE = np.linspace(Z_MIN, Z_MAX, 201)  # where φ and φ' are drawn (and φ''s peak is found)
BINS = 40  # histogram bins over [Z_MIN, Z_MAX]; values beyond fall into the end bins
LOW_GRADIENT = 0.1  # |φ'(z)| below this share of its peak: the unit is saturated there
FLAG_SHARE = 0.5  # flag a saturating unit when it is saturated on at least this share of points
SATURATING = ("sigmoid", "tanh", "ramp")


@dataclass(frozen=True)
class UnitStats:
    """One hidden unit over the training points."""

    name: str
    mean_z: float
    low_gradient: float  # share of points with |φ'(z)| < LOW_GRADIENT · peak
    saturated: bool
    dead: bool

    @property
    def shown_mean(self) -> str:
        """Return the mean z as the table prints it (three significant digits)."""
        return significant(self.mean_z, 3)


@dataclass(frozen=True)
class LayerView:
    """A hidden layer's pre-activations: counts[u] is unit u's histogram over `edges`."""

    layer: int  # 1-based, as the page names hidden layers
    activation: str
    n_points: int
    edges: list[float]
    counts: list[list[int]]
    units: list[UnitStats]


def peak_derivative(act: Activation) -> float:
    """Return the largest |φ'(z)| over z ∈ [−5, 5] (1 for ReLU and tanh, ¼ for sigmoid)."""
    return float(np.abs(act.derivative(CURVE, act.value(CURVE))).max())


def layer_view(net: MLP, x_train: np.ndarray, layer: int, names: list[str]) -> LayerView:
    """Return hidden layer `layer` (1-based) over the training inputs x_train (n, n_in)."""
    zs, acts = net.forward_layers(x_train)
    z, a, act = zs[layer - 1], acts[layer - 1], net.activations[layer - 1]
    low = (np.abs(act.derivative(z, a)) < LOW_GRADIENT * peak_derivative(act)).mean(axis=0)
    dead = np.all(z <= 0, axis=0) if act.name == "relu" else np.zeros(z.shape[1], dtype=bool)
    edges = np.linspace(Z_MIN, Z_MAX, BINS + 1)
    clipped = np.clip(z, Z_MIN, Z_MAX)
    counts = [np.histogram(clipped[:, u], edges)[0].tolist() for u in range(z.shape[1])]
    units = [UnitStats(names[u], float(z[:, u].mean()), float(low[u]),
                       act.name in SATURATING and bool(low[u] >= FLAG_SHARE), bool(dead[u]))
             for u in range(z.shape[1])]
    return LayerView(layer, act.name, len(z), edges.tolist(), counts, units)
