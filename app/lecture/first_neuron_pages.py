"""What the first neurons' lesson pages show: the lesson's words and place in the lecture, its
interactive part (three truth tables; Hebb's presentations, weights and their growth) and its
check, from the settings in the page's URL. Pure: a URL always gives the same page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.lecture import hebb, mcculloch_pitts
from app.lecture.first_neurons import HEBB, MCCULLOCH_PITTS, ViewLesson
from app.lecture.lessons import TOTAL, around
from app.validation import ConfigError

CHART_W, CHART_H, PAD = 320.0, 120.0, 6.0  # the Hebb growth chart's viewBox
SHOWN_STEPS = 8  # presentations listed (the latest)


@dataclass(frozen=True)
class Page:
    """A first-neuron lesson page: its words, its number, its neighbours and its check."""

    lesson: ViewLesson
    number: int
    total: int
    previous: tuple[str, str] | None
    next: tuple[str, str] | None
    projector: bool
    reached: bool
    status: str
    messages: list[str]


def _page(lesson: ViewLesson, projector: bool, reached: bool, status: str,
          messages: list[str]) -> Page:
    number, previous, following = around(lesson.key, projector)
    return Page(lesson, number, TOTAL, previous, following, projector, reached, status, messages)


def _settings(raw: Mapping[str, str]) -> dict[str, str]:
    """Return the query without projector (a page setting, not the lesson's)."""
    return {k: v for k, v in raw.items() if k != "projector"}


def mcculloch_pitts_page(raw: Mapping[str, str], projector: bool) -> dict[str, Any]:
    """Return the McCulloch–Pitts page's context; bad values are named and the defaults shown."""
    messages: list[str] = []
    try:
        settings = mcculloch_pitts.parse(_settings(raw))
    except ConfigError as exc:
        settings, messages = mcculloch_pitts.McCullochPitts(), exc.messages
    tables = mcculloch_pitts.tables(settings)
    reached, status = mcculloch_pitts.verdict(tables)
    return {"page": _page(MCCULLOCH_PITTS, projector, reached, status, messages),
            "tables": tables, "settings": settings,
            "max_threshold": mcculloch_pitts.MAX_THRESHOLD}


def growth_points(steps: list[hebb.Step]) -> str:
    """Return the SVG polyline of ‖w‖ against the presentation number (0 at the left, from w = 0),
    scaled to the chart's viewBox."""
    norms = [0.0, *(hebb.norm(s.weights) for s in steps)]
    span_x, span_y = max(len(norms) - 1, 8), max(max(norms), 1e-9)
    return " ".join(
        f"{PAD + (CHART_W - 2 * PAD) * i / span_x:.1f},"
        f"{CHART_H - PAD - (CHART_H - 2 * PAD) * v / span_y:.1f}" for i, v in enumerate(norms))


def hebb_page(raw: Mapping[str, str], projector: bool) -> dict[str, Any]:
    """Return the Hebb page's context; bad values are named and the defaults shown."""
    messages: list[str] = []
    try:
        settings = hebb.parse(_settings(raw))
    except ConfigError as exc:
        settings, messages = hebb.HebbSettings(), exc.messages
    steps = hebb.train(settings)
    checks = hebb.checks(settings, steps)
    reached = all(c.passed for c in checks)
    done = sum(c.passed for c in checks)
    status = "both checks pass ✓" if reached else f"{done} of {len(checks)} checks pass"
    chosen = hebb.PATTERN_SETS[settings.patterns]
    n = len(chosen.patterns)
    weights = steps[-1].weights if steps else (0.0, 0.0, 0.0)
    return {"page": _page(HEBB, projector, reached, status, messages), "settings": settings,
            "pattern_set": chosen, "pattern_sets": hebb.PATTERN_SETS,
            "learning_rates": hebb.LEARNING_RATES, "steps": steps[-SHOWN_STEPS:],
            "count": len(steps), "epochs": len(steps) // n, "next_pattern": len(steps) % n,
            "weights": weights, "answers": [chosen.answer(weights, x) for x, _ in chosen.patterns],
            "checks": checks, "fmt": hebb.fmt, "norm": hebb.norm(weights),
            "next_step": min(len(steps) + 1, hebb.MAX_STEPS),
            "next_epoch": min(len(steps) + n - len(steps) % n, hebb.MAX_STEPS),
            "max_steps": hebb.MAX_STEPS, "growth": growth_points(steps),
            "chart": {"width": CHART_W, "height": CHART_H}}
