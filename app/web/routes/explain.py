"""The lecture's live panels: the worked example — show it (GET /explain), choose its point and
weight (POST /explain), apply its one-weight step (POST /explain/step); the choice is part of the
session's config — and the activation and loss explorer (GET /explorer)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.config import parse, to_query
from app.lecture import explorer, worked_example
from app.session.store import Session, change_settings
from app.validation import ConfigError
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.browser import back_to_page, live_session, page_url, reply

router = APIRouter()
PointField = Annotated[str | None, Form(max_length=12)]  # validated by the Config schema
WeightField = Annotated[str | None, Form(max_length=40)]


def fragment(session: Session, step: worked_example.StepResult | None = None,
             messages: Sequence[str] = ()) -> str:
    """Return the #worked_example region for the session (after `step`, if one was applied)."""
    ctx = {"example": worked_example.build(session.run, step), "messages": list(messages)}
    return views.render("partials/worked_example.html", ctx)


def choose(session: Session, point: str | None, weight: str | None) -> list[str]:
    """Put the chosen point and weight into the session's config; return what was invalid."""
    changes = {name: value for name, value in (("example_point", point),
                                               ("example_weight", weight)) if value is not None}
    if not changes:
        return []
    try:
        config = parse({**session.run.config.model_dump(), **changes})
    except ConfigError as exc:
        return exc.messages
    change_settings(session, config)  # a "view" change: the run goes on untouched
    return []


def _answer(request: Request, session: Session, body: str, errors: list[str]) -> Response:
    """Reply with the fragment plus the share link out-of-band, pushing the new URL."""
    config = session.run.config
    if errors:
        return reply(request, body, session, status=422)
    body += views.region("share", {"query": to_query(config)}, oob=True)
    return reply(request, body, session, push_url=page_url(config))


@router.get("/explain", response_class=HTMLResponse)
def show(request: Request) -> Response:
    """Return the worked example for the session's point and weight, with today's numbers."""
    session = live_session(request)
    if not is_htmx(request):
        return back_to_page(request, session)
    with session.lock:
        return reply(request, fragment(session), session)


@router.post("/explain", response_class=HTMLResponse)
def select(request: Request, example_point: PointField = None,
           example_weight: WeightField = None) -> Response:
    """Choose the training point and/or the weight; an invalid one is named in the panel (422)."""
    session = live_session(request)
    with session.lock:
        errors = choose(session, example_point, example_weight)
        if not is_htmx(request):
            return back_to_page(request, session)
        return _answer(request, session, fragment(session, messages=errors), errors)


@router.post("/explain/step", response_class=HTMLResponse)
def step(request: Request, example_point: PointField = None,
         example_weight: WeightField = None) -> Response:
    """Pause, apply Δw = −α ∂E/∂w to the chosen weight for the chosen point, and redraw."""
    session = live_session(request)
    with session.lock:
        errors = choose(session, example_point, example_weight)
        result = None
        if not errors and worked_example.unavailable(session.run) is None:
            session.playing = False
            result = worked_example.apply_step(session.run)
        if not is_htmx(request):
            return back_to_page(request, session)
        body = fragment(session, result, errors)
        if result is not None:  # the weights changed: the plot and the transport follow
            ctx = views.context(session)
            body += "".join(views.region(name, ctx, oob=True)
                            for name in ("frame", "transport", "poller"))
        return _answer(request, session, body, errors)


@router.get("/explorer", response_class=HTMLResponse)
def explore(request: Request, layer: Annotated[int, Query(ge=1, le=64)] = 1) -> Response:
    """Return the explorer: φ and φ', hidden layer `layer`'s pre-activations, the losses."""
    session = live_session(request)
    if not is_htmx(request):
        return back_to_page(request, session)
    with session.lock:
        ctx = {"explorer": explorer.build(session.run, layer)}
        return reply(request, views.render("partials/explorer.html", ctx), session)
