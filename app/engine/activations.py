"""Activation functions: each value a = φ(z) beside its derivative φ'(z), elementwise on any shape.

`value` and `derivative` define the maths; `forward_ops` and `backward_ops` return the same maths
as a list of in-place NumPy calls on preallocated buffers, which the network strings into its
training plan (the fast path; the defaults just call `value`/`derivative`). Kinks take the
TensorFlow convention: the derivative at the kink is the left one (ReLU'(0) = 0).
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

import numpy as np

from app.engine._types import Array, Op

# 0-d arrays: NumPy takes them faster than Python floats on the hot path
_ZERO, _HALF, _ONE = np.array(0.0), np.array(0.5), np.array(1.0)


class Activation:
    """One activation: φ(z) and φ'(z). Subclasses override the fast paths where it pays."""

    name: ClassVar[str]
    label: ClassVar[str]
    formula: ClassVar[str]
    derivative_formula: ClassVar[str]
    output_range: ClassVar[tuple[float, float]] = (-np.inf, np.inf)

    def value(self, z: Array) -> Array:
        """Return a = φ(z), same shape as z."""
        raise NotImplementedError

    def derivative(self, z: Array, a: Array) -> Array:
        """Return φ'(z), same shape as z; a = φ(z) is passed so it need not be recomputed."""
        raise NotImplementedError

    def forward_ops(self, z: Array, out: Array) -> list[Op]:
        """Return the calls that write φ(z) into out (same shape; out may be a strided view)."""
        return [(self._value_into, (z, out))]

    def backward_ops(self, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
        """Return the calls that multiply g in place by φ'(z): dE/dz = dE/da · φ'(z).

        a = φ(z) as computed forward; scratch has g's shape and is free to overwrite.
        """
        return [(self._scale_by_derivative, (g, z, a))]

    def _value_into(self, z: Array, out: Array) -> None:
        out[...] = self.value(z)

    def _scale_by_derivative(self, g: Array, z: Array, a: Array) -> None:
        g *= self.derivative(z, a)


class Linear(Activation):
    """φ(z) = z; φ'(z) = 1."""

    name, label = "linear", "Linear"
    formula, derivative_formula = "φ(z) = z", "φ'(z) = 1"

    def value(self, z: Array) -> Array:
        return np.array(z, dtype=np.float64)

    def derivative(self, z: Array, a: Array) -> Array:
        return np.ones_like(z, dtype=np.float64)

    def forward_ops(self, z: Array, out: Array) -> list[Op]:
        return [(np.copyto, (out, z))]

    def backward_ops(self, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
        return []


class Sigmoid(Activation):
    """φ(z) = 1 / (1 + e^−z) = ½(1 + tanh(z/2)) (no overflow); φ'(z) = φ(z)(1 − φ(z))."""

    name, label = "sigmoid", "Sigmoid"
    formula, derivative_formula = "φ(z) = 1 / (1 + e^−z)", "φ'(z) = φ(z) · (1 − φ(z))"
    output_range = (0.0, 1.0)

    def value(self, z: Array) -> Array:
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    def derivative(self, z: Array, a: Array) -> Array:
        return a * (1.0 - a)

    def forward_ops(self, z: Array, out: Array) -> list[Op]:
        return [(np.multiply, (z, _HALF, out)), (np.tanh, (out, out)),
                (np.add, (out, _ONE, out)), (np.multiply, (out, _HALF, out))]

    def backward_ops(self, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
        # g · a(1 − a) = g·a − g·a·a
        return [(np.multiply, (g, a, g)), (np.multiply, (g, a, scratch)),
                (np.subtract, (g, scratch, g))]


class Tanh(Activation):
    """φ(z) = tanh z; φ'(z) = 1 − tanh² z."""

    name, label = "tanh", "Tanh"
    formula, derivative_formula = "φ(z) = tanh(z)", "φ'(z) = 1 − φ(z)²"
    output_range = (-1.0, 1.0)

    def value(self, z: Array) -> Array:
        return np.tanh(z)

    def derivative(self, z: Array, a: Array) -> Array:
        return 1.0 - a * a

    def forward_ops(self, z: Array, out: Array) -> list[Op]:
        return [(np.tanh, (z, out))]

    def backward_ops(self, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
        # g · (1 − a²) = g − g·a·a, in place without temporaries
        return [(np.multiply, (g, a, scratch)), (np.multiply, (scratch, a, scratch)),
                (np.subtract, (g, scratch, g))]


class ReLU(Activation):
    """φ(z) = max(0, z); φ'(z) = 1 if z > 0 else 0."""

    name, label = "relu", "ReLU"
    formula, derivative_formula = "φ(z) = max(0, z)", "φ'(z) = 1 if z > 0, else 0"
    output_range = (0.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.maximum(z, 0.0)

    def derivative(self, z: Array, a: Array) -> Array:
        return (z > 0).astype(np.float64)

    def forward_ops(self, z: Array, out: Array) -> list[Op]:
        return [(partial(np.maximum, out=out), (z, _ZERO))]  # out must be a keyword here

    def backward_ops(self, g: Array, z: Array, a: Array, scratch: Array) -> list[Op]:
        # a > 0 exactly where z > 0
        return [(np.sign, (a, scratch)), (np.multiply, (g, scratch, g))]


class LeakyReLU(Activation):
    """φ(z) = z if z > 0 else 0.01·z; φ'(z) = 1 if z > 0 else 0.01."""

    name, label = "leaky_relu", "Leaky ReLU"
    formula, derivative_formula = "φ(z) = max(0.01·z, z)", "φ'(z) = 1 if z > 0, else 0.01"
    slope: ClassVar[float] = 0.01

    def value(self, z: Array) -> Array:
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z: Array, a: Array) -> Array:
        return np.where(z > 0, 1.0, self.slope)


class Ramp(Activation):
    """Hard tanh: φ(z) = clip(z, −1, 1); φ'(z) = 1 if −1 < z < 1 else 0."""

    name, label = "ramp", "Ramp (hard tanh)"
    formula, derivative_formula = "φ(z) = clip(z, −1, 1)", "φ'(z) = 1 if −1 < z < 1, else 0"
    output_range = (-1.0, 1.0)

    def value(self, z: Array) -> Array:
        return np.clip(z, -1.0, 1.0)

    def derivative(self, z: Array, a: Array) -> Array:
        return (np.abs(z) < 1.0).astype(np.float64)


class ELU(Activation):
    """φ(z) = z if z > 0 else e^z − 1; φ'(z) = 1 if z > 0 else e^z (= φ(z) + 1)."""

    name, label = "elu", "ELU"
    formula, derivative_formula = "φ(z) = z if z > 0, else eᶻ − 1", "φ'(z) = 1 if z > 0, else eᶻ"
    output_range = (-1.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))

    def derivative(self, z: Array, a: Array) -> Array:
        return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


class Softplus(Activation):
    """φ(z) = ln(1 + e^z) (stable: logaddexp(0, z)); φ'(z) = sigmoid(z)."""

    name, label = "softplus", "Softplus"
    formula, derivative_formula = "φ(z) = ln(1 + eᶻ)", "φ'(z) = 1 / (1 + e^−z)"
    output_range = (0.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.logaddexp(0.0, z)

    def derivative(self, z: Array, a: Array) -> Array:
        return 0.5 * (1.0 + np.tanh(0.5 * z))


class Step(Activation):
    """Heaviside: φ(z) = 1 if z ≥ 0 else 0; φ'(z) = 0 almost everywhere (perceptron only)."""

    name, label = "step", "Step (Heaviside)"
    formula, derivative_formula = "φ(z) = 1 if z ≥ 0, else 0", "φ'(z) = 0 (undefined at 0)"
    output_range = (0.0, 1.0)

    def value(self, z: Array) -> Array:
        return (z >= 0).astype(np.float64)

    def derivative(self, z: Array, a: Array) -> Array:
        return np.zeros_like(z, dtype=np.float64)


ACTIVATIONS: dict[str, Activation] = {
    cls.name: cls()
    for cls in (Linear, Sigmoid, Tanh, ReLU, LeakyReLU, Ramp, ELU, Softplus, Step)
}
# step has no useful gradient: the perceptron uses it, gradient-trained networks may not
TRAINABLE_ACTIVATIONS: tuple[str, ...] = tuple(k for k in ACTIVATIONS if k != "step")


def get_activation(name: str) -> Activation:
    """Return the activation registered under name.

    Raises:
        ValueError: name is not one of ACTIVATIONS.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}"
        ) from None
