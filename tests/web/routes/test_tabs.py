"""Two tabs of one browser (one cookie) train two runs side by side: each page names its session."""

import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from app.web.htmx import SESSION_EVENT, SESSION_HEADER
from tests.conftest import HX, epoch_of, frame_of


def page_headers(html: str) -> dict[str, str]:
    """Return the headers the page's htmx sends (hx-headers on <body>) plus HX-Request."""
    match = re.search(r"<body[^>]*hx-headers='([^']*)'", html)
    assert match, "the page does not name its session"
    return {**HX, **json.loads(match.group(1))}


def test_each_opened_url_gets_its_own_session(client: TestClient) -> None:
    tab_a = page_headers(client.get("/?dataset=xor").text)
    tab_b = page_headers(client.get("/?dataset=circle").text)
    assert tab_a[SESSION_HEADER] != tab_b[SESSION_HEADER]
    assert epoch_of(client.post("/step", headers=tab_a).text) == 1
    assert epoch_of(client.post("/step", headers=tab_a).text) == 2
    # which run answered: its poller (in /play's answer) carries its page's query
    assert epoch_of(client.post("/step", headers=tab_b).text) == 1
    assert "dataset=circle" in client.post("/play", headers=tab_b).text
    assert epoch_of(client.post("/step", headers=tab_a).text) == 3
    assert "dataset=xor" in client.post("/play", headers=tab_a).text


def test_a_tab_whose_run_left_memory_gets_it_back_under_the_same_name(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(session_cap=1)
    tab_a = page_headers(client.get("/?dataset=xor").text)
    client.post("/step", headers=tab_a)
    client.get("/?dataset=circle")  # the cap moves tab A's run out of memory, into the store
    back = client.post("/step?dataset=xor", headers=tab_a)
    assert "expired" not in back.text and epoch_of(back.text) == 2
    assert "HX-Trigger" not in back.headers  # same id: nothing to tell the page


def test_a_tab_whose_run_is_gone_is_told_its_new_id(client: TestClient) -> None:
    tab_a = page_headers(client.get("/?dataset=xor").text)
    client.app.state.store.discard(tab_a[SESSION_HEADER])  # type: ignore[attr-defined]
    restarted = client.post("/step?dataset=xor", headers=tab_a)
    assert "this run expired after 24 h idle" in restarted.text
    new_id = json.loads(restarted.headers["HX-Trigger"])[SESSION_EVENT]["id"]
    assert new_id != tab_a[SESSION_HEADER]
    after = client.post("/step", headers={**tab_a, SESSION_HEADER: new_id}).text
    assert "expired" not in after and epoch_of(after) == 1 and frame_of(after)["epoch"] == 1


def test_without_the_header_the_cookie_still_names_the_session(client: TestClient) -> None:
    client.get("/?dataset=xor")
    assert "dataset=xor" in client.post("/play", headers=HX).text


def test_a_malformed_page_session_is_ignored_for_the_cookie(client: TestClient) -> None:
    client.get("/?dataset=xor")
    bad = {**HX, SESSION_HEADER: "<script>"}
    assert "dataset=xor" in client.post("/play", headers=bad).text
