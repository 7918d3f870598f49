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
from app.session.session import ConfigUpdate, Session, SessionView
from app.validation import ConfigError
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.browser import back_to_page, reply
from app.web.routes.dependencies import LiveSession

router = APIRouter()
PointField = Annotated[str | None, Form(max_length=12)]  # validated by the Config schema
WeightField = Annotated[str | None, Form(max_length=40)]


def fragment(view: SessionView, step: worked_example.StepResult | None = None,
             messages: Sequence[str] = ()) -> str:
    """Return the #worked_example region for the session (after `step`, if one was applied)."""
    ctx = {"example": worked_example.build(view.run, step), "messages": list(messages)}
    return views.render("partials/worked_example.html", ctx)


def choice(point: str | None, weight: str | None) -> ConfigUpdate:
    """Return the update that puts the chosen point and weight into the session's config."""
    changes = {name: value for name, value in (("example_point", point),
                                               ("example_weight", weight)) if value is not None}
    return lambda config: parse({**config.model_dump(), **changes}) if changes else config


def _shared(view: SessionView, body: str) -> tuple[str, str]:
    """Return body plus the share link out-of-band, and the URL for the address bar."""
    query = to_query(view.run.config)
    return body + views.region("share", {"query": query}, oob=True), "/?" + query


def _answer(request: Request, session: Session, drawn: tuple[str, str]) -> Response:
    body, url = drawn
    return reply(request, body, session, replace_url=url)


def _refused(request: Request, session: Session, exc: ConfigError) -> Response:
    """Reply 422 with the panel naming what was invalid (nothing changed)."""
    body = session.read(lambda view: fragment(view, messages=exc.messages))
    return reply(request, body, session, status=422)


@router.get("/explain", response_class=HTMLResponse)
def show(request: Request, session: LiveSession) -> Response:
    """Return the worked example for the session's point and weight, with today's numbers."""
    if not is_htmx(request):
        return back_to_page(request, session)
    return reply(request, session.read(fragment), session)


@router.post("/explain", response_class=HTMLResponse)
def select(request: Request, session: LiveSession, example_point: PointField = None,
           example_weight: WeightField = None) -> Response:
    """Choose the training point and/or the weight; an invalid one is named in the panel (422)."""
    try:
        drawn = session.apply(choice(example_point, example_weight),
                              lambda view: _shared(view, fragment(view)))
    except ConfigError as exc:
        return _refused(request, session, exc) if is_htmx(request) else back_to_page(
            request, session)
    return _answer(request, session, drawn) if is_htmx(request) else back_to_page(
        request, session)


def _stepped(view: SessionView, result: worked_example.StepResult | None) -> tuple[str, str]:
    """Return the panel after a step; when the weights changed, the plot and transport too."""
    body = fragment(view, result)
    if result is not None:
        ctx = views.context(view)
        body += "".join(views.region(name, ctx, oob=True) for name in ("frame", "transport",
                                                                        "poller"))
    return _shared(view, body)


@router.post("/explain/step", response_class=HTMLResponse)
def step(request: Request, session: LiveSession, example_point: PointField = None,
         example_weight: WeightField = None) -> Response:
    """Pause, apply Δw = −α ∂E/∂w to the chosen weight for the chosen point, and redraw."""
    try:
        drawn = session.step_example(choice(example_point, example_weight), _stepped)
    except ConfigError as exc:
        return _refused(request, session, exc) if is_htmx(request) else back_to_page(
            request, session)
    return _answer(request, session, drawn) if is_htmx(request) else back_to_page(
        request, session)


@router.get("/explorer", response_class=HTMLResponse)
def explore(request: Request, session: LiveSession,
            layer: Annotated[int, Query(ge=1, le=64)] = 1) -> Response:
    """Return the explorer: φ and φ', hidden layer `layer`'s pre-activations, the losses."""
    if not is_htmx(request):
        return back_to_page(request, session)
    body = session.read(lambda view: views.render(
        "partials/explorer.html", {"explorer": explorer.build(view.run, layer)}))
    return reply(request, body, session)
