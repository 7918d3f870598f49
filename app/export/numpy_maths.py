"""The from-scratch script's maths as source text: activations, loss, optimizer, learning rate.

Each piece is written only for the names a configuration uses, with the formula in its docstring,
and performs the same floating-point operations as the engine wherever that reads naturally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.engine.activations import LeakyReLU, get_activation
from app.engine.losses import get_loss
from app.export.literals import float_literal

# activation -> (body of φ(z), body of backward(g, z) = g ⊙ φ'(z)); the engine's formulas become
# the docstrings, and each backward rounds as the engine's fast path does (e.g. g − g·a·a)
_ACTIVATION_BODIES: dict[str, tuple[str, str]] = {
    "linear": ("return z", "return g"),
    "sigmoid": ("return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^−z), without overflow",
                "a = sigmoid(z)\n    return g * a - g * a * a  # g · a(1 − a)"),
    "tanh": ("return np.tanh(z)", "a = np.tanh(z)\n    return g - g * a * a  # g · (1 − a²)"),
    "relu": ("return np.maximum(z, 0.0)", "return g * (z > 0)  # φ' = 0 at the kink"),
    "leaky_relu": (f"return np.where(z > 0, z, {LeakyReLU.slope!r} * z)",
                   f"return g * np.where(z > 0, 1.0, {LeakyReLU.slope!r})"),
    "ramp": ("return np.clip(z, -1.0, 1.0)", "return g * (np.abs(z) < 1.0)"),
    "elu": ("return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))",
            "return g * np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))"),
    "softplus": ("return np.logaddexp(0.0, z)  # stable ln(1 + eᶻ)",
                 "return g * (0.5 * (1.0 + np.tanh(0.5 * z)))  # φ' = sigmoid(z)"),
    "step": ("return (z >= 0).astype(float)", "return g * 0.0  # no useful gradient"),
}


def activation_functions(names: Sequence[str], with_backward: Sequence[str]) -> str:
    """Return the source of φ (`<name>(z)`) for every distinct name, in first-use order, and of
    `<name>_backward(g, z)` = dE/dz from g = dE/da for the names in with_backward.

    Raises:
        ValueError: an activation the export does not know.
    """
    parts = []
    for name in dict.fromkeys(names):
        if name not in _ACTIVATION_BODIES:
            raise ValueError(f"cannot export activation {name!r}; allowed: "
                             f"{', '.join(_ACTIVATION_BODIES)}")
        act = get_activation(name)
        value, backward = _ACTIVATION_BODIES[name]
        parts.append(f'def {name}(z):\n    """{act.formula}."""\n    {value}\n')
        if name in with_backward:
            parts.append(f'def {name}_backward(g, z):\n    """Return dE/dz = g ⊙ φ\'(z) from '
                         f'g = dE/da, where {act.derivative_formula}."""\n    {backward}\n')
    return "\n\n".join(parts)


_LOG_SOFTMAX = '''def log_softmax(z):
    """Return ln softmax(z) row by row (n, k), shifted by the row maximum so exp cannot overflow."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
'''

_RIVAL = '''def rival(z, c):
    """Return per row the strongest wrong class r = argmax over k ≠ c of z_k (n,)."""
    masked = z.copy()
    masked[np.arange(len(z)), c] = -np.inf
    return np.argmax(masked, axis=1)
'''

