"""GET/POST /explain, POST /explain/step and GET /explorer: the lecture panels as htmx fragments."""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urlsplit

import numpy as np
from fastapi.testclient import TestClient

from app.config import Config, from_query, to_query
from app.engine import MLP
from app.engine.explain import explain_weight
from app.session.session import Session, SessionView
from app.web.routes.browser import COOKIE
from tests.conftest import HX, refused
from tests.lecture.test_numbers import parse
from tests.web.routes.test_controls import current_config, form

FACTOR = re.compile(
    r'<tr data-factor="(\w+)">.*?<td class="value">(?:= <output>([^<]*)</output>)?</td>', re.S)
STEP = re.compile(r'<output data-step="(\w+)">([^<]*)</output>')
# the rows of the chain and the ChainStep field each shows
FIELDS = {"z": "z", "y_p": "y_p", "E": "E", "dE_dy": "dE_dy", "dy_dz": "dy_dz",
          "delta": "delta", "dz_dw": "dz_dw", "dE_dw": "dE_dw", "delta_w": "delta_w",
          "new_w": "new_w"}


def session_of(client: TestClient) -> SessionView:
    """Return a look at the client's session as it is now (its run and playing flag)."""
    session: Session | None = client.app.state.store.get(  # type: ignore[attr-defined]
        client.cookies.get(COOKIE))
    assert session is not None
    return session.read(lambda view: view)


def shown(html: str) -> dict[str, str]:
    """Return the value each chain row prints, by row key."""
    return {key: value for key, value in FACTOR.findall(html) if value}


def digits_of(text: str) -> int:
    mantissa = text.replace("−", "").lstrip("+").strip("()").split("×")[0]
    return len(mantissa.replace(".", "").lstrip("0")) or 1


def agrees(text: str, exact: float) -> bool:
    """Return True when the shown text is `exact` rounded to the digits it shows."""
    value = parse(text)
    if exact == 0 or value == 0:
        return value == exact or abs(exact) < 1e-300
    exponent = math.floor(math.log10(abs(value)))
    return abs(value - exact) <= 0.5 * 10 ** (exponent - digits_of(text) + 1) * (1 + 1e-9)


def test_the_rendered_chain_parses_back_to_the_engines_numbers(client: TestClient) -> None:
    client.get("/?" + to_query(Config(hidden_layers=(3, 2), activation="sigmoid", noise=0.2)))
    for _ in range(3):
        client.post("/step", headers=HX)
    for point, weight in [(4, "0,1,2"), (11, "1,2,1"), (0, "2,0,0")]:
        html = client.post("/explain", headers=HX, data={"example_point": str(point),
                                                         "example_weight": weight}).text
        run = session_of(client).run
        assert isinstance(run.model, MLP)
        layer, i, j = map(int, weight.split(","))
        chain = explain_weight(run.model, run.x_train[point], run.trainer.t_train[point],
                               run.config.loss, layer, i, j, run.config.learning_rate)
        values = shown(html)
        assert set(FIELDS) <= set(values), values
        for key, field in FIELDS.items():
            exact = getattr(chain, field)
            assert agrees(values[key], exact), (key, values[key], exact)


def test_choosing_a_point_and_weight_lives_in_the_session_and_the_url(client: TestClient) -> None:
    client.get("/")
    r = client.post("/explain", headers=HX, data={"example_point": "17", "example_weight": "1,3,1"})
    assert r.status_code == 200 and r.text.startswith('<div id="worked_example"')
    pushed = from_query(urlsplit(r.headers["HX-Replace-Url"]).query)
    assert (pushed.example_point, pushed.example_weight) == (17, (1, 3, 1))
    assert 'id="share"' in r.text and "example_point=17" in r.text  # the link follows
    assert 'value="17"' in client.get("/explain", headers=HX).text
    # a change of settings in the main form keeps the worked example's choice
    posted = form(Config(), learning_rate="0.1")
    client.post("/config", headers=HX,
                data={k: v for k, v in posted.items() if not k.startswith("example")})
    assert current_config(client).example_weight == (1, 3, 1)
    assert current_config(client).learning_rate == 0.1


