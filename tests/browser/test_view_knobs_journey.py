"""View knobs journey: show test data, discretize and the diagram's lines change in place, paused
and playing. Each answer is small (a restyle, not a redraw) and the page then shows what the
server would draw whole: the same heatmap colours, visible points, link looks, bars, note and
thumbnails."""

from typing import Any

from playwright.sync_api import Page, Response, expect

from .helpers import WAIT_MS, change_setting, heatmap_fingerprint, open_playground, pause

# what the page shows now: the boundary's looks, the diagram's lines, bars, note and first thumbnail
SHOWN = """() => {
    const gd = document.getElementById('boundary');
    const svg = document.getElementById('diagram');
    const canvas = svg.querySelector('canvas.thumb');
    return {
        colorscale: gd.data[0].colorscale,
        visible: gd.data.slice(1).map((t) => t.visible !== false),
        view: svg.dataset.view, gradients: svg.classList.contains('gradients'),
        height: svg.getAttribute('viewBox').split(' ')[3],
        edges: Array.from(svg.querySelectorAll('path.edge')).map((p) => [p.getAttribute('stroke'),
            Number(p.getAttribute('stroke-width')), p.classList.contains('zero')]),
        bars: Array.from(svg.querySelectorAll('.bar'))
            .map((b) => getComputedStyle(b).display !== 'none'),
        note: document.getElementById('diagram_note').textContent.replace(/\\s+/g, ' ').trim(),
        thumb: Array.from(canvas.getContext('2d')
            .getImageData(0, 0, canvas.width, canvas.height).data),
    };
}"""
# the same, read from the server's whole render of this session (GET / as htmx, the page's headers)
WHOLE = """async () => {
    const headers = JSON.parse(document.body.getAttribute('hx-headers') || '{}');
    const r = await fetch('/', {
        credentials: 'same-origin', headers: { ...headers, 'HX-Request': 'true' } });
    const doc = new DOMParser().parseFromString(await r.text(), 'text/html');
    const frame = JSON.parse(doc.getElementById('frame_data').textContent);
    const svg = doc.getElementById('diagram');
    const bytes = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const lut = bytes(svg.dataset.lut);
    const codes = bytes(frame.diagram.thumbs.bdata);
    const cells = Number(svg.querySelector('canvas.thumb').getAttribute('width')) ** 2;
    const thumb = [];
    for (let i = 0; i < cells; i += 1) {
        thumb.push(...lut.slice(codes[i] * 3, codes[i] * 3 + 3), 255);
    }
    const gradients = svg.classList.contains('gradients');
    return {
        colorscale: frame.boundary.data[0].colorscale,
        visible: frame.boundary.data.slice(1).map((t) => t.visible !== false),
        view: svg.dataset.view, gradients, height: svg.getAttribute('viewBox').split(' ')[3],
        edges: Array.from(svg.querySelectorAll('path.edge')).map((p) => [p.getAttribute('stroke'),
            Number(p.getAttribute('stroke-width')), p.classList.contains('zero')]),
        bars: Array.from(svg.querySelectorAll('.bar')).map(() => gradients),
        note: doc.getElementById('diagram_note').textContent.replace(/\\s+/g, ' ').trim(),
        thumb,
    };
}"""
KNOBS = (("Show test data", "checkbox"), ("Discretize output", "checkbox"), ("Gradients", "radio"))


def toggle(page: Page, name: str, role: str) -> Response:
    """Click a view knob; check its answer is a small restyle, not a redraw; return it."""
    control = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    answer = change_setting(page, control.click)
    body = answer.body()
    assert len(body) <= 10_000, (name, len(body))
    assert b'id="network"' not in body and b'"boundary"' not in body, name
    return answer


def shown(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(SHOWN))


def whole(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(WHOLE))


def expect_shows_whole(page: Page) -> dict[str, Any]:
    """Wait until the page shows what the server's whole render of this session draws."""
    want = whole(page)
    page.wait_for_function(f"(want) => JSON.stringify(({SHOWN})()) === JSON.stringify(want)",
                           arg=want, timeout=WAIT_MS)
    return want


def test_view_knobs_restyle_in_place_while_paused(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?regularization=l1&regularization_rate=0.1"
                    "&learning_rate=0.03")
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.locator("#epoch")).to_have_text("000,001")
    start = shown(page)
    assert start == whole(page) and start["visible"] == [True, True, False, False]
    assert not start["gradients"] and not any(start["bars"]) and any(e[2] for e in start["edges"])
    heatmap = heatmap_fingerprint(page)
    for name, role in KNOBS:
        toggle(page, name, role)
        expect_shows_whole(page)
        expect(page.locator("#epoch")).to_have_text("000,001")  # nothing trained, nothing redrawn
        assert heatmap_fingerprint(page) == heatmap, name
    end = shown(page)
    assert end["visible"] == [True, True, True, True] and end["colorscale"] != start["colorscale"]
    assert end["gradients"] and all(end["bars"]) and end["height"] > start["height"]
    assert end["edges"] != start["edges"] and not any(e[2] for e in end["edges"])
    assert end["thumb"] != start["thumb"] and end["note"].startswith("Line width and darkness")
    # and back: the first look again
    for name, role in (("Show test data", "checkbox"), ("Discretize output", "checkbox"),
                       ("Weights", "radio")):
        toggle(page, name, role)
    page.wait_for_function("(want) => document.getElementById('diagram').dataset.view === want",
                           arg="weights", timeout=WAIT_MS)
    assert shown(page) == start


def test_view_knobs_restyle_while_playing(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?speed=2")
    page.get_by_role("button", name="Play", exact=True).click()
    for name, role in KNOBS:
        toggle(page, name, role)
    page.wait_for_function(
        """() => document.getElementById('boundary').data.slice(1).every((t) => t.visible !== false)
            && document.getElementById('diagram').classList.contains('gradients')""",
        timeout=WAIT_MS)
    before = int(page.locator("#epoch").inner_text().replace(",", ""))
    page.wait_for_function(
        "(n) => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) > n + 4",
        arg=before, timeout=WAIT_MS)  # still training
    pause(page)
    now = expect_shows_whole(page)  # after the last poll: what a whole redraw would draw
    assert len(now["colorscale"]) == 5 and all(now["visible"]) and all(now["bars"])
