"""A student's routes of a room: join by code (or the QR link), their page, the light room poll
that brings the lecturer's pushes, starts and spotlight, and their vote.

A student's page is the playground around their own run (a session like any tab's) with the room
bar on top, at /room/<code>/seat/<seat>. Opening it again (a reload, another tab) gives the seat a
copy of its run under a new id, as the playground does: the seat follows its latest page. The room
poll applies what the lecturer pushed to this run through its Session methods (load, play).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, cast

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from app.config import Config, from_query
from app.rooms import RoomError, codes
from app.rooms.model import Room, Seat
from app.session.session import Session
from app.validation import ConfigError
from app.web import room_views
from app.web.routes.admission import SessionBuckets, admit, client_key, new_session
from app.web.routes.browser import find, lookup, reply, store
from app.web.routes.room_access import (
    binding,
    open_room,
    publish_unpolled,
    room_code,
    rooms_of,
)
from app.web.views import Message

router = APIRouter()
Text = Annotated[str, Form(max_length=200)]


@router.get("/join", response_class=HTMLResponse)
def join_page(code: str = "") -> str:
    """The join form (the QR code's link fills in the code)."""
    return room_views.join_page(code[:16])


def _refused(code: str, name: str, message: str, status: int) -> HTMLResponse:
    return HTMLResponse(room_views.join_page(code[:16], name[:24], [Message(message)]),
                        status_code=status)


@router.post("/join", response_class=HTMLResponse)
def join(request: Request, code: Text = "", name: Text = "",
         generate: Annotated[bool, Form()] = False) -> Response:
    """Give the student a seat and go to their page; a wrong code, a full room or too many
    joins from one address say so on the form."""
    found = codes.read_code(code)
    if found is None:
        return _refused(code, name, f"{code.strip()[:16]!r} is not a room code: it is 4 letters "
                                    "and digits, like K7Q2, shown on the lecturer's screen", 422)
    wait = cast(SessionBuckets, request.app.state.room_joins).take(client_key(request))
    if wait > 0:
        return _refused(code, name, f"too many joins from your network; try again in "
                                    f"{int(wait) + 1} s", 429)
    try:
        seat = rooms_of(request).join(found, "" if generate else name)
    except RoomError as exc:
        return _refused(code, name, str(exc), exc.status)
    return RedirectResponse(f"/room/{found}/seat/{seat.id}", status_code=303)


def _config(room: Room) -> Config:
    """Return the config the room asks for (the defaults before anything was pushed)."""
    try:
        return from_query(room.push.query) if room.push.n else Config()
    except ConfigError:
        return Config()


def _bar(request: Request, room: Room, seat: Seat, note: str = "",
         polling: bool = True) -> dict[str, object]:
    rooms = rooms_of(request)
    spot = rooms.card(room.code, room.spotlight) if room.spotlight else None
    vote = rooms.vote_of(room.code, seat.id, room.push.n) if room.push.question else None
    return {**room_views.bar_context(room, seat, vote, spot, note), "polling": polling}


@router.get("/room/{code}/seat/{seat_id}", response_class=HTMLResponse)
def seat_page(request: Request, code: str, seat_id: str) -> Response:
    """A student's page: their seat's run (a copy under a new id, or the pushed setup when a
    push came since), the room bar on top."""
    room = open_room(request, code)
    try:
        seat = rooms_of(request).seat(room.code, seat_id[:64])
    except RoomError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    before = lookup(request, seat.session) if seat.session else None
    if before is None or room.push.n > seat.applied:
        session = new_session(request, _config(room))
    else:
        session = new_session_copy(request, before)
    seat = replace(seat, session=session.id, applied=room.push.n, started=room.starts)
    rooms_of(request).sit(room, seat)
    bar = _bar(request, room, seat)
    return reply(request, session.read(lambda view: room_views.student_page(view, bar)), session)


def new_session_copy(request: Request, source: Session) -> Session:
    """Return a paused copy of the seat's run under a new id (admitted like a new session)."""
    admit(request)
    return store(request).clone(source, playing=False)


def _version(text: str | None) -> int:
    """Return the room version a poller's `have` names (0, "send the bar", when it is not one)."""
    return int(text) if text and text.isdigit() and len(text) < 12 else 0


async def events(request: Request) -> Response:
    """The student page's room poll: nothing (204) unless the room changed since version
    `have`; a push loads into this run (paused), a start plays it; the spotlight is live.

    Every student asks once a second, so it is a plain route on the event loop, as the poll
    (routes/training.py): the usual answer, nothing new, is two reads of the room's record and
    a card when one is due, without a thread-pool hop or FastAPI's parameter solving. Applying
    a push or a start (every region of the page) goes to the thread pool.
    """
    code, have = request.path_params["code"], _version(request.query_params.get("have"))
    session = find(request)
    bound = None if session is None else binding(request, session)
    if session is None or bound is None or bound.code != room_code(code):
        return Response(status_code=204)
    rooms = rooms_of(request)
    try:
        room, seat = rooms.get(bound.code), rooms.seat(bound.code, bound.seat)
    except RoomError as exc:
        ended = Room(bound.code, "", 0.0, 0.0)
        return HTMLResponse(room_views.room_bar({**room_views.bar_context(
            ended, Seat(bound.seat, bound.name), None, None, str(exc)), "polling": False},
            oob=True))
    if seat.session != session.id:
        rooms.unbind(session.id)
        return HTMLResponse(room_views.room_bar(_bar(
            request, room, seat, "your seat is open in another tab: this one is on its own now",
            polling=False), oob=True))
    body = None
    if room.push.n > seat.applied:
        seat = replace(seat, applied=room.push.n, started=room.starts)
        bar = _bar(request, room, seat)
        body = await run_in_threadpool(session.load, _config(room),
                                       lambda view: room_views.pushed(view, bar))
        rooms.save_seat(room.code, seat)
    elif room.starts > seat.started:
        seat = replace(seat, started=room.starts)
        bar = _bar(request, room, seat)
        body = await run_in_threadpool(session.play, lambda view: room_views.started(view, bar))
        rooms.save_seat(room.code, seat)
    elif have != room.version or room.spotlight:
        body = room_views.room_bar(_bar(request, room, seat), oob=True)
    publish_unpolled(request, bound, session)
    return Response(status_code=204) if body is None else HTMLResponse(body)


router.add_route("/room/{code}/events", events, methods=["GET"])


@router.post("/room/{code}/vote", response_class=HTMLResponse)
def vote(request: Request, code: str, choice: Annotated[int, Form(ge=0, le=20)]) -> Response:
    """Record this student's prediction and answer their room bar."""
    session = find(request)
    bound = None if session is None else binding(request, session)
    if bound is None or bound.code != room_code(code):
        raise HTTPException(403, f"only students of room {code[:8]} can answer: join it first")
    room = open_room(request, code)
    seat = rooms_of(request).seat(room.code, bound.seat)
    question, note = room.push.question, ""
    if question is None:
        note = "there is no question to answer right now"
    elif room.revealed:
        note = "the answer is out: predictions are closed"
    elif choice >= len(question.choices):
        note = f"choose one of the {len(question.choices)} options"
    else:
        rooms_of(request).vote(room.code, seat.id, room.push.n, choice)
    return HTMLResponse(room_views.room_bar(_bar(request, room, seat, note)),
                        status_code=422 if note else 200)
