"""The chain rule's formulas with live numbers put in: one function per family of factor.

Each function returns plain text such as "½ (0.3312 − 1)²" or "1 − 0.3312²" for the worked
example (worked_example.py) to show between a factor's formula and its value; "" where a
substitution would be longer than helpful (the formula and the value still show). The numbers
it computes (sigmoid, softmax, the strongest wrong class) come from the engine's definitions.
"""

from __future__ import annotations

import numpy as np

from app.engine.activations import get_activation
from app.engine.losses import rival, softmax
from app.lecture.numbers import factor, significant

MOST_TERMS = 4  # sums with more terms than this are summarised, not spelled out


def _sigmoid(z: float) -> float:
    """Return the engine's sigmoid of one number."""
    return float(get_activation("sigmoid").value(np.array(z)))


def _rival(z: list[float], c: int) -> int:
    """Return the engine's strongest wrong class for one example's outputs z and class c."""
    return int(rival(np.array([z]), np.array([c]))[0])


def value_numbers(activation: str, z: float) -> str:
    """Return φ(z) with this unit's z put in, e.g. "tanh(0.3412)"."""
    zs = significant(z)
    texts = {
        "linear": zs,
        "sigmoid": f"1 / (1 + exp({significant(-z)}))",
        "tanh": f"tanh({zs})",
        "relu": f"max(0, {zs})",
        "leaky_relu": f"max(0.01·{factor(z)}, {zs})",
        "ramp": f"clip({zs}, −1, 1)",
        "elu": zs if z > 0 else f"exp({zs}) − 1",
        "softplus": f"ln(1 + exp({zs}))",
    }
    return texts.get(activation, "")


def derivative_numbers(activation: str, z: float, y: float) -> str:
    """Return φ'(z) with this unit's numbers, e.g. "1 − 0.3312²" for tanh."""
    zs, comparison = significant(z), ">" if z > 0 else "≤"
    texts = {
        "linear": "always 1",
        "sigmoid": f"{factor(y)} · (1 − {factor(y)})",
        "tanh": f"1 − {factor(y)}²",
        "relu": f"z = {zs} {comparison} 0",
        "leaky_relu": f"z = {zs} {comparison} 0",
        "ramp": f"|z| = {significant(abs(z))} {'<' if abs(z) < 1 else '≥'} 1",
        "elu": f"z = {zs} > 0" if z > 0 else f"exp({zs})",
        "softplus": f"1 / (1 + exp({significant(-z)}))",
    }
    return texts.get(activation, "")


def sum_numbers(pairs: list[tuple[float, float]], bias: float | None = None) -> str:
    """Return "(a₁)(b₁) + (a₂)(b₂) [+ b]" for a short sum of products, "" for a long one."""
    if len(pairs) > MOST_TERMS:
        return ""
    text = " + ".join(f"{factor(a)}·{factor(b)}" for a, b in pairs)
    return text + (f" + {factor(bias)}" if bias is not None else "")


def sum_parts(pairs: list[tuple[float, float]], bias: float, marked: int
              ) -> tuple[tuple[str, bool], ...]:
    """Return z = Σ x·w + b with its numbers as (text, is the marked term) parts: every term of
    a short sum, or the marked term and a count of the others for a long one."""
    if len(pairs) > MOST_TERMS:
        a, w = pairs[marked]
        return ((f"{factor(a)}·{factor(w)}", True),
                (f" + {len(pairs) - 1} other terms + {factor(bias)}", False))
    parts: list[tuple[str, bool]] = []
    for k, (a, w) in enumerate(pairs):
        parts += [(" + ", False)] if k else []
        parts.append((f"{factor(a)}·{factor(w)}", k == marked))
    return (*parts, (f" + {factor(bias)}", False))


def loss_numbers(loss: str, z: list[float], y: list[float], target: list[float]) -> str:
    """Return this example's loss E with its numbers (output z, ŷ and the encoded target)."""
    if loss == "square" and len(y) <= MOST_TERMS - 1:
        terms = [f"({significant(a)} − {factor(t)})²" for a, t in zip(y, target, strict=True)]
        return "½ " + (terms[0] if len(terms) == 1 else "[" + " + ".join(terms) + "]")
    if loss == "log":
        p = significant(_sigmoid(z[0]))
        return f"−ln {p}" if target[0] == 1 else f"−ln(1 − {p})"
    if loss == "hinge":
        return f"max(0, 1 − {factor(target[0])}·{factor(z[0])})"
    c = int(target[0]) if target else 0
    if loss == "softmax_cross_entropy" and len(z) <= MOST_TERMS - 1:
        exps = " + ".join(f"exp({significant(v)})" for v in z)
        return f"ln({exps}) − {factor(z[c])}"
    if loss == "max_margin":
        r = _rival(z, c)
        return f"max(0, {factor(z[r])} + 1 − {factor(z[c])})"
    return ""


def delta_numbers(loss: str, j: int, z: list[float], target: list[float]) -> str:
    """Return δ = ∂E/∂z of output unit j for a loss that reads z, with its numbers."""
    if loss == "log":
        return f"{significant(_sigmoid(z[j]))} − {significant(target[j])}"
    if loss == "hinge":
        margin = target[j] * z[j]
        return (f"y_t·z = {significant(margin)} < 1, so −y_t" if margin < 1
                else f"y_t·z = {significant(margin)} ≥ 1, so 0")
    c = int(target[0])
    if loss == "softmax_cross_entropy":
        p = float(softmax(np.array([z]))[0, j])
        return f"{significant(p)} − {1 if j == c else 0}"
    if loss == "max_margin":
        r = _rival(z, c)
        if z[r] + 1 - z[c] <= 0:
            return "the right class wins by ≥ 1, so 0"
        return {c: "the right class: −1", r: "the strongest wrong class: +1"}.get(
            j, "neither the right class nor the strongest wrong one: 0")
    return ""