# loss -> (extra helper source, body of the per-example loss, body of its gradient)
_LOSS_BODIES: dict[str, tuple[str, str, str]] = {
    "square": ("", "return 0.5 * np.sum((y - t) ** 2, axis=1)", "return y - t"),
    "log": ("", "return np.sum(np.logaddexp(0.0, y) - t * y, axis=1)  # ln(1 + eᶻ) − t·z, stable",
            "return 0.5 * (1.0 + np.tanh(0.5 * y)) - t  # sigmoid(z) − t"),
    "hinge": ("", "return np.sum(np.maximum(0.0, 1.0 - t * y), axis=1)",
              "return np.where(t * y < 1.0, -t, 0.0)"),
    "softmax_cross_entropy": (
        _LOG_SOFTMAX, "return -log_softmax(y)[np.arange(len(y)), t]",
        "g = np.exp(log_softmax(y))  # softmax(z)\n    g[np.arange(len(y)), t] -= 1.0\n"
        "    return g"),
    "max_margin": (
        _RIVAL,
        "rows, r = np.arange(len(y)), rival(y, t)\n"
        "    return np.maximum(0.0, y[rows, r] + 1.0 - y[rows, t])",
        "rows, r = np.arange(len(y)), rival(y, t)\n"
        "    active = (y[rows, r] + 1.0 - y[rows, t]) > 0  # only examples inside the margin\n"
        "    g = np.zeros_like(y)\n    g[rows[active], r[active]] = 1.0\n"
        "    g[rows[active], t[active]] -= 1.0\n    return g"),
}


def loss_functions(loss: str) -> str:
    """Return the source of `loss(y, t)` (per-example E, (n,)) and `loss_gradient(y, t)` (dE/dy).

    y is the output ŷ for square and the output layer's z for every other loss, as in losses.py.

    Raises:
        ValueError: an unknown loss.
    """
    spec = get_loss(loss)
    helper, value, gradient = _LOSS_BODIES[spec.name]
    reads = "the output ŷ" if spec.on_output else "the output layer's pre-activation z"
    targets = "class indices (n,)" if spec.index_targets else "targets (n, k)"
    return (helper + ("\n\n" if helper else "")
            + f'def loss(y, t):\n    """Return the per-example loss (n,): {spec.formula}.\n\n'
            f'    y (n, k) is {reads}; t holds the {targets}.\n    """\n    {value}\n\n\n'
            f'def loss_gradient(y, t):\n    """Return dE/dy per example (n, k).\n\n'
            f'    {spec.gradient_formula}.\n    """\n    {gradient}\n')


# optimizer -> (state arrays, docstring rule, loop variables, loop body); cs231n's update rules
_OPTIMIZER_BODIES: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "sgd": ((), "Vanilla SGD: w ← w − lr · g.", "p, g", "p -= lr * g"),
    "momentum": (("velocity",), "Momentum: v ← μ · v − lr · g;  w ← w + v.", "p, g, v",
                 "v[...] = MOMENTUM * v - lr * g\n        p += v"),
    "nesterov": (("velocity",),
                 "Nesterov momentum: v_prev ← v;  v ← μ · v − lr · g;  "
                 "w ← w − μ · v_prev + (1 + μ) · v.\n"
                 "    With μ · v_prev = v + lr · g the last step is w ← w − lr · g + μ · v, "
                 "which needs no copy\n    of v_prev (and rounds as the playground does).",
                 "p, g, v",
                 "v[...] = MOMENTUM * v - lr * g\n        p -= lr * g\n"
                 "        p += MOMENTUM * v"),
    "adagrad": (("cache",), "Adagrad: c ← c + g²;  w ← w − lr · g / (√c + eps).", "p, g, c",
                "c += g**2\n        p -= lr * (g / (np.sqrt(c) + EPS))"),
    "rmsprop": (("cache",), "RMSprop: c ← ρ · c + (1 − ρ) · g²;  w ← w − lr · g / (√c + eps).",
                "p, g, c", "c[...] = RHO * c + (1.0 - RHO) * g**2\n"
                "        p -= lr * (g / (np.sqrt(c) + EPS))"),
    "adam": (("m", "v"),
             "Adam: m ← β1 · m + (1 − β1) · g;  v ← β2 · v + (1 − β2) · g²;\n"
             "    m̂ = m / (1 − β1^t);  v̂ = v / (1 − β2^t);  w ← w − lr · m̂ / (√v̂ + eps).\n\n"
             "    Computed as the playground does, so it rounds the same way: the state holds\n"
             "    m / (1 − β1) and v / (1 − β2), whose recurrences are m ← β1 · m + g and\n"
             "    v ← β2 · v + g², and every constant, bias corrections included, folds into one\n"
             "    step size and one epsilon per step.",
             "p, g, m, v",
             "m[...] = BETA1 * m + g\n"
             "        v[...] = BETA2 * v + g**2\n"
             "        p -= step_size * (m / (np.sqrt(v) + eps))"),
}


