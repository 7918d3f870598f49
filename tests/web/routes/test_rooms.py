"""Rooms through the routes: join by code, each student's own run, pushes that switch every run
(paused, with the question), locks the server enforces, votes and their tally, start, the
gallery's cards, spotlight, copy to everyone, the CSV, the limits."""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from markupsafe import escape

from app.rooms import questions
from app.web.htmx import SESSION_HEADER
from tests.conftest import HX, FakeClock, epoch_of, refused
from tests.web.routes.room_helpers import events, join, open_room


def push(lecturer: TestClient, code: str, **form: str) -> str:
    answer = lecturer.post(f"/room/{code}/push", data=form, headers=HX)
    assert answer.status_code == 200, answer.text
    return answer.text


def gallery(lecturer: TestClient, code: str, sort: str = "loss") -> str:
    answer = lecturer.get(f"/room/{code}/gallery?sort={sort}", headers=HX)
    assert answer.status_code == 200
    return answer.text


def test_students_join_by_code_each_with_a_run_of_their_own(
        make_client: Callable[..., TestClient]) -> None:
    lecturer = make_client()
    code = open_room(lecturer)
    ann = join(TestClient(lecturer.app), code.lower(), "Ann")  # case forgiven
    bob = join(TestClient(lecturer.app), f" {code} ", "")  # a generated name
    assert ann.headers[SESSION_HEADER] != bob.headers[SESSION_HEADER]
    page = bob.client.get(bob.url).text
    assert re.search(r'id="room_name">\w+ \w+<', page)  # "Curious Otter"
    assert epoch_of(ann.client.post("/step", headers=ann.headers).text) == 1
    assert epoch_of(bob.client.post("/step", headers=bob.headers).text) == 1


def test_the_qr_link_fills_in_the_code_and_a_wrong_code_says_so(client: TestClient) -> None:
    code = open_room(client)
    assert f'value="{code}"' in client.get(f"/join?code={code}").text
    wrong = client.post("/join", data={"code": "ZZZZ", "name": "Ann"})
    assert wrong.status_code == 404 and "there is no open room ZZZZ" in wrong.text
    bad = client.post("/join", data={"code": "K?", "name": "Ann"})
    assert bad.status_code == 422 and "is not a room code" in bad.text


def test_names_are_escaped_and_length_limited(client: TestClient) -> None:
    code = open_room(client)
    eve = join(TestClient(client.app), code, "<script>alert(1)</script> and a very long tail")
    page = eve.client.get(eve.url).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/scr" in page
    assert "a very long tail" not in page


def test_a_full_room_says_so(make_client: Callable[..., TestClient]) -> None:
    lecturer = make_client(room_max_students=2)
    code = open_room(lecturer)
    join(TestClient(lecturer.app), code, "A")
    join(TestClient(lecturer.app), code, "B")
    third = TestClient(lecturer.app).post("/join", data={"code": code, "name": "C"})
    assert third.status_code == 409 and "at most 2 students" in third.text


def test_joins_are_rate_limited_per_client(make_client: Callable[..., TestClient]) -> None:
    lecturer = make_client(new_sessions_burst=3)
    code = open_room(lecturer)  # one token
    student = TestClient(lecturer.app)
    statuses = [student.post("/join", data={"code": code}, follow_redirects=False).status_code
                for _ in range(4)]
    assert statuses == [303, 303, 303, 429]


def test_a_push_switches_every_run_paused_with_the_question(client: TestClient) -> None:
    code = open_room(client)
    students = [join(TestClient(client.app), code, n) for n in ("Ann", "Bob")]
    students[0].client.post("/play", headers=students[0].headers)
    question = questions.for_lesson("dropout")
    assert question is not None
    state = push(client, code, source="lesson:dropout", hold="true")
    assert "Lesson: Dropout" in state or "Pushed" in state
    for s in students:
        status, body = events(s, code, have=1)
        assert status == 200 and "lesson=dropout" in body and 'data-state="paused"' in body
        assert str(escape(question.text)) in body
        assert events(s, code, have=int(re.findall(r"have=(\d+)", body)[-1]))[0] == 204


