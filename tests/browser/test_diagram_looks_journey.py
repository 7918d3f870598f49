"""Diagram looks journey: while training, every link's width, colour and dash and every bias's fill
in the page are exactly what the last frame's codes say (the server's looks, applied by
static/diagram.js), in the weights view under L1 and in the gradients view with its bars."""

import base64
import json
from typing import Any

from playwright.sync_api import Page

from .helpers import WAIT_MS, change_setting, open_playground, pause, step, wait_for_epoch

# the last frame and the diagram as the page shows it, read in one go (no swap in between)
PAGE_LOOKS = """() => {
    const svg = document.getElementById('diagram');
    const bar = (b) => ({health: b.dataset.health, fill: Number(b.querySelector('.level')
        .getAttribute('width')), norm: b.querySelector('.norm').textContent});
    return {
        frame: JSON.parse(document.getElementById('frame_data').textContent).diagram,
        palette: JSON.parse(svg.dataset.views)[svg.dataset.view].links,
        fills: JSON.parse(svg.dataset.fills),
        links: Array.from(svg.querySelectorAll('path.edge')).map(p => [
            Number(p.getAttribute('stroke-width')), p.getAttribute('stroke'),
            p.classList.contains('zero')]),
        biases: Array.from(svg.querySelectorAll('rect.bias')).map(r => r.getAttribute('fill')),
        bars: Array.from(svg.querySelectorAll('.bar')).map(bar),
        zero: document.getElementById('zero_count').textContent,
    };
}"""


def frame_looks(shown: dict[str, Any]) -> tuple[list[list[Any]], list[str]]:
    """Return the links' [width, colour, dashed] and the biases' fills the frame's codes name."""
    d = shown["frame"]
    dashed = set(d["dashed"] or [])
    links = [[*shown["palette"][code], k in dashed]
             for k, code in enumerate(base64.b64decode(d["links"]))]
    return links, [shown["fills"][code] for code in base64.b64decode(d["fills"])]


def test_the_links_and_biases_show_the_frames_looks_while_training(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?regularization=l1&regularization_rate=0.003"
                          "&learning_rate=0.3&hidden_layers=4,3")
    first = page.evaluate(PAGE_LOOKS)
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 20)
    page.wait_for_function(
        "(before) => JSON.parse(document.getElementById('frame_data').textContent)"
        ".diagram.links !== before", arg=first["frame"]["links"], timeout=WAIT_MS)
    shown = page.evaluate(PAGE_LOOKS)  # mid-training, right after some poll
    links, fills = frame_looks(shown)
    assert shown["links"] == links and shown["biases"] == fills
    assert len({json.dumps(look[:2]) for look in links}) > 3  # the weights differ by now
    pause(page)
    shown = page.evaluate(PAGE_LOOKS)
    links, fills = frame_looks(shown)
    assert shown["links"] == links and shown["biases"] == fills
    assert any(dashed for *_, dashed in links)  # L1 has zeroed some weights: dashed
    assert shown["zero"] == shown["frame"]["zero"]


def test_the_gradients_view_shows_the_frames_widths_and_bars(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?hidden_layers=5,5")
    change_setting(page, page.get_by_role("radio", name="Gradients").check)
    step(page)
    shown = page.evaluate(PAGE_LOOKS)
    links, fills = frame_looks(shown)
    assert shown["links"] == links and shown["biases"] == fills
    assert shown["palette"][-1] == [7.0, "#3f1d73"]  # the gradients palette: deep purple, widest
    bars = shown["frame"]["bars"]
    assert [b["fill"] for b in shown["bars"]] == [b["fill"] for b in bars]
    assert [b["norm"] for b in shown["bars"]] == [b["norm_text"] for b in bars]
    assert all(b["fill"] > 0 for b in bars)


def test_a_new_network_of_the_same_shape_repaints_the_diagram_it_did_not_resend(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?hidden_layers=5,5")
    step(page)
    before = page.evaluate(PAGE_LOOKS)
    activation = page.get_by_label("Activation").first
    answer = change_setting(page, lambda: activation.select_option("relu"))
    assert 'id="diagram"' not in answer.text()  # the same shape: the frame repaints it
    shown = page.evaluate(PAGE_LOOKS)
    links, fills = frame_looks(shown)
    assert shown["links"] == links and shown["biases"] == fills
    assert shown["frame"]["links"] != before["frame"]["links"]  # relu: He's weights, not tanh's
