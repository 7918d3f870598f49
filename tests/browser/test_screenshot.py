"""The README screenshot: the default circle, trained until its boundary has formed, paused.

Run this file to refresh docs/screenshot.png after a visual change.
"""

import struct
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

from .helpers import WAIT_MS, heatmap_fingerprint, open_playground, pause, progress

# tall enough for all four columns, boundary plot and legend included (720 cuts the plot in half)
VIEWPORT = {"width": 1280, "height": 1080}
TRAINED = """() => Number(document.getElementById('epoch').textContent.replace(/\\D/g, '')) >= 150
    && Number(document.getElementById('test_loss').textContent) < 0.1"""
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_readme_screenshot_shows_a_trained_boundary(
    new_context: Callable[..., BrowserContext],
    live_server: str,
    save_readme_screenshot: Callable[[Page], Path],
) -> None:
    page = new_context(viewport=VIEWPORT).new_page()
    open_playground(page, f"{live_server}/?speed=10")  # 150 epochs in seconds
    untrained = heatmap_fingerprint(page)

    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(TRAINED, timeout=WAIT_MS)
    pause(page)
    trained = progress(page)
    assert trained.test_loss < 0.1, trained
    assert heatmap_fingerprint(page) != untrained
    page.mouse.move(0, VIEWPORT["height"] - 1)  # no hover highlight on the play button
    page.evaluate(TWO_FRAMES)  # let Plotly paint the last frame

    path = save_readme_screenshot(page)

    header = path.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE, header
    assert struct.unpack(">II", header[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
