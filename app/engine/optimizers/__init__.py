"""Optimizers: turn gradients into in-place parameter updates (sgd … adam); decay lives elsewhere.

Update rules follow cs231n / PyTorch conventions (eps outside the square root, accumulators start
at 0), not Keras's. Each step is a handful of NumPy calls writing into scratch arrays allocated
once, so the trainer can take thousands of steps per second on a flat parameter vector.
Ordered by increasing complexity: base.py, gradient_descent.py (sgd, momentum, nesterov),
adaptive.py (adagrad, rmsprop, adam).
"""

from __future__ import annotations

from app.engine.optimizers.adaptive import Adagrad, Adam, RMSprop
from app.engine.optimizers.base import MAX_LEARNING_RATE, Optimizer
from app.engine.optimizers.gradient_descent import SGD, Momentum, Nesterov

__all__ = ["MAX_LEARNING_RATE", "OPTIMIZERS", "SGD", "Adagrad", "Adam", "Momentum", "Nesterov",
           "Optimizer", "RMSprop", "make_optimizer"]

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
