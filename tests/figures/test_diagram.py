"""The diagram's structure: one node per unit, one link per weight, ids and data attributes, TF's
link widths and colours, the gradients view's bars, L1 zeros, and what the HTML fragment holds."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from app.config import Config, from_query, to_query
from app.figures import charts, diagram
from app.figures.diagram_style import FILLS, link_palette
from app.session.run import advance, build_run
from app.validation import ConfigError
from tests.conftest import HX

BIG = "features=x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2&hidden_layers=8,8,8,8,8,8"


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), plus the text of <title> elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.titles: list[str] = []
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)

    def having(self, tag: str, cls: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and cls in a.get("class", "").split()]


def network_fragment(client: TestClient, query: str) -> Elements:
    html = client.get(f"/?{query}", headers=HX).text
    start = html.index('<section id="network"')
    return Elements(html[start:html.index("</section>", start)])


def test_the_default_diagram_has_a_node_per_unit_and_a_link_per_weight() -> None:
    d = diagram.build(build_run(Config()))
    assert d.sizes == (2, 4, 2, 1)
    assert [(n.layer, n.unit) for n in d.nodes if n.layer == 0] == [
        (0, 0), (0, 1), (0, -1), (0, -1), (0, -1), (0, -1), (0, -1)]  # 7 inputs, 2 on
    assert sum(n.layer > 0 for n in d.nodes) == 4 + 2 + 1
    assert len(d.edges) == 2 * 4 + 4 * 2 + 2 * 1
    assert [(e.layer, e.source, e.target) for e in d.edges[:5]] == [
        (0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 0, 3), (0, 1, 0)]  # source-major, like frame "w"
    assert [c.caption for c in d.columns] == ["Features", "4 neurons", "2 neurons", "Output"]


def test_links_start_at_the_source_box_and_end_at_the_target_box() -> None:
    d = diagram.build(build_run(Config()))
    nodes = {(n.layer, n.unit): n for n in d.nodes}
    edge = d.edges[5]  # x2 → layer 1 neuron 2
    a, b = nodes[0, 1], nodes[1, 1]
    start, end = edge.d[1:].split("C")[0], edge.d.split(" ")[-2:]
    assert start == f"{round(a.x + diagram.NODE, 1):g} {round(a.y + diagram.NODE / 2, 1):g}"
    assert end == [f"{round(b.x, 1):g}", f"{round(b.y + diagram.NODE / 2, 1):g}"]
    assert all(0 <= n.x and n.x + diagram.NODE <= d.width and n.y + diagram.NODE <= d.height
               for n in d.nodes)


def test_the_big_network_has_55_pictured_nodes_and_all_its_links() -> None:
    d = diagram.build(build_run(from_query(BIG)))
    assert d.sizes == (7, 8, 8, 8, 8, 8, 8, 1)
    assert len(d.nodes) == 7 + 48 + 1
    assert len(d.edges) == 7 * 8 + 5 * 64 + 8
    assert len({e.d for e in d.edges}) == len(d.edges)


def test_the_gradients_view_has_one_bar_per_layer_from_the_last_step() -> None:
    run = build_run(from_query("edge_view=gradients&hidden_layers=3,3"))
    assert [b.health for b in diagram.build(run).bars] == ["none"] * 3
    advance(run, 2, budget=60.0)
    d = diagram.build(run)
    last = run.trainer.history.last
    assert last is not None
    assert [b.norm for b in d.bars] == list(last.grad_norms)
    assert [b.ratio for b in d.bars] == list(last.update_ratios)
    assert d.gradients and d.height > diagram.build(build_run(Config())).height  # room for bars
    weights = diagram.build(replace(run, config=Config(hidden_layers=(3, 3))))
    assert not weights.gradients and len(weights.bars) == 3  # drawn, shown by the gradients view
    assert weights.views["gradients"]["height"] == d.height > weights.height


def test_the_fragment_draws_every_node_link_and_bias_with_ids(client: TestClient) -> None:
    page = network_fragment(client, to_query(Config()))
    edges, hits = page.having("path", "edge"), page.having("path", "hit")
    assert len(edges) == len(hits) == 18
    assert edges[0]["id"] == "edge-0-0-0" and edges[-1]["id"] == "edge-2-1-0"
    assert {"data-layer", "data-source", "data-target", "tabindex", "role"} <= set(hits[0])
    assert hits[0]["aria-label"] == "Weight X₁ → Layer 1, neuron 1"
    nodes = page.having("g", "node")
    assert len(nodes) == 7 + 4 + 2 + 1
    assert [n["id"] for n in nodes if "input" not in n["class"]] == [
        "node-1-0", "node-1-1", "node-1-2", "node-1-3", "node-2-0", "node-2-1", "node-3-0"]
    assert len(page.having("canvas", "thumb")) == 7  # painted by diagram.js
    biases = page.having("rect", "bias")
    assert [(b["data-layer"], b["data-target"]) for b in biases][-3:] == [
        ("1", "0"), ("1", "1"), ("2", "0")]
    assert all(float(e["stroke-width"]) >= 1.0 for e in edges)
    svg = next(a for t, a in page.tags if t == "svg" and a.get("id") == "diagram")
    assert svg["data-sizes"] == "2,4,2,1" and svg["data-view"] == "weights"
    views = json.loads(svg["data-views"])
    assert views["weights"]["links"] == [list(look) for look in link_palette(False)]
    assert views["gradients"]["links"] == [list(look) for look in link_palette(True)]
    assert json.loads(svg["data-fills"]) == FILLS and svg["data-neuron-url"] == "/neuron"
    assert base64.b64decode(svg["data-lut"]) == charts.lut(2).tobytes()


def test_feature_toggles_are_labelled_checkboxes_in_the_form(client: TestClient) -> None:
    page = network_fragment(client, "features=x1,sin_x2")
    boxes = [a for t, a in page.tags if t == "input" and a.get("name") == "features"]
    assert [(b["value"], "checked" in b) for b in boxes] == [
        ("", False), ("x1", True), ("x2", False), ("x1_squared", False), ("x2_squared", False),
        ("x1_x2", False), ("sin_x1", False), ("sin_x2", True)]
    inputs = [n for n in page.having("g", "node") if "input" in n["class"]]
    assert [n.get("data-unit") for n in inputs] == ["0", None, None, None, None, None, "1"]


def test_the_fragment_shows_the_gradients_view_and_l1_zeros(client: TestClient) -> None:
    page = network_fragment(client, "edge_view=gradients&hidden_layers=3")
    assert len(page.having("g", "bar")) == 2
    assert any(a.get("value") == "gradients" and "checked" in a for t, a in page.tags
               if t == "input")
    zero = network_fragment(client, "regularization=l1&regularization_rate=0.1&init=zeros")
    dashed = zero.having("path", "zero")
    assert len(dashed) == 18  # every weight starts at 0
    html = client.get("/?regularization=l1&regularization_rate=0.1&init=zeros", headers=HX).text
    assert "18 of 18 weights are exactly 0 (dashed): an L1 step" in html


def test_attribute_values_are_escaped_json_and_numbers(client: TestClient) -> None:
    html = client.get("/", headers=HX).text
    section = html[html.index('<section id="network"'):]
    section = section[:section.index("</section>")]
    page = Elements(section)
    for _, attrs in page.tags:
        for name, value in attrs.items():
            assert "<" not in value and ">" not in value or name == "d", (name, value)
            if name == "hx-vals":
                assert set(json.loads(value)) == {"hidden_layers"}
    # the tooltips of links, biases and neurons name no value: a value there went stale after
    # training or an edit (the hover card shows today's)
    assert page.titles[0] == "Click to see or type its value"
    assert not [t for t in page.titles if any(c.isdigit() for c in t) and "layer" not in t]


def test_the_view_is_a_setting_that_round_trips_in_the_url() -> None:
    config = from_query("edge_view=gradients")
    assert config.edge_view == "gradients" and "edge_view=gradients" in to_query(config)
    with pytest.raises(ConfigError, match="edge_view: unknown 'biases'; choose one of weights, "
                                          "gradients"):
        from_query("edge_view=biases")


def test_the_perceptron_draws_its_inputs_straight_to_its_step_and_keeps_the_view(
        client: TestClient) -> None:
    page = network_fragment(client, "model=perceptron&dataset=gaussian&edge_view=gradients")
    assert len(page.having("path", "edge")) == 2 and not page.having("g", "bar")
    assert len(page.having("canvas", "thumb")) == 1 and len(page.having("rect", "bias")) == 1
    kept = [a for t, a in page.tags if t == "input" and a.get("name") == "edge_view"
            and a.get("type") == "hidden"]
    assert [a["value"] for a in kept] == ["gradients"]  # the disabled radios do not post it


def test_columns_keep_room_for_their_buttons_however_deep_the_network() -> None:
    deep = "hidden_layers=8,8,8,8,8,8,8,8"
    for query in ("", deep, deep + "&projector=true"):
        d = diagram.build(build_run(from_query(query)))
        xs = [c.x for c in d.columns]
        assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= diagram.SPACING - 1e-9
        assert xs[-1] + diagram.NODE / 2 + diagram.RIGHT == pytest.approx(d.width)
    assert diagram.build(build_run(Config())).width == diagram.DESK.width  # the default as it was


def test_projector_mode_draws_the_diagram_near_one_to_one_with_room_for_big_words() -> None:
    desk, big = (diagram.build(build_run(Config(projector=p))) for p in (False, True))
    assert big.width < desk.width  # shown in a panel about its own width: type keeps its size
    assert big.labels > desk.labels and big.head > desk.head
    assert min(n.y for n in big.nodes) >= big.head
    assert min(n.x for n in big.nodes) == pytest.approx(big.labels)


def test_the_fragment_puts_captions_under_the_buttons_and_scales_on_phones(
        client: TestClient) -> None:
    html = client.get("/?projector=true", headers=HX).text
    d = diagram.build(build_run(Config(projector=True)))
    captions = [a for t, a in Elements(html).tags if t == "text" and a.get("class") == "caption"]
    assert {a["y"] for a in captions} == {f"{d.head - 8:g}"}
    # the phone's width comes from the viewBox (static/diagram.js sets --diagram-width: no
    # style attribute in the page)
    assert f'viewBox="0 0 {d.width:g} ' in html and 'style="' not in html
    assert html.index('class="diagram-box"') < html.index('id="diagram"')
