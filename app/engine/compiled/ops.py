"""The fast path of each activation and loss: the same maths as their `value`, `derivative` and
`gradient`, as in-place NumPy calls on preallocated (units, n) buffers that a plan replays.

An activation or loss without an entry here falls back to one call of its readable method,
which allocates a temporary; the entries cover the common ones (and the benchmarks' tanh).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from app.engine._types import AnyArray, Array, Op
from app.engine.activations import Activation
from app.engine.losses import Loss

# 0-d arrays: NumPy takes them faster than Python floats on the hot path
_ZERO, _HALF, _ONE = np.array(0.0), np.array(0.5), np.array(1.0)

# activation -> calls writing φ(z) into out (out may be a strided view)
_FORWARD: dict[str, Callable[[Array, Array], list[Op]]] = {
    "linear": lambda z, out: [(np.copyto, (out, z))],
    "sigmoid": lambda z, out: [(np.multiply, (z, _HALF, out)), (np.tanh, (out, out)),
                               (np.add, (out, _ONE, out)), (np.multiply, (out, _HALF, out))],
    "tanh": lambda z, out: [(np.tanh, (z, out))],
    "relu": lambda z, out: [(partial(np.maximum, out=out), (z, _ZERO))],  # out as a keyword
}

# activation -> calls multiplying g in place by φ'(z), given a = φ(z) and a free scratch buffer
_BACKWARD: dict[str, Callable[[Array, Array, Array, Array], list[Op]]] = {
    "linear": lambda g, z, a, scratch: [],
    # g · a(1 − a) = g·a − g·a·a
    "sigmoid": lambda g, z, a, scratch: [(np.multiply, (g, a, g)), (np.multiply, (g, a, scratch)),
                                         (np.subtract, (g, scratch, g))],
    # g · (1 − a²) = g − g·a·a, in place without temporaries
    "tanh": lambda g, z, a, scratch: [(np.multiply, (g, a, scratch)),
                                      (np.multiply, (scratch, a, scratch)),
                                      (np.subtract, (g, scratch, g))],
    # a > 0 exactly where z > 0
    "relu": lambda g, z, a, scratch: [(np.sign, (a, scratch)), (np.multiply, (g, scratch, g))],
}


def forward_ops(act: Activation, z: Array, out: Array) -> list[Op]:
    """Return the calls that write a = φ(z) into out (both (units, n))."""
    build = _FORWARD.get(act.name)
    return build(z, out) if build is not None else [(_value_into, (act, z, out))]


def backward_ops(act: Activation, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
    """Return the calls for g ← g ⊙ φ'(z): dE/dz = dE/da ⊙ φ'(z), all (units, n)."""
    build = _BACKWARD.get(act.name)
    return build(g, z, a, scratch) if build is not None else [(_scale, (act, g, z, a))]


def gradient_ops(loss: Loss, y_t: Array, t_t: AnyArray, out: Array) -> list[Op]:
    """Return the calls that write dE/dy into out: y_t, out (k, n); t_t (k, n) or (n,) indices."""
    if loss.name == "square":  # dE/dŷ = ŷ − t
        return [(np.subtract, (y_t, t_t, out))]
    return [(_gradient_into, (loss, y_t, t_t, out))]


def _value_into(act: Activation, z: Array, out: Array) -> None:
    out[...] = act.value(z)


def _scale(act: Activation, g: Array, z: Array, a: Array) -> None:
    g *= act.derivative(z, a)


def _gradient_into(loss: Loss, y_t: Array, t_t: AnyArray, out: Array) -> None:
    out[...] = loss.gradient(y_t.T, t_t if loss.index_targets else t_t.T).T
