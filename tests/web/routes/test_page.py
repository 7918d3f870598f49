"""GET /: page vs fragment, URLs that reproduce runs, bad URLs, escaping."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.config import Config, to_query
from app.engine import DATASETS
from tests.conftest import HX, epoch_of, frame_of, play_and_poll


def test_the_page_is_a_whole_document_with_every_region(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.text.startswith("<!doctype html>")
    for region in ("playground", "banner", "share", "transport", "epoch", "data", "diagram",
                   "network", "stats", "view", "advanced", "frame", "poller", "boundary",
                   "loss_chart"):
        assert f'id="{region}"' in r.text, region
    assert "HX-Request" in r.headers["vary"]
    assert 'name="htmx-config"' in r.text and "allowEval&#34;:false" in r.text


def test_htmx_gets_the_playground_fragment(client: TestClient) -> None:
    r = client.get("/", headers=HX)
    assert r.status_code == 200
    assert r.text.lstrip().startswith("<form id=\"playground\"") and "<html" not in r.text


def test_a_history_restore_gets_the_whole_page(client: TestClient) -> None:
    r = client.get("/", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in r.text


def test_a_url_reproduces_its_run_bit_for_bit(make_client: Callable[..., TestClient]) -> None:
    query = to_query(Config(dataset="xor", noise=0.1, hidden_layers=(5, 3), seed=9, speed=7))
    curves = []
    for _ in range(2):  # two browsers, two sessions, same link
        client = make_client()
        client.get(f"/?{query}")
        frames = play_and_poll(client, 3, query)
        curves.append([frames[0]["loss"]["data"][0]["y"], *(f["extend"]["y"] for f in frames[1:])])
        assert frames[-1]["epoch"] == 21
    assert curves[0] == curves[1]


def test_opening_a_url_restarts_the_run_at_epoch_zero(client: TestClient) -> None:
    client.get("/")
    play_and_poll(client, 2)
    assert epoch_of(client.get("/").text) == 2 * Config().speed  # no query: the session as it is
    assert epoch_of(client.get("/?" + to_query(Config())).text) == 0


def test_a_bad_url_shows_the_message_and_the_last_good_state(client: TestClient) -> None:
    client.get("/?dataset=xor")
    r = client.get("/?dataset=xor&learning_rate=100&evil=1")
    assert r.status_code == 422 and "<html" in r.text
    assert "learning_rate: must be ≤ 10, got 100" in r.text and "evil: unknown setting" in r.text
    assert 'value="xor" checked' in r.text  # the last good config is still shown
    assert 'data-url="/?dataset=xor&amp;' in r.text  # the page replaces the bad URL with it


def test_a_bad_url_on_a_first_visit_falls_back_to_defaults(client: TestClient) -> None:
    r = client.get("/?learning_rate=nan")
    assert r.status_code == 422 and "learning_rate: must be a finite number" in r.text
    assert 'value="circle" checked' in r.text


def test_user_supplied_strings_are_escaped(client: TestClient) -> None:
    r = client.get('/?dataset=<script>alert(1)</script>&<img src=x>=1')
    assert "<script>alert(1)</script>" not in r.text and "<img src=x>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_the_frame_holds_the_whole_figures_on_a_page(client: TestClient) -> None:
    frame = frame_of(client.get("/").text)
    heatmap = frame["boundary"]["data"][0]
    assert heatmap["type"] == "heatmap" and heatmap["z"]["dtype"] == "u1"
    assert frame["epoch"] == 0 and frame["loss"]["data"][0]["x"] == []


@pytest.mark.parametrize("query", [
    *(f"dataset={name}&problem={info.problem}" for name, info in DATASETS.items()),
    "model=perceptron&dataset=xor", "dataset=blobs5&loss=max_margin&optimizer=rmsprop",
    "hidden_layers=&features=sin_x1", "dataset=moons&loss=log&schedule=exponential",
])
def test_every_dataset_and_model_renders(client: TestClient, query: str) -> None:
    r = client.get(f"/?{query}")
    assert r.status_code == 200, r.text[:500]
    assert frame_of(r.text)["boundary"]["data"][0]["z"]["shape"] == "100, 100"


def test_health_check(client: TestClient) -> None:
    assert client.get("/healthz").text == "ok"