def test_a_bad_choice_is_named_in_the_panel_and_changes_nothing(client: TestClient) -> None:
    client.get("/?example_point=3")
    for data, message in [({"example_point": "-1"}, "example_point: must be ≥ 0, got -1"),
                          ({"example_weight": "1,2"}, "example_weight: give layer,from,to"),
                          ({"example_point": "x"}, "example_point: must be a whole number")]:
        r = client.post("/explain", headers=HX, data=data)
        assert refused(r) and message in r.text.replace("&#39;", "'")
        assert r.text.startswith('<div id="worked_example"') and "HX-Replace-Url" not in r.headers
    assert session_of(client).run.config.example_point == 3


def test_step_applies_delta_w_to_that_weight_pauses_and_redraws(client: TestClient) -> None:
    client.get("/?" + to_query(Config(learning_rate=0.3, example_weight=(1, 0, 1))))
    client.post("/play", headers=HX)
    net = session_of(client).run.model
    assert isinstance(net, MLP)
    before = net.params.copy()
    r = client.post("/explain/step", headers=HX)
    assert r.status_code == 200
    moved = np.flatnonzero(net.params != before)
    assert len(moved) == 1 and net.weights[1][0, 1] == net.params[moved[0]]
    step = dict(STEP.findall(r.text))
    assert agrees(step["w"], float(before[moved[0]]))
    assert agrees(step["new_w"], float(net.weights[1][0, 1]))
    assert parse(step["new_E"]) < parse(step["E"])
    run = session_of(client).run
    now = explain_weight(net, run.x_train[0], run.trainer.t_train[0], "square", 1, 0, 1, 0.3)
    assert agrees(step["new_E"], now.E) and agrees(shown(r.text)["E"], now.E)  # the chain redone
    for region in ("frame", "transport", "poller"):
        assert f'id="{region}"' in r.text
    assert 'data-state="paused"' in r.text and not session_of(client).playing


def test_the_perceptron_explains_why_there_is_no_chain(client: TestClient) -> None:
    client.get("/?model=perceptron")
    r = client.get("/explain", headers=HX)
    assert "no chain rule to follow" in r.text and 'data-factor' not in r.text
    before = session_of(client).run.model.weights.copy()  # type: ignore[union-attr]
    assert client.post("/explain/step", headers=HX).status_code == 200
    assert np.array_equal(session_of(client).run.model.weights, before)  # type: ignore[union-attr]


def test_without_htmx_the_panels_send_the_browser_back_to_the_page(client: TestClient) -> None:
    client.get("/")
    for method, path in [("get", "/explain"), ("post", "/explain"), ("get", "/explorer")]:
        r = getattr(client, method)(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"


def explorer_charts(html: str) -> dict[str, dict[str, list[dict[str, object]]]]:
    match = re.search(r'<script type="application/json" id="explorer_data">(.*?)</script>', html,
                      re.S)
    assert match
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_the_explorers_histograms_count_every_training_point_once_per_unit(
        client: TestClient) -> None:
    client.get("/?" + to_query(Config(hidden_layers=(5, 3))))
    n_train = len(session_of(client).run.x_train)
    for layer, units in [(1, 5), (2, 3)]:
        html = client.get(f"/explorer?layer={layer}", headers=HX).text
        bars = [t for t in explorer_charts(html)["layer"]["data"] if t["type"] == "bar"]
        assert len(bars) == units
        assert all(sum(t["y"]) == n_train for t in bars)  # type: ignore[arg-type]
        assert f'<option value="{layer}" selected>' in html


def test_the_explorer_flags_a_relu_unit_that_is_off_on_every_point(client: TestClient) -> None:
    client.get("/?" + to_query(Config(activation="relu", hidden_layers=(3,))))
    net = session_of(client).run.model
    assert isinstance(net, MLP)
    net.weights[0][:, 1], net.biases[0][1] = 0.0, -1.0  # h1,2: z = −1 on every point
    html = client.get("/explorer", headers=HX).text
    rows = dict(re.findall(r'<tr data-unit="([^"]+)"[^>]*>(.*?)</tr>', html, re.S))
    assert "badge dead" in rows["h1,2"]
    assert "badge dead" not in rows["h1,1"] + rows["h1,3"]
    assert 'data-act="relu"' in html and "hidden layers</span>" in html


def test_the_explorer_without_hidden_layers_still_shows_the_tables(client: TestClient) -> None:
    client.get("/?hidden_layers=")
    html = client.get("/explorer", headers=HX).text
    assert "no hidden layer" in html and html.count('class="card') >= 8 + 5
    assert "layer" not in explorer_charts(html)
