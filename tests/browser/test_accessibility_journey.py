"""Accessibility journey: axe-core finds nothing on any view a class uses (every WCAG 2.1 A/AA
rule, best practices too), and the focus ring is visible on every control."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from app.lecture import lessons

from .axe import report, violations
from .helpers import open_playground, step

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
LESSON_URL = dict((lesson.key, url) for _, entries in lessons.sections(False)
                  for _, lesson, url in entries)["perceptron_and"]
OPEN_EVERY_PANEL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# the lecture panels load their region when opened (static/explain.js)
PANELS_LOADED = """() => ['worked_example', 'hidden_space', 'explorer', 'code_view'].every(id => {
    const el = document.getElementById(id);
    return el && el.children.length > 0 && !el.querySelector('.htmx-request')
        && !el.textContent.includes('Loading…');
})"""

VIEWS = [
    pytest.param("/", None, True, id="main-page-every-panel-open"),
    pytest.param("/?batch_mode=full&model=mlp&dropout=0.2", None, True, id="full-batch"),
    pytest.param("/lessons", None, False, id="lessons"),
    pytest.param(LESSON_URL, None, False, id="a-lesson"),
    pytest.param("/?dataset=blobs3&loss=softmax_cross_entropy", None, False, id="multi-class"),
    pytest.param("/?edge_view=gradients", None, False, id="gradient-view"),
    pytest.param("/?projector=true", PROJECTOR, False, id="projector"),
    pytest.param("/", PHONE, False, id="phone"),
]


@pytest.mark.parametrize(("path", "viewport", "every_panel"), VIEWS)
def test_axe_finds_no_violation(page: Page, live_server: str, path: str,
                                viewport: dict[str, int] | None, every_panel: bool) -> None:
    if viewport:
        page.set_viewport_size(viewport)
    if path.startswith("/lessons"):
        page.goto(live_server + path)
    else:
        open_playground(page, live_server + path)
        step(page)  # numbers everywhere (losses, gradient bars), not dashes
    if every_panel:
        page.evaluate(OPEN_EVERY_PANEL)
        page.wait_for_function(PANELS_LOADED)
    found = violations(page)
    assert found == [], "axe-core:\n" + report(found)


# for each control Tab reaches: the ring drawn (outline, or an SVG item's stroke) and its
# contrast against what surrounds it (the nearest opaque background up the tree)
FOCUS_RING = """() => {
    const el = document.activeElement;
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
        .map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    let bg = null;
    for (let n = el.parentElement; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c.slice(0, 3);
    }
    bg = bg || [255, 255, 255];
    const style = getComputedStyle(el);
    const svg = el instanceof SVGElement && !(el instanceof SVGSVGElement);
    let colour, width;
    if (svg && (el.tagName === 'g')) {  // a neuron: its frame's stroke
        const frame = getComputedStyle(el.querySelector('.frame'));
        colour = rgb(frame.stroke); width = parseFloat(frame.strokeWidth);
    } else if (svg) {
        colour = rgb(style.stroke); width = parseFloat(style.strokeWidth);
    } else {
        const label = el.closest('label');  // a visually hidden box: its label draws the ring
        const ringed = style.outlineStyle === 'none' && label ? getComputedStyle(label) : style;
        colour = ringed.outlineStyle === 'none' ? [] : rgb(ringed.outlineColor);
        width = parseFloat(ringed.outlineWidth);
    }
    const name = el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30);
    const contrast = colour.length >= 3 ? ratio(colour.slice(0, 3), bg) : 0;
    return {name, tag: el.tagName, width, contrast};
}"""


def tab_through(page: Page) -> list[dict[str, object]]:
    """Tab from the top of the page until focus comes round; return each control's ring."""
    page.locator("body").focus()
    seen: list[dict[str, object]] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if seen and ring["name"] == seen[0]["name"] or ring["tag"] == "BODY":
            break
        seen.append(ring)
    return seen


def weak_rings(seen: list[dict[str, object]]) -> list[dict[str, object]]:
    """Return the rings under 2 px or under 3:1 against their background."""
    return [r for r in seen if float(r["width"]) < 2 or float(r["contrast"]) < 3]


@pytest.mark.parametrize("viewport", [None, PROJECTOR], ids=["desktop", "projector"])
def test_every_control_shows_a_focus_ring_of_at_least_three_to_one(
    page: Page, live_server: str, viewport: dict[str, int] | None
) -> None:
    if viewport:
        page.set_viewport_size(viewport)
    open_playground(page, live_server + ("/?projector=true" if viewport else "/"))
    page.evaluate(OPEN_EVERY_PANEL)
    page.wait_for_function(PANELS_LOADED)
    seen = tab_through(page)
    assert len(seen) > 30, seen  # the whole page was walked
    assert weak_rings(seen) == []


def open_a_room(page: Page, live_server: str) -> None:
    """Open a room as its lecturer: the room's own page (/room/CODE/teach)."""
    page.goto(f"{live_server}/room/new")
    page.get_by_role("button", name="Open a room").click()
    page.wait_for_url("**/room/*/teach")


OTHER_VIEWS = [  # (its path or how to get there, how many controls Tab reaches at least)
    pytest.param("/lessons", 25, id="lessons"),
    pytest.param(LESSON_URL, 45, id="a-lesson"),
    pytest.param("/lessons/mcculloch_pitts", 10, id="mcculloch-pitts"),
    pytest.param("/lessons/hebb", 8, id="hebb"),
    pytest.param("/compare?dataset=xor&vary=learning_rate", 8, id="compare"),
    pytest.param("/join", 3, id="join"),
    pytest.param("/room/new", 2, id="new-room"),
    pytest.param(open_a_room, 25, id="lecturers-room"),
]


@pytest.mark.parametrize(("view", "controls"), OTHER_VIEWS)
def test_every_other_view_shows_a_focus_ring_of_at_least_three_to_one(
    page: Page, live_server: str, view: str | Callable[[Page, str], None], controls: int
) -> None:
    if callable(view):
        view(page, live_server)
    elif view.startswith("/?"):
        open_playground(page, live_server + view)
    else:
        page.goto(live_server + view)
    page.evaluate(OPEN_EVERY_PANEL)
    seen = tab_through(page)
    assert len(seen) >= controls, seen  # the whole page was walked
    assert weak_rings(seen) == []