def test_locked_knobs_are_refused_and_the_rest_still_change(client: TestClient) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    client.post(f"/room/{code}/locks", data={"locks": ["learning_rate", "activation"]},
                headers=HX)
    locked = ann.client.post("/config", data={"learning_rate": "0.3"}, headers=ann.headers)
    assert refused(locked) and "Learning rate is locked by the lecturer" in locked.text
    page = ann.client.post("/config", data={"noise": "0.2"}, headers=ann.headers)  # lr left out
    assert page.status_code == 200 and "learning_rate=0.03" in page.text
    assert "noise=0.2" in page.text
    client.post(f"/room/{code}/locks", data={"unlock": "true"}, headers=HX)
    assert ann.client.post("/config", data={"learning_rate": "0.3"},
                           headers=ann.headers).status_code == 200


def test_votes_are_tallied_and_revealed_then_everyone_starts(client: TestClient) -> None:
    code = open_room(client)
    students = [join(TestClient(client.app), code, n) for n in ("Ann", "Bob", "Cy")]
    push(client, code, source="lesson:hidden_layer_xor", hold="true")
    for s, choice in zip(students, (1, 1, 0), strict=True):
        events(s, code)
        assert s.client.post("/play", headers=s.headers).status_code == 409  # held
        assert s.client.post(f"/room/{code}/vote", data={"choice": choice},
                             headers=s.headers).status_code == 200
    tally = gallery(client, code)
    assert re.findall(r'data-count="(\d+)"', tally) == ["1", "2", "0"]
    assert 'id="answered">3<' in tally
    revealed = client.post(f"/room/{code}/reveal", headers=HX).text
    assert "Answer: <strong>Two</strong>" in revealed
    late = students[0].client.post(f"/room/{code}/vote", data={"choice": 0},
                                    headers=students[0].headers)
    assert refused(late) and "predictions are closed" in late.text
    client.post(f"/room/{code}/start", headers=HX)
    for s in students:
        assert 'data-state="playing"' in events(s, code)[1]


def test_the_gallery_shows_each_students_live_card(client: TestClient, clock: FakeClock) -> None:
    code = open_room(client)
    ann, bob = (join(TestClient(client.app), code, n) for n in ("Ann", "Bob"))
    for s in (ann, bob):
        events(s, code)
        s.client.post("/play", headers=s.headers)
    epochs = []
    for _ in range(2):
        clock.now += 1  # a card at most every 0.4 s
        epochs.append(epoch_of(ann.client.post("/poll", headers=ann.headers).text))
    page = gallery(client, code)
    assert re.findall(r'class="card-name">(\w+)<', page) == ["Ann", "Bob"]  # Bob has no loss yet
    assert re.findall(r'card-epoch">(\d+)<', page) == [str(epochs[1]), "0"]
    assert 0 < epochs[0] < epochs[1]
    assert re.findall(r'class="card-name">(\w+)<', gallery(client, code, "name")) == ["Ann", "Bob"]
    assert len(gallery(client, code).encode()) < 60_000


def test_spotlight_and_copy_to_everyone(client: TestClient, clock: FakeClock) -> None:
    code = open_room(client)
    ann, bob = (join(TestClient(client.app), code, n) for n in ("Ann", "Bob"))
    ann.client.post("/config", data={"dataset": "xor", "activation": "relu"}, headers=ann.headers)
    events(ann, code)
    seat = ann.url.rsplit("/", 1)[1]
    client.post(f"/room/{code}/spotlight", data={"seat": seat}, headers=HX)
    clock.now += 1
    spot = gallery(client, code)
    assert 'id="spot_name">Ann<' in spot and "<dd>relu</dd>" in spot
    assert "Spotlight: <strong>Ann</strong>" in events(bob, code)[1]
    client.post(f"/room/{code}/copy", data={"seat": seat}, headers=HX)
    body = events(bob, code)[1]
    assert "dataset=xor" in body and "activation=relu" in body


