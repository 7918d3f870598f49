"""Every neuron's picture of the plane, from ONE grid evaluation per poll: the output heatmap's
codes, the diagram's thumbnails and the enlarged picture of a hovered neuron.

A picture is a value per cell in [−1, 1] (orange −1, grey 0, blue +1) quantised to a uint8 code
0..255 (NaN -> 128, grey), like the boundary heatmap. "Discretize" is a look, not other codes: its
colour scale snaps every code below 128 to orange and above to blue (charts.colorscale). Hidden
units show their activation clipped to [−1, 1] (as TF Playground: a ReLU unit above 1 saturates
blue); a single output unit shows the same signed value as the boundary; inputs are scaled by
their largest |value| over the plane.

Row order: engine/grid.Grid's row 0 is the TOP of the picture (x2 = +6). Everything here keeps
that order, except `to_plotly`, which flips rows for Plotly's heatmap (its row 0 is at the bottom).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from app.engine import MLP, get_loss
from app.engine._types import Array
from app.session.run import GRID, Run

THUMB = 10  # a thumbnail is THUMB × THUMB cells, each the mean of a (GRID/THUMB)² block


@dataclass(frozen=True)
class Evaluation:
    """One evaluation of a run's model over the GRID × GRID plane, top row first.

    Attributes:
        layers: per network layer (hidden layers, then the output), activations (units, r, r).
        z: the output pre-activation (n_out, r, r).
    The arrays may be the network's grid buffers: use them before the next evaluation.
    """

    layers: list[Array]
    z: Array

    @property
    def output(self) -> Array:
        """Return the output activations (n_out, r, r)."""
        return self.layers[-1]


def evaluate(run: Run) -> Evaluation:
    """Return every neuron's value over the grid in one forward pass (perceptron: its step)."""
    features, offset = run.config.features, run.config.input_offset
    if isinstance(run.model, MLP):
        layers = run.grid.neurons(run.model, features, offset)
        return Evaluation(layers, run.grid.logits())
    z = run.model.net_input(run.grid.inputs(features, offset)).reshape(1, GRID, GRID)
    return Evaluation([(z >= 0.0).astype(np.float64)], z)


def signed_output(run: Run, ev: Evaluation) -> Array:
    """Return the output as one value per cell in [−1, 1] (GRID, GRID) for binary and regression:
    tanh((z1 − z0)/2) = 2·softmax(z)[1] − 1 for two scored classes; 2y − 1 for outputs in [0, 1]."""
    with np.errstate(all="ignore"):
        if ev.z.shape[0] == 2:
            signed: Array = np.tanh((ev.z[1] - ev.z[0]) / 2.0)
            return signed
        y = ev.output[0]
        if run.output_activation in ("sigmoid", "step"):
            y = 2.0 * y - 1.0
        signed = np.clip(y, -1.0, 1.0)
    return signed


def codes(values: Array) -> Array:
    """Return uint8 codes for values in [−1, 1] (clipped): round((v + 1) · 127.5), with 128 kept
    for NaN: v ≥ 0 is at least 129 and v < 0 at most 127, so a colour scale can snap them by sign
    (TF Playground's "Discretize output", for every picture) without new codes."""
    with np.errstate(all="ignore"):
        v = np.clip(values, -1.0, 1.0)
        c = np.rint((v + 1.0) * 127.5)
        c = np.where(v < 0.0, np.minimum(c, 127.0), np.maximum(c, 129.0))
        out = np.where(np.isfinite(v), c, 128.0)
    return out.astype(np.uint8)


def to_plotly(picture: Array) -> Array:
    """Return a (GRID, GRID) picture with row 0 at the bottom (y = −6), as Plotly draws it."""
    return picture[::-1]


@cache
def _averaging() -> Array:
    """Return A (THUMB, GRID): row t averages grid rows t·k … t·k + k − 1 (k = GRID / THUMB)."""
    return np.kron(np.eye(THUMB), np.full((1, GRID // THUMB), THUMB / GRID))


def _blocks(values: Array) -> Array:
    """Return the block means A · p · Aᵀ (units, THUMB, THUMB) of pictures p (units, GRID, GRID):
    two small matrix products, 5× faster than a reshaped mean (a NaN spreads along its band)."""
    a = _averaging()
    means: Array = a @ values @ a.T
    return means


def unit_pictures(run: Run, ev: Evaluation) -> list[Array]:
    """Return per network layer the values each unit's picture shows, (units, r, r) in [−1, 1].

    Hidden units: the activation (clipped later). A single output unit: the boundary's signed
    value. Several output units scored through z (softmax, max-margin): 2·softmax(z)_k − 1, the
    probability of class k from −1 (0 %) to +1 (100 %); otherwise their activation.
    """
    pictures = list(ev.layers)
    if ev.output.shape[0] == 1:
        pictures[-1] = signed_output(run, ev)[np.newaxis]
    elif not get_loss(run.config.loss).on_output:
        with np.errstate(all="ignore"):
            e = np.exp(ev.z - ev.z.max(axis=0))
            pictures[-1] = 2.0 * e / e.sum(axis=0) - 1.0
    return pictures


def thumbnails(run: Run, ev: Evaluation) -> Array:
    """Return the codes (n_units, THUMB, THUMB) of every hidden and output unit, layer by layer,
    top row first: block means of the grid values (TF Playground's 10×10 thumbnails)."""
    with np.errstate(all="ignore"):
        means = np.concatenate([_blocks(p) for p in unit_pictures(run, ev)])
    return codes(means)


def input_values(run: Run, unit: int) -> Array:
    """Return input feature `unit` (active features' order) over the grid, (GRID, GRID) top row
    first, divided by its largest |value| so that the picture spans the colour scale."""
    column = run.grid.inputs(run.config.features, run.config.input_offset)[:, unit].reshape(
        GRID, GRID)
    return column / max(float(np.abs(column).max()), 1e-12)


def unit_picture(run: Run, ev: Evaluation, column: int, unit: int) -> Array:
    """Return the codes (GRID, GRID), top row first, of one node of the diagram: column 0 = the
    inputs, column l ≥ 1 = the units of weight layer l − 1 (the last column is the output).

    Raises:
        ValueError: no such node.
    """
    sizes = [run.x_train.shape[1], *(p.shape[0] for p in ev.layers)]
    if not 0 <= column < len(sizes) or not 0 <= unit < sizes[column]:
        raise ValueError(f"no neuron {unit} in column {column}; columns have {sizes} units")
    if column == 0:
        return codes(input_values(run, unit))
    return codes(unit_pictures(run, ev)[column - 1][unit])


def shown_codes(run: Run, ev: Evaluation, show: str) -> Array | None:
    """Return the Plotly-ordered codes (GRID, GRID) of the node named "column.unit", or None when
    `show` is empty or names no node (the heatmap then shows the output)."""
    column, _, unit = show.partition(".")
    if not (column.isdigit() and unit.isdigit()):
        return None
    try:
        return to_plotly(unit_picture(run, ev, int(column), int(unit)))
    except ValueError:
        return None
