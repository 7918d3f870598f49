"""Short links: POST /s gives a setup a code and a QR code; GET /s/<code> opens it at epoch 0."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.config import Config, from_query, to_query
from app.web import qr
from app.web.htmx import SESSION_HEADER
from tests.conftest import HX, epoch_of, frame_of, refused
from tests.web.routes.test_controls import form
from tests.web.routes.test_lasting_runs import page_id

XOR = to_query(Config(dataset="xor", hidden_layers=(4, 2, 2), learning_rate=0.1))
SHORT = re.compile(r'id="share_url" readonly value="(https?://[^"]+/s/([A-Z2-9]{7}))"')


def share(client: TestClient, query: str = XOR,
          headers: dict[str, str] = HX) -> tuple[str, str, str]:
    """Return the share box's answer, its short link and its code."""
    r = client.post(f"/s?{query}" if query else "/s", headers=headers)
    assert r.status_code == 200, r.text
    match = SHORT.search(r.text)
    assert match, r.text
    return r.text, match.group(1), match.group(2)


def test_the_page_asks_for_the_short_link_of_its_own_run(client: TestClient) -> None:
    html = client.get(f"/?{XOR}").text
    box = re.search(r'<div id="share".*?</div>', html, re.S)
    assert box and 'hx-post="/s" hx-trigger="load"' in box.group(0)
    tab = {**HX, SESSION_HEADER: page_id(html)}
    _, _, code = share(client, "", headers=tab)  # no query: the run the page names
    assert share(client, XOR)[2] == code
    client.post("/config", headers=tab, data=form(Config(dataset="spiral")))
    spiral = share(client, to_query(Config(dataset="spiral")))[2]
    assert share(client, "", headers=tab)[2] == spiral != code


def test_a_page_whose_run_is_gone_keeps_its_long_link(client: TestClient) -> None:
    r = client.post("/s", headers={**HX, SESSION_HEADER: "x" * 22})
    assert r.status_code == 204 and r.content == b""


def test_a_short_link_opens_the_setup_from_epoch_0_in_a_fresh_browser(
        make_client: Callable[..., TestClient]) -> None:
    lecturer = make_client()
    lecturer.get(f"/?{XOR}")
    lecturer.post("/play", headers=HX)
    _, link, code = share(lecturer)
    student = TestClient(lecturer.app)  # no cookie: only the link
    r = student.get(f"/s/{code}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/?{XOR}"
    page = student.get(f"/s/{code.lower()}")  # typed in lower case, still found
    assert page.status_code == 200 and epoch_of(page.text) == 0
    assert frame_of(page.text)["boundary"] == frame_of(student.get(f"/?{XOR}").text)["boundary"]


def test_the_same_setup_keeps_its_code_and_another_gets_another(client: TestClient) -> None:
    _, _, first = share(client)
    _, _, again = share(client, XOR.replace("learning_rate=0.1", "learning_rate=0.10"))
    _, _, other = share(client, to_query(Config(dataset="spiral")))
    assert first == again != other


def test_the_box_shows_the_absolute_link_and_its_qr_code(client: TestClient) -> None:
    html, link, code = share(client)
    assert link == f"http://testserver/s/{code}"
    assert f'data-link="{link}"' in html
    assert f'<figcaption class="qr-link">{link}</figcaption>' in html
    assert str(qr.qr_svg(link, title=f"QR code of {link}")) in html
    assert len(link) < 40  # readable off a projector, unlike the ~720-character query


def test_a_loopback_page_links_to_the_lan_address(make_client: Callable[..., TestClient],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qr, "lan_address", lambda: "192.168.7.9")
    client = TestClient(make_client().app, base_url="http://127.0.0.1:8000")
    _, link, code = share(client)
    assert link == f"http://192.168.7.9:8000/s/{code}"


def test_a_configured_public_url_wins(make_client: Callable[..., TestClient]) -> None:
    client = make_client(public_url="https://lab.school.org/play")
    _, link, code = share(client)
    assert link == f"https://lab.school.org/play/s/{code}"


@pytest.mark.parametrize("code", ["ZZZZZZZ", "abc", "A" * 40, "<script>"])
def test_an_unknown_code_is_a_clear_404_page(client: TestClient, code: str) -> None:
    r = client.get(f"/s/{code}")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no setup is shared under the code" in r.text and "<script>" not in r.text


def test_a_bad_setup_gets_no_code(client: TestClient) -> None:
    r = client.post("/s?dataset=nope", headers=HX)
    assert refused(r) and "unknown 'nope'" in r.text.replace("&#39;", "'")


def test_hide_and_embed_travel_in_the_short_link(client: TestClient) -> None:
    query = to_query(Config(hide=("noise", "dataset"), embed=True))
    _, _, code = share(client, query)
    location = client.get(f"/s/{code}", follow_redirects=False).headers["location"]
    assert from_query(location[2:]) == Config(hide=("noise", "dataset"), embed=True)
