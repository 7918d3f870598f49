"""Only the lecturer acts as the lecturer: every teacher route tried by a student of the room
(no key, then a wrong key in the link and in the cookie) answers 403 and changes nothing; the
lecturer's link hands over the key once and the address bar never shows it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.rooms import Rooms
from app.rooms.model import dump
from tests.conftest import HX
from tests.web.routes.room_helpers import events, join, open_room

# (method, path after /room/<code>, form) for every route that needs the teacher key
TEACHER_ROUTES = [
    ("GET", "/teach", None),
    ("POST", "/push", {"source": "lesson:dropout", "hold": "true"}),
    ("POST", "/locks", {"locks": "learning_rate"}),
    ("POST", "/locks", {"unlock": "true"}),
    ("POST", "/reveal", None),
    ("POST", "/start", None),
    ("POST", "/release", None),
    ("POST", "/spotlight", {"seat": "SEAT"}),
    ("POST", "/copy", {"seat": "SEAT"}),
    ("GET", "/gallery", None),
    ("GET", "/results.csv", None),
]


def state(client: TestClient, code: str) -> tuple[bytes, list[bytes]]:
    """Return the room record and every seat as bytes: what a teacher action would change."""
    rooms: Rooms = client.app.state.rooms  # type: ignore[attr-defined]
    data = rooms.read(code)
    return dump(data.room), sorted(dump(s) for s in data.seats.values())


@pytest.mark.parametrize(("method", "path", "form"), TEACHER_ROUTES)
@pytest.mark.parametrize("key", ["none", "wrong link", "wrong cookie", "another room's"])
def test_a_student_cannot_act_as_the_lecturer(client: TestClient, method: str, path: str,
                                              form: dict[str, str] | None, key: str) -> None:
    code = open_room(client)
    client.post(f"/room/{code}/push", data={"source": "lesson:dropout", "hold": "true"},
                headers=HX)
    student = join(TestClient(client.app), code, "Eve")
    events(student, code)
    seat = student.url.rsplit("/", 1)[1]
    query, cookies = "", {}
    if key == "wrong link":
        query = "?key=not-the-key"
    elif key == "wrong cookie":
        cookies = {f"mlp_room_{code}": "not-the-key"}
    elif key == "another room's":
        other = TestClient(client.app)
        open_room(other)  # that lecturer's own key, in their own room's cookie
        cookies = {f"mlp_room_{code}": next(iter(other.cookies.values()))}
    before = state(client, code)
    student.client.cookies.update(cookies)
    data = {k: v.replace("SEAT", seat) for k, v in (form or {}).items()}
    answer = student.client.request(method, f"/room/{code}{path}{query}", headers=HX,
                                    data=data if method == "POST" else None,
                                    follow_redirects=False)
    assert answer.status_code == 403, answer.text
    assert f"only the lecturer of room {code}" in answer.text
    assert state(client, code) == before


def test_the_lecturers_link_sets_the_cookie_and_hides_the_key(client: TestClient) -> None:
    code = open_room(client)
    key = client.cookies[f"mlp_room_{code}"]
    page = client.get(f"/room/{code}/teach").text
    assert f"/room/{code}/teach?key={key}" in page  # in the closed "lecturer link" box only
    laptop = TestClient(client.app)
    answer = laptop.get(f"/room/{code}/teach?key={key}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/room/{code}/teach"
    assert "HttpOnly" in answer.headers["set-cookie"]
    assert laptop.get(f"/room/{code}/teach").status_code == 200


def test_the_students_page_never_holds_the_key(client: TestClient) -> None:
    code = open_room(client)
    key = client.cookies[f"mlp_room_{code}"]
    student = join(TestClient(client.app), code)
    assert key not in student.client.get(student.url).text
    assert key not in client.get(f"/join?code={code}").text


def test_a_wrong_code_says_so_plainly(client: TestClient) -> None:
    answer = client.get("/room/ZZZZ/teach")
    assert answer.status_code == 404 and "there is no open room ZZZZ" in answer.text
    assert client.get("/room/not-a-code!/gallery").status_code == 404
