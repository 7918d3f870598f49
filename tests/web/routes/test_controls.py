"""POST /config, /reset, /regenerate: validation in place, last good state kept, URL pushed."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.config import Config, from_query, to_query
from app.engine import FEATURE_KEYS
from app.figures import charts
from tests.conftest import HX, epoch_of, frame_of, play_and_poll, refused


def form(config: Config, **changes: str) -> dict[str, str]:
    """Return the form a page for config posts (every field), with some values changed."""
    values = dict(pair.split("=", 1) for pair in to_query(config).split("&"))
    return {**values, **changes}


def current_config(client: TestClient) -> Config:
    r = client.get("/", headers=HX)
    url = r.text.split('id="share_url" readonly value="')[1].split('"')[0]
    return from_query(urlsplit(url.replace("&amp;", "&")).query)


def test_a_change_answers_every_region_out_of_band_and_pushes_the_url(client: TestClient) -> None:
    client.get("/")
    r = client.post("/config", headers=HX, data=form(Config(), dataset="xor"))
    assert r.status_code == 200
    assert r.text.startswith('<div id="banner"')
    for region in ("share", "transport", "data", "network", "stats", "advanced",
                   "frame", "poller"):
        assert f'id="{region}"' in r.text and 'hx-swap-oob="true"' in r.text, region
    assert from_query(urlsplit(r.headers["HX-Replace-Url"]).query) == Config(dataset="xor")


def test_the_features_and_layer_buttons_post_what_the_form_holds(client: TestClient) -> None:
    client.get("/")
    data = form(Config(), hidden_layers="4,2,2")
    data["features"] = ""  # the hidden input before the toggles
    pairs = [*data.items(), ("features", "x1_x2"), ("features", "x1")]
    r = client.post("/config", headers={**HX, "Content-Type": "application/x-www-form-urlencoded"},
                    content="&".join(f"{k}={v}" for k, v in pairs))
    assert r.status_code == 200
    assert current_config(client).features == ("x1", "x1_x2")
    assert current_config(client).hidden_layers == (4, 2, 2)


def test_bad_values_get_a_refusal_in_place_and_keep_the_last_good_state(client: TestClient) -> None:
    client.get("/")
    play_and_poll(client, 1)
    # in words, naming the field and the value still in use: the page says it next to the field
    for bad, message in [("100", "Learning rate must be at most 10 (got 100)"),
                         ("nan", "Learning rate must be a number (got nan)"),
                         ("inf", "Learning rate must be a number (got inf)"),
                         ("", "Learning rate must be a number<")]:
        r = client.post("/config", headers=HX, data=form(Config(), learning_rate=bad))
        assert refused(r), bad
        assert r.text.startswith('<div id="banner"') and message in r.text
        assert 'data-field="learning_rate" data-in-use="0.03"' in r.text
        assert "hx-swap-oob" not in r.text  # nothing else changes on the page
    r = client.post("/config", headers=HX, data=form(Config(), beta1="2"))
    assert ">Beta 1 must be below 1 (got 2)<" in r.text and 'data-in-use="0.9"' in r.text
    r = client.post("/config", headers=HX, data=form(Config(), activation="swish"))
    assert "Activation: unknown &#39;swish&#39;" in r.text
    r = client.post("/config", headers=HX, data={**form(Config()), "evil": "1"})
    assert refused(r) and "evil: unknown setting" in r.text
    assert current_config(client) == Config()
    assert epoch_of(client.get("/").text) == Config().speed  # the run was not reset either


def test_without_htmx_a_bad_post_renders_the_page_with_the_banner(client: TestClient) -> None:
    r = client.post("/config", data=form(Config(), noise="0.9"))
    assert r.status_code == 422 and "<html" in r.text and "noise: must be ≤ 0.5, got 0.9" in r.text


def test_without_htmx_a_good_post_redirects_to_the_page(client: TestClient) -> None:
    r = client.post("/config", data=form(Config(), dataset="gaussian"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert current_config(client).dataset == "gaussian"


def test_the_learning_rate_changes_without_a_reset(client: TestClient) -> None:
    client.get("/")
    play_and_poll(client, 2)
    r = client.post("/config", headers=HX, data=form(Config(), learning_rate="0.3"))
    assert epoch_of(r.text) == 2 * Config().speed
    assert 'id="play_pause" class="round big playing"' in r.text


def test_a_new_network_resets_to_epoch_zero_and_pauses(client: TestClient) -> None:
    client.get("/")
    play_and_poll(client, 2)
    r = client.post("/config", headers=HX, data=form(Config(), activation="relu"))
    assert epoch_of(r.text) == 0 and 'data-state="paused"' in r.text


def test_reset_draws_new_weights_on_the_same_data(client: TestClient) -> None:
    before = frame_of(client.get("/").text)["boundary"]
    play_and_poll(client, 1)
    r = client.post("/reset", headers=HX)
    after = frame_of(r.text)["boundary"]
    assert epoch_of(r.text) == 0 and "seed=1&" in r.headers["HX-Replace-Url"]
    assert after["data"][1]["x"] == before["data"][1]["x"]  # same points
    assert after["data"][0]["z"] != before["data"][0]["z"]  # other weights


def test_regenerate_draws_new_data_and_training_goes_on(client: TestClient) -> None:
    before = frame_of(client.get("/").text)["boundary"]
    play_and_poll(client, 1)
    r = client.post("/regenerate", headers=HX)
    assert epoch_of(r.text) == Config().speed and "data_seed=1&" in r.headers["HX-Replace-Url"]
    assert frame_of(r.text)["boundary"]["data"][1]["x"] != before["data"][1]["x"]
    assert 'data-state="playing"' in r.text


def test_a_live_knob_answers_only_what_it_changes_in_under_10_kb(client: TestClient) -> None:
    client.get("/")
    r = client.post("/config", headers=HX, data=form(Config(), learning_rate="0.1"))
    assert r.status_code == 200 and len(r.content) <= 10_000
    assert r.text.startswith('<div id="banner"')
    for region in ("data", "network", "advanced", "frame", "stats"):  # nothing there changed
        assert f'id="{region}"' not in r.text, region
    want = to_query(Config(learning_rate=0.1))
    assert f'id="share_url" readonly value="/?{want}"'.replace("&", "&amp;") in r.text
    # a lost session restarts from the link regenerate carries, or (the transport's buttons)
    # from the address the page shows, which HX-Replace-Url keeps current
    assert f'hx-post="/regenerate?{want}"'.replace("&", "&amp;") in r.text
    for action in ("reset", "play", "step"):
        assert f'hx-post="/{action}"' in r.text, action
    assert from_query(urlsplit(r.headers["HX-Replace-Url"]).query) == Config(learning_rate=0.1)
    assert current_config(client).learning_rate == 0.1


LIVE_KNOBS = {"learning_rate": "0.1", "regularization_rate": "0.01", "speed": "3",
              "show_test_data": "true", "discretize": "true", "edge_view": "gradients"}
BIG = "features=x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2&hidden_layers=8,8,8,8,8,8"


@pytest.mark.parametrize("query", ["", BIG])
def test_every_live_knob_answers_only_its_changes_in_about_10_kb(
        make_client: Callable[..., TestClient], query: str) -> None:
    for name, value in LIVE_KNOBS.items():
        client = make_client()
        client.get(f"/?{query}")
        last = play_and_poll(client, 2)[-1]  # trained: gradients and curves to keep
        config = current_config(client)
        assert config == from_query(query)
        r = client.post("/config", headers=HX, data={
            **form(config, **{name: value}), "token": last["token"], "since": last["epoch"]})
        # (the big network's gradients view sends ∂E/∂w of its 384 links for the hover card)
        assert r.status_code == 200 and len(r.content) <= 10_000, (name, len(r.content))
        assert current_config(client) == from_query(f"{to_query(config)}&{name}={value}")
        for region in ("data", "network", "advanced", "stats"):
            assert f'id="{region}"' not in r.text, (name, region)
        if 'id="frame"' in r.text:  # a view knob: new looks only, the pictures stay
            assert set(frame_of(r.text)) <= {"token", "looks", "diagram"}, name


def test_a_view_knob_restyles_what_the_page_drew(client: TestClient) -> None:
    client.get("/")
    last = play_and_poll(client, 2)[-1]
    held = {"token": last["token"], "since": last["epoch"]}
    shown = frame_of(client.post("/config", headers=HX, data={
        **form(Config(), show_test_data="true"), **held}).text)
    assert shown["looks"]["visible"] == [True, True, True, True] and "diagram" not in shown
    held["token"] = shown["token"]
    snapped = frame_of(client.post("/config", headers=HX, data={
        **form(Config(show_test_data=True), discretize="true"), **held}).text)
    assert snapped["looks"]["colorscale"] == charts.colorscale(2, discretize=True)
    assert snapped["diagram"] == {"lut": charts.lut_base64(2, discretize=True)}
    held["token"] = snapped["token"]
    r = client.post("/config", headers=HX, data={
        **form(Config(show_test_data=True, discretize=True), edge_view="gradients"), **held})
    lines = frame_of(r.text)["diagram"]
    assert lines["view"] == "gradients" and lines["bars"] and lines["g"] is not None
    assert 'id="diagram_note" class="hint diagram-note" hx-swap-oob="true">Line width and ' \
        'darkness: |∂E/∂w|' in r.text


def test_a_change_without_the_charts_state_sends_the_whole_frame(client: TestClient) -> None:
    client.get("/")
    r = client.post("/config", headers=HX, data={**form(Config(), discretize="true"),
                                                 "token": "", "since": "nonsense"})
    assert r.status_code == 200 and "boundary" in frame_of(r.text)




def test_a_new_network_on_a_big_diagram_resends_neither_the_diagram_nor_the_data_panel(
        client: TestClient) -> None:
    big = Config(features=FEATURE_KEYS, hidden_layers=(8,) * 6)
    client.get(f"/?{to_query(big)}")
    r = client.post("/config", headers=HX, data=form(big, activation="relu"))
    assert r.status_code == 200 and frame_of(r.text)["epoch"] == 0  # a new run, drawn whole
    assert 'id="diagram"' not in r.text and 'id="data"' not in r.text
    assert 'id="advanced"' in r.text and len(r.content) < 60_000
    r = client.post("/reset", headers=HX)
    assert 'id="diagram"' not in r.text and len(r.content) < 60_000
    r = client.post("/config", headers=HX, data=form(big, activation="relu",
                                                       hidden_layers="8,8,8,8,8"))
    assert 'id="diagram"' in r.text and 'id="network"' in r.text  # a new structure


def test_the_input_offset_is_a_model_knob_with_its_range(client: TestClient) -> None:
    page = client.get("/").text
    assert 'name="input_offset"' in page and 'min="-10"' in page
    r = client.post("/config", headers=HX, data=form(Config(), input_offset="12"))
    assert refused(r) and "must be at most 10 (got 12)" in r.text
    assert 'data-field="input_offset"' in r.text
    assert current_config(client) == Config()
    r = client.post("/config", headers=HX, data=form(Config(), input_offset="6"))
    assert r.status_code == 200 and current_config(client).input_offset == 6.0
