"""Training while the page plays: play, pause, step one epoch, and the poll that advances a run."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.web import views
from app.web.poll_form import parse_poll
from app.web.poll_turns import turns
from app.web.routes.browser import reply, respond
from app.web.routes.dependencies import LiveSession, live_session, training_budget
from app.web.routes.room_access import binding, card_if_due, publish, refuse_held

router = APIRouter()
Token = Annotated[str, Form(max_length=64)]  # what the page's charts hold (views.token)
Since = Annotated[int, Form(ge=-1)]  # the last epoch the page's curves hold (-1: none)
Show = Annotated[str, Form(max_length=16)]  # the neuron the pointer rests on (views.frame)
# the open hidden-space panel's layer (0: the panel is closed) and axes (hidden_space.resolve)
HiddenLayer = Annotated[int, Form(ge=0, le=64)]
HiddenAxes = Annotated[str, Form(max_length=8)]


def hidden(layer: int, axes: str) -> views.Hidden | None:
    """Return what the hidden-space panel asks a frame for, or None while it is closed."""
    return (layer, axes) if layer else None


@router.post("/play", response_class=HTMLResponse)
def play(request: Request, session: LiveSession) -> Response:
    """Start polling (the page advances the run); a stopped run says why instead. In a room
    that holds play until the lecturer starts it: 409."""
    refuse_held(request, session)
    return respond(request, session, session.play, views.playing_update)


@router.post("/pause", response_class=HTMLResponse)
def pause(request: Request, session: LiveSession) -> Response:
    """Stop polling: the run waits, nothing trains in the background."""
    return respond(request, session, session.pause, views.playing_update)


@router.post("/step", response_class=HTMLResponse)
def step(request: Request, session: LiveSession, token: Token = "", since: Since = -1,
         show: Show = "", hidden_layer: HiddenLayer = 0, hidden_axes: HiddenAxes = "") -> Response:
    """Pause and train to the end of the current epoch (a whole one unless a poll stopped
    inside it): the epoch counter moves on by one."""
    return respond(request, session, session.step, lambda view: views.training_update(
        view, token, since, force_controls=True, show=show,
        hidden=hidden(hidden_layer, hidden_axes)))


async def poll(request: Request) -> Response:
    """Advance a playing run by `speed` epochs (time-bounded) and return what changed, with the
    poller when the page should poll at another cadence (training_gate).

    It runs on the event loop's own thread, not the thread pool: a poll is a few milliseconds
    of NumPy and rendering, and handing each one to a pool thread made the threads fight for
    the GIL (a class of 32 saw a third fewer epochs). Polls that train take turns, one per turn
    of the loop, in arrival order (poll_turns).
    A plain route (poll_form: FastAPI's dependency solving cost more than the poll itself).
    """
    form = parse_poll(await request.body())
    session = await live_session(request)
    budget = await training_budget(request)
    seat = binding(request, session)  # in a room: a card for the lecturer's gallery, when due
    # a poll that will train waits for its turn (poll_turns); a paused run's only renders
    async with turns() if session.playing else nullcontext():
        body, card = session.poll(budget, lambda view: (views.poll_update(
            view, form.token, form.since, form.show, hidden(form.hidden_layer, form.hidden_axes),
            form.cadence), card_if_due(request, seat, view)))
    publish(request, seat, card)
    return reply(request, body, session)


router.add_route("/poll", poll, methods=["POST"])
