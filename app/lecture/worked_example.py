"""The worked example's view model: the lecture's chain rule for one weight and one training point.

Reads the session's choice (config.example_point, config.example_weight), asks the engine for
every number (engine/explain.py: explain_weight) and lays the chain out as rows (chain_rows.py) —
symbol, formula, the formula with the numbers put in, value — in the lecture's notation:
    z = Σ x·w + b,  y_p = φ(z),  E,  ∂E/∂y_p,  ∂y_p/∂z = φ'(z),  ∂z/∂w = x,  ∂E/∂w,  Δw = −α ∂E/∂w
`apply_step` applies Δw to that one weight (one weight, one example: not a training step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from app.engine import FEATURES, MLP, Trainer
from app.engine.explain import ChainStep, explain_weight
from app.lecture import chain_rows
from app.lecture.chain_rows import Row, Upstream
from app.lecture.numbers import distinct_digits, factor, signed, significant
from app.session.run import Run

CLASS_NAMES = ("orange", "blue")  # binary classes as the boundary plot colours them


@dataclass(frozen=True)
class StepResult:
    """What one press of the panel's step did: the weight and this example's E, before and after."""

    before: ChainStep

    @property
    def lines(self) -> dict[str, str]:
        """Return the before/after numbers, with enough digits to tell each pair apart."""
        b = self.before
        wd, ed = distinct_digits(b.w, b.new_w), distinct_digits(b.E, b.new_E)
        return {"w": significant(b.w, wd), "delta_w": factor(b.delta_w, wd),
                "new_w": significant(b.new_w, wd), "E": significant(b.E, ed),
                "new_E": significant(b.new_E, ed), "change_E": signed(b.new_E - b.E)}


@dataclass(frozen=True)
class WorkedExample:
    """Everything templates/partials/worked_example.html shows (`reason` set: nothing to show)."""

    reason: str | None = None
    point: int = 0
    n_train: int = 0
    weight: str = "0,0,0"
    choices: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    about_point: str = ""
    xy: tuple[float, float] = (0.0, 0.0)  # the point on the output plot (X₁, X₂)
    weight_label: str = ""
    unit: str = ""
    hidden: bool = False
    forward: list[Row] = field(default_factory=list)
    backward: list[Row] = field(default_factory=list)
    upstream: Upstream = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    zero_gradient: str = ""  # why ∂E/∂w = 0 for this point, when it is
    chain: ChainStep | None = None
    step: StepResult | None = None


def unit_names(net: MLP, features: Sequence[str]) -> list[list[str]]:
    """Return names[0] = the inputs (feature labels), names[l + 1] = layer l's units (h1,2, y_p)."""
    names = [[FEATURES[k].label for k in features]]
    last = len(net.sizes) - 2
    for layer, size in enumerate(net.sizes[1:]):
        if layer == last:
            names.append(["y_p"] if size == 1 else [f"y_p{j + 1}" for j in range(size)])
        else:
            names.append([f"h{layer + 1},{j + 1}" for j in range(size)])
    return names


