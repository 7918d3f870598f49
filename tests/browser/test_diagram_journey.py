"""Diagram journey: see inside the network — a node per unit and a line per weight, pictures that
change while training, a typed weight that the engine takes, a hovered neuron shown large, and
gradients that vanish layer by layer in a deep sigmoid network."""

import numpy as np
from playwright.sync_api import Page, expect

from app.engine import MLP
from app.figures import charts, diagram_frame, pictures
from app.session.session import Session
from app.web.routes.browser import COOKIE

from .conftest import StartLiveServer
from .helpers import (
    WAIT_MS,
    change_setting,
    heatmap_fingerprint,
    is_post,
    open_playground,
    pause,
    step,
    wait_for_epoch,
    wait_for_heatmap_change,
)

# every painted thumbnail's pixels, one string per canvas (empty canvases read as all zeros)
THUMBNAILS = """() => Array.from(document.querySelectorAll('#diagram canvas.thumb')).map(c =>
    Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data).join(','))"""
THUMBNAILS_ARE_NOT = f"(before) => JSON.stringify(({THUMBNAILS})()) !== JSON.stringify(before)"
BARS_READY = """(n) => document.querySelectorAll('#diagram .bar[data-norm]:not([data-norm=""])')
    .length === n"""
BARS = """() => Array.from(document.querySelectorAll('#diagram .bar')).map(b => ({
    layer: Number(b.dataset.layer), norm: Number(b.dataset.norm), health: b.dataset.health}))"""
LINK_WIDTHS = """(layer) => Array.from(document.querySelectorAll(`#diagram path.edge`))
    .filter(p => p.id.startsWith(`edge-${layer}-`))
    .map(p => Number(p.getAttribute('stroke-width')))"""
DROPPED_SHOWN = "() => document.querySelectorAll('#diagram g.node.dropped').length > 0"
HEATMAP_IS = "(want) => document.getElementById('boundary').data[0].z.bdata === want"


def session_of(page: Page, server_app: object) -> Session:
    """Return the server-side session of the page's browser (by its cookie)."""
    sid = next(c["value"] for c in page.context.cookies() if c["name"] == COOKIE)
    session = server_app.state.store.get(sid)  # type: ignore[attr-defined]
    assert session is not None
    return session  # type: ignore[no-any-return]


def test_the_diagram_has_a_node_per_unit_a_line_per_weight_and_live_pictures(
    page: Page, live_server_factory: StartLiveServer
) -> None:
    server = live_server_factory()
    open_playground(page, f"{server.url}/?hidden_layers=3,2&dropout=0.5")
    diagram = page.locator("#diagram")
    expect(diagram.locator("g.node[data-column]:not([data-column='0'])")).to_have_count(3 + 2 + 1)
    expect(diagram.locator("g.node.input")).to_have_count(7)
    expect(diagram.get_by_role("checkbox", name="X₁", exact=True)).to_be_checked()
    expect(diagram.get_by_role("checkbox", name="X₁²", exact=True)).not_to_be_checked()
    expect(diagram.locator("path.edge")).to_have_count(2 * 3 + 3 * 2 + 2 * 1)
    expect(diagram.get_by_role("button", name="Weight X₂ → Layer 1, neuron 3")).to_have_count(1)
    before = page.evaluate(THUMBNAILS)
    assert len(before) == 6 and all(any(v != "0" for v in t.split(",")) for t in before)

    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 30)
    page.wait_for_function(THUMBNAILS_ARE_NOT, arg=before, timeout=WAIT_MS)
    # greyed while training: the units the last mini-batch dropped (for its first example)
    page.wait_for_function(DROPPED_SHOWN, timeout=WAIT_MS)
    pause(page)
    session = session_of(page, server.app)
    dropped = session.read(lambda view: diagram_frame.dropped_units(view.run))
    assert dropped is not None and any(dropped)
    # paused, the network drops nothing: no neuron stays grey
    expect(diagram.locator("g.node.dropped")).to_have_count(0)
    step(page)
    expect(diagram.locator("g.node.dropped")).to_have_count(0)

    # a feature node is a toggle: X₁² joins the inputs, with its own lines
    change_setting(page, diagram.get_by_text("X₁²", exact=True).click)
    expect(diagram.get_by_role("checkbox", name="X₁²", exact=True)).to_be_checked()
    expect(page.locator("#diagram path.edge")).to_have_count(3 * 3 + 3 * 2 + 2 * 1)


def test_a_typed_weight_is_the_engines_weight_and_moves_the_output(
    page: Page, live_server_factory: StartLiveServer
) -> None:
    server = live_server_factory()
    open_playground(page, f"{server.url}/")
    before = heatmap_fingerprint(page)

    page.get_by_role("button", name="Weight Layer 2, neuron 1 → Output").click()
    editor = page.locator("#parameter_editor")
    expect(editor).to_be_visible()
    value = page.get_by_role("spinbutton", name="Weight Layer 2, neuron 1 → Output")
    value.fill("250")
    value.press("Enter")
    expect(editor.get_by_role("alert")).to_have_text("value: must be ≤ 100, got 250")
    expect(editor).to_be_visible()

    with page.expect_response(is_post("/parameter")) as answer:
        value.fill("-4.5")
        value.press("Enter")
    assert answer.value.status == 200
    expect(editor).to_be_hidden()
    wait_for_heatmap_change(page, before)
    session = session_of(page, server.app)
    run = session.read(lambda view: view.run)
    net = run.model
    assert isinstance(net, MLP) and net.weights[2][0, 0] == -4.5
    shown = charts.encode_u1(charts.boundary_codes(run))
    assert heatmap_fingerprint(page) == f"u1:{shown['bdata']}"
    link = page.locator("#edge-2-0-0")
    expect(link).to_have_attribute("stroke-width", "9.1")  # 1 + 9 · 4.5 / 5
    expect(link).to_have_attribute("stroke", "#f59322")  # negative: orange

    # a bias, from the keyboard: Enter on its square opens the editor
    page.locator("#bias-1-2").focus()
    page.keyboard.press("Enter")
    bias = page.get_by_role("spinbutton", name="Bias of Layer 1, neuron 3")
    bias.fill("2")
    bias.press("Enter")
    expect(editor).to_be_hidden()
    page.wait_for_function(
        "() => document.getElementById('bias-1-2').getAttribute('fill') === '#0877bd'")
    assert step(page) == 1  # training goes on from the typed values
    w = session.read(lambda view: float(net.weights[2][0, 0]))
    assert w != -4.5 and abs(w + 4.5) < 0.5


