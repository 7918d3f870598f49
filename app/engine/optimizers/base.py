"""The optimizer base: hyper-parameter checks, per-parameter state, step() and step_ops().

Subclasses (gradient_descent.py, adaptive.py) write one parameter's update; this class checks the
inputs, owns the state arrays and turns a step into replayable calls for the trainer's plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import ClassVar

import numpy as np

from app.engine._types import Array, Op

MAX_LEARNING_RATE = 10.0


def _fraction(x: float) -> bool:
    return 0.0 <= x < 1.0


# hyper-parameter name -> (accepts value, allowed range as shown in errors)
_RANGES: dict[str, tuple[Callable[[float], bool], str]] = {
    "learning_rate": (lambda x: 0.0 <= x <= MAX_LEARNING_RATE, "[0, 10]"),
    "momentum": (_fraction, "[0, 1)"),
    "rho": (_fraction, "[0, 1)"),
    "beta1": (_fraction, "[0, 1)"),
    "beta2": (_fraction, "[0, 1)"),
    "eps": (lambda x: 0.0 < x <= 1.0, "(0, 1]"),
}


def validated(name: str, value: float) -> float:
    """Return value as a float after checking it is finite and inside the range allowed for name."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    x = float(value)
    accepts, allowed = _RANGES[name]
    if not (math.isfinite(x) and accepts(x)):
        raise ValueError(f"{name} must be a finite number in {allowed}, got {value!r}")
    return x


class Optimizer:
    """Base optimizer: validates inputs, owns per-parameter state, applies one update per step().

    State (velocity, cache, moments) is created lazily on the first step(): one array per parameter
    and per slot, keyed by the parameter's position, plus one scratch array for intermediates.

    Attributes:
        learning_rate: step size lr, finite in [0, 10]; public and mutable (decay, UI slider).
    """

    name: ClassVar[str]
    hyperparameter_names: ClassVar[tuple[str, ...]] = ()
    n_slots: ClassVar[int] = 0  # state arrays per parameter (velocity, cache, moments)

    def __init__(self, learning_rate: float = 0.01) -> None:
        self._lr = np.array(0.0)  # lr as a 0-d array, read by the calls step_ops() returns
        self.learning_rate = learning_rate
        self._states: list[tuple[Array, ...]] | None = None
        self.generation = 0  # bumped by reset(): plans from step_ops() before it are stale

    @property
    def learning_rate(self) -> float:
        """Step size lr; assigning validates it (finite, 0 ≤ lr ≤ 10)."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = validated("learning_rate", value)
        self._lr[...] = self._learning_rate

    def hyperparameters(self) -> dict[str, float]:
        """Return {"learning_rate": lr, <other hyper-parameter>: value, …} in constructor order."""
        values = {"learning_rate": self._learning_rate}
        values.update({n: float(getattr(self, n)) for n in self.hyperparameter_names})
        return values

    def reset(self) -> None:
        """Forget all state (velocities, caches, moments, step count t = 0)."""
        self._states = None
        self.generation += 1

    def step(self, params: Sequence[Array], grads: Sequence[Array]) -> None:
        """Update every params[i] in place from grads[i] by this optimizer's rule.

        Args:
            params: float arrays of any shapes, updated in place.
            grads: dE/dparams, grads[i] with the shape of params[i].

        Raises:
            ValueError: if the lengths differ, a grad's shape differs from its param's, or the
                number/shapes of params differ from those of the first call since reset().
            TypeError: on the first call, if a param is not a floating-point ndarray.
        """
        states = self._states if self._states is not None else self._create_states(params)
        if len(params) != len(states) or len(grads) != len(states):
            raise ValueError(
                f"step() got {len(params)} params and {len(grads)} grads; expected {len(states)} "
                "of each (call reset() to change the parameter list)"
            )
        for i, (w, g, state) in enumerate(zip(params, grads, states, strict=True)):
            if w.shape != state[0].shape or g.shape != state[0].shape:
                raise ValueError(
                    f"param {i} has shape {w.shape} and grad shape {g.shape}; expected "
                    f"{state[0].shape} for both"
                )
        # All checks come first, so a rejected call leaves params and state as they were.
        self._begin_step()
        for w, g, state in zip(params, grads, states, strict=True):
            self._update(w, g, *state)

    def step_ops(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Op]:
        """Return calls that do what step(params, grads) does, checked once, for a replayed
        training plan (the arrays must keep their memory; reset() makes the calls stale).

        Raises:
            ValueError, TypeError: as step() would on these arguments.
        """
        states = self._states if self._states is not None else self._create_states(params)
        if [w.shape for w in params] != [s[0].shape for s in states] or \
                [g.shape for g in grads] != [s[0].shape for s in states]:
            raise ValueError("step_ops() got params or grads unlike the optimizer's state; "
                             "call reset() to change the parameter list")
        ops: list[Op] = [(self._begin_step, ())]
        for w, g, state in zip(params, grads, states, strict=True):
            ops += self._update_ops(w, g, *state)
        return ops

    def _update_ops(self, w: Array, g: Array, scratch: Array, *slots: Array) -> list[Op]:
        """Return the calls for one parameter's update (default: one call to _update)."""
        return [(self._update, (w, g, scratch, *slots))]

    def _create_states(self, params: Sequence[Array]) -> list[tuple[Array, ...]]:
        for i, w in enumerate(params):
            if not isinstance(w, np.ndarray) or not np.issubdtype(w.dtype, np.floating):
                raise TypeError(f"param {i} must be a floating-point ndarray, got {w!r}")
        self._states = [
            (np.empty_like(w), *(np.zeros_like(w) for _ in range(self.n_slots))) for w in params
        ]
        return self._states

    def _begin_step(self) -> None:
        """Prepare scalars shared by all parameters of this step (hook; default does nothing)."""

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        raise NotImplementedError
