"""Mini-batches: the training set cut into fixed feature-major buffers, refilled each epoch.

Each epoch's shuffle is written into the same per-batch arrays (one 3-D block for the full
batches, one more for a smaller last batch), so every batch's training plan (compiled.training_plan)
can be built once and replayed.
"""

from __future__ import annotations

import numpy as np

from app.engine._types import AnyArray, Array


class Batches:
    """Per-batch views x[k] (n_in + 1, b) and t[k] ((n_out, b) floats, or (b,) class indices).

    Args:
        xa: training inputs with a last column of ones, batch-first (n, n_in + 1).
        t: encoded targets, (n, n_out) floats or (n,) class indices.
        batch_size: b, 1 ≤ b ≤ n; the last batch holds the remaining n mod b examples.
    """

    def __init__(self, xa: Array, t: AnyArray, batch_size: int) -> None:
        self.xa, self.t, self.size = xa, t, batch_size
        n = len(xa)
        self.n_full = full = n // batch_size
        rest = n - full * batch_size
        t_rows = () if t.ndim == 1 else (t.shape[1],)
        self._block_x = np.empty((full, xa.shape[1], batch_size))
        self._rest_x = np.empty((xa.shape[1], rest))
        self._block_t = np.empty((full, *t_rows, batch_size), dtype=t.dtype)
        self._rest_t = np.empty((*t_rows, rest), dtype=t.dtype)
        self.x: list[Array] = [*self._block_x] + ([self._rest_x] if rest else [])
        self.t_views: list[AnyArray] = [*self._block_t] + ([self._rest_t] if rest else [])
        self.fill(np.arange(n))

    def __len__(self) -> int:
        return len(self.x)

    def fill(self, order: AnyArray) -> None:
        """Write the examples in this order into the batch buffers (feature-major)."""
        x, t = self.xa[order], self.t[order]
        cut = self.n_full * self.size
        np.copyto(self._block_x, x[:cut].reshape(self.n_full, self.size, -1).transpose(0, 2, 1))
        np.copyto(self._rest_x, x[cut:].T)
        if t.ndim == 1:
            np.copyto(self._block_t, t[:cut].reshape(self.n_full, self.size))
            np.copyto(self._rest_t, t[cut:])
        else:
            np.copyto(self._block_t,
                      t[:cut].reshape(self.n_full, self.size, -1).transpose(0, 2, 1))
            np.copyto(self._rest_t, t[cut:].T)
