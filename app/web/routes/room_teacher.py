"""The lecturer's routes of a room: open it, its page, push, locks, reveal, start, spotlight,
copy to everyone, the gallery and the results. Every route but opening needs the teacher key
(room_access.teacher_room: 403 without it, nothing changed).

Nothing here changes a student's run: the room records what the lecturer wants, and each
student's page applies it to their own run at its next room poll (routes/rooms.py).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from app.config import to_query
from app.rooms import RoomError, results
from app.rooms.locks import LOCKABLE, lockable
from app.rooms.model import Push, Room
from app.rooms.pushes import PushError, chosen_setup
from app.web import room_views, views
from app.web.htmx import HX_RESWAP, HX_RETARGET
from app.web.qr import absolute_url, public_base_url, qr_svg
from app.web.routes.admission import admit
from app.web.routes.browser import find
from app.web.routes.room_access import KEY, cookie_name, remember_key, rooms_of, teacher_room
from app.web.views import Message

router = APIRouter()
Text = Annotated[str, Form(max_length=4000)]
SeatId = Annotated[str, Form(max_length=64)]


@router.get("/room/new", response_class=HTMLResponse)
def new_room_page() -> str:
    """Show the button that opens a room."""
    return room_views.new_room_page()


@router.post("/room/new")
def open_room(request: Request) -> Response:
    """Open a room (counted like a new session per client) and go to its lecturer's page, the
    teacher key in an HttpOnly cookie."""
    admit(request)
    room, key = rooms_of(request).open()
    response = RedirectResponse(f"/room/{room.code}/teach", status_code=303)
    remember_key(request, response, room, key, room.expires - room.created)
    return response


def _links(request: Request, room: Room) -> tuple[str, str]:
    """Return the students' join link and the lecturer's own link (with the key)."""
    base = public_base_url(str(request.base_url), request.app.state.public_url)
    key = request.query_params.get(KEY) or request.cookies.get(cookie_name(room.code), "")
    return (absolute_url(base, f"/join?code={room.code}"),
            absolute_url(base, f"/room/{room.code}/teach?{KEY}={key}"))


@router.get("/room/{code}/teach", response_class=HTMLResponse)
def teach(request: Request, code: str) -> Response:
    """The lecturer's page. Opened by the lecturer's link, it keeps the key in the cookie and
    reloads without it, so the address bar on the projector never shows the key."""
    room = teacher_room(request, code)
    key = request.query_params.get(KEY)
    if key:
        response: Response = RedirectResponse(f"/room/{room.code}/teach", status_code=303)
        remember_key(request, response, room, key, room.expires - rooms_of(request).clock())
        return response
    join_url, teacher_link = _links(request, room)
    qr = qr_svg(join_url, title=f"QR code: join room {room.code}")
    data = rooms_of(request).read(room.code)
    return HTMLResponse(room_views.teacher_page(room, data, join_url, qr, teacher_link))


def _state(request: Request, room: Room) -> HTMLResponse:
    return HTMLResponse(room_views.room_state(room, rooms_of(request).read(room.code)))


def _update(request: Request, code: str, **changes: object) -> HTMLResponse:
    """Check the key, change the room, answer the lecturer's room state."""
    room = teacher_room(request, code)
    try:
        room = rooms_of(request).update(room.code, lambda r: r.changed(**changes))
    except RoomError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return _state(request, room)


@router.post("/room/{code}/push", response_class=HTMLResponse)
def push(request: Request, code: str, source: Text = "mine", link: Text = "",
         question: Text = "", choices: Text = "", hold: Annotated[bool, Form()] = True
         ) -> Response:
    """Push a setup to every student: their runs switch to it, paused, with its question."""
    room = teacher_room(request, code)
    try:
        mine = find(request)
        config, title, asked = chosen_setup(source, link, question, choices, None if mine is None
                                            else mine.read(lambda view: view.run.config))
    except PushError as exc:
        return HTMLResponse(views.banner([Message(str(exc))]), status_code=422,
                            headers={HX_RETARGET: "#banner", HX_RESWAP: "outerHTML"})
    n = room.push.n + 1
    return _update(request, room.code, push=Push(n, to_query(config), title, asked),
                   revealed=False, held=hold and asked is not None, spotlight="",
                   asked=room.asked + (((n, asked),) if asked else ()))


