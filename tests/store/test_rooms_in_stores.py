"""Rooms live in the run store: one opened on one app is found by another app on the same store
(a second worker over Redis, or the same server restarted over SQLite), with its seats, pushes,
votes and cards."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import Settings, create_app
from tests.conftest import HX
from tests.web.routes.room_helpers import events, join, open_room


def two_apps(kind: str, tmp_path: Path, request: pytest.FixtureRequest
             ) -> tuple[TestClient, TestClient]:
    """Return two apps on one store: two workers on one Redis, or a server and its restart."""
    settings = {"data_dir": tmp_path, "training_budget": 10.0}
    if kind == "redis":
        settings["redis_url"] = request.getfixturevalue("redis_url")
    return (TestClient(create_app(Settings(**settings))),
            TestClient(create_app(Settings(**settings))))


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_a_room_opened_on_one_app_is_run_from_another(kind: str, tmp_path: Path,
                                                      request: pytest.FixtureRequest) -> None:
    first, second = two_apps(kind, tmp_path, request)
    code = open_room(first)
    student = join(TestClient(second.app), code, "Ann")
    other_lecturer = TestClient(second.app, cookies=dict(first.cookies))
    assert other_lecturer.get(f"/room/{code}/teach").status_code == 200
    first.post(f"/room/{code}/push", data={"source": "lesson:dropout", "hold": "true"},
               headers=HX)
    status, body = events(student, code)
    assert status == 200 and "lesson=dropout" in body
    assert student.client.post(f"/room/{code}/vote", data={"choice": 0},
                               headers=student.headers).status_code == 200
    gallery = first.get(f"/room/{code}/gallery", headers=HX).text
    assert 'data-count="1"' in gallery and 'class="card-name">Ann<' in gallery
    assert TestClient(second.app).get(f"/room/{code}/teach").status_code == 403
