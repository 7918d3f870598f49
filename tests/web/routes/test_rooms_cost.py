"""What a room costs the server: the gallery draws ready cards (no network evaluated, no run
read, a colour table made once per kind), the room poll and the gallery run on the event loop
with the students' polls, and a student's poll publishes a small card at most every CARD_EVERY."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from starlette.routing import Route

from app.figures import charts, pictures
from app.rooms.cards import CARD_EVERY
from app.session.session import Session
from app.session.store import SessionStore
from app.web.routes import room_teacher, rooms
from app.web.routes.room_access import ROOM_TICK
from tests.conftest import HX, FakeClock, epoch_of
from tests.web.routes.room_helpers import Student, events, join, open_room


def endpoint(router: APIRouter, path: str) -> Callable[..., object]:
    """Return the function that answers GET path."""
    for route in router.routes:
        if isinstance(route, Route) and route.path == path and "GET" in (route.methods or ()):
            return route.endpoint
    raise AssertionError(f"no GET {path}")


def test_the_room_poll_and_the_gallery_run_on_the_event_loop() -> None:
    # in the thread pool they waited for the GIL while the loop trained the students' runs
    for router, path in ((rooms.router, "/room/{code}/events"),
                         (room_teacher.router, "/room/{code}/gallery")):
        assert inspect.iscoroutinefunction(endpoint(router, path)), path


def class_of(lecturer: TestClient, code: str, n: int) -> list[Student]:
    students = []
    for i in range(n):
        student = join(TestClient(lecturer.app), code, f"Student {i:02d}")
        student.client.post("/play", headers=student.headers)
        students.append(student)
    return students


def test_the_gallery_draws_ready_cards_without_evaluating_or_reading_a_run(
        make_client: Callable[..., TestClient], clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    lecturer = make_client(new_sessions_burst=100)
    code = open_room(lecturer)
    students = class_of(lecturer, code, 12)
    clock.now += 1
    epochs = [epoch_of(s.client.post("/poll", headers=s.headers).text) for s in students]
    made: list[tuple[int, bool]] = []
    lut = charts.lut
    monkeypatch.setattr(charts, "lut", lambda k, d=False: made.append((k, d)) or lut(k, d))
    charts.lut_base64.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the gallery touched a run")
    monkeypatch.setattr(pictures, "evaluate", refuse)
    monkeypatch.setattr(SessionStore, "get", refuse)
    for _ in range(3):
        page = lecturer.get(f"/room/{code}/gallery", headers=HX)
        assert page.status_code == 200
        shown = re.findall(r'class="card-epoch">(\d+)<', page.text)
        assert sorted(map(int, shown)) == sorted(epochs) and len(shown) == 12
    assert made == [(2, False)]  # one kind of card, one colour table for the process


def test_the_gallerys_server_timing_says_its_time_and_its_cpu(client: TestClient) -> None:
    code = open_room(client)
    events(join(TestClient(client.app), code), code)
    timing = client.get(f"/room/{code}/gallery", headers=HX).headers["Server-Timing"]
    took, cpu = (float(v) for v in re.findall(r"(?:app|cpu);dur=([\d.]+)", timing))
    assert 0 < took < 1000 and 0 <= cpu < 1000


def test_a_students_polls_publish_a_card_at_most_every_interval(
        client: TestClient, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    events(ann, code)
    ann.client.post("/play", headers=ann.headers)
    published: list[int] = []
    publish = client.app.state.rooms.publish  # type: ignore[attr-defined]
    monkeypatch.setattr(client.app.state.rooms, "publish",  # type: ignore[attr-defined]
                        lambda c, card: published.append(card.epoch) or publish(c, card))
    polls = 0
    for _ in range(12):  # three polls per interval
        clock.now += CARD_EVERY / 3 + 1e-6
        ann.client.post("/poll", headers=ann.headers)
        polls += 1
    assert 3 <= len(published) <= polls // 3 + 1
    assert published == sorted(published) and published[0] > 0


def test_the_room_poll_reads_a_bad_version_as_none_and_is_quiet_once_current(
        client: TestClient) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    for have in ("x", "-1", "9" * 40):
        answer = ann.client.get(f"/room/{code}/events?have={have}", headers=ann.headers)
        assert answer.status_code == 200 and 'id="room_bar"' in answer.text
    version = int(re.findall(r"events\?have=(\d+)", answer.text)[0])
    assert events(ann, code, version) == (204, "")
    assert client.get(f"/room/{code}/events?have={version}").status_code == 204  # not a seat
    assert ann.client.get("/room/K7Q!/events", headers=ann.headers).status_code == 404


def test_the_room_poll_leaves_a_playing_runs_cards_to_its_polls(
        client: TestClient, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    version = int(re.findall(r"events\?have=(\d+)", events(ann, code)[1])[0])
    ann.client.post("/play", headers=ann.headers)
    clock.now += 1
    ann.client.post("/poll", headers=ann.headers)  # its card
    reads: list[str] = []
    read = Session.read
    monkeypatch.setattr(Session, "read", lambda self, render: reads.append(self.id)
                        or read(self, render))
    clock.now += ROOM_TICK / 2
    assert events(ann, code, version) == (204, "")
    assert reads == []  # a card within the second: the run was not even read
    ann.client.post("/pause", headers=ann.headers)
    clock.now += ROOM_TICK
    assert events(ann, code, version) == (204, "")
    assert len(reads) == 1  # paused: the room poll looks (and publishes when due)
