"""A refusal reaches htmx as 200 + X-Playground-Refused (no console error in Chromium), the same
fragment and headers it had as a 422; plain clients and other errors keep their status."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.web.htmx import HX_HISTORY_RESTORE_REQUEST, HX_TRIGGER, REFUSED
from tests.conftest import HX, refused
from tests.web.routes.test_tabs import page_headers

BAD_RATE = {"learning_rate": "20"}


def test_htmx_gets_the_same_fragment_with_200_and_the_header(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    r = client.post("/config", headers=tab, data=BAD_RATE)
    assert r.status_code == 200 and r.headers[REFUSED] == "422" and refused(r)
    assert 'data-field="learning_rate"' in r.text and "Learning rate must be at most 10" in r.text
    assert 'data-in-use="0.03"' in r.text  # the value the run still uses


def test_a_plain_client_still_gets_422_and_no_header(client: TestClient) -> None:
    client.get("/")
    r = client.post("/config", data=BAD_RATE)
    assert r.status_code == 422 and REFUSED not in r.headers and "<html" in r.text
    for headers in ({"HX-Request": "false"}, {**HX, HX_HISTORY_RESTORE_REQUEST: "true"}):
        r = client.get("/?learning_rate=nan", headers=headers)
        assert r.status_code == 422 and REFUSED not in r.headers, headers


def test_the_routes_other_headers_stay(client: TestClient) -> None:
    tab = page_headers(client.get("/").text)
    other = {**tab, "X-Playground-Session": "Q" * 22}  # a run that is gone: a new one is named
    r = client.post("/config", headers=other, data=BAD_RATE)
    assert refused(r) and "playground:session" in r.headers[HX_TRIGGER]
    assert r.headers["content-security-policy"] and r.headers["cache-control"] == "no-store"


def test_errors_that_are_not_refusals_keep_their_status_for_htmx(client: TestClient) -> None:
    for r, status in ((client.get("/nope", headers=HX), 404),
                      (client.put("/config", headers=HX), 405),
                      (client.post("/config", headers=HX, content=b"x" * 20_000), 413)):
        assert r.status_code == status and REFUSED not in r.headers, status