_ADAM_SCALARS = """    state["t"] += 1  # step count t, for the bias corrections
    t = state["t"]
    k = np.sqrt((1.0 - BETA2) / (1.0 - BETA2**t))  # √v̂ = k · √(the stored v)
    step_size = lr * (1.0 - BETA1) / ((1.0 - BETA1**t) * k)
    eps = EPS / k
"""


def optimizer_constants(hyperparameters: Mapping[str, float]) -> list[str]:
    """Return `NAME = value` lines for the hyper-parameters other than the learning rate."""
    return [f"{name.upper()} = {float_literal(value)}"
            for name, value in hyperparameters.items() if name != "learning_rate"]


def optimizer_functions(name: str) -> str:
    """Return the source of `optimizer_state(params)` and `update(params, grads, state, lr)`.

    Raises:
        ValueError: an optimizer the export does not know.
    """
    if name not in _OPTIMIZER_BODIES:
        raise ValueError(f"cannot export optimizer {name!r}; allowed: {list(_OPTIMIZER_BODIES)}")
    slots, rule, names, body = _OPTIMIZER_BODIES[name]
    entries = (['"t": 0'] if name == "adam" else []) + [
        f'"{s}": [np.zeros_like(p) for p in params]' for s in slots]
    memory = "{" + ", ".join(entries) + "}" if len(entries) < 2 else \
        "{\n" + "".join(f"        {e},\n" for e in entries) + "    }"
    lists = "".join(f', state["{s}"]' for s in slots)
    step = _ADAM_SCALARS if name == "adam" else ""
    return (
        "def optimizer_state(params):\n"
        f'    """Return the optimizer\'s memory: {_describe_slots(slots)}."""\n'
        f"    return {memory}\n\n\n"
        "def update(params, grads, state, lr):\n"
        f'    """Update every weight and bias array in place.\n\n    {rule}\n    """\n'
        f"{step}"
        f"    for {names} in zip(params, grads{lists}):\n"
        f"        {body}\n"
    )


def _describe_slots(slots: Sequence[str]) -> str:
    if not slots:
        return "none, plain SGD keeps nothing"
    each = " each" if len(slots) > 1 else ""
    return f"{' and '.join(slots)}, one zero array per parameter{each}"


def learning_rate_function(schedule: str, decay_rate: float, decay_steps: int) -> str:
    """Return the source of `learning_rate(epoch)` for the schedule, as in schedules.py.

    Raises:
        ValueError: an unknown schedule.
    """
    rate, steps = float_literal(decay_rate), int(decay_steps)
    rules = {
        "none": ("constant: no decay", "LEARNING_RATE"),
        "step": (f"step decay: lr = lr0 · {rate}^floor(epoch / {steps})",
                 f"LEARNING_RATE * {rate} ** (epoch // {steps})"),
        "exponential": (f"exponential decay: lr = lr0 · {rate}^(epoch / {steps})",
                        f"LEARNING_RATE * {rate} ** (epoch / {steps})"),
        "inverse_time": (f"1/t decay: lr = lr0 / (1 + {rate} · epoch / {steps})",
                         f"LEARNING_RATE / (1.0 + {rate} * epoch / {steps})"),
    }
    if schedule not in rules:
        raise ValueError(f"unknown schedule {schedule!r}; allowed: {list(rules)}")
    doc, expression = rules[schedule]
    return ("def learning_rate(epoch):\n"
            '    """Return the learning rate for epoch (0-based: the epochs done so far).\n\n'
            f'    {doc[0].upper()}{doc[1:]}.\n    """\n'
            f"    return {expression}\n")
