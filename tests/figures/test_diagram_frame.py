"""The diagram's data per poll: thumbnails, link and bias looks as codes (the same looks the
server-drawn SVG shows), weights in link order, gradients only when shown, per-layer bars, dropped
neurons, the L1 zero count — all plain JSON."""

from __future__ import annotations

import base64
import json
import re
from html import escape as html_escape

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.config import Config, from_query
from app.figures import diagram, diagram_frame, pictures
from app.figures.diagram_style import FILLS
from app.session.run import advance, build_run
from app.web.views import frame
from tests.figures.test_diagram import Elements


def payload(query: str = "", epochs: int = 0) -> dict:  # type: ignore[type-arg]
    run = build_run(from_query(query))
    advance(run, epochs, budget=60.0)
    return diagram_frame.payload(run, pictures.evaluate(run))


def test_thumbnails_of_every_hidden_and_output_unit_as_base64_u1() -> None:
    d = payload()
    assert d["thumbs"]["dtype"] == "u1" and d["thumbs"]["shape"] == "7, 10, 10"
    assert len(base64.b64decode(d["thumbs"]["bdata"])) == (4 + 2 + 1) * 100


def test_weights_and_biases_are_sent_in_link_order() -> None:
    run = build_run(Config())
    d = diagram_frame.payload(run, pictures.evaluate(run))
    net = run.model
    assert [len(w) for w in d["w"]] == [8, 8, 2] and [len(b) for b in d["b"]] == [4, 2, 1]
    assert d["w"][0][1 * 4 + 3] == float(f"{net.weights[0][1, 3]:.3g}")  # type: ignore[union-attr]
    assert d["b"][1] == [0.1, 0.1]  # TF Playground's initial bias
    assert d["g"] is None and d["bars"] is None  # weights view


def test_the_gradients_view_sends_the_last_mini_batchs_gradients_and_layer_stats() -> None:
    run = build_run(from_query("edge_view=gradients"))
    advance(run, 3, budget=60.0)
    d = diagram_frame.payload(run, pictures.evaluate(run))
    grad = run.model.grad_weights[2]  # type: ignore[union-attr]
    sent = np.frombuffer(base64.b64decode(d["g"][2]), dtype="<f4")
    assert sent.tolist() == grad.astype(np.float32).ravel().tolist()  # float32, row-major
    last = run.trainer.history.last
    assert last is not None
    assert [s["norm"] for s in d["bars"]] == [float(f"{v:.3g}") for v in last.grad_norms]
    assert {s["health"] for s in d["bars"]} <= {"ok", "vanishing", "exploding"}
    assert d["bars"][0]["norm_text"] == f"∇ {last.grad_norms[0]:.1e}"


def test_a_deep_sigmoid_network_shows_its_gradient_vanishing_layer_by_layer() -> None:
    deep = "edge_view=gradients&hidden_layers=8,8,8,8,8,8"
    d = payload(f"{deep}&activation=sigmoid&init=uniform", 1)
    norms = [s["norm"] for s in d["bars"]]
    assert norms[5] / norms[0] >= 10  # last hidden layer vs first
    relu = payload(f"{deep}&activation=relu&init=he_normal", 1)
    relu_norms = [s["norm"] for s in relu["bars"]]
    assert relu_norms[5] / relu_norms[0] < norms[5] / norms[0]


def test_dropped_neurons_come_from_the_last_mini_batch_mask() -> None:
    assert payload("", 1)["dropped"] is None  # dropout off
    run = build_run(from_query("dropout=0.5&hidden_layers=8,6"))
    assert diagram_frame.dropped_units(run) is None  # nothing trained yet
    advance(run, 1, budget=60.0)
    dropped = diagram_frame.dropped_units(run)
    masks = run.model.last_dropout_masks  # type: ignore[union-attr]
    assert dropped is not None and len(dropped) == 2
    for units, mask in zip(dropped, masks, strict=True):
        assert mask is not None
        assert units == np.flatnonzero(mask[0] == 0).tolist()
    assert 0 < sum(len(u) for u in dropped) < 14


def test_the_zero_count_under_l1() -> None:
    assert payload()["zero"] is None
    d = payload("regularization=l1&regularization_rate=0.1&init=zeros")
    assert d["zero"].startswith("18 of 18 weights are exactly 0 (dashed): an L1 step")
    assert d["dashed"] == list(range(18))


def test_every_frame_carries_the_diagram_as_plain_json() -> None:
    run = build_run(from_query("dataset=plane&problem=regression&learning_rate=10"
                               "&activation=relu&edge_view=gradients"))
    advance(run, 60, budget=60.0)
    assert run.trainer.diverged
    full = frame(run)
    delta = frame(run, full["token"], full["epoch"])
    for f in (full, delta):
        text = json.dumps(f["diagram"], allow_nan=False)  # NaN weights travel as null
        assert "thumbs" in text


def looks_of(d: dict, palette: list) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    """Return the (width, colour, dashed) of every link and the fill of every bias a frame says."""
    links = base64.b64decode(d["links"])
    dashed = set(d["dashed"] or [])
    fills = [FILLS[c] for c in base64.b64decode(d["fills"])]
    return [(*palette[c], k in dashed) for k, c in enumerate(links)], fills


@pytest.mark.parametrize("query", [
    "regularization=l1&regularization_rate=0.01&learning_rate=0.3", "edge_view=gradients",
    "hidden_layers=8,8,8&features=x1,x2,x1_x2"])
def test_the_frames_looks_are_the_looks_the_server_draws(query: str) -> None:
    run = build_run(from_query(query))
    advance(run, 20, budget=60.0)
    d = diagram_frame.payload(run, pictures.evaluate(run))
    drawn = diagram.build(run)
    links, fills = looks_of(d, [tuple(look) for look in drawn.palette])
    assert links == [(e.width, e.colour, e.zero and not drawn.gradients) for e in drawn.edges]
    assert fills == [n.bias_colour for n in drawn.nodes if n.layer > 0]
    assert len({look[:2] for look in links}) > 3  # trained: the links differ
    assert d["view"] == ("gradients" if drawn.gradients else "weights")
    if drawn.gradients:
        assert [b["fill"] for b in d["bars"]] == [b.look["fill"] for b in drawn.bars]


def test_the_page_without_javascript_shows_the_frames_looks(client: TestClient) -> None:
    query = "regularization=l1&regularization_rate=0.1&learning_rate=0.03"
    client.get(f"/?{query}")
    html = client.post(f"/step?{query}").text  # not htmx: back to the page, one epoch on
    assert re.search(r"id=\"epoch\"[^>]*>\s*000,001\s*<", html)
    frame_json = html.split('id="frame_data">', 1)[1].split("</script>", 1)[0]
    d = json.loads(frame_json)["diagram"]
    page = Elements(html)
    views = json.loads(next(a for t, a in page.tags if a.get("id") == "diagram")["data-views"])
    palette = views[d["view"]]["links"]
    links, fills = looks_of(d, [tuple(look) for look in palette])
    drawn = [(float(e["stroke-width"]), e["stroke"], "zero" in e["class"].split())
             for e in page.having("path", "edge")]
    assert drawn == links and 0 < sum(z for *_, z in drawn) < len(drawn)
    assert [b["fill"] for b in page.having("rect", "bias")] == fills
    assert f'<span id="zero_count" class="zero-count">{html_escape(d["zero"])}</span>' in html
