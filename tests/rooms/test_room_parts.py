"""The room's parts on their own: codes and names, questions, locks, cards, the CSV, the
registry's limits (over SQLite; tests/store/test_records.py holds both stores to one contract)."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest

from app.config import Config
from app.figures import charts, pictures
from app.lecture.lessons import LESSONS
from app.rooms import RoomError, Rooms, codes, questions, registry
from app.rooms.cards import BIG_STRIDE, STRIDE, CardClock, coarse_codes, make_card
from app.rooms.locks import keep_locked, refuse_locked
from app.rooms.model import Push, Room, Seat, dump, load_card, load_room, load_seat
from app.rooms.results import csv_text
from app.session.run import build_run
from app.session.session import SessionView
from app.store import SqliteRecords
from app.validation import ConfigError


def test_codes_are_short_unambiguous_and_read_forgivingly() -> None:
    drawn = {codes.new_code() for _ in range(200)}
    assert all(len(c) == 4 and set(c) <= set(codes.ALPHABET) for c in drawn)
    assert not set("0O1IL") & set(codes.ALPHABET)
    assert codes.read_code(" k7q2 ") == "K7Q2" and codes.read_code("K7-Q2") == "K7Q2"
    assert codes.read_code("K7Q") is None and codes.read_code("K0Q2") is None


def test_the_teacher_key_is_kept_as_a_hash_and_compared_whole() -> None:
    key = codes.new_key()
    digest = codes.key_hash(key)
    assert key not in digest and codes.key_matches(key, digest)
    assert not codes.key_matches(key[:-1], digest) and not codes.key_matches(None, digest)


def test_names_are_cleaned_and_generated_names_follow_the_seat() -> None:
    assert codes.clean_name("  Ann\u0000 \u202e  Lee\t") == "Ann Lee"
    assert len(codes.clean_name("x" * 100)) == codes.MAX_NAME
    assert codes.generated_name("abc") == codes.generated_name("abc")
    assert len(codes.generated_name("abc").split()) == 2


def test_every_lesson_offers_choices_with_the_right_one_among_them() -> None:
    for key in LESSONS:
        question = questions.for_lesson(key)
        assert question is not None and question.correct is not None, key
        assert 2 <= len(question.choices) <= 6 and 0 <= question.correct < len(question.choices)
    own = questions.custom("Will it converge?", "Yes\n\n No \n")
    assert own is not None and own.choices == ("Yes", "No") and own.correct is None
    assert questions.custom("  ", "a") is None


def test_a_locked_knob_keeps_its_value_when_left_out_and_refuses_another() -> None:
    current = Config(learning_rate=0.1, activation="relu")
    raw = keep_locked({"noise": "0.2"}, current, ("learning_rate",))
    assert raw == {"noise": "0.2", "learning_rate": "0.1"}
    with pytest.raises(ConfigError, match="Learning rate is locked by the lecturer: it stays 0.1"):
        refuse_locked(Config(learning_rate=0.3), current, ("learning_rate",))
    assert refuse_locked(Config(learning_rate=0.1, activation="relu", noise=0.2), current,
                         ("learning_rate", "activation")).noise == 0.2


def test_a_card_holds_the_boundary_as_the_heatmap_codes() -> None:
    run = build_run(Config(dataset="xor"))
    view = SessionView("sid", run, playing=False, was_playing=False)
    card = make_card(view, "seat", "Ann", big=True)
    small = np.frombuffer(base64.b64decode(card.codes), dtype=np.uint8)
    big = np.frombuffer(base64.b64decode(card.big), dtype=np.uint8)
    assert card.size == 20 and small.size == 400 and card.big_size == 50 and big.size == 2500
    assert card.epoch == 0 and card.test_loss is None and "dataset=xor" in card.query
    picture = charts.boundary_codes(run)[::-1]  # the page's heatmap, top row first
    assert np.array_equal(small.reshape(20, 20), picture[::5, ::5])
    assert np.array_equal(big.reshape(50, 50), picture[::2, ::2])
    assert len(set(small.tolist())) > 10  # a picture, not a flat colour


@pytest.mark.parametrize("config", [
    Config(dataset="blobs3"), Config(dataset="spiral4", loss="softmax_cross_entropy"),
    Config(dataset="plane", problem="regression"), Config(dataset="and", model="perceptron"),
    Config(dataset="circle", features=("x1", "x2", "x1_squared"), input_offset=2.0,
           activation="relu")], ids=["classes", "softmax", "regression", "perceptron", "offset"])
def test_a_card_evaluates_only_its_cells_and_matches_the_heatmap_there(
        config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    run = build_run(config)
    for _ in range(3):
        run.trainer.step()
    picture = charts.boundary_codes(run)[::-1]  # the page's heatmap, top row first

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a card evaluated the heatmap's whole grid")
    monkeypatch.setattr(run.grid, "neurons", refuse)
    monkeypatch.setattr(pictures, "evaluate", refuse)
    for stride in (STRIDE, BIG_STRIDE):
        assert np.array_equal(coarse_codes(run, stride), picture[::stride, ::stride]), stride


def test_cards_are_due_at_most_every_interval_unless_the_gallery_would_show_a_change() -> None:
    now = [0.0]
    clock = CardClock(every=0.4, clock=lambda: now[0])
    run = build_run(Config())
    view = SessionView("sid", run, playing=True, was_playing=True)
    assert clock.due("s", view, big=False)
    assert not clock.due("s", view, big=False)  # nothing changed
    assert clock.due("s", view, big=True)  # spotlit: at once
    paused = SessionView("sid", run, playing=False, was_playing=True)
    assert clock.due("s", paused, big=True)


def test_a_card_was_recent_until_the_room_polls_second_is_over() -> None:
    now = [0.0]
    clock = CardClock(every=0.45, clock=lambda: now[0])
    view = SessionView("sid", build_run(Config()), playing=True, was_playing=True)
    assert not clock.recent("s", 1.0)  # never had one
    assert clock.due("s", view, big=False)
    now[0] = 0.99
    assert clock.recent("s", 1.0) and not clock.recent("other", 1.0)
    now[0] = 1.0
    assert not clock.recent("s", 1.0)


def test_seats_and_cards_round_trip_through_their_json() -> None:
    view = SessionView("sid", build_run(Config(dataset="xor")), playing=True, was_playing=True)
    card = make_card(view, "seat", "Ann <b>", big=True)
    assert load_card(dump(card)) == card
    seat = Seat("id", "Ann", "session", applied=2, started=1)
    assert load_seat(dump(seat)) == seat
    room = Room("K7Q2", "hash", 1.0, 2.0, push=Push(1, "dataset=xor", "t",
                                                    questions.for_lesson("zero_init")))
    assert load_room(dump(room)) == room


def test_the_registry_limits_seats_and_ends_rooms(tmp_path: Path) -> None:
    now = [1_700_000_000.0]
    records = SqliteRecords(tmp_path / "runs.sqlite3", clock=lambda: now[0])
    rooms = Rooms(records, lifetime=60, max_students=2, clock=lambda: now[0])
    room, key = rooms.open()
    assert codes.key_matches(key, room.key_hash)
    rooms.join(room.code, "A")
    rooms.join(room.code, "B")
    with pytest.raises(RoomError, match="at most 2 students") as full:
        rooms.join(room.code, "C")
    assert full.value.status == 409
    changed = rooms.update(room.code, lambda r: r.changed(push=Push(1, "q", "t"), locks=("noise",)))
    assert load_room(records.field(room.code, "room") or b"") == changed
    now[0] += 61
    with pytest.raises(RoomError, match=f"there is no open room {room.code}"):
        rooms.get(room.code)


def test_the_csv_escapes_formulas_and_lists_every_student(tmp_path: Path) -> None:
    rooms = Rooms(SqliteRecords(tmp_path / "r.sqlite3"), lifetime=60, max_students=5)
    room, _ = rooms.open()
    rooms.join(room.code, "=cmd()")
    rooms.join(room.code, "Bo")
    text = csv_text(rooms.read(room.code))
    lines = text.splitlines()
    assert lines[0] == "name,epoch,train_loss,test_loss,test_accuracy,settings"
    assert lines[1:] == ["'=cmd(),,,,,", "Bo,,,,,"]


def test_a_process_remembers_spotlights_of_a_bounded_number_of_rooms(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "SPOTLIT", 3)
    rooms = Rooms(SqliteRecords(tmp_path / "runs.sqlite3"), lifetime=60, max_students=5)
    opened = [rooms.open()[0] for _ in range(5)]
    seats = [rooms.join(room.code, "A") for room in opened]
    for room, seat in zip(opened, seats, strict=True):
        rooms.update(room.code, lambda r, s=seat: r.changed(spotlight=s.id))
        rooms.get(room.code)
    assert len(rooms._spotlit) == 3  # the newest three read
    last = opened[-1]
    rooms.update(last.code, lambda r: r.changed(spotlight=""))
    rooms.get(last.code)
    assert last.code not in rooms._spotlit and len(rooms._spotlit) == 2
    rooms.get(opened[0].code)  # a room dropped past the bound is remembered again when read
    assert opened[0].code in rooms._spotlit
