"""Evaluation: the mean data loss and accuracy on the training and test sets after an epoch, and
the per-layer gradient norms and update ratios of its last update.

Both sets go through the network together, as one forward plan replayed every epoch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.engine._types import AnyArray, Array
from app.engine.compiled.plans import forward_plan
from app.engine.losses import Loss
from app.engine.network import MLP
from app.engine.targets import classes_from

# what closes an epoch: losses and accuracies per set, gradient norms and update ratios per layer
Measured = tuple[list[float], list[float] | None, tuple[float, ...], tuple[float, ...]]


class Evaluation:
    """Losses and accuracies of a network on [train, test] (test optional).

    Args:
        net: the network; loss, loss_name: what is measured; n_classes: 0 for regression.
        sets: (x (n, n_in), targets, labels) for the training set, then the test set if any.
    """

    def __init__(self, net: MLP, loss: Loss, loss_name: str, n_classes: int,
                 sets: list[tuple[Array, AnyArray, AnyArray]]) -> None:
        self.net, self.loss, self.loss_name, self.n_classes = net, loss, loss_name, n_classes
        x = np.vstack([s[0] for s in sets])
        self._xa_t = np.vstack([x.T, np.ones((1, len(x)))])
        self._t = np.concatenate([s[1] for s in sets])
        self._labels = np.concatenate([s[2] for s in sets])
        self._ops, zs, acts = forward_plan(net, self._xa_t)
        self._z, self._out = zs[-1].T, acts[-1].T
        self._y = self._out if loss.on_output else self._z
        self._bounds = np.cumsum([0] + [len(s[0]) for s in sets[:-1]])
        self._sizes = np.array([len(s[0]) for s in sets], dtype=np.float64)

    def __call__(self) -> tuple[list[float], list[float] | None]:
        """Return mean data losses per set (no penalty) and accuracies (None for regression)."""
        for fn, args in self._ops:
            fn(*args)
        return self.measure(self._z, self._out, self._t, self._labels)

    def measure(self, z: Array, out: Array, t: AnyArray, labels: AnyArray
                ) -> tuple[list[Any], list[Any] | None]:
        """Return the losses and accuracies of outputs z and ŷ (n, k) against targets t and
        labels (n,): per set, means over its points. With a leading axis of runs (a stack's:
        z, ŷ, t (runs, n, k), labels (runs, n); square loss) one list per run, the same numbers
        as each run's own."""
        values = self.loss.values(out if self.loss.on_output else z, t)
        losses = (np.add.reduceat(values, self._bounds, axis=-1) / self._sizes).tolist()
        if not self.n_classes:
            return losses, None
        hits = classes_from(z, out, self.loss_name, self.net.activation_names[-1]) == labels
        return losses, (np.add.reduceat(hits, self._bounds, axis=-1) / self._sizes).tolist()

    def _classes(self) -> AnyArray:
        return classes_from(self._z, self._out, self.loss_name, self.net.activation_names[-1])

    def classes(self) -> list[AnyArray]:
        """Return the class the network gives each point now, per set (train, then test), as
        the accuracy decides it (targets.classes_from): one replay of the plan for both sets,
        quicker than a forward pass per set. A diverged network's NaN decides class 0."""
        with np.errstate(all="ignore"):
            for fn, args in self._ops:
                fn(*args)
            return np.split(self._classes(), self._bounds[1:])


def layer_stats(net: MLP, before: Array, grads: Array | None = None, params: Array | None = None
                ) -> tuple[Any, Any]:
    """Return per-layer ‖grad_w‖ and ‖Δw‖/‖w‖ for the last update (weights only), given the
    parameters `before` it (flat, like net.params): tuples. Given a stack's grads, params and
    before (runs, P) instead of net's, a list of them per run, the same numbers as each run's."""
    grads = net.grads if grads is None else grads
    params = net.params if params is None else params
    mask, starts = net.weight_mask, net.layer_starts
    grad_sq = np.add.reduceat(grads ** 2 * mask, starts, axis=-1)
    step_sq = np.add.reduceat((params - before) ** 2 * mask, starts, axis=-1)
    weight_sq = np.add.reduceat(params ** 2 * mask, starts, axis=-1)
    ratios = np.sqrt(step_sq) / np.maximum(np.sqrt(weight_sq), 1e-300)
    if grads.ndim == 1:
        return tuple(np.sqrt(grad_sq).tolist()), tuple(ratios.tolist())
    return [tuple(r) for r in np.sqrt(grad_sq).tolist()], [tuple(r) for r in ratios.tolist()]
