"""The Keras export's optimizer as source text: Keras's own SGD where its rule is the playground's
(sgd, momentum, nesterov, without L1), otherwise a small keras.optimizers.Optimizer subclass
written into the script that applies the playground's rule exactly (adagrad, rmsprop, adam:
Keras's built-ins put eps elsewhere, and its Adagrad starts its accumulator at 0.1), followed,
under L1, by the playground's L1 step with TF Playground's dead-link clamp (regularizers.L1Clamp).
"""

from __future__ import annotations

from app.engine.optimizers import Optimizer
from app.export.literals import float_literal

# engine optimizer -> engine hyper-parameter -> Keras SGD argument
_SGD: dict[str, dict[str, str]] = {"sgd": {}, "momentum": {"momentum": "momentum"},
                                   "nesterov": {"momentum": "momentum"}}

_BUILD = '''
    def build(self, variables):
        super().build(variables)
        self.slots = {{v.path: [self.add_variable_from_reference(v, name) for name in {names}]
                      for v in variables}}'''

_BUILD_DEAD = '''
        # the links L1 has cut (1.0), per kernel; biases are never penalised
        self.dead = {v.path: self.add_variable_from_reference(v, "dead") for v in variables
                     if v.path.endswith("kernel")}'''

_L1_STEP = '''
    def l1_step(self, variable, sign, dead, lr):
        """After the update: w ← w − lr · l1 · sign(w before it); a weight this step carries
        across 0 becomes exactly 0 and its link is cut for good (TF Playground's clamp)."""
        w_mid = keras.ops.convert_to_tensor(variable)
        w = w_mid - sign * (lr * self.l1)
        cut = keras.ops.maximum(dead, keras.ops.cast(w_mid * w < 0, w.dtype))
        self.assign(dead, cut)
        self.assign(variable, keras.ops.where(cut > 0, 0.0, w))'''

# engine optimizer -> (class name, docstring, engine hyper-parameters, slot names, update body)
_RULES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], str]] = {
    "sgd": ("PlaygroundSGD", "Gradient descent: w ← w − lr · g.", (), (), """\
        self.assign_sub(variable, lr * gradient)"""),
    "momentum": ("PlaygroundMomentum", "Momentum: v ← μ · v − lr · g;  w ← w + v.",
                 ("momentum",), ("v",), """\
        (v,) = self.slots[variable.path]
        self.assign(v, self.momentum * v - lr * gradient)
        self.assign_add(variable, v)"""),
    "nesterov": ("PlaygroundNesterov", "Nesterov momentum: v ← μ · v − lr · g;  w ← w + μ · v − "
                 "lr · g.", ("momentum",), ("v",), """\
        (v,) = self.slots[variable.path]
        self.assign(v, self.momentum * v - lr * gradient)
        self.assign_add(variable, self.momentum * v - lr * gradient)"""),
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


def _custom(name: str, l1: bool) -> bool:
    """True when the script writes its own optimizer class (Keras has no exact counterpart)."""
    return name in _RULES and (l1 or name not in _SGD)


def optimizer_class(name: str, l1: bool = False) -> str:
    """Return the source of the optimizer class the script defines, or "" (Keras's SGD)."""
    if not _custom(name, l1):
        return ""
    cls, doc, hyper, slots, body = _RULES[name]
    args = ["learning_rate", *hyper, *(["l1"] if l1 else [])]
    if l1:
        doc += "\n\n    Then, on every kernel, the playground's L1 step (l1_step)."
    lines = [f"class {cls}(keras.optimizers.Optimizer):", f'    """{doc}"""', "",
             f"    def __init__(self, {', '.join(args)}, **kwargs):",
             "        super().__init__(learning_rate=learning_rate, **kwargs)"]
    if len(args) > 1:
        lines.append(f"        self.{', self.'.join(args[1:])} = {', '.join(args[1:])}")
    lines.append(_BUILD.format(names=repr(list(slots))))
    if l1:
        lines.append(_BUILD_DEAD.lstrip("\n"))
    lines += ["", "    def update_step(self, gradient, variable, learning_rate):",
              "        lr = keras.ops.cast(learning_rate, variable.dtype)"]
    if l1:
        lines += ["        dead = self.dead.get(variable.path)  # None for a bias",
                  "        if dead is not None:",
                  "            sign = keras.ops.sign(variable)  # before the update",
                  "            gradient = gradient * (1 - dead)  # a cut link learns no more"]
    lines.append(body)
    if l1:
        lines += ["        if dead is not None:",
                  "            self.l1_step(variable, sign, dead, lr)", _L1_STEP]
    return "\n".join(lines) + "\n"


def optimizer_call(optimizer: Optimizer, rate: str, l1: float = 0.0) -> tuple[str, list[str]]:
    """Return (callable source, argument sources) that make the optimizer with learning rate
    `rate` (a literal or a schedule's name), and the L1 step of rate l1 when l1 > 0.

    Raises:
        ValueError: an optimizer with no counterpart here.
    """
    hyper = optimizer.hyperparameters()
    if optimizer.name not in _RULES:
        raise ValueError(f"cannot export optimizer {optimizer.name!r} to Keras")
    if not _custom(optimizer.name, l1 > 0):
        args = [f"learning_rate={rate}", *(f"{keras}={float_literal(hyper[ours])}"
                                           for ours, keras in _SGD[optimizer.name].items())]
        if optimizer.name == "nesterov":  # Keras's Nesterov step w ← w + μ·v − lr·g is ours
            args.append("nesterov=True")
        return "keras.optimizers.SGD", args
    cls, _, names, _, _ = _RULES[optimizer.name]
    args = [f"learning_rate={rate}", *(f"{n}={float_literal(hyper[n])}" for n in names)]
    return cls, args + ([f"l1={float_literal(l1)}"] if l1 else [])