def test_hovering_a_neuron_shows_its_picture_in_the_output(
    page: Page, live_server_factory: StartLiveServer
) -> None:
    server = live_server_factory()
    open_playground(page, f"{server.url}/")
    output = heatmap_fingerprint(page)
    session = session_of(page, server.app)
    run = session.read(lambda view: view.run)
    neuron = pictures.shown_codes(run, pictures.evaluate(run), "1.1")
    assert neuron is not None
    want = charts.encode_u1(neuron)["bdata"]

    page.locator("#node-1-1").hover()
    page.wait_for_function(HEATMAP_IS, arg=want, timeout=WAIT_MS)
    expect(page.locator("#diagram_card")).to_contain_text("Layer 1, neuron 2 · bias 0.1")
    # the output plot says whose picture it shows
    expect(page.locator("#boundary_caption")).to_be_visible()
    expect(page.locator("#boundary_caption")).to_contain_text("Showing Layer 1, neuron 2")
    page.mouse.move(5, 5)  # off the diagram: the output comes back
    page.wait_for_function(HEATMAP_IS, arg=output.removeprefix("u1:"), timeout=WAIT_MS)
    expect(page.locator("#diagram_card")).to_be_hidden()
    expect(page.locator("#boundary_caption")).to_be_hidden()


def test_a_links_tooltip_and_card_never_show_a_stale_value(
    page: Page, live_server_factory: StartLiveServer
) -> None:
    server = live_server_factory()
    open_playground(page, f"{server.url}/")
    for _ in range(3):
        step(page)
    session = session_of(page, server.app)
    weight = session.read(lambda view: float(view.run.model.weights[0][0, 0]))  # type: ignore[union-attr]
    link = page.locator("#hit-0-0-0")
    link.hover()
    expect(page.locator("#diagram_card")).to_contain_text(f"Weight is {float(f'{weight:.3g}'):g}")
    # the native tooltip holds no number that training would leave behind
    page.mouse.move(5, 5)
    title = link.locator("title").text_content() or ""
    assert title and not any(c.isdigit() for c in title), title


def test_gradients_vanish_layer_by_layer_in_a_deep_sigmoid_network(
    page: Page, live_server: str
) -> None:
    deep = "activation=sigmoid&init=uniform&hidden_layers=8,8,8,8,8,8"
    open_playground(page, f"{live_server}/?{deep}")
    step(page)
    change_setting(page, page.get_by_role("radio", name="Gradients").check)
    page.wait_for_function(BARS_READY, arg=7, timeout=WAIT_MS)
    bars = page.evaluate(BARS)
    norms = [b["norm"] for b in bars]
    assert [b["layer"] for b in bars] == list(range(7))
    assert all(n > 0 for n in norms), norms
    assert norms[5] / norms[0] >= 10, norms  # last hidden layer vs first: ≥ 10× larger
    first, last = page.evaluate(LINK_WIDTHS, 0), page.evaluate(LINK_WIDTHS, 5)
    assert np.mean(first) < np.mean(last), (first, last)  # thinner lines where gradients vanish
    expect(page.locator("#diagram_note")).to_contain_text("|∂E/∂w|")

    # ReLU + He keeps them close; the view is in the link, so it opens on the gradients
    relu_deep = deep.replace("sigmoid", "relu").replace("uniform", "he_normal")
    open_playground(page, f"{live_server}/?{relu_deep}&edge_view=gradients")
    step(page)
    page.wait_for_function(BARS_READY, arg=7, timeout=WAIT_MS)
    relu = [b["norm"] for b in page.evaluate(BARS)]
    assert relu[5] / relu[0] < norms[5] / norms[0], (relu, norms)


def test_hovering_a_link_in_the_gradients_view_shows_its_weight_and_gradient(
    page: Page, live_server_factory: StartLiveServer
) -> None:
    server = live_server_factory()
    open_playground(page, f"{server.url}/?edge_view=gradients")
    step(page)
    run = session_of(page, server.app).read(lambda view: view.run)
    assert isinstance(run.model, MLP)
    weight, grad = run.model.weights[0][1, 2], run.model.grad_weights[0][1, 2]
    page.locator("#hit-0-1-2").hover()
    card = page.locator("#diagram_card")
    # the gradients come as float32 (diagram_frame.float32_base64): shown to two digits
    expect(card).to_contain_text(f"Weight is {float(f'{weight:.3g}'):g}")
    expect(card).to_contain_text(f"∂E/∂w = {float(f'{np.float32(grad):.2g}'):g}")
