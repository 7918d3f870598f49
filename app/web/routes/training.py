"""Training while the page plays: play, pause, step one epoch, and the poll that advances a run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.session.run import advance
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.browser import (
    back_to_page,
    live_session,
    reply,
    training_budget,
)

router = APIRouter()
Token = Annotated[str, Form(max_length=64)]  # what the page's charts hold (views.token)
Since = Annotated[int, Form(ge=-1)]  # the last epoch the page's curves hold (-1: none)
Show = Annotated[str, Form(max_length=16)]  # the neuron the pointer rests on (views.frame)


def _set_playing(request: Request, playing: bool) -> Response:
    session = live_session(request)
    with session.lock:
        session.playing = playing and session.run.trainer.running
        if not is_htmx(request):
            return back_to_page(request, session)
        return reply(request, views.playing_update(session), session)


@router.post("/play", response_class=HTMLResponse)
def play(request: Request) -> Response:
    """Start polling (the page advances the run); a stopped run says why instead."""
    return _set_playing(request, True)


@router.post("/pause", response_class=HTMLResponse)
def pause(request: Request) -> Response:
    """Stop polling: the run waits, nothing trains in the background."""
    return _set_playing(request, False)


@router.post("/step", response_class=HTMLResponse)
def step(request: Request, token: Token = "", since: Since = -1, show: Show = "") -> Response:
    """Pause and train exactly one epoch."""
    session = live_session(request)
    with session.lock:
        session.playing = False
        advance(session.run, 1)
        if not is_htmx(request):
            return back_to_page(request, session)
        return reply(request, views.training_update(session, token, since, True, show), session)


@router.post("/poll", response_class=HTMLResponse)
def poll(request: Request, token: Token = "", since: Since = -1, show: Show = "") -> Response:
    """Advance a playing run by `speed` epochs (time-bounded) and return what changed."""
    session = live_session(request)
    body = views.render_poll(session, token, since, show, training_budget(request))
    return reply(request, body, session)
