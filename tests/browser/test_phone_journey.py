"""Phone journey: a student opens the playground on a 390×844 phone. One column in the order they
work (play, output, network, data, the knobs, the advanced panel), no sideways scroll, the
boundary across the screen, every target at least 44 px, a tap on a neuron shows its picture
large, the diagram scrolls inside its own box. A tablet gets two columns.

Run this file to refresh docs/phone.png after a visual change.
"""

import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from .helpers import WAIT_MS, heatmap_fingerprint, open_playground, pause, wait_for_heatmap_change
from .layout import box, sideways_scroll, small_targets, small_type

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1,
                         "is_mobile": True, "has_touch": True}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "phone.png"
TRAINED = """() => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) >= 150
    && Number(document.getElementById('test_loss').textContent) < 0.1"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
SCROLLS_INSIDE = """() => { const b = document.querySelector('.diagram-box');
    return b.scrollWidth > b.clientWidth + 50 && getComputedStyle(b).overflowX === 'auto'; }"""


def phone(new_context: Callable[..., BrowserContext], url: str, width: int = 390) -> Page:
    """Open url in a touch phone of the given width; wait for the charts."""
    page = new_context(**{**PHONE, "viewport": {"width": width, "height": 844}}).new_page()
    open_playground(page, url)
    return page


def test_a_phone_shows_one_column_in_working_order_without_sideways_scroll(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    for width in (360, 390, 430):
        page = phone(new_context, f"{live_server}/", width)
        assert sideways_scroll(page) == 0, width
        play, output, network, data, knobs, advanced = (box(page, s) for s in (
            "#play_pause", "#output", "#network", "#data", "#knobs", "#advanced_panel"))
        assert play.bottom < output.top < network.top < data.top < knobs.top < advanced.top, width
        assert output.left == network.left == data.left == knobs.left, width  # one column
        boundary = box(page, "#boundary")
        assert boundary.width >= 0.9 * width and boundary.right <= width, (width, boundary)
        page.context.close()


def test_every_target_on_a_phone_is_at_least_44_px(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    desk = new_context(viewport={"width": 1280, "height": 800}).new_page()
    open_playground(desk, f"{live_server}/")
    assert len(small_targets(desk, 44)) > 20  # the measure sees the desk's small targets

    page = phone(new_context, f"{live_server}/")
    page.locator("#advanced_panel > summary").click()
    assert small_targets(page, 44) == []  # +/− buttons, bias squares, checkboxes, tiles, links…
    assert sideways_scroll(page) == 0


def test_tapping_a_neuron_shows_its_picture_large_and_a_second_tap_the_output(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = phone(new_context, f"{live_server}/")
    output = heatmap_fingerprint(page)
    neuron = page.locator("#node-1-0")
    neuron.scroll_into_view_if_needed()
    neuron.locator("canvas").tap()  # its picture
    wait_for_heatmap_change(page, output)
    shown = heatmap_fingerprint(page)
    expect(neuron).to_have_class("node shown")
    page.wait_for_function(  # the big picture is brought into view
        "() => { const b = document.getElementById('boundary').getBoundingClientRect();"
        " return b.top >= 0 && b.bottom <= window.innerHeight; }", timeout=WAIT_MS)

    neuron.scroll_into_view_if_needed()
    neuron.locator("canvas").tap()
    expect(neuron).not_to_have_class("node shown")
    wait_for_heatmap_change(page, shown)  # the output again


def test_the_diagram_scrolls_inside_its_own_box_at_a_readable_size(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = phone(new_context, f"{live_server}/?hidden_layers=8,8,8,8,8,8,8,8")
    page.wait_for_function(SCROLLS_INSIDE, timeout=WAIT_MS)
    assert sideways_scroll(page) == 0
    assert page.evaluate("() => document.getElementById('diagram').getScreenCTM().a") >= 1.45
    readable = [t for t in small_type(page, 11) if t[1] == "caption"]
    assert readable == []  # captions and feature names at 16 px and more, not 4 px
    assert small_targets(page, 44) == []  # the deepest network keeps its buttons apart


def test_a_tablet_gets_two_columns_with_the_output_beside_the_network(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport={"width": 820, "height": 1180}, has_touch=True).new_page()
    open_playground(page, f"{live_server}/")
    network, output, data = (box(page, s) for s in ("#network", "#output", "#data"))
    assert network.top == output.top and network.right <= output.left
    assert data.top > network.bottom - 1 and data.left == network.left
    assert sideways_scroll(page) == 0


def test_phone_screenshot_shows_play_and_a_trained_boundary(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = phone(new_context, f"{live_server}/?speed=10")  # 150 epochs in seconds
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(TRAINED, timeout=WAIT_MS)
    pause(page)
    page.evaluate("() => window.scrollTo(0, document.getElementById('transport').offsetTop)")
    page.evaluate(TWO_FRAMES)

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, animations="disabled", caret="hide")
    header = SCREENSHOT.read_bytes()[:24]
    assert struct.unpack(">II", header[16:24]) == (390, 844)
