"""Steps the browser journeys share: read the page's numbers and charts, act, wait on conditions.

Every wait is a condition the page must reach (an arrow-function predicate, never a bare
expression: the app's CSP has no 'unsafe-eval'), bounded by a generous timeout.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Locator, Page, Response, expect

WAIT_MS = 20_000  # for conditions that need training; a loaded 2-core machine is slow
EPOCH_TEXT = re.compile(r'id="epoch"[^>]*>\s*([\d,]+)\s*<')

# the page's numbers, as JavaScript sees them ("000,123" -> 123; "–" -> NaN)
READ_EPOCH = "() => Number(document.getElementById('epoch').textContent.replace(/\\D/g, ''))"
CHARTS_DRAWN = """() => Boolean(window.Plotly
    && ['boundary', 'loss_chart'].every(id => {
        const div = document.getElementById(id);
        return div && div._fullLayout && Array.isArray(div.data) && div.data.length > 0;
    }))"""
EPOCH_AT_LEAST = (
    "(n) => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) >= n"
)
EPOCH_NOT = "(n) => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) !== n"
EPOCH_IS = "(n) => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) === n"
PROGRESS = """() => ({
    epoch: Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')),
    test_loss: Number(document.getElementById('test_loss').textContent),
    train_loss: Number(document.getElementById('train_loss').textContent),
})"""
# the heatmap's z: base64 {dtype, bdata} as the server sends it, or a (typed) array once decoded
HEATMAP_FINGERPRINT = """() => {
    const z = document.getElementById('boundary').data[0].z;
    if (z && typeof z.bdata === 'string') return `${z.dtype}:${z.bdata}`;
    if (ArrayBuffer.isView(z)) return Array.from(z).join(',');
    return JSON.stringify(z);
}"""
HEATMAP_IS_NOT = f"(before) => ({HEATMAP_FINGERPRINT})() !== before"
TRAINING_POINTS = """() => JSON.stringify(document.getElementById('boundary').data
    .filter(t => t.type === 'scatter' && String(t.name).startsWith('train'))
    .map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)})))"""
TRAINING_POINTS_ARE_NOT = f"(before) => ({TRAINING_POINTS})() !== before"
LOSS_CURVES = """() => document.getElementById('loss_chart').data
    .map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))"""


@dataclass(frozen=True)
class Progress:
    """The epoch counter and the two losses, read in one go (one swap updates them together)."""

    epoch: int
    test_loss: float
    train_loss: float


def path_of(url: str) -> str:
    """Return the path of a URL ("http://127.0.0.1:1234/poll?x=1" -> "/poll")."""
    return urlsplit(url).path


HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def wait_for_htmx_idle(page: Page) -> None:
    """Wait until htmx has swapped and settled every answer: a response seen by the browser is
    not yet in the page (an element a later swap replaces may still be there)."""
    page.wait_for_function(HTMX_IDLE, timeout=WAIT_MS)


SPACE_IN_SETTLE = """(id) => {
  const region = document.getElementById(id);
  htmx.swap(region, region.outerHTML, {swapStyle: 'outerHTML', settleDelay: 20});
  const space = {key: ' ', code: 'Space', bubbles: true};
  document.body.dispatchEvent(new KeyboardEvent('keydown', space));
  return document.getElementById(id) !== region;
}"""


def press_space_as_swap_settles(page: Page, region: str) -> None:
    """Replace the element `region` with a copy of itself as an answer does (htmx's swap, with
    the 20 ms settle it gives every answer) and press Space at once, before the swap settles:
    htmx binds the new content's handlers only when it settles."""
    assert page.evaluate(SPACE_IN_SETTLE, region), f"#{region} was not replaced"


def open_playground(page: Page, url: str) -> Response:
    """Go to url and wait until Plotly has drawn both charts; return the page's response."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    page.wait_for_function(CHARTS_DRAWN, timeout=WAIT_MS)
    return response


def epoch(page: Page) -> int:
    """Return the epoch counter's value."""
    return int(page.evaluate(READ_EPOCH))


def epoch_text(value: int) -> str:
    """Return how the counter shows an epoch (123 -> "000,123")."""
    return f"{value:07,d}"


def progress(page: Page) -> Progress:
    """Return the epoch and both losses (NaN while there is no loss yet)."""
    values = page.evaluate(PROGRESS)
    return Progress(int(values["epoch"]), float(values["test_loss"]), float(values["train_loss"]))


def wait_for_epoch(page: Page, at_least: int) -> int:
    """Wait until the counter reaches at_least; return its value then."""
    page.wait_for_function(EPOCH_AT_LEAST, arg=at_least, timeout=WAIT_MS)
    return epoch(page)


