"""Session creation is rate-limited per client address (app/web/routes/admission.py): past its
burst an address is told when to try again, its sessions keep working, other addresses are not
affected, and the defaults let a class behind one address open the page together."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from app.web.htmx import SESSION_HEADER
from tests.conftest import HX, FakeClock, epoch_of

LIMITS = {"new_sessions_burst": 3, "new_sessions_per_minute": 6}  # a token every 10 s


def page_id(html: str) -> str:
    match = re.search(r"<body[^>]*hx-headers='([^']*)'", html)
    assert match, "the page does not name its session"
    return str(json.loads(match.group(1))[SESSION_HEADER])


def other(client: TestClient, host: str) -> TestClient:
    """Return a client of the same app from another address."""
    return TestClient(client.app, client=(host, 50000))


def test_past_its_burst_an_address_is_told_when_to_try_again(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(**LIMITS)
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 200]
    r = client.get("/")
    assert r.status_code == 429 and r.headers["content-type"].startswith("text/html")
    assert "too many new sessions from your network address; try again in 10 s" in r.text
    client.cookies.clear()
    r = client.get("/", headers=HX)  # a fragment for htmx (with no session to find)
    assert r.status_code == 429 and 'id="banner"' in r.text and "try again in 10 s" in r.text


def test_every_way_of_starting_a_session_counts(make_client: Callable[..., TestClient]) -> None:
    client = make_client(**LIMITS)
    assert client.post("/config", headers=HX, data={"seed": "1"}).status_code == 200
    assert client.post("/step", headers=HX).status_code == 200  # the cookie's run: free
    client.cookies.clear()
    assert client.post("/step", headers=HX).status_code == 200  # no run: a new one
    client.cookies.clear()
    assert client.get("/?seed=2").status_code == 200
    client.cookies.clear()
    for method, path in (("GET", "/"), ("GET", "/?seed=3"), ("POST", "/step"),
                         ("POST", "/config")):
        r = client.request(method, path, headers=HX, data={"seed": "4"})
        assert r.status_code == 429, (method, path)


def test_sessions_already_started_keep_working(make_client: Callable[..., TestClient]) -> None:
    client = make_client(**LIMITS)
    tabs = [page_id(client.get("/?speed=5").text) for _ in range(3)]
    assert client.get("/").status_code == 429
    for tab in tabs:
        r = client.post("/step", headers={**HX, SESSION_HEADER: tab})
        assert r.status_code == 200 and epoch_of(r.text) == 1
    r = client.post("/resume", headers={**HX, SESSION_HEADER: tabs[2]}, data={"from": tabs[0]})
    assert r.status_code == 200  # a tab coming back swaps its fresh run for a copy: free


def test_the_bucket_refills_with_time(make_client: Callable[..., TestClient],
                                      clock: FakeClock) -> None:
    client = make_client(**LIMITS)
    for _ in range(3):
        client.get("/")
    clock.now += 9.0
    r = client.get("/")
    assert r.status_code == 429 and "try again in 1 s" in r.text
    clock.now += 1.0
    assert [client.get("/").status_code for _ in range(2)] == [200, 429]
    clock.now += 3600
    assert [client.get("/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_other_addresses_have_buckets_of_their_own(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(**LIMITS)
    first, neighbour = other(client, "192.0.2.1"), other(client, "192.0.2.2")
    assert [first.get("/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert neighbour.get("/").status_code == 200
    # IPv6: one host usually holds a whole /64, so the /64 is the address
    same_host = [other(client, f"2001:db8:0:1::{n}") for n in (1, 2, 3, 4)]
    assert [c.get("/").status_code for c in same_host] == [200, 200, 200, 429]
    assert other(client, "2001:db8:0:2::1").get("/").status_code == 200


def test_by_default_a_class_behind_one_address_opens_the_page_together(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    statuses: list[Any] = []
    for _ in range(100):
        client.cookies.clear()
        statuses.append(client.get("/").status_code)
    assert statuses == [200] * 100
