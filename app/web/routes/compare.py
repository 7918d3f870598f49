"""Runs side by side: GET /compare makes one run per value of the varied knob (each a session of
its own, admitted like any new tab), and POST /compare/{play,pause,step,poll} drive them all.

The URL holds the comparison (config.comparison); the page names its runs in `runs`. Each run
trains through its own Session method, so each takes its own turn at the fair training gate and
costs exactly what a single run costs. A run that is gone (expired) is not re-created here: the
page says so and stops; opening the link again starts the comparison over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from app.config.comparison import MAX_RUNS, Comparison, from_compare_query
from app.session.run import build_run
from app.session.session import Session, SessionView
from app.session.snapshot import SnapshotError
from app.validation import ConfigError
from app.web import compare_views
from app.web.compare_views import Card
from app.web.routes.admission import admit, custom_for
from app.web.routes.browser import store, well_formed
from app.web.routes.dependencies import Budget
from app.web.views import render

router = APIRouter()
Runs = Annotated[str, Form(max_length=MAX_RUNS * 65)]  # the page's run ids, comma-separated
Tokens = Annotated[str, Form(max_length=MAX_RUNS * 65)]  # what its charts hold of each run
Since = Annotated[str, Form(max_length=MAX_RUNS * 12)]  # the last epoch they hold of each
GONE = "a run of this comparison is gone (unused too long) — open the link again to start over"


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request) -> HTMLResponse:
    """Start one run per value (epoch 0, paused) and show them side by side; a bad URL shows
    the form with each problem named (422) and starts nothing."""
    try:
        comparison = from_compare_query(request.url.query)
        points = [custom_for(request, config) for config in comparison.configs]
    except ValueError as exc:  # a bad setting (ConfigError), or drawn points no longer stored
        messages = exc.messages if isinstance(exc, ConfigError) else [str(exc)]
        return HTMLResponse(compare_views.page(None, [], [], [], messages, request.url.query),
                            status_code=422)
    for _ in comparison.configs:  # every run is admitted like a tab's before any is made
        admit(request)
    sessions = [store(request).add(build_run(config, custom=custom))
                for config, custom in zip(comparison.configs, points, strict=True)]
    cards = [Card(i, label, s.id) for i, (label, s) in enumerate(zip(comparison.labels, sessions,
                                                                      strict=True))]
    views: list[SessionView] = [s.read(lambda view: view) for s in sessions]
    frames = [compare_views.run_frame(v, c.index, c.label) for v, c in zip(views, cards,
                                                                          strict=True)]
    return HTMLResponse(compare_views.page(comparison, cards, frames, views))


def _find(request: Request, runs: str) -> tuple[Comparison, list[Card], list[Session]] | None:
    """Return the comparison, its cards and the runs' sessions, or None when the URL or any
    run is not (any more) what the page says."""
    try:
        comparison = from_compare_query(request.url.query)
    except ConfigError:
        return None
    ids = runs.split(",")
    try:
        found = [store(request).get(well_formed(sid)) for sid in ids]
    except SnapshotError:  # a run that cannot be restored is gone as well
        return None
    sessions = [s for s in found if s is not None]
    if len(sessions) != len(comparison.configs) or len(ids) != len(sessions):
        return None
    return comparison, [Card(i, label, s.id) for i, (label, s) in enumerate(
        zip(comparison.labels, sessions, strict=True))], sessions


def _gone() -> HTMLResponse:
    """Answer a page whose runs are gone: an empty frame, the reason, and the poller stopped
    (nothing is re-created)."""
    ctx = {"frame": compare_views.frame_data([]), "messages": [GONE], "playing": False,
           "query": "", "runs": ""}
    return HTMLResponse(render("partials/compare_frame.html", ctx) + "".join(
        render(f"partials/{region}.html", ctx, oob=True)
        for region in ("compare_banner", "compare_poller")))


def _listed(text: str, n: int, default: str) -> list[str]:
    parts = text.split(",") if text else []
    return (parts + [default] * n)[:n]


def _act(request: Request, runs: str, change: Callable[[Session, int, Card], Any],
         framed: bool) -> HTMLResponse:
    """Apply change(session, index, card) to every run in order; answer the frame (framed) or
    the transport."""
    found = _find(request, runs)
    if found is None:
        return _gone()
    comparison, cards, sessions = found
    results = [change(s, i, cards[i]) for i, s in enumerate(sessions)]
    frames = [frame for _, frame in results] if framed else None
    return HTMLResponse(compare_views.answer(comparison, cards, frames,
                                             [view for view, _ in results]))


@router.post("/compare/play", response_class=HTMLResponse)
def play(request: Request, runs: Runs) -> HTMLResponse:
    """Play every run (one Play drives them all); a stopped run stays paused."""
    return _act(request, runs, lambda s, i, c: s.play(lambda view: (view, None)), framed=False)


@router.post("/compare/pause", response_class=HTMLResponse)
def pause(request: Request, runs: Runs) -> HTMLResponse:
    """Pause every run."""
    return _act(request, runs, lambda s, i, c: s.pause(lambda view: (view, None)), framed=False)


def _drawn(tokens: list[str], since: list[str]) -> Callable[[SessionView, Card], Any]:
    def draw(view: SessionView, card: Card) -> tuple[SessionView, dict[str, Any]]:
        held = since[card.index]
        epoch = int(held) if held.lstrip("-").isdigit() else -1
        return view, compare_views.run_frame(view, card.index, card.label, tokens[card.index],
                                             epoch)
    return draw


@router.post("/compare/step", response_class=HTMLResponse)
def step(request: Request, runs: Runs, tokens: Tokens = "", since: Since = "") -> HTMLResponse:
    """Pause every run and train each to the end of its current epoch."""
    draw = _drawn(_listed(tokens, MAX_RUNS, ""), _listed(since, MAX_RUNS, "-1"))
    return _act(request, runs, lambda s, i, c: s.step(lambda view: draw(view, c)), framed=True)


@router.post("/compare/poll", response_class=HTMLResponse)
async def poll(request: Request, budget: Budget, runs: Runs, tokens: Tokens = "",
               since: Since = "") -> HTMLResponse:
    """Advance every playing run by its speed, each in its own fair turn at the training gate
    (on the event loop, like /poll), and return what changed of each."""
    draw = _drawn(_listed(tokens, MAX_RUNS, ""), _listed(since, MAX_RUNS, "-1"))
    return _act(request, runs, lambda s, i, c: s.poll(budget, lambda view: draw(view, c)),
                framed=True)
