"""Optimizers: turn gradients into in-place parameter updates (sgd … adam); decay lives elsewhere.

Update rules follow cs231n / PyTorch conventions (eps outside the square root, accumulators start
at 0), not Keras's. Each step is a handful of NumPy calls writing into scratch arrays allocated
once, so the trainer can take thousands of steps per second on a flat parameter vector.
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


def _validated(name: str, value: float) -> float:
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
        self._learning_rate = _validated("learning_rate", value)
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


class SGD(Optimizer):
    """Vanilla gradient descent: w ← w − lr · g. Default lr = 0.01; no state."""

    name = "sgd"

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        np.subtract(w, np.multiply(g, self._learning_rate, out=scratch), out=w)

    def _update_ops(self, w: Array, g: Array, scratch: Array, *slots: Array) -> list[Op]:
        return [(np.multiply, (g, self._lr, scratch)), (np.subtract, (w, scratch, w))]

    def step_ops(self, params: Sequence[Array], grads: Sequence[Array]) -> list[Op]:
        return super().step_ops(params, grads)[1:]  # no per-step scalars to prepare


class Momentum(Optimizer):
    """Momentum: v ← μ · v − lr · g;  w ← w + v.  v starts at 0.

    Defaults: lr = 0.01, momentum μ = 0.9. With lr = 0 from the start nothing moves; after a live
    change to 0 the weights coast on the velocity already built up, which decays as μ^k.
    """

    name = "momentum"
    hyperparameter_names = ("momentum",)
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(learning_rate)
        self.momentum = _validated("momentum", momentum)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (v,) = slots
        np.multiply(g, self._learning_rate, out=scratch)
        np.multiply(v, self.momentum, out=v)
        np.subtract(v, scratch, out=v)
        np.add(w, v, out=w)


class Nesterov(Momentum):
    """Nesterov momentum: v_prev ← v;  v ← μ · v − lr · g;  w ← w − μ · v_prev + (1 + μ) · v.

    The gradient is, in effect, taken at the look-ahead point w + μ · v. v starts at 0.
    Defaults: lr = 0.01, momentum μ = 0.9.
    """

    name = "nesterov"

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (v,) = slots
        mu = self.momentum
        # Substituting μ · v_prev = v + lr · g turns the rule into w ← w + μ · v − lr · g,
        # which needs no copy of v_prev.
        np.multiply(g, self._learning_rate, out=scratch)
        np.multiply(v, mu, out=v)
        np.subtract(v, scratch, out=v)
        np.subtract(w, scratch, out=w)
        np.add(w, np.multiply(v, mu, out=scratch), out=w)


class Adagrad(Optimizer):
    """Adagrad: c ← c + g²;  w ← w − lr · g / (√c + eps).

    c starts at 0 and is never reset between epochs (only by reset()), so the effective step
    lr / √c only shrinks. Defaults: lr = 0.01, eps = 1e-8.
    """

    name = "adagrad"
    hyperparameter_names = ("eps",)
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.eps = _validated("eps", eps)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (c,) = slots
        np.add(c, np.multiply(g, g, out=scratch), out=c)
        _scaled_step(w, g, c, scratch, self.eps, self._learning_rate)


class RMSprop(Optimizer):
    """RMSprop: c ← ρ · c + (1 − ρ) · g²;  w ← w − lr · g / (√c + eps).  c starts at 0.

    Defaults: lr = 0.01, rho ρ = 0.9, eps = 1e-8. (Keras puts eps inside the root and defaults
    lr to 0.001, eps to 1e-7.)
    """

    name = "rmsprop"
    hyperparameter_names = ("rho", "eps")
    n_slots = 1

    def __init__(self, learning_rate: float = 0.01, rho: float = 0.9, eps: float = 1e-8) -> None:
        super().__init__(learning_rate)
        self.rho = _validated("rho", rho)
        self.eps = _validated("eps", eps)

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        (c,) = slots
        np.multiply(g, g, out=scratch)
        np.multiply(scratch, 1.0 - self.rho, out=scratch)
        np.multiply(c, self.rho, out=c)
        np.add(c, scratch, out=c)
        _scaled_step(w, g, c, scratch, self.eps, self._learning_rate)


def _scaled_step(w: Array, g: Array, c: Array, scratch: Array, eps: float, lr: float) -> None:
    """Apply w ← w − lr · g / (√c + eps) in place, using scratch for the intermediate."""
    np.sqrt(c, out=scratch)
    np.add(scratch, eps, out=scratch)
    np.divide(g, scratch, out=scratch)
    np.multiply(scratch, lr, out=scratch)
    np.subtract(w, scratch, out=w)


class Adam(Optimizer):
    """Adam: momentum on g and RMSprop on g², both bias-corrected.

    t ← t + 1;  m ← β1 · m + (1 − β1) · g;  v ← β2 · v + (1 − β2) · g²;
    m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  w ← w − lr · m̂ / (√v̂ + eps).
    m and v start at 0; the bias corrections make the first step about lr per coordinate.
    Defaults: lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 (the paper's; Keras uses 1e-7
    inside a differently scaled denominator and lr = 0.001).
    """

    name = "adam"
    hyperparameter_names = ("beta1", "beta2", "eps")
    n_slots = 2

    def __init__(
        self,
        learning_rate: float = 0.01,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate)
        self.beta1 = _validated("beta1", beta1)
        self.beta2 = _validated("beta2", beta2)
        self.eps = _validated("eps", eps)
        self._t = 0

    def reset(self) -> None:
        """Forget the moments m, v and set t = 0."""
        super().reset()
        self._t = 0

    def _begin_step(self) -> None:
        # The slots hold m / (1 − β1) and v / (1 − β2), so their recurrences are m ← β1 · m + g and
        # v ← β2 · v + g² (two NumPy calls fewer); every constant, bias corrections included, folds
        # into two scalars: the step is step_size · m_slot / (√v_slot + eps_slot), exactly the rule.
        self._t += 1
        b1, b2 = self.beta1, self.beta2
        k = math.sqrt((1.0 - b2) / (1.0 - b2**self._t))  # √v̂ = k · √v_slot
        self._step_size = self._learning_rate * (1.0 - b1) / ((1.0 - b1**self._t) * k)
        self._eps_slot = self.eps / k

    def _update(self, w: Array, g: Array, scratch: Array, *slots: Array) -> None:
        m, v = slots
        np.multiply(m, self.beta1, out=m)
        np.add(m, g, out=m)
        np.multiply(v, self.beta2, out=v)
        np.add(v, np.multiply(g, g, out=scratch), out=v)
        _scaled_step(w, m, v, scratch, self._eps_slot, self._step_size)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam)
}


def make_optimizer(name: str, learning_rate: float = 0.01, **hyperparameters: float) -> Optimizer:
    """Return a fresh optimizer from its registry key and hyper-parameters.

    Args:
        name: one of OPTIMIZERS ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam").
        learning_rate: step size lr, finite in [0, 10].
        **hyperparameters: momentum (momentum, nesterov), rho (rmsprop), beta1, beta2 (adam),
            eps (adagrad, rmsprop, adam); omitted ones take the class defaults.

    Raises:
        ValueError: on an unknown name, a hyper-parameter the optimizer does not take, or a value
            outside its range (momentum, rho, beta1, beta2 in [0, 1); eps in (0, 1]).
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; allowed: {', '.join(OPTIMIZERS)}")
    cls = OPTIMIZERS[name]
    unknown = sorted(set(hyperparameters) - set(cls.hyperparameter_names))
    if unknown:
        allowed = ["learning_rate", *cls.hyperparameter_names]
        raise ValueError(f"optimizer {name!r} takes no {unknown}; its hyper-parameters: {allowed}")
    return cls(learning_rate, **hyperparameters)
