"""Weight initializers: draw one layer's w (n_in, n_out) and b (n_out,) from a Generator passed in.

Every initializer has the signature (n_in, n_out, rng) -> (w, b), both float64, and draws only
with rng.uniform / rng.normal, so the same seed gives the same network.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from app.engine._types import Array

Initializer = Callable[[int, int, np.random.Generator], tuple[Array, Array]]


def _check_sizes(n_in: int, n_out: int) -> None:
    for name, n in (("n_in", n_in), ("n_out", n_out)):
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"{name} must be an integer ≥ 1, got {n!r}")


def uniform(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w ~ U[−1, 1] (Rosenblatt's perceptron init), b = 0; shapes (n_in, n_out), (n_out,)."""
    _check_sizes(n_in, n_out)
    return rng.uniform(-1.0, 1.0, size=(n_in, n_out)), np.zeros(n_out)


def playground(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w ~ U[−0.5, 0.5], b = 0.1 (TF Playground's); shapes (n_in, n_out), (n_out,)."""
    _check_sizes(n_in, n_out)
    return rng.uniform(-0.5, 0.5, size=(n_in, n_out)), np.full(n_out, 0.1)


def xavier_uniform(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w ~ U[−l, l] with l = sqrt(6 / (n_in + n_out)), b = 0 (Glorot & Bengio 2010).

    The variance l² / 3 = 2 / (n_in + n_out) keeps activations and gradients at a similar scale
    forwards and backwards. Same as Keras's default "glorot_uniform".
    """
    _check_sizes(n_in, n_out)
    limit = math.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out)), np.zeros(n_out)


def xavier_normal(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w ~ N(0, 2 / (n_in + n_out)), i.e. std = sqrt(2 / (n_in + n_out)), b = 0.

    Keras's "glorot_normal" draws from a normal truncated at 2 std and rescales it (std / .8796),
    so its variance is the same 2 / (n_in + n_out); only the tails differ.
    """
    _check_sizes(n_in, n_out)
    std = math.sqrt(2.0 / (n_in + n_out))
    return rng.normal(0.0, std, size=(n_in, n_out)), np.zeros(n_out)


def he_normal(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w ~ N(0, 2 / n_in), i.e. std = sqrt(2 / n_in), b = 0 (He et al. 2015, for ReLU).

    ReLU zeroes half its inputs, so doubling the fan-in variance keeps the signal's scale.
    Keras's "he_normal" has the same variance, drawn from a normal truncated at 2 std and rescaled.
    """
    _check_sizes(n_in, n_out)
    std = math.sqrt(2.0 / n_in)
    return rng.normal(0.0, std, size=(n_in, n_out)), np.zeros(n_out)


def zeros(n_in: int, n_out: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """Return w = 0, b = 0: hidden units stay identical (the symmetry lesson); rng is unused."""
    _check_sizes(n_in, n_out)
    return np.zeros((n_in, n_out)), np.zeros(n_out)


INITIALIZERS: dict[str, Initializer] = {
    "uniform": uniform,
    "playground": playground,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he_normal": he_normal,
    "zeros": zeros,
}

INITIALIZER_LABELS: dict[str, str] = {
    "uniform": "Uniform U[−1, 1]",
    "playground": "Playground U[−0.5, 0.5], bias 0.1",
    "xavier_uniform": "Xavier / Glorot uniform",
    "xavier_normal": "Xavier / Glorot normal",
    "he_normal": "He normal",
    "zeros": "Zeros",
}


def get_initializer(name: str) -> Initializer:
    """Return the initializer registered under name.

    Raises:
        ValueError: if name is not a key of INITIALIZERS (the message lists the allowed keys).
    """
    try:
        return INITIALIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown initializer {name!r}; allowed: {', '.join(INITIALIZERS)}"
        ) from None
