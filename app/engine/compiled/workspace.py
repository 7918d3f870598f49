"""Preallocated buffers for one batch size, so a plan allocates nothing when it is replayed.

The buffers are feature-major — a (units, n) array per layer, the transpose of the batch-first
arrays of the public API — so that a layer's activations followed by a row of ones (the bias
input) is one contiguous block and every NumPy call on the hot path runs its contiguous loop.
A forward-only workspace (evaluation, the grid of pictures) keeps no backward buffers and
computes each hidden layer's z in place of its activation, which halves it again.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import Array


class Workspace:
    """Buffers for a batch of n examples through a network of the given sizes (all (·, n)).

    a_aug[i] (sizes[i] + 1, n): layer i's input with a last row of ones; a_aug[0] is a
    placeholder (the caller's input). a[i] = a_aug[i + 1][:-1] is hidden layer i's output; a_raw[i]
    is the same array unless dropout is on for that layer in a training workspace, when it holds
    φ(z) before the mask and mask[i] holds the mask. z[i] (sizes[i + 1], n) — in a forward-only
    workspace a hidden layer's z[i] is a[i] itself (overwritten by φ). delta[i], scratch[i] like
    z[i], training workspaces only; out (sizes[-1], n).
    """

    def __init__(self, sizes: Sequence[int], n: int, dropout: Sequence[float],
                 forward_only: bool = False) -> None:
        n_layers = len(sizes) - 1
        self.a_aug: list[Array] = [np.empty((0, 0))]
        for units in sizes[1:-1]:
            buf = np.empty((units + 1, n))
            buf[-1] = 1.0
            self.a_aug.append(buf)
        self.a: list[Array] = [buf[:-1] for buf in self.a_aug[1:]]
        drops = [0.0] * len(self.a) if forward_only else list(dropout)
        self.a_raw: list[Array] = [
            np.empty_like(a) if p else a for a, p in zip(self.a, drops, strict=True)
        ]
        self.mask: list[Array | None] = [
            np.empty_like(a) if p else None for a, p in zip(self.a, drops, strict=True)
        ]
        self.z: list[Array] = (
            [*self.a, np.empty((sizes[-1], n))] if forward_only
            else [np.empty((sizes[i + 1], n)) for i in range(n_layers)])
        rows = [] if forward_only else sizes[1:]
        self.delta: list[Array] = [np.empty((units, n)) for units in rows]
        self.scratch: list[Array] = [np.empty((units, n)) for units in rows]
        self.out: Array = np.empty((sizes[-1], n))
        self.inv_n: Array = np.array(1.0 / n)  # a 0-d array: NumPy takes it faster than a float
