"""Helpers for the room tests: open a room as the lecturer, join it as students, read pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from tests.web.routes.test_tabs import page_headers


@dataclass
class Student:
    """A student's browser: its client, its page's headers (session), its seat's page URL."""

    client: TestClient
    headers: dict[str, str]
    url: str


def open_room(lecturer: TestClient) -> str:
    """Open a room as the lecturer (the client keeps the teacher cookie); return its code."""
    answer = lecturer.post("/room/new", follow_redirects=False)
    assert answer.status_code == 303
    code = answer.headers["location"].split("/")[2]
    assert lecturer.get(answer.headers["location"]).status_code == 200
    return code


def join(student: TestClient, code: str, name: str = "Ann") -> Student:
    """Join the room and open the seat's page; return the student."""
    answer = student.post("/join", data={"code": code, "name": name}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    url = answer.headers["location"]
    page = student.get(url)
    assert page.status_code == 200
    return Student(student, page_headers(page.text), url)


def events(student: Student, code: str, have: int = 0) -> tuple[int, str]:
    """Poll the room as the student's page does; return the status and the body."""
    answer = student.client.get(f"/room/{code}/events?have={have}", headers=student.headers)
    return answer.status_code, answer.text


def room_version(html: str) -> int:
    """Return the room version a room bar's poller holds."""
    match = re.search(r"events\?have=(\d+)", html)
    assert match, "no room poller"
    return int(match.group(1))
