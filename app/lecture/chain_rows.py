"""The chain rule laid out as rows, in the lecture's notation: `symbol = formula = numbers = value`.

Forward: z = Σ x·w + b (the weight's own term marked), y_p = φ(z), the network's output for a
hidden unit, the target y_t (or class c) with its encoding in words, E. Backward: ∂E/∂y_p (from the
loss, or Σₖ wⱼₖ·δₖ back from the layer above), ∂y_p/∂z = φ'(z), δ = ∂E/∂z, ∂z/∂w = x, ∂E/∂w, Δw =
−α ∂E/∂w, w + Δw. For a loss that reads z (log, hinge, softmax, max-margin) δ comes straight from
the loss, as in engine/explain.py. Every value is the engine's; chain_text.py puts the numbers into
formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.engine import MLP
from app.engine.activations import get_activation
from app.engine.explain import ChainStep
from app.engine.losses import get_loss
from app.lecture import chain_text
from app.lecture.numbers import factor, significant

Upstream = list[tuple[str, str, str, str]]  # unit k, wⱼₖ, δₖ, wⱼₖ·δₖ (as shown)


@dataclass(frozen=True)
class Row:
    """One line of the chain: `symbol = formula = numbers = value`; key names it for tests."""

    key: str
    symbol: str
    formula: str
    numbers: str
    value: float | None  # None: the numbers say it all (several outputs or targets)
    parts: tuple[tuple[str, bool], ...] = ()  # numbers split around the marked term, if any

    @property
    def segments(self) -> tuple[tuple[str, bool], ...]:
        """Return the numbers as (text, marked) parts: the weight's own term is marked."""
        return self.parts or ((self.numbers, False),)

    @property
    def shown(self) -> str:
        """Return the value as the panel prints it."""
        return "" if self.value is None else significant(self.value)



def rows(net: MLP, x: np.ndarray, chain: ChainStep, names: list[list[str]]
         ) -> tuple[list[Row], list[Row], Upstream]:
    """Return the forward rows, the backward rows and the backpropagated terms (hidden units).

    Args:
        net: the network the chain was computed on; x: the example's inputs (n_in,).
        chain: engine/explain.py's numbers; names: unit names (worked_example.unit_names).
    """
    layer, j = chain.layer, chain.j
    zs, acts = net.forward_layers(x.reshape(1, -1))
    a_prev = x if layer == 0 else acts[layer - 1][0]
    w_col, act = net.weights[layer][:, j], get_activation(chain.activation)
    pairs = [(float(a), float(w)) for a, w in zip(a_prev, w_col, strict=True)]
    parts = chain_text.sum_parts(pairs, chain.b, chain.i)
    forward = [Row("z", "z", "Σ x·w + b", "".join(text for text, _ in parts), chain.z, parts),
               Row("y_p", "y_p = φ(z)", act.formula.removeprefix("φ(z) = "),
                   chain_text.value_numbers(chain.activation, chain.z), chain.y_p)]
    out_z, out_y = zs[-1][0].tolist(), acts[-1][0].tolist()
    target = list(chain.target)
    if chain.layer < chain.n_layers - 1:
        forward.append(Row("output", "output", "the network's prediction y_p", ", ".join(
            significant(v) for v in out_y), out_y[0] if len(out_y) == 1 else None))
    loss = get_loss(chain.loss)
    if loss.index_targets:
        forward.append(Row("target", "c", "the right class (one-hot y_t: 1 at c, 0 elsewhere)",
                           f"class {int(target[0])}", target[0]))
    else:
        forward.append(Row("target", "y_t", target_meaning(chain.loss, net.activation_names[-1],
                                                           len(target)),
                           _vector(target) if len(target) > 1 else "",
                           target[0] if len(target) == 1 else None))
    forward.append(Row("E", "E", loss.formula.removeprefix("E = "),
                       chain_text.loss_numbers(chain.loss, out_z, out_y, target), chain.E))
    return forward, *_backward(chain, names, out_z, target, act.derivative_formula)


