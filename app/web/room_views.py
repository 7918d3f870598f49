"""Rooms -> HTML: the join page, the lecturer's page and its live gallery, a student's page and
the room bar their light poll refreshes. Views read what they are given and change nothing.

The gallery draws each student's boundary from its card's coarse codes (canvas, static/room.js),
coloured by the heatmap's own lookup tables, sent once per answer for the kinds of cards in it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup

from app.config import from_query
from app.figures import charts
from app.lecture.lessons import LESSONS
from app.rooms import RoomData
from app.rooms.locks import LOCKABLE, label
from app.rooms.model import Card, Room, Seat
from app.session.session import SessionView
from app.validation import ConfigError
from app.web import regions, views
from app.web.htmx import CONFIG
from app.web.views import Message

# a room page keeps its own address: htmx answers that push a playground URL change no history
ROOM_HTMX_CONFIG = json.dumps({**CONFIG, "historyEnabled": False}, separators=(",", ":"))
SORTS = {"loss": "test loss (best first)", "name": "name"}


def _stopped(view: SessionView) -> list[Message]:
    stopped = views.stop_message(view.run)
    return [stopped] if stopped else []


def lut_key(card: Card) -> str:
    """Return the name of the colour table a card's codes are painted with."""
    return f"{card.n_classes}{'d' if card.discretize else ''}"


def luts(cards: Iterable[Card]) -> dict[str, str]:
    """Return the colour tables (base64 RGB × 256) the cards need, by lut_key."""
    return {lut_key(c): charts.lut_base64(c.n_classes, c.discretize) for c in cards}


def sorted_cards(data: RoomData, sort: str) -> list[Card]:
    """Return the room's cards, best test loss first (none last) or by name."""
    cards = [data.cards[s] for s in data.seats if s in data.cards]
    if sort == "name":
        return sorted(cards, key=lambda c: (c.name.casefold(), c.seat))
    return sorted(cards, key=lambda c: (c.test_loss is None or not math.isfinite(c.test_loss),
                                        c.test_loss or 0.0, c.name.casefold()))


def tally(data: RoomData) -> list[int]:
    """Return how many seats chose each option of the current question."""
    question, n = data.room.push.question, data.room.push.n
    counts = [0] * (len(question.choices) if question else 0)
    for votes in (data.votes[s] for s in data.seats if s in data.votes):
        choice = votes.get(n)
        if choice is not None and 0 <= choice < len(counts):
            counts[choice] += 1
    return counts


def settings_of(card: Card) -> list[tuple[str, str]]:
    """Return the main settings of a card's run as (label, value), read-only."""
    try:
        config = from_query(card.query)
    except ConfigError:
        return []
    out = []
    for name in LOCKABLE:
        value = getattr(config, name)
        shown = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
        out.append((label(name), shown))
    return out


def _state(room: Room, data: RoomData | None) -> dict[str, Any]:
    """Return the context the lecturer's room state needs."""
    return {"room": room, "lockable": [(n, label(n)) for n in LOCKABLE],
            "tally": tally(data) if data else [], "seats": len(data.seats) if data else 0,
            "answered": sum(tally(data)) if data else 0}


def room_state(room: Room, data: RoomData, oob: bool = False) -> str:
    """Return the lecturer's #room_state region: what was pushed, locks, question, tally."""
    return views.region("room_state", _state(room, data), oob)


def teacher_page(room: Room, data: RoomData, join_url: str, qr: Markup, teacher_link: str,
                 sort: str = "loss") -> str:
    """Return the lecturer's page: code, join link and QR, push, locks, tally, gallery."""
    lessons = [(key, f"{i}. {lesson.title}") for i, (key, lesson) in
               enumerate(LESSONS.items(), start=1)]
    return views.render("room_teacher.html", {
        **_state(room, data), "join_url": join_url, "qr": qr, "teacher_link": teacher_link,
        "lessons": lessons, "sort": sort, "sorts": SORTS, "page_htmx_config": ROOM_HTMX_CONFIG,
        "messages": []})


def gallery(data: RoomData, sort: str) -> str:
    """Return the gallery poll's answer: the thumbnails, and out-of-band the tally and the
    spotlight (live)."""
    cards = sorted_cards(data, sort)
    spot = data.cards.get(data.room.spotlight)
    shown = cards + ([spot] if spot else [])
    ctx = {**_state(data.room, data), "cards": cards, "luts": luts(shown), "sort": sort,
           "spot": spot, "spot_settings": settings_of(spot) if spot else [],
           "waiting": len(data.seats) - len(cards)}
    return (views.region("gallery", ctx) + views.region("tally", ctx, oob=True)
            + views.region("spotlight", ctx, oob=True))


def join_page(code: str = "", name: str = "", messages: Sequence[Message] = ()) -> str:
    """Return the page where a student joins a room."""
    return views.render("join.html", {"code": code, "name": name, "messages": list(messages),
                                      "page_htmx_config": ROOM_HTMX_CONFIG})


def new_room_page(messages: Sequence[Message] = ()) -> str:
    """Return the page where the lecturer opens a room."""
    return views.render("room_new.html", {"messages": list(messages),
                                          "page_htmx_config": ROOM_HTMX_CONFIG})


def bar_context(room: Room, seat: Seat, vote: int | None, spot: Card | None,
                note: str = "") -> dict[str, Any]:
    """Return what the room bar needs."""
    return {"room": room, "seat": seat, "vote": vote, "spot": spot, "note": note,
            "luts": luts([spot] if spot else []), "locked": [label(n) for n in room.locks]}


def room_bar(ctx: dict[str, Any], oob: bool = False) -> str:
    """Return the student's #room_bar region."""
    return views.region("room_bar", ctx, oob)


def student_page(view: SessionView, bar: dict[str, Any]) -> str:
    """Return a student's page: the playground with the room bar, at the seat's own address."""
    room, seat = bar["room"], bar["seat"]
    ctx = views.context(view, _stopped(view))
    ctx.update(bar, page_htmx_config=ROOM_HTMX_CONFIG, room_page=True,
               canonical_url=f"/room/{room.code}/seat/{seat.id}")
    return views.render("room_student.html", ctx)


def pushed(view: SessionView, bar: dict[str, Any]) -> str:
    """Return what a student's page gets when the lecturer's push reached its run: every
    region of the playground and the room bar, all out of band."""
    ctx = views.context(view, _stopped(view))
    names = ("banner", *regions.EVERY)
    return "".join(views.region(n, ctx, oob=True) for n in names) + room_bar(bar, oob=True)


def started(view: SessionView, bar: dict[str, Any]) -> str:
    """Return what a student's page gets when the lecturer started every run."""
    ctx = views.context(view, _stopped(view))
    return (views.region("transport", ctx, oob=True) + views.region("poller", ctx, oob=True)
            + room_bar(bar, oob=True))
