"""What a render reads of a session during one locked call (session.py hands it out)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from app.session.run import Run
from app.session.training_gate import POLL_MS

R = TypeVar("R")


@dataclass(frozen=True)
class SessionView:
    """A read-only look at a session during one locked call: everything a render reads.

    run is the live run: read it, never change it. playing says whether the page plays it now,
    was_playing whether it did before this call's change; changed names the config fields this
    call changed (empty when it changed none).
    """

    id: str
    run: Run
    playing: bool
    was_playing: bool
    changed: frozenset[str] = frozenset()
    cadence_ms: int = POLL_MS


Render = Callable[[SessionView], R]
