"""The McCulloch–Pitts unit (1943): binary inputs, weights ±1, a threshold, an all-or-none output.

The lecture quotes the paper: "At any instant a neuron has some threshold, which excitation must
exceed to initiate an impulse." So the unit fires, y = 1, when its excitation Σ wᵢ·xᵢ exceeds the
threshold θ (Σ wᵢ·xᵢ > θ), else y = 0; an input with weight +1 is excitatory, −1 inhibitory.
Nothing is learned: the student sets the weights and θ by hand to make AND, OR and NOT, and the
lesson's check passes when a unit's truth table matches its gate's on every row.

The settings travel as a URL query, one key per knob: and_w1, and_w2, and_threshold, or_w1, …,
not_w1, not_threshold (McCullochPitts below: defaults, ranges, readable errors).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.validation import ConfigError, error_messages

MAX_THRESHOLD = 3


@dataclass(frozen=True)
class Gate:
    """A logic gate the student builds: its name, its number of inputs, its truth function."""

    key: str
    label: str
    n_inputs: int
    truth: Callable[[tuple[int, ...]], int]


GATES: dict[str, Gate] = {
    "and": Gate("and", "AND", 2, lambda x: int(all(x))),
    "or": Gate("or", "OR", 2, lambda x: int(any(x))),
    "not": Gate("not", "NOT", 1, lambda x: int(not x[0])),
}

Weight = Annotated[int, Field(ge=-1, le=1)]
Threshold = Annotated[int, Field(ge=-MAX_THRESHOLD, le=MAX_THRESHOLD)]


class McCullochPitts(BaseModel):
    """The three units' settings. The defaults (every weight +1, θ = 2: the unit never fires)
    make none of the gates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    and_w1: Weight = 1
    and_w2: Weight = 1
    and_threshold: Threshold = 2
    or_w1: Weight = 1
    or_w2: Weight = 1
    or_threshold: Threshold = 2
    not_w1: Weight = 1
    not_threshold: Threshold = 2

    @field_validator("and_w1", "and_w2", "or_w1", "or_w2", "not_w1")
    @classmethod
    def _plus_or_minus_one(cls, value: int) -> int:
        if value not in (-1, 1):
            raise ValueError(f"a weight is −1 (inhibitory) or +1 (excitatory), got {value}")
        return value

    def unit(self, gate: str) -> Unit:
        """Return the unit the student set up for `gate`."""
        n = GATES[gate].n_inputs
        weights = tuple(int(getattr(self, f"{gate}_w{i}")) for i in range(1, n + 1))
        return Unit(weights, int(getattr(self, f"{gate}_threshold")))


def parse(raw: Mapping[str, Any]) -> McCullochPitts:
    """Return the settings a query describes (absent keys keep their defaults).

    Raises:
        ConfigError: one readable line per bad or unknown value.
    """
    try:
        return McCullochPitts.model_validate(dict(raw))
    except ValidationError as exc:
        raise ConfigError(error_messages(exc.errors(include_url=False))) from None


@dataclass(frozen=True)
class Unit:
    """One McCulloch–Pitts unit: weights wᵢ ∈ {−1, +1} and a threshold θ."""

    weights: tuple[int, ...]
    threshold: int

    def excitation(self, x: tuple[int, ...]) -> int:
        """Return Σ wᵢ·xᵢ for binary inputs x."""
        return sum(w * xi for w, xi in zip(self.weights, x, strict=True))

    def fires(self, x: tuple[int, ...]) -> int:
        """Return 1 when the excitation exceeds the threshold (all or none), else 0."""
        return int(self.excitation(x) > self.threshold)


@dataclass(frozen=True)
class Row:
    """One row of a truth table: inputs, excitation, the unit's output, the gate's output."""

    inputs: tuple[int, ...]
    excitation: int
    output: int
    wanted: int

    @property
    def right(self) -> bool:
        """Return whether the unit gives the gate's output on this row."""
        return self.output == self.wanted


@dataclass(frozen=True)
class Table:
    """A gate's truth table under the student's unit, and whether it matches on every row."""

    gate: Gate
    unit: Unit
    rows: list[Row]

    @property
    def matches(self) -> bool:
        """Return the check: the unit computes the gate (every row right)."""
        return all(row.right for row in self.rows)


def truth_table(gate: Gate, unit: Unit) -> Table:
    """Return the gate's truth table computed by the unit, inputs in counting order."""
    rows = [Row(x, unit.excitation(x), unit.fires(x), gate.truth(x))
            for x in itertools.product((0, 1), repeat=gate.n_inputs)]
    return Table(gate, unit, rows)


def tables(settings: McCullochPitts) -> list[Table]:
    """Return the three truth tables (AND, OR, NOT) under the student's settings."""
    return [truth_table(gate, settings.unit(key)) for key, gate in GATES.items()]


def verdict(found: list[Table]) -> tuple[bool, str]:
    """Return the lesson's check: reached when every table matches, and a line saying where."""
    done = [t.gate.label for t in found if t.matches]
    if len(done) == len(found):
        return True, "AND, OR and NOT all match ✓"
    if not done:
        return False, "no table matches yet"
    return False, f"{' and '.join(done)} match{'es' if len(done) == 1 else ''}; keep going"
