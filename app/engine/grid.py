"""The plane as the pictures see it: a square grid over [−6, 6]² and every neuron's value on it.

TensorFlow Playground's convention: column i of an r×r grid maps 0..r−1 to x1 = −6..6 and row j
maps 0..r−1 to x2 = +6..−6 (endpoints included), so row 0 is the top of the picture.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import Array, Op
from app.engine.compiled.plans import forward_plan
from app.engine.features import feature_matrix
from app.engine.network import MLP

DOMAIN = 6.0


def grid_points(resolution: int = 100) -> Array:
    """Return the grid's points (r·r, 2), row-major from the top-left corner (−6, 6)."""
    if int(resolution) != resolution or not 2 <= resolution <= 1000:
        raise ValueError(f"resolution must be an integer in 2..1000, got {resolution!r}")
    axis = np.linspace(-DOMAIN, DOMAIN, resolution)
    x1, x2 = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])


class Grid:
    """A grid over the plane that evaluates one network's every neuron on it, fast.

    The design matrix is built once per feature set, and the forward pass is a plan replayed
    into buffers the network keeps (compiled.forward_plan), so a poll allocates almost nothing.

    Attributes:
        resolution: r, the number of cells per side. points: (r·r, 2).
    """

    def __init__(self, resolution: int = 100) -> None:
        self.resolution = resolution
        self.points = grid_points(resolution)
        self._net: MLP | None = None
        self._features: tuple[tuple[str, ...], float] = ((), 0.0)
        self._plan: list[Op] = []
        self._zs: list[Array] = []
        self._acts: list[Array] = []
        self._xa_t: Array = np.empty((0, 0))
        self._inputs: tuple[tuple[tuple[str, ...], float], Array] | None = None

    def inputs(self, features: Sequence[str], input_offset: float = 0.0) -> Array:
        """Return the design matrix (r·r, len(features)) for these features and input offset
        (features.feature_matrix), kept for the last pair asked for: they change far less often
        than the pictures."""
        key = (tuple(features), float(input_offset))
        if self._inputs is None or self._inputs[0] != key:
            self._inputs = (key, feature_matrix(self.points, key[0], key[1]))
        return self._inputs[1]

    def neurons(self, net: MLP, features: Sequence[str], input_offset: float = 0.0
                ) -> list[Array]:
        """Return every layer's activations over the grid: item i is (sizes[i+1], r, r), the
        last item is the output. One forward pass gives every neuron's picture.

        The arrays are the network's buffers: read (or copy) them before the next call.
        """
        key = (tuple(features), float(input_offset))
        if net is not self._net or key != self._features:
            x = self.inputs(*key)
            self._xa_t = np.vstack([x.T, np.ones((1, len(x)))])
            self._plan, self._zs, self._acts = forward_plan(net, self._xa_t)
            self._net, self._features = net, key
        for fn, args in self._plan:
            fn(*args)
        r = self.resolution
        return [a.reshape(-1, r, r) for a in self._acts]

    def output(self, net: MLP, features: Sequence[str], input_offset: float = 0.0) -> Array:
        """Return the network's output over the grid, (n_out, r, r) (a buffer, as neurons())."""
        return self.neurons(net, features, input_offset)[-1]

    def logits(self) -> Array:
        """Return the output layer's pre-activation z over the grid, (n_out, r, r), from the last
        neurons() call (a buffer, as neurons()): what losses on z (softmax, hinge) read."""
        if not self._zs:
            raise ValueError("logits() needs a neurons() call first")
        r = self.resolution
        return self._zs[-1].reshape(-1, r, r)