@router.post("/room/{code}/locks", response_class=HTMLResponse)
def locks(request: Request, code: str, names: Annotated[list[str], Form(alias="locks")] = [],  # noqa: B006
          unlock: Annotated[bool, Form()] = False) -> Response:
    """Lock the named knobs (all of them with "*"), unlock the rest; or unlock everything."""
    chosen = () if unlock else (LOCKABLE if "*" in names else lockable(names))
    return _update(request, code, locks=chosen)


@router.post("/room/{code}/reveal", response_class=HTMLResponse)
def reveal(request: Request, code: str) -> Response:
    """Show everyone the answer to the current question."""
    return _update(request, code, revealed=True)


@router.post("/room/{code}/start", response_class=HTMLResponse)
def start(request: Request, code: str) -> Response:
    """Start every student's run (and let them pause and play from now on)."""
    room = teacher_room(request, code)
    return _update(request, room.code, starts=room.starts + 1, held=False)


@router.post("/room/{code}/release", response_class=HTMLResponse)
def release(request: Request, code: str) -> Response:
    """Let each student press play themselves."""
    return _update(request, code, held=False)


@router.post("/room/{code}/spotlight", response_class=HTMLResponse)
def spotlight(request: Request, code: str, seat: SeatId = "") -> Response:
    """Put one student's run in the spotlight (everyone sees it), or end it (seat "")."""
    room = teacher_room(request, code)
    if seat and seat not in rooms_of(request).read(room.code).seats:
        raise HTTPException(404, f"no such student in room {room.code}")
    return _update(request, room.code, spotlight=seat)


@router.post("/room/{code}/copy", response_class=HTMLResponse)
def copy(request: Request, code: str, seat: SeatId) -> Response:
    """Push one student's settings to everyone (paused, from epoch 0)."""
    room = teacher_room(request, code)
    card = rooms_of(request).read(room.code).cards.get(seat)
    if card is None:
        raise HTTPException(404, f"no run of that student in room {room.code} yet")
    title = f"{card.name}'s setup"
    return _update(request, room.code, push=Push(room.push.n + 1, card.query, title, None),
                   revealed=False, held=False, spotlight="")


@router.get("/room/{code}/gallery", response_class=HTMLResponse)
async def gallery(request: Request, code: str, sort: str = "loss") -> Response:
    """The live gallery (polled twice a second), the tally and the spotlight; Server-Timing
    says how long the answer took to make (app) and the CPU it took (cpu: the rest is waiting
    for the machine); the classroom benchmark reads both.

    It reads ready cards (the students' polls make them) and draws them: a millisecond or two,
    so it runs on the event loop with the polls. In the thread pool it waited for the GIL at
    every row the store read while the loop trained (a tenth of a second at times).
    """
    start, cpu = time.perf_counter(), time.thread_time()
    room = teacher_room(request, code)
    data = rooms_of(request).read(room.code)
    body = room_views.gallery(data, sort if sort in room_views.SORTS else "loss")
    took, used = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
    return HTMLResponse(body, headers={"Server-Timing": f"app;dur={took:.2f}, cpu;dur={used:.2f}"})


@router.get("/room/{code}/results.csv")
def results_csv(request: Request, code: str) -> Response:
    """Download the room's results: per student settings, epochs, losses, accuracy, predictions."""
    room = teacher_room(request, code)
    body = results.csv_text(rooms_of(request).read(room.code))
    return PlainTextResponse(body, media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="room-{room.code}-results.csv"'})
