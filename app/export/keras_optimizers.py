"""The Keras export's optimizer as source text: Keras's own SGD where its rule is the playground's
(sgd, momentum, nesterov), otherwise a small keras.optimizers.Optimizer subclass written into the
script that applies the playground's rule exactly (adagrad, rmsprop, adam: Keras's built-ins put
eps elsewhere, and its Adagrad starts its accumulator at 0.1)."""

from __future__ import annotations

from app.engine.optimizers import Optimizer
from app.export.literals import float_literal

# engine optimizer -> engine hyper-parameter -> Keras SGD argument
_SGD: dict[str, dict[str, str]] = {"sgd": {}, "momentum": {"momentum": "momentum"},
                                   "nesterov": {"momentum": "momentum"}}

_INIT = '''
    def __init__(self, learning_rate, {args}, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        {assign}

    def build(self, variables):
        super().build(variables)
        self.slots = {{v.path: [self.add_variable_from_reference(v, name) for name in {names}]
                      for v in variables}}
'''

# engine optimizer -> (class name, docstring, engine hyper-parameters, slot names, update body)
_CUSTOM: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], str]] = {
    "adagrad": ("PlaygroundAdagrad", (
        "Adagrad as the playground applies it: c ← c + g²;  w ← w − lr · g / (√c + eps), c\n"
        "    from 0 (keras.optimizers.Adagrad starts c at 0.1 and divides by √(c + eps))."),
        ("eps",), ("c",), """\
        (c,) = self.slots[variable.path]
        self.assign_add(c, gradient * gradient)
        self.assign_sub(variable, lr * gradient / (keras.ops.sqrt(c) + self.eps))"""),
    "rmsprop": ("PlaygroundRMSprop", (
        "RMSprop as the playground applies it: c ← ρ · c + (1 − ρ) · g²;\n"
        "    w ← w − lr · g / (√c + eps) (keras.optimizers.RMSprop divides by √(c + eps))."),
        ("rho", "eps"), ("c",), """\
        (c,) = self.slots[variable.path]
        self.assign(c, self.rho * c + (1 - self.rho) * gradient * gradient)
        self.assign_sub(variable, lr * gradient / (keras.ops.sqrt(c) + self.eps))"""),
    "adam": ("PlaygroundAdam", (
        "Adam as the playground applies it: m ← β1 · m + (1 − β1) · g;\n"
        "    v ← β2 · v + (1 − β2) · g²;  w ← w − lr · m̂ / (√v̂ + eps) with m̂ = m / (1 − β1^t) and\n"
        "    v̂ = v / (1 − β2^t) (keras.optimizers.Adam adds its epsilon to √v before the bias\n"
        "    correction, which makes its first steps differ)."),
        ("beta1", "beta2", "eps"), ("m", "v"), """\
        m, v = self.slots[variable.path]
        t = keras.ops.cast(self.iterations + 1, variable.dtype)
        self.assign(m, self.beta1 * m + (1 - self.beta1) * gradient)
        self.assign(v, self.beta2 * v + (1 - self.beta2) * gradient * gradient)
        m_hat = m / (1 - keras.ops.power(self.beta1, t))
        v_hat = v / (1 - keras.ops.power(self.beta2, t))
        self.assign_sub(variable, lr * m_hat / (keras.ops.sqrt(v_hat) + self.eps))"""),
}


def optimizer_class(name: str) -> str:
    """Return the source of the optimizer class the script defines, or "" (Keras's SGD)."""
    if name not in _CUSTOM:
        return ""
    cls, doc, hyper, slots, body = _CUSTOM[name]
    init = _INIT.format(args=", ".join(hyper),
                        assign=f"self.{', self.'.join(hyper)} = {', '.join(hyper)}",
                        names=repr(list(slots)))
    return "\n".join([
        f"class {cls}(keras.optimizers.Optimizer):",
        f'    """{doc}"""',
        init.rstrip("\n"),
        "",
        "    def update_step(self, gradient, variable, learning_rate):",
        "        lr = keras.ops.cast(learning_rate, variable.dtype)",
        body,
    ]) + "\n"


def optimizer_call(optimizer: Optimizer, rate: str) -> tuple[str, list[str]]:
    """Return (callable source, argument sources) that make the optimizer with learning rate
    `rate` (a literal or a schedule's name).

    Raises:
        ValueError: an optimizer with no counterpart here.
    """
    hyper = optimizer.hyperparameters()
    if optimizer.name in _SGD:
        args = [f"learning_rate={rate}", *(f"{keras}={float_literal(hyper[ours])}"
                                           for ours, keras in _SGD[optimizer.name].items())]
        if optimizer.name == "nesterov":  # Keras's Nesterov step w ← w + μ·v − lr·g is ours
            args.append("nesterov=True")
        return "keras.optimizers.SGD", args
    if optimizer.name in _CUSTOM:
        cls, _, names, _, _ = _CUSTOM[optimizer.name]
        return cls, [f"learning_rate={rate}", *(f"{n}={float_literal(hyper[n])}" for n in names)]
    raise ValueError(f"cannot export optimizer {optimizer.name!r} to Keras")
