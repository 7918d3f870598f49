"""The diagram's requests: POST /parameter (a typed weight or bias) and GET /neuron (a picture),
and the poll's `show` (a hovered neuron's picture in the heatmap)."""

from __future__ import annotations

import base64

import numpy as np
from fastapi.testclient import TestClient

from app.config import Config, to_query
from app.engine import MLP
from app.figures import charts, pictures
from app.session.session import Session, SessionView
from app.web.routes.browser import COOKIE
from tests.conftest import HX, epoch_of, frame_of, play_and_poll, refused


def session_of(client: TestClient) -> SessionView:
    """Return a look at the client's session as it is now (its run and playing flag)."""
    session: Session | None = client.app.state.store.get(  # type: ignore[attr-defined]
        client.cookies.get(COOKIE))
    assert session is not None
    return session.read(lambda view: view)


def net(client: TestClient) -> MLP:
    model = session_of(client).run.model
    assert isinstance(model, MLP)
    return model


def test_a_typed_weight_sets_the_engines_weight_and_answers_a_new_frame(
        client: TestClient) -> None:
    client.get("/")
    page = frame_of(client.get("/", headers=HX).text)
    r = client.post("/parameter", headers=HX, data={
        "layer": "1", "source": "3", "target": "0", "value": "-2.5",
        "token": page["token"], "since": str(page["epoch"])})
    assert r.status_code == 200 and r.text.startswith('<div id="frame"')
    assert net(client).weights[1][3, 0] == -2.5
    frame = frame_of(r.text)
    assert "z" in frame and "boundary" not in frame  # a delta: the page keeps its figure
    assert frame["diagram"]["w"][1][3 * 2 + 0] == -2.5
    assert frame["z"] != page["boundary"]["data"][0]["z"]  # the output moved


def test_without_source_it_is_a_bias(client: TestClient) -> None:
    client.get("/")
    r = client.post("/parameter", headers=HX, data={"layer": "2", "source": "", "target": "0",
                                                    "value": "0.75"})
    assert r.status_code == 200
    assert net(client).biases[2][0] == 0.75


def test_bad_values_get_a_422_line_in_the_editor_and_change_nothing(client: TestClient) -> None:
    client.get("/")
    before = net(client).params.copy()
    for data, message in [
        ({"value": "1000"}, "value: must be ≤ 100, got 1000"),
        ({"value": "nan"}, "value: must be a finite number"),
        ({"value": ""}, "value: must be a number"),
        ({"value": "1", "layer": "7"}, "layer must be in 0..2, got 7"),
        ({"value": "1", "source": "5"}, "layer 0 has sources 0..1, got 5"),
        ({"value": "1", "evil": "1"}, "evil: unknown setting"),
    ]:
        r = client.post("/parameter", headers=HX,
                        data={"layer": "0", "source": "0", "target": "0", **data})
        assert refused(r), data
        assert r.headers["HX-Retarget"] == "#parameter_error"
        assert r.text.startswith('<p id="parameter_error"') and message in r.text, r.text
    assert np.array_equal(net(client).params, before)


def test_a_plain_form_post_goes_back_to_the_page(client: TestClient) -> None:
    client.get("/")
    r = client.post("/parameter", data={"layer": "0", "source": "1", "target": "1",
                                        "value": "3"}, follow_redirects=False)
    assert r.status_code == 303 and net(client).weights[0][1, 1] == 3.0


def test_a_neurons_picture_is_json_for_the_heatmap(client: TestClient) -> None:
    client.get("/")
    r = client.get("/neuron?column=1&unit=2")
    assert r.status_code == 200
    body = r.json()
    assert body["z"]["shape"] == "100, 100" and body["zsmooth"] == "fast"
    assert body["colorscale"] == charts.colorscale(2)
    run = session_of(client).run
    codes = np.frombuffer(base64.b64decode(body["z"]["bdata"]), np.uint8).reshape(100, 100)
    ev = pictures.evaluate(run)
    assert np.array_equal(codes, pictures.codes(ev.layers[0][2])[::-1])  # bottom row first
    output = client.get("/neuron?column=-1").json()
    assert output["z"] == charts.heatmap(run)["z"]


def test_a_discretized_neurons_picture_snaps_but_an_inputs_does_not(client: TestClient) -> None:
    client.get("/?discretize=true")
    assert client.get("/neuron?column=1&unit=2").json()["colorscale"] == charts.colorscale(2, True)
    assert client.get("/neuron?column=0&unit=0").json()["colorscale"] == charts.colorscale(2)
    assert client.get("/neuron?column=-1").json()["colorscale"] == charts.colorscale(2, True)


def test_no_such_neuron_or_session(client: TestClient) -> None:
    client.get("/")
    assert client.get("/neuron?column=1&unit=4").status_code == 422
    assert client.get("/neuron?column=99").status_code == 422
    fresh = TestClient(client.app)
    assert fresh.get("/neuron?column=1").status_code == 404


def test_a_poll_shows_the_hovered_neuron_in_the_heatmap(client: TestClient) -> None:
    client.get("/")
    first = play_and_poll(client, 1)[0]
    r = client.post("/poll", headers=HX, data={"token": first["token"], "since": first["epoch"],
                                               "show": "2.1"})
    frame = frame_of(r.text)
    run = session_of(client).run
    expected = pictures.shown_codes(run, pictures.evaluate(run), "2.1")
    assert expected is not None and frame["z"] == charts.encode_u1(expected)
    plain = frame_of(client.post("/poll", headers=HX, data={
        "token": frame["token"], "since": frame["epoch"]}).text)
    assert plain["z"] == charts.encode_u1(charts.boundary_codes(session_of(client).run))


def test_switching_the_lines_to_gradients_keeps_the_run_going(client: TestClient) -> None:
    client.get("/")
    frames = play_and_poll(client, 2)
    data = {k: v for k, v in (p.split("=", 1) for p in to_query(Config()).split("&"))}
    r = client.post("/config", headers=HX, data={**data, "edge_view": "gradients"})
    assert r.status_code == 200 and epoch_of(r.text) == frames[-1]["epoch"]
    lines = frame_of(r.text)["diagram"]  # no page token: the whole frame
    assert lines["view"] == "gradients" and lines["g"] is not None and len(lines["bars"]) == 3
    assert 'id="diagram_note"' in r.text