def weight_choices(net: MLP, features: Sequence[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the weights grouped by layer: (group label, [(value "l,i,j", "w[l]: a → b")])."""
    names, groups = unit_names(net, features), []
    for layer, (n_in, n_out) in enumerate(zip(net.sizes[:-1], net.sizes[1:], strict=True)):
        kind = "output" if layer == len(net.sizes) - 2 else f"hidden layer {layer + 1}"
        source = "inputs" if layer == 0 else f"hidden layer {layer}"
        options = [(f"{layer},{i},{j}", f"w[{layer}]: {names[layer][i]} → {names[layer + 1][j]}")
                   for j in range(n_out) for i in range(n_in)]
        groups.append((f"w[{layer}]: {source} → {kind}", options))
    return groups


def _choice(run: Run, net: MLP) -> tuple[int, tuple[int, int, int], list[str]]:
    """Return the chosen point and weight, moved into range (with a note saying so)."""
    notes, n_train = [], len(run.x_train)
    point, (layer, i, j) = run.config.example_point, run.config.example_weight
    if point >= n_train:
        notes.append(f"Point #{point} does not exist ({n_train} training points): showing "
                     f"#{n_train - 1}.")
        point = n_train - 1
    if not (layer < len(net.weights) and i < net.sizes[layer] and j < net.sizes[layer + 1]):
        notes.append("That weight is not in this network: showing the first one.")
        layer = i = j = 0
    return point, (layer, i, j), notes


def _chain(run: Run) -> tuple[MLP, int, ChainStep, list[str]]:
    """Return the network, the point and the engine's chain for the session's choice."""
    net, trainer = run.model, run.trainer
    assert isinstance(net, MLP) and isinstance(trainer, Trainer)  # callers check unavailable()
    point, (layer, i, j), notes = _choice(run, net)
    chain = explain_weight(net, run.x_train[point], trainer.t_train[point], trainer.loss_name,
                           layer, i, j, trainer.optimizer.learning_rate)
    return net, point, chain, notes


def unavailable(run: Run) -> str | None:
    """Return why this run has no worked example (the perceptron), or None."""
    if not isinstance(run.model, MLP):
        return ("The perceptron's step unit has φ'(z) = 0 almost everywhere, so there is no "
                "chain rule to follow: switch the model to the multilayer perceptron.")
    if not len(run.dataset.x_train):
        return "No training points yet: draw some on the output plot."
    return None


def build(run: Run, step: StepResult | None = None) -> WorkedExample:
    """Return the worked example for the session's point and weight, after `step` if given."""
    reason = unavailable(run)
    if reason is not None:
        return WorkedExample(reason=reason)
    net, point, chain, notes = _chain(run)
    features = run.config.features
    names = unit_names(net, features)
    layer, i, j = chain.layer, chain.i, chain.j
    forward, backward, upstream = chain_rows.rows(net, run.x_train[point], chain, names)
    return WorkedExample(
        point=point, n_train=len(run.x_train), weight=f"{layer},{i},{j}",
        choices=weight_choices(net, features), about_point=_about(run, point),
        xy=(float(run.dataset.x_train[point][0]), float(run.dataset.x_train[point][1])),
        weight_label=f"w[{layer}]: {names[layer][i]} → {names[layer + 1][j]}",
        unit=names[layer + 1][j], hidden=layer < chain.n_layers - 1, forward=forward,
        backward=backward, upstream=upstream,
        notes=notes + _context_notes(run), zero_gradient=_zero_gradient(chain, names[layer][i]),
        chain=chain,
        step=step)


def apply_step(run: Run) -> StepResult:
    """Apply Δw = −α ∂E/∂w to the chosen weight alone (in place) and return what it did."""
    net, _, chain, _ = _chain(run)
    net.weights[chain.layer][chain.i, chain.j] = chain.new_w
    return StepResult(chain)


def _about(run: Run, point: int) -> str:
    """Return the point's coordinates and class (or target value) in words."""
    x1, x2 = (significant(float(v), 3) for v in run.dataset.x_train[point])
    label = run.dataset.y_train[point]
    n_classes = run.config.n_classes
    if n_classes == 0:
        what = f"target value {significant(float(label), 3)}"
    elif n_classes == 2:
        what = f"class {int(label)} ({CLASS_NAMES[int(label)]})"
    else:
        what = f"class {int(label)}"
    return f"X₁ = {x1}, X₂ = {x2}: {what}"


def _zero_gradient(chain: ChainStep, source: str) -> str:
    """Return why ∂E/∂w is 0 for this point, when it is: which factor of the chain vanished."""
    if chain.dE_dw != 0:
        return ""
    if chain.dz_dw == 0:
        why = f"x = 0: {source} sends nothing along this weight"
    elif chain.dy_dz == 0:
        why = "φ'(z) = 0: the unit is off or saturated here, so no gradient passes through it"
    elif chain.dE_dy == 0 and chain.upstream:
        why = "nothing comes back from the layer above (every wⱼₖ·δₖ sums to 0)"
    else:
        why = "the loss is flat here: the point is already on the right side, with a margin"
    return f"∂E/∂w = 0 for this point — {why}. A step leaves w as it is."


def _context_notes(run: Run) -> list[str]:
    """Return what differs between this one-weight step and the training the page runs."""
    config, trainer, notes = run.config, run.trainer, []
    if config.optimizer != "sgd":
        notes.append(f"Training uses {config.optimizer}; this step is the lecture's plain "
                     "gradient descent, Δw = −α ∂E/∂w.")
    if config.regularization != "none" and config.regularization_rate > 0:
        notes.append("The regularisation penalty's gradient is left out of the chain.")
    if config.dropout > 0:
        notes.append("Dropout is off here, as when the network is evaluated.")
    size = getattr(trainer, "batch_size", 1)
    if size > 1:
        notes.append(f"Training averages ∂E/∂w over {size} examples and moves every weight at "
                     "once; here one example moves one weight.")
    if isinstance(run.model, MLP) and not np.isfinite(run.model.params).all():
        notes.append("The network diverged: its numbers are not finite.")
    return notes
