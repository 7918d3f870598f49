"""Activation functions: each value a = φ(z) beside its derivative φ'(z), elementwise on any shape.

`value` and `derivative` define the maths. `value_code` and `backward_code` are the same maths as
NumPy source text, which the exported script runs: φ(z), and dE/dz = g ⊙ φ'(z) from g = dE/da
(with a = φ(z)), rounded as the compiled fast path (compiled/ops.py) rounds it; a test execs them
against `value` and `derivative`. Kinks take the TensorFlow convention: the derivative at the
kink is the left one (ReLU'(0) = 0).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from app.engine._types import Array


class Activation:
    """One activation: φ(z) and φ'(z). Subclasses override the fast paths where it pays."""

    name: ClassVar[str]
    label: ClassVar[str]
    formula: ClassVar[str]
    derivative_formula: ClassVar[str]
    value_code: ClassVar[str]  # NumPy expression of φ(z)
    backward_code: ClassVar[str]  # NumPy expression of g ⊙ φ'(z), may read a = φ(z)
    output_range: ClassVar[tuple[float, float]] = (-np.inf, np.inf)

    def value(self, z: Array) -> Array:
        """Return a = φ(z), same shape as z."""
        raise NotImplementedError

    def derivative(self, z: Array, a: Array) -> Array:
        """Return φ'(z), same shape as z; a = φ(z) is passed so it need not be recomputed."""
        raise NotImplementedError



class Linear(Activation):
    """φ(z) = z; φ'(z) = 1."""

    name, label = "linear", "Linear"
    formula, derivative_formula = "φ(z) = z", "φ'(z) = 1"
    value_code, backward_code = "z", "g"

    def value(self, z: Array) -> Array:
        return np.array(z, dtype=np.float64)

    def derivative(self, z: Array, a: Array) -> Array:
        return np.ones_like(z, dtype=np.float64)


class Sigmoid(Activation):
    """φ(z) = 1 / (1 + e^−z) = ½(1 + tanh(z/2)) (no overflow); φ'(z) = φ(z)(1 − φ(z))."""

    name, label = "sigmoid", "Sigmoid"
    formula, derivative_formula = "φ(z) = 1 / (1 + e^−z)", "φ'(z) = φ(z) · (1 − φ(z))"
    value_code, backward_code = "0.5 * (1.0 + np.tanh(0.5 * z))", "g * a - g * a * a"
    output_range = (0.0, 1.0)

    def value(self, z: Array) -> Array:
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    def derivative(self, z: Array, a: Array) -> Array:
        return a * (1.0 - a)


class Tanh(Activation):
    """φ(z) = tanh z; φ'(z) = 1 − tanh² z."""

    name, label = "tanh", "Tanh"
    formula, derivative_formula = "φ(z) = tanh(z)", "φ'(z) = 1 − φ(z)²"
    value_code, backward_code = "np.tanh(z)", "g - g * a * a"
    output_range = (-1.0, 1.0)

    def value(self, z: Array) -> Array:
        return np.tanh(z)

    def derivative(self, z: Array, a: Array) -> Array:
        return 1.0 - a * a


class ReLU(Activation):
    """φ(z) = max(0, z); φ'(z) = 1 if z > 0 else 0."""

    name, label = "relu", "ReLU"
    formula, derivative_formula = "φ(z) = max(0, z)", "φ'(z) = 1 if z > 0, else 0"
    value_code, backward_code = "np.maximum(z, 0.0)", "g * (z > 0)"
    output_range = (0.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.maximum(z, 0.0)

    def derivative(self, z: Array, a: Array) -> Array:
        return (z > 0).astype(np.float64)


class LeakyReLU(Activation):
    """φ(z) = z if z > 0 else 0.01·z; φ'(z) = 1 if z > 0 else 0.01."""

    name, label = "leaky_relu", "Leaky ReLU"
    formula, derivative_formula = "φ(z) = max(0.01·z, z)", "φ'(z) = 1 if z > 0, else 0.01"
    slope: ClassVar[float] = 0.01
    value_code = f"np.where(z > 0, z, {slope!r} * z)"
    backward_code = f"g * np.where(z > 0, 1.0, {slope!r})"

    def value(self, z: Array) -> Array:
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z: Array, a: Array) -> Array:
        return np.where(z > 0, 1.0, self.slope)


class Ramp(Activation):
    """Hard tanh: φ(z) = clip(z, −1, 1); φ'(z) = 1 if −1 < z < 1 else 0."""

    name, label = "ramp", "Ramp (hard tanh)"
    formula, derivative_formula = "φ(z) = clip(z, −1, 1)", "φ'(z) = 1 if −1 < z < 1, else 0"
    value_code, backward_code = "np.clip(z, -1.0, 1.0)", "g * (np.abs(z) < 1.0)"
    output_range = (-1.0, 1.0)

    def value(self, z: Array) -> Array:
        return np.clip(z, -1.0, 1.0)

    def derivative(self, z: Array, a: Array) -> Array:
        return (np.abs(z) < 1.0).astype(np.float64)


class ELU(Activation):
    """φ(z) = z if z > 0 else e^z − 1; φ'(z) = 1 if z > 0 else e^z (= φ(z) + 1)."""

    name, label = "elu", "ELU"
    formula, derivative_formula = "φ(z) = z if z > 0, else eᶻ − 1", "φ'(z) = 1 if z > 0, else eᶻ"
    value_code = "np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))"
    backward_code = "g * np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))"
    output_range = (-1.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))

    def derivative(self, z: Array, a: Array) -> Array:
        return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


class Softplus(Activation):
    """φ(z) = ln(1 + e^z) (stable: logaddexp(0, z)); φ'(z) = sigmoid(z)."""

    name, label = "softplus", "Softplus"
    formula, derivative_formula = "φ(z) = ln(1 + eᶻ)", "φ'(z) = 1 / (1 + e^−z)"
    value_code, backward_code = "np.logaddexp(0.0, z)", "g * (0.5 * (1.0 + np.tanh(0.5 * z)))"
    output_range = (0.0, np.inf)

    def value(self, z: Array) -> Array:
        return np.logaddexp(0.0, z)

    def derivative(self, z: Array, a: Array) -> Array:
        return 0.5 * (1.0 + np.tanh(0.5 * z))


class Step(Activation):
    """Heaviside: φ(z) = 1 if z ≥ 0 else 0; φ'(z) = 0 almost everywhere (perceptron only)."""

    name, label = "step", "Step (Heaviside)"
    formula, derivative_formula = "φ(z) = 1 if z ≥ 0, else 0", "φ'(z) = 0 (undefined at 0)"
    value_code, backward_code = "(z >= 0).astype(float)", "g * 0.0"
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
