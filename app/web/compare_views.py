"""Runs side by side -> HTML: the /compare page and the answers to its play, pause, step and poll.

Each run is a session of its own in the session store (trained through the same fair gate as any
tab's); the page names them in its requests (`runs`, comma-separated ids, in order) with what its
charts hold of each (`tokens`, `since`). A run's part of a frame is whole or a delta exactly as on
the main page (views.token); static/compare.js draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from app.config import to_query
from app.config.comparison import DEFAULT_VALUES, KEYS, MAX_RUNS, VARIES, Comparison
from app.config.schema import knob
from app.figures import comparison as figures
from app.figures import curves
from app.session.session import SessionView
from app.session.training_gate import POLL_MS
from app.web.views import render, token

RUN_CLASSES = tuple(f"r{i}" for i in range(MAX_RUNS))  # each run's colour (static/compare.css)


@dataclass(frozen=True)
class Card:
    """One run's place on the page: its index (colour), its name and its session's id."""

    index: int
    label: str
    session_id: str


def _text(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.1f} %" if percent else f"{value:.3f}"


def run_frame(view: SessionView, index: int, label: str, have_token: str = "",
              since: int = -1) -> dict[str, Any]:
    """Return run `index`'s part of a frame: epoch, its numbers as shown, whether it plays or
    why it stopped, and its figures whole (a page that holds another token, or none) or the
    delta after `since`."""
    run = view.run
    numbers = figures.stats(run)
    out: dict[str, Any] = {
        "token": token(run), "epoch": run.epoch, "playing": view.playing,
        "stopped": run.trainer.stopped_reason,
        "stats": {name: _text(value, name.endswith("accuracy"))
                  for name, value in numbers.items()}}
    if have_token != out["token"] or since < 0:
        out.update(figures.whole(run, index, label))
    else:
        out.update(figures.delta(run, since))
    return out


def frame_data(runs: Sequence[dict[str, Any]], loss_name: str = "loss") -> dict[str, Any]:
    """Return the frame the page reads: every run's part and the loss chart's layout."""
    return {"runs": list(runs), "layout": figures.loss_layout(loss_name)}


def cadence(views: Sequence[SessionView]) -> int:
    """Return how many ms the page waits between polls: the slowest cadence the server gives its
    runs (one poll trains them all, each counted at the gate as a page of its own)."""
    return max((v.cadence_ms for v in views), default=POLL_MS)


def _context(comparison: Comparison | None, cards: Sequence[Card], frame: dict[str, Any],
             playing: bool, messages: Sequence[str], raw_query: str = "",
             cadence_ms: int = POLL_MS) -> dict[str, Any]:
    query = comparison.query() if comparison is not None else ""
    base = to_query(comparison.base) if comparison is not None else raw_query
    return {"comparison": comparison, "cards": list(cards), "frame": frame, "playing": playing,
            "messages": list(messages), "query": query,
            "runs": ",".join(c.session_id for c in cards),
            "base_query": to_query(comparison.base) if comparison is not None else "",
            "base_pairs": [(k, v) for k, v in parse_qsl(base) if k not in KEYS],
            "varies": [(name, knob(name).label) for name in VARIES],
            "default_values": DEFAULT_VALUES, "run_classes": RUN_CLASSES,
            "cadence_ms": cadence_ms}


def page(comparison: Comparison | None, cards: Sequence[Card], frames: Sequence[dict[str, Any]],
         views: Sequence[SessionView], messages: Sequence[str] = (), raw_query: str = "") -> str:
    """Return the whole /compare page (no runs, only the form keeping the URL's settings and
    the messages, when the URL was refused)."""
    name = curves.loss_name(views[0].run) if views else "loss"
    return render("compare.html", _context(comparison, cards, frame_data(frames, name),
                                           any(v.playing for v in views), messages, raw_query,
                                           cadence(views)))


def answer(comparison: Comparison, cards: Sequence[Card], frames: Sequence[dict[str, Any]] | None,
           views: Sequence[SessionView], messages: Sequence[str] = ()) -> str:
    """Return an action's answer: the frame (poll, step) or else the transport (play, pause) in
    place, and the transport, poller and messages out-of-band (a poll that finds every run
    stopped stops the poller)."""
    name = curves.loss_name(views[0].run) if views else "loss"
    ctx = _context(comparison, cards, frame_data(frames or [], name),
                   any(v.playing for v in views), messages, cadence_ms=cadence(views))
    first = "compare_frame" if frames is not None else "compare_transport"
    html = render(f"partials/{first}.html", ctx)
    return html + "".join(render(f"partials/{region}.html", ctx, oob=True) for region in (
        "compare_transport", "compare_poller", "compare_banner") if region != first)
