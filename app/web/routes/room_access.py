"""Who may do what in a room: the teacher key, a student's seat, locked knobs, held play, and the
progress card a student's poll publishes. Shared by the room routes and the playground's own.

The teacher key comes from the lecturer's link (?key=…, once) or the HttpOnly cookie that link
sets (path /room/<code>); it is compared in constant time with the hash the room keeps. A
student is whoever runs a seat's session: their page's session header is bound to the seat
(registry.Rooms.bound), never a seat id a request names.
"""

from __future__ import annotations

from typing import cast

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from app.rooms import RoomError, Rooms, codes
from app.rooms.cards import CardClock, make_card
from app.rooms.model import Card, Room
from app.rooms.registry import Binding
from app.session.session import Session, SessionView

KEY = "key"  # the query parameter of the lecturer's link
ROOM_TICK = 1.0  # seconds between a student page's room polls (templates/partials/room_bar.html)


def rooms_of(request: Request) -> Rooms:
    """Return the app's rooms."""
    return cast(Rooms, request.app.state.rooms)


def room_code(code: str) -> str:
    """Return the room code a path names, or raise a plain 404."""
    found = codes.read_code(code)
    if found is None:
        raise HTTPException(404, f"{code[:16]!r} is not a room code: codes are 4 letters and "
                                 "digits, like K7Q2")
    return found


def open_room(request: Request, code: str) -> Room:
    """Return the open room a path names, or raise HTTPException 404 saying so."""
    try:
        return rooms_of(request).get(room_code(code))
    except RoomError as exc:
        raise HTTPException(exc.status, str(exc)) from None


def cookie_name(code: str) -> str:
    """Return the name of the cookie holding a room's teacher key."""
    return f"mlp_room_{code}"


def teacher_room(request: Request, code: str) -> Room:
    """Return the room when the request holds its teacher key (link or cookie).

    Raises:
        HTTPException: 404 no such room; 403 no key or the wrong one (nothing changed).
    """
    room = open_room(request, code)
    key = request.query_params.get(KEY) or request.cookies.get(cookie_name(room.code))
    if not codes.key_matches(key, room.key_hash):
        raise HTTPException(403, f"only the lecturer of room {room.code} can do that: the "
                                 "teacher key is missing or wrong (open the lecturer's link)")
    return room


def remember_key(request: Request, response: Response, room: Room, key: str, ttl: float) -> None:
    """Keep the teacher key in an HttpOnly cookie for this room's pages only."""
    response.set_cookie(cookie_name(room.code), key, max_age=max(1, int(ttl)), httponly=True,
                        samesite="strict", path=f"/room/{room.code}",
                        secure=request.url.scheme == "https")


def binding(request: Request, session: Session) -> Binding | None:
    """Return the seat this session runs, or None (asked of the store once per process)."""
    return rooms_of(request).bound(session.id)


def seat_room(request: Request, session: Session) -> Room | None:
    """Return the open room whose seat this session runs, or None."""
    bound = binding(request, session)
    if bound is None:
        return None
    try:
        return rooms_of(request).get(bound.code)
    except RoomError:
        return None


def locks_for(request: Request, session: Session) -> tuple[str, ...]:
    """Return the knobs the session's room locks (none outside a room)."""
    room = seat_room(request, session)
    return () if room is None else room.locks


def refuse_held(request: Request, session: Session) -> None:
    """Raise HTTPException 409 when the session's room holds play until the lecturer starts."""
    room = seat_room(request, session)
    if room is not None and room.held:
        raise HTTPException(409, "wait for the lecturer: the runs start after the predictions")


def card_clock(request: Request) -> CardClock:
    """Return when this process's seats get their next cards."""
    return cast(CardClock, request.app.state.room_cards)


def card_if_due(request: Request, bound: Binding | None, view: SessionView) -> Card | None:
    """Return a new card of the seat's run when one is due (call under the session's lock)."""
    if bound is None:
        return None
    big = rooms_of(request).spotlit(bound)
    if not card_clock(request).due(bound.seat, view, big):
        return None
    return make_card(view, bound.seat, bound.name, big)


def publish_unpolled(request: Request, bound: Binding, session: Session) -> None:
    """Publish a card of a run whose own polls make none (paused: a step, a push, a change),
    when due: the room poll's share. A run that got one within the room poll's second is
    playing, and its polls see to it: the session is not even read."""
    if not card_clock(request).recent(bound.seat, ROOM_TICK):
        publish(request, bound, session.read(lambda view: card_if_due(request, bound, view)))


def publish(request: Request, bound: Binding | None, card: Card | None) -> None:
    """Save a card made by card_if_due (none: nothing to do)."""
    if bound is not None and card is not None:
        rooms_of(request).publish(bound.code, card)
