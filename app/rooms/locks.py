"""Locked knobs: which settings a lecturer may lock, and a student's change checked against them.

A locked knob keeps the value the lecturer pushed. The page disables its controls (static/room.js),
so the form leaves it out; a form that leaves it out keeps the current value (keep_locked), and
one that sends another value is refused with a message naming the knob (refuse_locked), which
the session's apply turns into a 422 with the run untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from app.config import Config, knob, raw_from_pairs, to_query
from app.validation import ConfigError

# the knobs of the main page a lecturer may lock, in page order
LOCKABLE = ("dataset", "problem", "train_fraction", "noise", "batch_size", "features",
            "hidden_layers", "learning_rate", "activation", "regularization",
            "regularization_rate", "model", "optimizer", "loss", "init", "dropout", "batch_mode")


def lockable(names: Iterable[str]) -> tuple[str, ...]:
    """Return the lockable names among names, in page order (others are dropped)."""
    wanted = set(names)
    return tuple(n for n in LOCKABLE if n in wanted)


def label(name: str) -> str:
    """Return a knob's label as people read it."""
    return knob(name).label


def keep_locked(raw: dict[str, str], current: Config, locked: Iterable[str]) -> dict[str, str]:
    """Return form values where each locked knob the form left out keeps its current value."""
    names = [n for n in locked if n not in raw]
    if not names:
        return raw
    now = raw_from_pairs(parse_qsl(to_query(current), keep_blank_values=True))
    return {**raw, **{n: now[n] for n in names if n in now}}


def refuse_locked(new: Config, current: Config, locked: Iterable[str]) -> Config:
    """Return new when it leaves every locked knob as it is.

    Raises:
        ConfigError: naming each locked knob the change would move.
    """
    moved = [n for n in locked if getattr(new, n) != getattr(current, n)]
    if moved:
        raise ConfigError([f"{label(n)} is locked by the lecturer: it stays "
                           f"{_shown(getattr(current, n))}" for n in moved])
    return new


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
