"""A room's records as data: the room itself (what the lecturer set), a seat (one student), a
card (a student's progress, for the gallery), and their JSON round trip.

Everything here is plain data; the registry (registry.py) reads and writes it in the record
store, one field per record: "room", "seat:<id>", "card:<id>", "vote:<id>:<push>".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from app.rooms.questions import Question

ROOM, SEAT, CARD, VOTE = "room", "seat:", "card:", "vote:"


@dataclass(frozen=True)
class Push:
    """What the lecturer pushed last: n counts pushes (0: none yet), query is the config's URL
    query, title names it, question (if any) is to be predicted before playing."""

    n: int = 0
    query: str = ""
    title: str = ""
    question: Question | None = None


@dataclass(frozen=True)
class Room:
    """One room. key_hash is the teacher key's SHA-256 (hex); version moves on with every change
    of the room, so a page that has it needs nothing; locks name the config fields students may
    not change; held: students wait for the lecturer to start; starts counts "start everyone";
    spotlight is the spotlit seat's id ("" none); asked keeps every question for the results."""

    code: str
    key_hash: str
    created: float
    expires: float
    version: int = 1
    push: Push = field(default_factory=Push)
    locks: tuple[str, ...] = ()
    held: bool = False
    starts: int = 0
    revealed: bool = False
    spotlight: str = ""
    asked: tuple[tuple[int, Question], ...] = ()  # every question pushed: (push n, question)

    def changed(self, **changes: Any) -> Room:
        """Return the room with these changes and the next version."""
        return replace(self, version=self.version + 1, **changes)


@dataclass(frozen=True)
class Seat:
    """One student: id (secret-ish, in their page's URL), display name, the session their page
    runs (the latest tab's), the last push and start their run has taken."""

    id: str
    name: str
    session: str = ""
    applied: int = 0
    started: int = 0


@dataclass(frozen=True)
class Card:
    """A student's progress as the gallery shows it: codes are the boundary's uint8 codes
    (base64, `size`² cells, top row first), big the spotlight's larger picture ("" when not
    spotlit)."""

    seat: str
    name: str
    epoch: int
    train_loss: float | None
    test_loss: float | None
    accuracy: float | None
    n_classes: int
    discretize: bool
    query: str
    playing: bool
    size: int
    codes: str
    big_size: int = 0
    big: str = ""


def dump(record: Room | Seat | Card) -> bytes:
    """Return a record as compact JSON bytes (a seat's and a card's fields are plain values:
    their own dict, without asdict's deep copy, a card being written a few times a second)."""
    fields = asdict(record) if isinstance(record, Room) else vars(record)
    return json.dumps(fields, separators=(",", ":")).encode()


def load_room(data: bytes) -> Room:
    """Return the Room these bytes hold."""
    raw = json.loads(data)
    push = raw.pop("push")
    question = push.pop("question")
    raw["locks"] = tuple(raw["locks"])
    raw["asked"] = tuple((n, _question(q)) for n, q in raw["asked"])
    asked = None if question is None else _question(question)
    return Room(**raw, push=Push(**push, question=asked))


def _question(raw: dict[str, Any]) -> Question:
    return Question(raw["text"], tuple(raw["choices"]), raw["correct"], raw["answer"])


def load_seat(data: bytes) -> Seat:
    """Return the Seat these bytes hold."""
    return Seat(**json.loads(data))


def load_card(data: bytes) -> Card:
    """Return the Card these bytes hold."""
    return Card(**json.loads(data))
