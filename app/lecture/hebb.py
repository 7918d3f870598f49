"""Hebb's rule (1949) on a small pattern set: Δw = η·x·y, one pattern at a time.

"Cells that fire together wire together": each weight grows by η·xᵢ·y when its input xᵢ and the
output y are active together. The output y is the one the pattern asks for (the teacher makes
the unit fire), so the rule has no error term: unlike the perceptron's Δw = α·(y_t − y_p)·x it
never asks whether the unit was already right, and the weights grow by the same amount every
epoch, without bound, long after every pattern is classified.

A pattern is x = (x0, x1, x2) with x0 = 1 the bias input (as in the lecture's perceptron table)
and its output y. The unit's answer is sign(w·x) (bipolar sets) or step (0/1 sets). Everything
is replayed from zero: `steps` patterns presented in order, so a URL reproduces the state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.validation import ConfigError, error_messages

Vector = tuple[float, ...]
MAX_STEPS = 400
LEARNING_RATES = (0.1, 0.5, 1.0)


@dataclass(frozen=True)
class PatternSet:
    """Patterns x (x0 = 1 first) with their outputs y, and how the unit answers (bipolar)."""

    key: str
    label: str
    patterns: tuple[tuple[Vector, int], ...]
    bipolar: bool

    def answer(self, w: Vector, x: Vector) -> int:
        """Return the unit's output for x: sign(w·x) ∈ {−1, +1}, or step(w·x) ∈ {0, 1}."""
        z = dot(w, x)
        return (1 if z > 0 else -1) if self.bipolar else int(z > 0)


def _bipolar(truth: tuple[int, int, int, int]) -> tuple[tuple[Vector, int], ...]:
    inputs = ((1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0))
    return tuple(((1.0, *x), y) for x, y in zip(inputs, truth, strict=True))


PATTERN_SETS: dict[str, PatternSet] = {
    "and": PatternSet("and", "AND, bipolar (±1)", _bipolar((1, -1, -1, -1)), True),
    "or": PatternSet("or", "OR, bipolar (±1)", _bipolar((1, 1, 1, -1)), True),
    "and01": PatternSet("and01", "AND, binary (0/1)", tuple(
        ((1.0, float(a), float(b)), int(a and b)) for a, b in ((1, 1), (1, 0), (0, 1), (0, 0))),
        False),
}


class HebbSettings(BaseModel):
    """What the Hebb view shows: the pattern set, η, and how many patterns were presented."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    patterns: str = "and"
    learning_rate: float = 1.0
    steps: Annotated[int, Field(ge=0, le=MAX_STEPS)] = 0

    @field_validator("patterns")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in PATTERN_SETS:
            raise ValueError(f"unknown {value!r}; choose one of {', '.join(PATTERN_SETS)}")
        return value

    @field_validator("learning_rate")
    @classmethod
    def _rate(cls, value: float) -> float:
        if value not in LEARNING_RATES:
            raise ValueError(f"choose one of {', '.join(f'{r:g}' for r in LEARNING_RATES)}, "
                             f"got {value:g}")
        return value


def parse(raw: dict[str, Any]) -> HebbSettings:
    """Return the settings a query describes.

    Raises:
        ConfigError: one readable line per bad or unknown value.
    """
    try:
        return HebbSettings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(error_messages(exc.errors(include_url=False))) from None


def dot(w: Vector, x: Vector) -> float:
    """Return w·x."""
    return sum(a * b for a, b in zip(w, x, strict=True))


def norm(w: Vector) -> float:
    """Return ‖w‖."""
    return math.sqrt(dot(w, w))


@dataclass(frozen=True)
class Step:
    """One presentation: which pattern, its x and y, the change Δw = η·x·y and w after it."""

    number: int
    pattern: int
    x: Vector
    y: int
    delta: Vector
    weights: Vector


def train(settings: HebbSettings) -> list[Step]:
    """Return every presentation from w = 0, patterns in order, `steps` of them."""
    chosen = PATTERN_SETS[settings.patterns]
    w: Vector = (0.0, 0.0, 0.0)
    out = []
    for number in range(1, settings.steps + 1):
        index = (number - 1) % len(chosen.patterns)
        x, y = chosen.patterns[index]
        delta = tuple(settings.learning_rate * xi * y for xi in x)
        w = tuple(round(a + d, 10) for a, d in zip(w, delta, strict=True))
        out.append(Step(number, index, x, y, delta, w))
    return out


def weights_after(settings: HebbSettings, steps: list[Step], epochs: int) -> Vector | None:
    """Return w after `epochs` whole epochs, or None when fewer patterns were presented."""
    n = epochs * len(PATTERN_SETS[settings.patterns].patterns)
    return steps[n - 1].weights if 0 < n <= len(steps) else None


@dataclass(frozen=True)
class Check:
    """One of the lesson's checks: what it asks, whether it holds, and why."""

    text: str
    passed: bool
    detail: str


def checks(settings: HebbSettings, steps: list[Step]) -> list[Check]:
    """Return the lesson's two checks: after one epoch the weights classify every pattern; after
    two, ‖w‖ has doubled although nothing was wrong (no error term: the growth never stops)."""
    chosen = PATTERN_SETS[settings.patterns]
    one, two = weights_after(settings, steps, 1), weights_after(settings, steps, 2)
    if one is None:
        first = Check("after one epoch, w classifies every pattern", False,
                      "present one whole epoch (4 patterns)")
    else:
        right = sum(chosen.answer(one, x) == y for x, y in chosen.patterns)
        first = Check("after one epoch, w classifies every pattern", right == len(chosen.patterns),
                      f"{right} of {len(chosen.patterns)} right with w = {fmt(one)}")
    if one is None or two is None:
        second = Check("the weights still grow once every pattern is right", False,
                       "present a second epoch")
    else:
        ratio = norm(two) / norm(one) if norm(one) else math.inf
        second = Check("the weights still grow once every pattern is right",
                       first.passed and math.isclose(ratio, 2.0),
                       f"‖w‖ = {norm(one):.3g} after one epoch, {norm(two):.3g} after two "
                       f"(×{ratio:.3g})")
    return [first, second]


def fmt(w: Vector) -> str:
    """Return a weight vector as the page shows it: (−2, 2, 2)."""
    return "(" + ", ".join(f"{v:g}".replace("-", "−") for v in w) + ")"
