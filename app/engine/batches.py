"""Mini-batches: the training set cut into fixed feature-major buffers, and the order of an epoch.

Two data orders (DATA_ORDERS, the trainer's `data_order`):
- "reshuffle": a fresh shuffle every epoch, written into the same per-batch arrays (one 3-D block
  for the full batches, one more for a smaller last batch, trained as a short batch);
- "playground": TensorFlow Playground's: the examples in their stored order (the dataset was
  shuffled once when it was made), every epoch the same; the n mod b examples left after the last
  full batch are carried into the next epoch's first batch, whose mean runs over b + n mod b
  examples (TF Playground keeps their gradients in its accumulators until that update, taken at
  the same weights). The first epoch has nothing to carry, so its first batch is b examples.
Either way every batch's training plan (compiled.training_plan) is built once and replayed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.engine._types import AnyArray, Array

DATA_ORDERS = ("reshuffle", "playground")


def check_data_order(name: str) -> str:
    """Return name if it is a data order, else raise ValueError naming the allowed ones."""
    if name not in DATA_ORDERS:
        raise ValueError(f"unknown data_order {name!r}; allowed: {', '.join(DATA_ORDERS)}")
    return name


def check_pair(x: Array, y: AnyArray, name: str) -> None:
    """Raise ValueError unless x (n, k) and y (n,) hold the same number of examples."""
    if x.ndim != 2 or y.ndim != 1 or len(x) != len(y):
        raise ValueError(f"x_{name} (n, k) and y_{name} (n,) must hold the same examples, "
                         f"got shapes {x.shape} and {y.shape}")


class Batches:
    """Per-batch views x[k] (n_in + 1, ·) and t[k] ((n_out, ·) floats, or (·,) class indices).

    Args:
        xa: training inputs with a last column of ones, batch-first (n, n_in + 1).
        t: encoded targets, (n, n_out) floats or (n,) class indices.
        batch_size: b, 1 ≤ b ≤ n.
        data_order: "reshuffle" (x[-1] holds the n mod b rest when there is one) or "playground"
            (x[-1] holds the carried rest followed by the first b examples when there is a rest).

    epoch(first) lists which x[k] one epoch trains, in order.
    """

    def __init__(self, xa: Array, t: AnyArray, batch_size: int,
                 data_order: str = "reshuffle") -> None:
        self.xa, self.t, self.size = xa, t, batch_size
        self.data_order = check_data_order(data_order)
        n = len(xa)
        self.n_full = full = n // batch_size
        self.rest = rest = n - full * batch_size
        last = rest if data_order == "reshuffle" else rest + batch_size
        t_rows = () if t.ndim == 1 else (t.shape[1],)
        self._block_x = np.empty((full, xa.shape[1], batch_size))
        self._rest_x = np.empty((xa.shape[1], last))
        self._block_t = np.empty((full, *t_rows, batch_size), dtype=t.dtype)
        self._rest_t = np.empty((*t_rows, last), dtype=t.dtype)
        self.x: list[Array] = [*self._block_x] + ([self._rest_x] if rest else [])
        self.t_views: list[AnyArray] = [*self._block_t] + ([self._rest_t] if rest else [])
        self.fill(np.arange(n))

    def __len__(self) -> int:
        """Return the number of updates in one epoch."""
        return len(self.x) if self.data_order == "reshuffle" else self.n_full

    @property
    def reshuffles(self) -> bool:
        """True when every epoch draws a fresh order (and has more than one batch to order)."""
        return self.data_order == "reshuffle" and len(self.x) > 1

    def epoch(self, first: bool) -> list[int]:
        """Return the indices into x of one epoch's batches, in training order; `first`: the
        first epoch of a fresh trainer (nothing carried into it)."""
        if self.data_order == "reshuffle" or first or not self.rest:
            return list(range(len(self)))
        return [self.n_full, *range(1, self.n_full)]  # the carried rest + batch 0, then the others

    def fill(self, order: AnyArray) -> None:
        """Write the examples in this order into the batch buffers (feature-major)."""
        x, t = self.xa[order], self.t[order]
        cut = self.n_full * self.size
        x_rest, t_rest = x[cut:], t[cut:]
        if self.data_order == "playground":  # the carried rest, then the first batch again
            x_rest = np.concatenate([x_rest, x[:self.size]])
            t_rest = np.concatenate([t_rest, t[:self.size]])
        np.copyto(self._block_x, x[:cut].reshape(self.n_full, self.size, -1).transpose(0, 2, 1))
        np.copyto(self._rest_x, x_rest.T)
        if t.ndim == 1:
            np.copyto(self._block_t, t[:cut].reshape(self.n_full, self.size))
            np.copyto(self._rest_t, t_rest)
        else:
            np.copyto(self._block_t,
                      t[:cut].reshape(self.n_full, self.size, -1).transpose(0, 2, 1))
            np.copyto(self._rest_t, t_rest.T)


def fill_stacked(blocks: Sequence[AnyArray | None], xa: AnyArray, t: AnyArray,
                 orders: AnyArray) -> None:
    """Batches.fill of S runs at once ("reshuffle" order): run r's examples, in orders[r], into
    slot r of stacked batch buffers.

    Args:
        blocks: the stacked x block (S, n_full, n_in + 1, b), x rest (S, n_in + 1, n mod b),
            t block (S, n_full, [n_out,] b) and t rest (S, [n_out,] n mod b); rests None when
            n mod b is 0.
        xa, t: the runs' inputs (S, n, n_in + 1) and targets (S, n[, n_out]); orders (S, n).
    """
    block_x, rest_x, block_t, rest_t = blocks
    assert block_x is not None and block_t is not None  # every shuffled epoch has full batches
    runs, n_full, _, size = block_x.shape
    cut = n_full * size
    picked = np.arange(runs)[:, None], orders
    x, t = xa[picked], t[picked]
    np.copyto(block_x, x[:, :cut].reshape(runs, n_full, size, -1).transpose(0, 1, 3, 2))
    if t.ndim == 2:
        np.copyto(block_t, t[:, :cut].reshape(runs, n_full, size))
    else:
        np.copyto(block_t, t[:, :cut].reshape(runs, n_full, size, -1).transpose(0, 1, 3, 2))
    if rest_x is not None and rest_t is not None:
        np.copyto(rest_x, x[:, cut:].transpose(0, 2, 1))
        np.copyto(rest_t, t[:, cut:] if t.ndim == 2 else t[:, cut:].transpose(0, 2, 1))
