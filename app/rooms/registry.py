"""The rooms of this app in the record store: open one, join it, change it, read it whole.

Every room is one record (app/store/records.py) living `lifetime` seconds: the room field, one
field per seat, per card (a student's progress) and per vote, so students joining, voting and
training never overwrite each other. Only the lecturer changes the room field (read, change,
write). A session that sits in a room is bound to its seat by a small record of its own
("session:<id>"), which the routes read to enforce locks; a process remembers what it learnt
about a session (a session id never changes rooms), so a student's poll asks the store once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from app.rooms import codes
from app.rooms.model import (
    CARD,
    ROOM,
    SEAT,
    VOTE,
    Card,
    Room,
    Seat,
    dump,
    load_card,
    load_room,
    load_seat,
)
from app.store.records import RecordStore

BOUND = "session:"
MAX_REMEMBERED = 10_000  # sessions whose room (or none) a process remembers
SPOTLIT = 1_000  # rooms whose spotlight a process remembers (those with one, newest read)
Clock = Callable[[], float]


class Binding(NamedTuple):
    """The seat a session runs: the room's code, the seat's id and the student's name."""

    code: str
    seat: str
    name: str


class RoomError(Exception):
    """A room action that cannot be done, with the sentence to show (status: the HTTP code)."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RoomData:
    """A room read whole: the room, its seats, their cards and votes ({seat: {push n: choice}})."""

    room: Room
    seats: dict[str, Seat]
    cards: dict[str, Card] = field(default_factory=dict)
    votes: dict[str, dict[int, int]] = field(default_factory=dict)


def gone(code: str) -> RoomError:
    """Return the error for a code that names no open room."""
    return RoomError(f"there is no open room {code}: check the code (rooms end after a while)")


class Rooms:
    """Rooms over a record store.

    Args:
        records: where rooms live (the same store as the runs).
        lifetime: seconds a room lasts after it is opened.
        max_students: most seats a room has.
        clock: wall-clock seconds.
    """

    def __init__(self, records: RecordStore, lifetime: float, max_students: int,
                 clock: Clock = time.time) -> None:
        self.records, self.lifetime, self.max_students = records, lifetime, max_students
        self.clock = clock
        self._bound: OrderedDict[str, Binding | None] = OrderedDict()
        # code -> spotlit seat, as this process last read it (rooms with one; the newest SPOTLIT)
        self._spotlit: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def open(self) -> tuple[Room, str]:
        """Open a new room under a free random code; return it and its teacher key."""
        key, now = codes.new_key(), self.clock()
        for attempt in range(40):
            code = codes.new_code(codes.CODE_LENGTH + attempt // 10)
            room = Room(code, codes.key_hash(key), now, now + self.lifetime)
            if self.records.create(code, {ROOM: dump(room)}, self.lifetime):
                return room, key
        raise RoomError("no free room code was found; try again", 503)

    def get(self, code: str | None) -> Room:
        """Return the open room with this code.

        Raises:
            RoomError: no such room (never opened, ended, or not a code).
        """
        data = self.records.field(code, ROOM) if code else None
        if code is None or data is None:
            raise gone(code or "with that code")
        return self._seen(load_room(data))

    def _seen(self, room: Room) -> Room:
        with self._lock:
            self._spotlit.pop(room.code, None)
            if room.spotlight:  # only rooms with one; one dropped past SPOTLIT is back when read
                self._spotlit[room.code] = room.spotlight
                while len(self._spotlit) > SPOTLIT:
                    self._spotlit.popitem(last=False)
        return room

    def spotlit(self, binding: Binding) -> bool:
        """Return whether the seat is in the spotlight, as this process last read its room."""
        return self._spotlit.get(binding.code) == binding.seat

    def update(self, code: str, change: Callable[[Room], Room]) -> Room:
        """Change the room (change returns Room.changed(...)); return the new room.

        Raises:
            RoomError: the room is gone.
        """
        room = change(self.get(code))
        if not self.records.set_field(code, ROOM, dump(room)):
            raise gone(code)
        return room

    def read(self, code: str) -> RoomData:
        """Return the whole room in one read (the gallery, the tally, the results).

        Raises:
            RoomError: the room is gone.
        """
        fields = self.records.fields(code)
        if ROOM not in fields:
            raise gone(code)
        seats: dict[str, Seat] = {}
        cards: dict[str, Card] = {}
        votes: dict[str, dict[int, int]] = {}
        for name, data in fields.items():
            if name.startswith(SEAT):
                seats[name[len(SEAT):]] = load_seat(data)
            elif name.startswith(CARD):
                cards[name[len(CARD):]] = load_card(data)
            elif name.startswith(VOTE):
                seat, _, n = name[len(VOTE):].rpartition(":")
                votes.setdefault(seat, {})[int(n)] = int(data)
        return RoomData(self._seen(load_room(fields[ROOM])), seats, cards, votes)

    def join(self, code: str, name: str) -> Seat:
        """Give a new student a seat (a generated name when `name` is blank).

        Raises:
            RoomError: the room is gone, or full (409).
        """
        data = self.read(code)
        if len(data.seats) >= self.max_students:
            raise RoomError(f"room {code} is full: it takes at most {self.max_students} "
                            "students", 409)
        seat_id = codes.new_seat_id()
        seat = Seat(seat_id, codes.clean_name(name) or codes.generated_name(seat_id))
        if not self.records.set_field(code, SEAT + seat_id, dump(seat), only_new=True):
            raise gone(code)
        return seat

    def seat(self, code: str, seat_id: str) -> Seat:
        """Return a seat of the room.

        Raises:
            RoomError: no such seat (or room).
        """
        data = self.records.field(code, SEAT + seat_id) if seat_id else None
        if data is None:
            raise RoomError(f"that is not a seat in room {code}: join again")
        return load_seat(data)

    def save_seat(self, code: str, seat: Seat) -> None:
        """Save a seat as it is now."""
        self.records.set_field(code, SEAT + seat.id, dump(seat))

    def sit(self, room: Room, seat: Seat) -> None:
        """Save the seat and bind its session to it (its page now runs that session)."""
        self.save_seat(room.code, seat)
        left = room.expires - self.clock()
        if seat.session and left > 0:
            binding = Binding(room.code, seat.id, seat.name)
            self.records.create(BOUND + seat.session, {"seat": " ".join(binding).encode()}, left)
            self._remember(seat.session, binding)

    def bound(self, session_id: str) -> Binding | None:
        """Return the seat a session runs, or None (asked once per process: a session never
        changes rooms)."""
        with self._lock:
            if session_id in self._bound:
                self._bound.move_to_end(session_id)
                return self._bound[session_id]
        data = self.records.field(BOUND + session_id, "seat")
        found = None
        if data is not None:
            code, seat, name = data.decode().split(" ", 2)
            found = Binding(code, seat, name)
        self._remember(session_id, found)
        return found

    def unbind(self, session_id: str) -> None:
        """Let a session go from its seat (the seat moved to another tab's session): its polls
        no longer publish cards, and its knobs are its own."""
        self.records.delete(BOUND + session_id)
        self._remember(session_id, None)

    def _remember(self, session_id: str, found: Binding | None) -> None:
        with self._lock:
            self._bound[session_id] = found
            self._bound.move_to_end(session_id)
            if len(self._bound) > MAX_REMEMBERED:
                self._bound.popitem(last=False)

    def vote(self, code: str, seat_id: str, push: int, choice: int) -> None:
        """Record a seat's answer to push number `push` (a new answer replaces the last)."""
        self.records.set_field(code, f"{VOTE}{seat_id}:{push}", str(choice).encode())

    def vote_of(self, code: str, seat_id: str, push: int) -> int | None:
        """Return a seat's answer to push number `push`, if it gave one."""
        data = self.records.field(code, f"{VOTE}{seat_id}:{push}")
        return None if data is None else int(data)

    def card(self, code: str, seat_id: str) -> Card | None:
        """Return a seat's latest card, if it published one."""
        data = self.records.field(code, CARD + seat_id) if seat_id else None
        return None if data is None else load_card(data)

    def publish(self, code: str, card: Card) -> None:
        """Save a seat's latest progress for the gallery."""
        self.records.set_field(code, CARD + card.seat, dump(card))
