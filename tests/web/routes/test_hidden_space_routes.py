"""The hidden-space panel: loaded when opened (GET /hidden_space), carried by polls and steps
only while it is open."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from app.config import Config, to_query
from tests.conftest import HX, frame_of, refused

XOR = to_query(Config(dataset="xor_gate", hidden_layers=(2,), speed=3))


def panel_data(html: str) -> dict[str, object]:
    match = re.search(r'id="hidden_space_data">(.*?)</script>', html, re.S)
    assert match, "no hidden_space_data"
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_the_page_has_the_closed_panel_and_no_picture(client: TestClient) -> None:
    html = client.get("/?" + XOR).text
    assert '<details class="lecture-panel" id="hidden_space_panel">' in html
    assert 'id="hidden_space_data"' not in html and "Loading…" in html
    assert '<script src="/static/hidden.js" defer></script>' in html


def test_opening_the_panel_loads_the_layer_and_its_choices(client: TestClient) -> None:
    client.get("/?" + to_query(Config(hidden_layers=(4, 2))))
    r = client.get("/hidden_space?hidden_layer=1&hidden_axes=pca", headers=HX)
    assert r.status_code == 200 and r.text.startswith('<div id="hidden_space"')
    assert 'data-layer="1" data-axes="pca" data-choice="1:pca"' in r.text
    assert r.text.count('<option value="') == 2 + 1 + 6  # 2 layers; PCA and 6 pairs of 4 units
    assert panel_data(r.text)["choice"] == "1:pca"
    r = client.get("/hidden_space?hidden_layer=5&hidden_axes=0,1", headers=HX)  # clamped
    assert 'data-choice="2:0,1"' in r.text
    assert client.get("/hidden_space", follow_redirects=False).status_code == 303  # a plain GET
    r = client.get("/hidden_space?hidden_layer=x", headers=HX)
    assert refused(r) and "hidden_layer: must be a whole number" in r.text


def test_polls_and_steps_carry_the_picture_only_when_asked(client: TestClient) -> None:
    client.get("/?" + XOR)
    client.post("/play", headers=HX)
    asked = frame_of(client.post("/poll", headers=HX, data={
        "hidden_layer": "1", "hidden_axes": "0,1"}).text)
    assert asked["hidden"]["choice"] == "1:0,1" and asked["epoch"] == 3
    assert "hidden" not in frame_of(client.post("/poll", headers=HX).text)
    stepped = frame_of(client.post("/step", headers=HX, data={"hidden_layer": "1"}).text)
    assert stepped["hidden"]["choice"] == "1:0,1"
    r = client.post("/poll", headers=HX, data={"hidden_layer": "99"})
    assert refused(r)  # out of range: refused, nothing trained
