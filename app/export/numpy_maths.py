"""The from-scratch script's maths as source text: activations, loss, optimizer, learning rate.

Each piece is written only for the names a configuration uses, with the formula in its docstring.
Activations and losses are the engine's own NumPy text (activations.py, losses.py), so the script
performs the engine's floating-point operations; optimizers are written here, rule by rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from app.engine.activations import get_activation
from app.engine.losses import get_loss
from app.export.literals import float_literal


def activation_functions(names: Sequence[str], with_backward: Sequence[str]) -> str:
    """Return the source of φ (`<name>(z)`) for every distinct name, in first-use order, and of
    `<name>_backward(g, z)` = dE/dz from g = dE/da for the names in with_backward: the engine's
    own NumPy text (Activation.value_code, backward_code), its formulas as the docstrings.

    Raises:
        ValueError: an unknown activation.
    """
    parts = []
    for name in dict.fromkeys(names):
        act = get_activation(name)
        parts.append(f'def {name}(z):\n    """{act.formula}."""\n    return {act.value_code}\n')
        if name in with_backward:
            uses_a = re.search(r"\ba\b", act.backward_code) is not None
            a_line = f"    a = {name}(z)\n" if uses_a else ""
            parts.append(f'def {name}_backward(g, z):\n    """Return dE/dz = g ⊙ φ\'(z) from '
                         f'g = dE/da, where {act.derivative_formula}."""\n{a_line}'
                         f"    return {act.backward_code}\n")
    return "\n\n".join(parts)


def loss_functions(loss: str) -> str:
    """Return the source of `loss(y, t)` (per-example E, (n,)) and `loss_gradient(y, t)` (dE/dy):
    the engine's own NumPy text (Loss.value_code, gradient_code, helper_code).

    y is the output y_p for square and the output layer's z for every other loss, as in losses.py.

    Raises:
        ValueError: an unknown loss.
    """
    spec = get_loss(loss)
    reads = "the output y_p" if spec.on_output else "the output layer's pre-activation z"
    targets = "class indices (n,)" if spec.index_targets else "targets (n, k)"
    helper = spec.helper_code
    return (helper + ("\n\n" if helper else "")
            + f'def loss(y, t):\n    """Return the per-example loss (n,): {spec.formula}.\n\n'
            f'    y (n, k) is {reads}; t holds the {targets}.\n    """\n'
            f"{_indent(spec.value_code)}\n\n\n"
            f'def loss_gradient(y, t):\n    """Return dE/dy per example (n, k).\n\n'
            f'    {spec.gradient_formula}.\n    """\n{_indent(spec.gradient_code)}\n')


def _indent(body: str) -> str:
    return "\n".join(f"    {line}" for line in body.splitlines())


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