def test_the_results_csv_has_a_row_per_student(client: TestClient, clock: FakeClock) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code, "=Ann")
    push(client, code, source="lesson:zero_init", hold="false")
    events(ann, code)
    ann.client.post(f"/room/{code}/vote", data={"choice": 1}, headers=ann.headers)
    ann.client.post("/step", headers=ann.headers)
    clock.now += 1
    events(ann, code)
    answer = client.get(f"/room/{code}/results.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 1
    row = rows[0]
    assert row["name"] == "'=Ann" and row["epoch"] == "1" and float(row["test_loss"]) > 0
    assert "lesson=zero_init" in row["settings"]
    question = next(k for k in row if k.startswith("prediction 1:"))
    assert row[question] == "Never: they stay copies"


def test_a_reloaded_seat_page_keeps_its_run_and_the_old_tab_is_told(client: TestClient) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    ann.client.post("/step", headers=ann.headers)
    again = ann.client.get(ann.url).text
    assert epoch_of(again) == 1
    status, body = events(ann, code)
    assert status == 200 and "open in another tab" in body and "room_poller" not in body
    assert events(ann, code)[0] == 204  # on its own now: no seat, no cards
    assert client.app.state.rooms.bound(ann.headers[SESSION_HEADER]) is None  # type: ignore[attr-defined]


def test_a_room_ends_after_its_lifetime(make_client: Callable[..., TestClient]) -> None:
    lecturer = make_client(room_expiry_seconds=3)  # room to open it on a busy CI machine
    code = open_room(lecturer)
    time.sleep(3.1)  # past the room's end by the record store's own wall clock
    assert lecturer.get(f"/room/{code}/teach").status_code == 404
    assert "there is no open room" in TestClient(lecturer.app).post(
        "/join", data={"code": code}).text


def test_a_gallery_of_30_students_stays_under_60_kb_and_says_its_server_time(
        make_client: Callable[..., TestClient], clock: FakeClock) -> None:
    lecturer = make_client(new_sessions_burst=200)
    code = open_room(lecturer)
    names = [f"Student number {i:02d}xx" for i in range(30)]  # long names: the worst case
    for name in names:
        student = join(TestClient(lecturer.app), code, name)
        student.client.post("/step", headers=student.headers)
        events(student, code)
    answer = lecturer.get(f"/room/{code}/gallery", headers=HX)
    assert answer.text.count('class="card"') == 30 and answer.text.count("data-painted") == 0
    assert len(answer.content) <= 60_000, len(answer.content)
    took, cpu = re.findall(r"(?:app|cpu);dur=([\d.]+)", answer.headers["Server-Timing"])
    assert float(took) > 0 and float(cpu) >= 0


def test_pushing_the_lecturers_own_setup_or_a_link_and_what_cannot_be_pushed(
        client: TestClient) -> None:
    code = open_room(client)
    ann = join(TestClient(client.app), code)
    lecturer = TestClient(client.app, cookies=dict(client.cookies))
    lecturer.cookies.pop("mlp_session", None)
    none = lecturer.post(f"/room/{code}/push", data={"source": "mine"}, headers=HX)
    assert refused(none) and "no playground run of yours" in none.text
    bad = lecturer.post(f"/room/{code}/push", data={"source": "link", "link": "/?noise=7"},
                        headers=HX)
    assert refused(bad) and "that link&#39;s settings are not usable: noise" in bad.text
    assert "dataset=xor" not in events(ann, code)[1]
    lecturer.get("/?dataset=xor&projector=true")  # the lecturer's own playground tab
    lecturer.post(f"/room/{code}/push", data={"source": "mine", "question": "Will it learn?",
                                              "choices": "Yes\nNo"}, headers=HX)
    body = events(ann, code)[1]
    assert "dataset=xor" in body and "projector=false" in body and "Will it learn?" in body
    lecturer.post(f"/room/{code}/push", data={"source": "link",
                                              "link": "http://x:8000/?dataset=spiral"}, headers=HX)
    assert "dataset=spiral" in events(ann, code)[1]
