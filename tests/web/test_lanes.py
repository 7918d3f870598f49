"""The poll's lane (app/web/lanes.py): POST /poll skips the router and FastAPI's layers, and
answers exactly as the full stack would, errors included."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.web import views
from app.web.guard import SECURITY_HEADERS
from app.web.htmx import SESSION_HEADER
from app.web.lanes import Lanes
from tests.conftest import HX, frame_of

Answer = tuple[int, dict[str, str], str]
VARYING = {"date", "content-length", "set-cookie", "hx-trigger", "server-timing"}


def lanes_of(client: TestClient) -> Lanes:
    """Return the app's Lanes layer (the stack is built on the first request)."""
    client.get("/healthz")
    layer: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, Lanes):
        layer = layer.app
    return layer


@contextmanager
def full_stack(client: TestClient) -> Iterator[None]:
    """Send /poll through the router and every layer, as before the lane."""
    lanes = lanes_of(client)
    saved, lanes.lanes = lanes.lanes, {}
    try:
        yield
    finally:
        lanes.lanes = saved


def both(client: TestClient, send: Callable[[], Any]) -> tuple[Answer, Answer]:
    """Return what the lane answers to send() and what the full stack answers to it."""
    def answer() -> Answer:
        r = send()
        headers = {k: v for k, v in r.headers.items() if k not in VARYING}
        return r.status_code, headers, r.text
    lane = answer()
    with full_stack(client):
        full = answer()
    return lane, full


def test_polls_take_the_lane_and_nothing_else_does(client: TestClient) -> None:
    assert set(lanes_of(client).lanes) == {("POST", "/poll")}
    assert client.get("/poll").status_code == 405  # other methods: the router's answer


def test_a_playing_run_s_poll_is_answered_alike(client: TestClient) -> None:
    client.get("/?speed=3")
    client.post("/play", headers=HX)
    (status, headers, text), (full_status, full_headers, full_text) = both(
        client, lambda: client.post("/poll", headers=HX))
    assert status == full_status == 200 and headers == full_headers
    assert frame_of(text)["epoch"] + 3 == frame_of(full_text)["epoch"]
    assert headers["content-encoding"] == "gzip" and headers["cache-control"] == "no-store"
    assert all(headers[k.lower()] == v for k, v in SECURITY_HEADERS.items())


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_a_bad_field_is_refused_alike(client: TestClient, htmx: bool) -> None:
    client.get("/")
    lane, full = both(client, lambda: client.post("/poll", headers=HX if htmx else {},
                                                  data={"since": "abc"}))
    assert lane == full and "since: must be a whole number" in lane[2]
    assert (lane[0] == 200 and lane[1]["x-playground-refused"] == "422") if htmx else lane[0] == 422


def test_a_lost_session_redraws_the_page_alike(client: TestClient) -> None:
    lane, full = both(client, lambda: client.post(
        "/poll?speed=7", headers={**HX, SESSION_HEADER: "x" * 22}))
    assert lane[0] == full[0] == 200 and lane[1] == full[1]
    assert "restarted" in lane[2] and "restarted" in full[2]


def test_a_chunked_body_past_the_limit_is_refused_alike(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_size=2048)
    client.get("/")

    def chunked() -> Iterator[bytes]:  # no Content-Length: the Guard cannot see the size
        yield b"token=" + b"x" * 4096

    lane, full = both(client, lambda: client.post("/poll", headers=HX, content=chunked()))
    assert lane[0] == full[0] == 413 and lane[1] == full[1]


def test_a_bug_is_a_500_page_with_the_security_headers_alike(
        make_client: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(make_client().app, raise_server_exceptions=False)
    client.get("/")
    client.post("/play", headers=HX)

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "poll_update", broken)
    lane, full = both(client, lambda: client.post("/poll", headers=HX))
    assert lane == full and lane[0] == 500 and "something went wrong" in lane[2]
    assert all(lane[1][k.lower()] == v for k, v in SECURITY_HEADERS.items())
