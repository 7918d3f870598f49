"""Preallocated buffers for one batch size, so training allocates nothing per mini-batch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import Array


class Workspace:
    """Buffers for a batch of n rows through a network of the given sizes.

    a_aug[i] (n, sizes[i] + 1): layer i's input with a trailing column of ones (a_aug[0] is the
    caller's input, set per call). a[i] is the hidden activation of layer i, a view of
    a_aug[i + 1] without the ones; a_raw[i] is the same array unless dropout is on for that layer,
    when it holds φ(z) before the mask, and mask[i] the inverted-dropout mask (else None).
    z[i], delta[i], scratch[i] (n, sizes[i + 1]); out (n, sizes[-1]).
    """

    def __init__(self, sizes: Sequence[int], n: int, dropout: Sequence[float]) -> None:
        n_layers = len(sizes) - 1
        self.a_aug: list[Array] = [np.empty((0, 0))]
        for units in sizes[1:-1]:
            buf = np.empty((n, units + 1))
            buf[:, -1] = 1.0
            self.a_aug.append(buf)
        self.a: list[Array] = [buf[:, :-1] for buf in self.a_aug[1:]]
        self.a_raw: list[Array] = [
            np.empty_like(a) if p else a for a, p in zip(self.a, dropout, strict=True)
        ]
        self.z: list[Array] = [np.empty((n, sizes[i + 1])) for i in range(n_layers)]
        self.delta: list[Array] = [np.empty((n, sizes[i + 1])) for i in range(n_layers)]
        self.scratch: list[Array] = [np.empty((n, sizes[i + 1])) for i in range(n_layers)]
        self.mask: list[Array | None] = [np.empty_like(a) if p else None
                                         for a, p in zip(self.a, dropout, strict=True)]
        self.out: Array = np.empty((n, sizes[-1]))
