"""Runs that survive: a paused run outlasts a crowd, a lost run says why, ids are never adopted,
a tab that comes back gets a copy of its own run under a new id."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from app.session.store import SessionStore
from app.web.htmx import SESSION_EVENT, SESSION_HEADER
from tests.conftest import HX, epoch_of, play_and_poll

FOREIGN = "AAAAAAAAAAAAAAAAAAAAAA"  # well formed, never minted


def page_id(html: str) -> str:
    match = re.search(r"<body[^>]*hx-headers='([^']*)'", html)
    assert match, "the page does not name its session"
    return str(json.loads(match.group(1))[SESSION_HEADER])


def store_of(client: TestClient) -> SessionStore:
    store: SessionStore = client.app.state.store  # type: ignore[attr-defined]
    return store


def test_a_paused_run_outlasts_a_thousand_page_loads_from_other_clients(
        client: TestClient) -> None:
    tab = {**HX, SESSION_HEADER: page_id(client.get("/?speed=5").text)}
    play_and_poll(client, 3)
    assert epoch_of(client.post("/pause", headers=tab).text) == 15
    # ten addresses: one address may start only so many sessions (routes/admission.py)
    crowd = [TestClient(client.app, client=(f"192.0.2.{n}", 50000)) for n in range(10)]
    for i in range(1000):
        crowd[i % 10].cookies.clear()
        assert crowd[i % 10].get(f"/?seed={i % 50}&dataset=xor").status_code == 200
    r = client.post("/poll", headers=tab, data={"token": "", "since": -1})
    assert epoch_of(r.text) == 15 and "expired" not in r.text
    assert "HX-Trigger" not in r.headers  # still its own id


def test_a_corrupt_snapshot_gives_a_banner_and_a_fresh_run_never_a_500(
        client: TestClient) -> None:
    sid = page_id(client.get("/?dataset=xor").text)
    client.post("/step", headers={**HX, SESSION_HEADER: sid})
    store = store_of(client)
    store.discard(sid)
    assert store.runs is not None
    store.runs.put(sid, b"MLPSNAP\n\x01\x00garbage")
    r = client.post("/step?dataset=xor", headers={**HX, SESSION_HEADER: sid})
    assert r.status_code == 200
    assert "this run could not be restored (corrupt snapshot" in r.text
    assert "started again from this page&#39;s link" in r.text
    assert 'value="xor" checked' in r.text and epoch_of(r.text) == 0
    assert json.loads(r.headers["HX-Trigger"])[SESSION_EVENT]["id"] != sid


def test_a_corrupt_snapshot_named_by_the_cookie_gives_the_page_with_a_banner(
        client: TestClient) -> None:
    sid = page_id(client.get("/").text)
    store = store_of(client)
    store.discard(sid)
    assert store.runs is not None
    store.runs.put(sid, b"MLPSNAP\n\x07\x00older format")
    r = client.get("/")
    assert r.status_code == 200 and "<html" in r.text
    assert "this run could not be restored (snapshot format 7 cannot be read" in r.text
    assert page_id(r.text) != sid and epoch_of(r.text) == 0


def test_an_unknown_id_is_never_adopted(client: TestClient) -> None:
    r = client.post("/step", headers={**HX, SESSION_HEADER: FOREIGN})
    assert "this run expired after 24 h idle" in r.text
    new_id = json.loads(r.headers["HX-Trigger"])[SESSION_EVENT]["id"]
    assert new_id != FOREIGN and FOREIGN not in store_of(client)
    stranger = TestClient(client.app)  # no cookie jar of its own: it sends what it likes
    cookie = {"cookie": f"mlp_session={FOREIGN}"}
    page = stranger.get("/", headers=cookie)
    assert page_id(page.text) != FOREIGN and FOREIGN not in store_of(client)
    assert FOREIGN not in page.headers["set-cookie"]
    stranger.cookies.clear()
    r = stranger.post("/step", headers={**HX, **cookie})  # the cookie-only path mints too
    assert "this run expired" in r.text and FOREIGN not in store_of(client)
    assert FOREIGN not in r.headers["set-cookie"]


def test_every_whole_page_gets_its_own_run_even_without_a_query(client: TestClient) -> None:
    first = page_id(client.get("/?speed=3").text)
    play_and_poll(client, 2)
    client.post("/pause", headers={**HX, SESSION_HEADER: first})
    second_page = client.get("/").text  # a second tab at / (same cookie)
    second = page_id(second_page)
    assert second != first and epoch_of(second_page) == 6  # a copy: the browser's run as it is
    client.post("/step", headers={**HX, SESSION_HEADER: second})
    assert epoch_of(client.post("/pause", headers={**HX, SESSION_HEADER: first}).text) == 6


def test_a_tab_that_comes_back_resumes_a_copy_of_its_run_under_a_new_id(
        client: TestClient) -> None:
    old = page_id(client.get("/?dataset=spiral&speed=4").text)
    play_and_poll(client, 2)
    client.post("/pause", headers={**HX, SESSION_HEADER: old})
    copies, pages = [], []
    for _ in range(2):  # the reloaded tab and a duplicate of it: two runs
        fresh = page_id(client.get("/?dataset=spiral&speed=4").text)  # its page: epoch 0
        pages.append(fresh)
        r = client.post("/resume", headers={**HX, SESSION_HEADER: fresh}, data={"from": old})
        assert r.status_code == 200 and epoch_of(r.text) == 8
        assert r.headers["HX-Replace-Url"].startswith("/?") and "dataset=spiral" in r.text
        copies.append(json.loads(r.headers["HX-Trigger"])[SESSION_EVENT]["id"])
    assert len({old, *pages, *copies}) == 5
    assert not any(p in store_of(client) for p in pages)  # the pages' unused fresh runs went
    step = client.post("/step", headers={**HX, SESSION_HEADER: copies[0]}).text
    assert epoch_of(step) == 9
    assert epoch_of(client.post("/step", headers={**HX, SESSION_HEADER: old}).text) == 9


def test_resuming_a_run_that_is_gone_keeps_the_page_run_and_says_why(client: TestClient) -> None:
    fresh = page_id(client.get("/?dataset=xor").text)
    r = client.post("/resume", headers={**HX, SESSION_HEADER: fresh}, data={"from": FOREIGN})
    assert r.status_code == 200 and "HX-Trigger" not in r.headers
    assert "this run expired after 24 h idle — restarted from this page&#39;s link" in r.text
    same = client.post("/resume", headers={**HX, SESSION_HEADER: fresh}, data={"from": fresh})
    assert same.status_code == 204


def test_a_transport_button_on_a_lost_run_restarts_from_the_address_the_page_shows(
        client: TestClient) -> None:
    sid = page_id(client.get("/?dataset=xor").text)
    store = store_of(client)
    store.discard(sid)
    assert store.runs is not None
    store.runs.put(sid, b"MLPSNAP\n\x01\x00garbage")
    # the transport's buttons post without the query; htmx names the page's address
    r = client.post("/reset", headers={**HX, SESSION_HEADER: sid,
                                       "HX-Current-URL": "http://testserver/?dataset=xor"})
    assert r.status_code == 200 and "started again from this page&#39;s link" in r.text
    assert 'value="xor" checked' in r.text and epoch_of(r.text) == 0