def heatmap_fingerprint(page: Page) -> str:
    """Return the boundary heatmap's z data as one comparable string."""
    return str(page.evaluate(HEATMAP_FINGERPRINT))


def wait_for_heatmap_change(page: Page, before: str) -> None:
    """Wait until the boundary heatmap differs from the fingerprint `before`."""
    page.wait_for_function(HEATMAP_IS_NOT, arg=before, timeout=WAIT_MS)


def training_points(page: Page) -> str:
    """Return the boundary's training-point traces (names and coordinates) as JSON."""
    return str(page.evaluate(TRAINING_POINTS))


def wait_for_training_points_change(page: Page, before: str) -> str:
    """Wait until the plotted training points differ from `before`; return the new ones."""
    page.wait_for_function(TRAINING_POINTS_ARE_NOT, arg=before, timeout=WAIT_MS)
    return training_points(page)


# the loss chart holds the epoch the counter shows (it draws new points at most every 250 ms)
LOSS_CAUGHT_UP = """() => {
    const shown = Number(document.getElementById('epoch').textContent.replace(/\\D/g, ''));
    const data = document.getElementById('loss_chart').data;
    const x = data && data.length ? data[0].x : [];
    const last = x.length ? x[x.length - 1] : null;  // no points: a gap (null) or nothing
    return last === null ? shown === 0 : last === shown;
}"""


def loss_curves(page: Page) -> list[dict[str, Any]]:
    """Return the loss chart's traces: name, epochs (x) and values (y), exactly as plotted,
    once the chart holds the epoch the counter shows."""
    page.wait_for_function(LOSS_CAUGHT_UP, timeout=WAIT_MS)
    return list(page.evaluate(LOSS_CURVES))


def epoch_in(response: Response) -> int:
    """Return the epoch an htmx response renders into #epoch."""
    match = EPOCH_TEXT.search(response.text())
    assert match, f"no #epoch in the {response.url} response"
    return int(match.group(1).replace(",", ""))


def is_post(path: str) -> Callable[[Response], bool]:
    """Return a predicate matching the response to a POST to path (any query)."""
    return lambda r: r.request.method == "POST" and path_of(r.url) == path


def step(page: Page) -> int:
    """Press Step, wait for the counter to move, check it moved by exactly one; return it."""
    before = epoch(page)
    with page.expect_response(is_post("/step")) as answer:
        page.get_by_role("button", name="Step", exact=True).click()
    assert answer.value.status == 200, answer.value.status
    page.wait_for_function(EPOCH_NOT, arg=before, timeout=WAIT_MS)
    after = epoch(page)
    assert after == before + 1, f"Step moved the epoch from {before} to {after}"
    return after


def pause(page: Page) -> int:
    """Press Pause; wait until the poller stops and the counter shows where the server stopped.

    Return that epoch, read from the /pause response: the server sets it under the session's
    lock, so a poll answered late cannot change it.
    """
    with page.expect_response(is_post("/pause")) as answer:
        page.get_by_role("button", name="Pause", exact=True).click()
    assert answer.value.status == 200, answer.value.status
    stopped_at = epoch_in(answer.value)
    expect(page.locator("#poller")).to_have_attribute("data-state", "paused")
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    page.wait_for_function(EPOCH_IS, arg=stopped_at, timeout=WAIT_MS)
    return stopped_at


def change_setting(page: Page, action: Callable[[], None], status: int = 200) -> Response:
    """Do action (a click, key or fill that changes the form); return the /config response."""
    with page.expect_response(is_post("/config")) as answer:
        action()
    assert answer.value.status == status, (answer.value.status, answer.value.text()[:300])
    return answer.value


def type_into(field: Locator, value: str) -> None:
    """Type value into a field and leave it with Tab: one change event, one /config request."""
    field.fill(value)
    field.press("Tab")


def share_query(page: Page) -> str:
    """Return the page's long link, its settings: the address bar (the share box shows a short
    link, /s/<code>, that stands for it)."""
    return page.url


def share_settings(page: Page) -> dict[str, str]:
    """Return the settings the page's link holds."""
    return dict(parse_qsl(urlsplit(share_query(page)).query, keep_blank_values=True))


def expect_share_has(page: Page, pattern: str | re.Pattern[str]) -> None:
    """Wait until the page's link matches pattern."""
    expect(page).to_have_url(pattern)


def expect_link_has(page: Page, **settings: str) -> None:
    """Wait until the page's link holds these settings."""
    for name, value in settings.items():
        expect_share_has(page, re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)"))
