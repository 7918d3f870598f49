"""Projector journey: a lecturer turns projector mode on at 1280×720. Data | network | output stay
in one row with the whole boundary and the loss chart on the first screen, every word is at least
18 px, a lesson folds to one line with its goal, and "Present" shows the output full screen with
play/pause and the speed. Without projector mode a 1920×1080 screen still fits the three columns.

Run this file to refresh docs/projector.png after a visual change.
"""

import struct
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from app.lecture.lessons import lesson_url

from .helpers import WAIT_MS, open_playground, pause, wait_for_epoch
from .layout import Box, box, sideways_scroll, small_type

PROJECTOR = {"width": 1280, "height": 720}
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "projector.png"
COLUMNS = ("#data", "#network", "#output")
TRAINED = """() => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) >= 150
    && Number(document.getElementById('test_loss').textContent) < 0.1"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# the boundary's legend and axis titles: Plotly draws them inside #boundary's own SVG layers
PLOT_PARTS = """() => Array.from(document.querySelectorAll(
        ['legend', 'xtitle', 'ytitle', 'xtick', 'ytick'].map(c => `#boundary .${c}`).join(', ')))
    .map(el => { const b = el.getBoundingClientRect(); return [b.top, b.bottom]; })"""


def inside(b: Box, width: int, height: int) -> bool:
    """Return whether a box lies wholly in the first screen of a width × height window."""
    return b.top >= 0 and b.left >= 0 and b.bottom <= height and b.right <= width


def assert_one_row(page: Page) -> list[Box]:
    """Check data, network and output sit side by side in that order; return their boxes."""
    data, network, output = (box(page, s) for s in COLUMNS)
    assert data.top == network.top == output.top, (data, network, output)
    assert data.right <= network.left and network.right <= output.left, (data, network, output)
    return [data, network, output]


def test_projector_at_1280_shows_one_row_with_the_whole_boundary_and_loss_above_the_fold(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport=PROJECTOR).new_page()
    open_playground(page, f"{live_server}/?projector=true")

    assert_one_row(page)
    boundary, loss = box(page, "#boundary"), box(page, "#loss_chart")
    assert inside(boundary, **PROJECTOR), boundary
    assert inside(loss, **PROJECTOR), loss
    assert boundary.height >= 300, boundary  # a plot to read from the back, not a stamp
    parts = page.evaluate(PLOT_PARTS)
    assert len(parts) > 10 and all(bottom <= PROJECTOR["height"] for _, bottom in parts), parts
    assert sideways_scroll(page) == 0


def test_projector_type_is_at_least_18_px_everywhere_at_1280(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport=PROJECTOR).new_page()
    open_playground(page, f"{live_server}/")
    assert len(small_type(page, 18)) > 20  # the measure sees the desk's small print

    open_playground(page, f"{live_server}/?projector=true")
    assert small_type(page, 18) == []  # diagram captions, dataset labels, Plotly ticks included
    # read in one task: a playing plot may replace its tick labels between a locate and a read
    tick_px = page.evaluate("""() => parseFloat(getComputedStyle(
        document.querySelector('#boundary .xtick text')).fontSize)""")
    assert float(tick_px) >= 18, tick_px
    # bigger, deeper points, shape-coded by class
    markers = page.evaluate("""() => document.getElementById('boundary').data.slice(1, 3)
        .map(t => [t.marker.size, t.marker.symbol, t.marker.color])""")
    assert all(size >= 11 for size, _, _ in markers), markers
    assert markers[0][1] != markers[1][1], markers


def test_projector_keeps_one_row_at_every_width_from_1024(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport={"width": 1024, "height": 768}).new_page()
    open_playground(page, f"{live_server}/?projector=true")
    for width in (1024, 1152, 1440, 1920):
        page.set_viewport_size({"width": width, "height": 1080 if width == 1920 else 768})
        assert_one_row(page)
        assert sideways_scroll(page) == 0, width
    assert inside(box(page, "#boundary"), 1920, 1080)


def test_a_lesson_on_the_projector_is_one_line_with_its_goal_and_opens_on_demand(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport=PROJECTOR).new_page()
    open_playground(page, live_server + lesson_url("hidden_layer_xor", projector=True))

    line = box(page, "#lesson")
    assert line.height <= 64, line  # one line of 18 px type and its padding
    expect(page.locator("#lesson_goal .goal-status")).to_be_visible()
    expect(page.locator(".lesson-prompt")).to_be_hidden()
    assert inside(box(page, "#boundary"), **PROJECTOR)
    assert small_type(page, 18) == []

    page.locator("#lesson_text > summary").click()
    expect(page.locator(".lesson-prompt")).to_be_visible()
    assert box(page, "#lesson").height > 2 * line.height


def test_present_shows_the_output_full_screen_with_play_pause_and_speed(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport=PROJECTOR).new_page()
    open_playground(page, f"{live_server}/?projector=true")
    before = box(page, "#boundary")

    page.get_by_role("button", name="Present").click()
    expect(page.locator("html")).to_have_class("projector presenting")
    exit_button = page.get_by_role("button", name="Exit presentation")
    expect(exit_button).to_have_attribute("aria-pressed", "true")
    for hidden in ("#data", "#network", ".topbar", "#advanced_panel"):
        expect(page.locator(hidden)).to_be_hidden()
    page.wait_for_function(
        "(w) => document.querySelector('#boundary .main-svg').getBoundingClientRect().width > w",
        arg=before.width, timeout=WAIT_MS)  # Plotly redrew at the new size
    boundary, loss = box(page, "#boundary"), box(page, "#loss_chart")
    assert boundary.height >= 0.8 * PROJECTOR["height"], boundary
    assert inside(boundary, **PROJECTOR) and inside(loss, **PROJECTOR), (boundary, loss)
    assert page.evaluate("() => document.documentElement.scrollHeight") <= PROJECTOR["height"]
    expect(page.get_by_label("Epochs per update")).to_be_visible()

    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 30)
    pause(page)
    page.keyboard.press("Escape")
    expect(page.locator("html")).not_to_have_class("projector presenting")
    expect(page.get_by_role("button", name="Present")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#data")).to_be_visible()


def test_without_projector_mode_1920_by_1080_fits_data_network_and_output_in_one_row(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    open_playground(page, f"{live_server}/")
    assert_one_row(page)
    assert inside(box(page, "#boundary"), 1920, 1080)
    assert sideways_scroll(page) == 0


def test_projector_screenshot_shows_a_trained_boundary(
    new_context: Callable[..., BrowserContext], live_server: str
) -> None:
    page = new_context(viewport=PROJECTOR).new_page()
    open_playground(page, f"{live_server}/?projector=true&speed=10")  # 150 epochs in seconds
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(TRAINED, timeout=WAIT_MS)
    pause(page)
    page.mouse.move(0, PROJECTOR["height"] - 1)
    page.evaluate(TWO_FRAMES)

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, animations="disabled", caret="hide")
    header = SCREENSHOT.read_bytes()[:24]
    assert struct.unpack(">II", header[16:24]) == (PROJECTOR["width"], PROJECTOR["height"])