def _backward(chain: ChainStep, names: list[list[str]], out_z: list[float], target: list[float],
              derivative: str) -> tuple[list[Row], Upstream]:
    """Return the backward rows (∂E/∂y_p … new w) and the upstream terms of a hidden unit."""
    out: list[Row] = []
    upstream: Upstream = []
    source = names[chain.layer][chain.i]
    if chain.upstream:  # hidden unit: ∂E/∂y_p comes back from the next layer's deltas
        above = names[chain.layer + 2]
        upstream = [(above[k], significant(w), significant(d), significant(w * d))
                    for k, (w, d) in enumerate(chain.upstream)]
        out.append(Row("dE_dy", "∂E/∂y_p", "Σₖ wⱼₖ·δₖ", chain_text.sum_numbers(
            list(chain.upstream)), _value(chain.dE_dy)))
    elif chain.dE_dy is not None:
        out.append(Row("dE_dy", "∂E/∂y_p", "y_p − y_t", f"{significant(chain.y_p)} − "
                        f"{factor(target[chain.j])}", chain.dE_dy))
    if chain.dy_dz is not None:
        out.append(Row("dy_dz", "∂y_p/∂z = φ'(z)", derivative.removeprefix("φ'(z) = "),
                        chain_text.derivative_numbers(chain.activation, chain.z, chain.y_p),
                        chain.dy_dz))
        out.append(Row("delta", "δ = ∂E/∂z", "∂E/∂y_p · ∂y_p/∂z",
                        f"{factor(_value(chain.dE_dy))} · {factor(chain.dy_dz)}", chain.delta))
        product = "∂E/∂y_p · ∂y_p/∂z · ∂z/∂w"
        numbers = " · ".join(factor(v) for v in (_value(chain.dE_dy), chain.dy_dz, chain.dz_dw))
    else:  # the loss reads z: δ = ∂E/∂z straight from it
        gradient = get_loss(chain.loss).gradient_formula
        rhs = gradient.split(" = ", 1)[-1]
        out.append(Row("delta", "δ = ∂E/∂z", gradient if "∂E" in rhs else rhs, chain_text.
                        delta_numbers(chain.loss, chain.j, out_z, target), chain.delta))
        product, numbers = "δ · ∂z/∂w", f"{factor(chain.delta)} · {factor(chain.dz_dw)}"
    alpha = significant(chain.learning_rate)
    what = f"the input {source}" if chain.layer == 0 else f"{source}'s output"
    out += [Row("dz_dw", "∂z/∂w", "x", what, chain.dz_dw),
             Row("dE_dw", "∂E/∂w", product, numbers, chain.dE_dw),
             Row("delta_w", "Δw", "−α · ∂E/∂w", f"−{alpha} · {factor(chain.dE_dw)}",
                 chain.delta_w),
             Row("new_w", "w + Δw", "the new weight",
                 f"{significant(chain.w)} + {factor(chain.delta_w)}", chain.new_w)]
    return out, upstream


def target_meaning(loss: str, output_activation: str, n_outputs: int) -> str:
    """Return how the desired output y_t encodes the class, in words (the lecture's 0/1 targets
    for a sigmoid, ±1 for the tanh output and hinge, one-hot for several classes)."""
    low = get_activation(output_activation).output_range[0]
    if n_outputs > 1:
        return "one-hot: 1 for the right class, 0 for the others"
    if loss == "log" or (loss == "square" and low == 0.0):
        return "the target: 1 for blue, 0 for orange (the sigmoid's range)"
    if loss == "hinge" or (loss == "square" and low == -1.0):
        return "the target: +1 for blue, −1 for orange (the class as a sign; tanh's range)"
    return "the target value"


def _vector(values: list[float]) -> str:
    return "(" + ", ".join(significant(v) for v in values) + ")"


def _value(x: float | None) -> float:
    return float("nan") if x is None else x
