"""Accessibility of the pages of their own: runs side by side (drawn, after a step) and the first
neurons' lessons (their tables lit) — axe-core finds nothing (every WCAG 2.1 A/AA rule)."""

import pytest
from playwright.sync_api import Page

from .axe import report, violations
from .conftest import BrowserGuard
from .helpers import WAIT_MS, is_post

COMPARE_DRAWN = """() => Boolean(window.Plotly && ['compare_loss', 'compare_boundary_0']
    .every(id => { const div = document.getElementById(id);
                   return div && Array.isArray(div.data) && div.data.length > 0; }))"""


@pytest.mark.parametrize("path", [
    "/lessons/mcculloch_pitts?and_threshold=1&not_w1=-1",
    "/lessons/hebb?steps=6",
    "/lessons/hebb?patterns=x",  # a bad value, named
    "/compare?vary=optimizer&values=sgd,sgd",  # refused: the form and the message
])
def test_axe_finds_no_violation_on_the_first_neurons_and_a_refused_comparison(
        page: Page, live_server: str, path: str, browser_guard: BrowserGuard) -> None:
    browser_guard.allow_console_error(r"status of 422")  # the refused ones, on purpose
    page.goto(live_server + path)
    found = violations(page)
    assert found == [], "axe-core:\n" + report(found)


def test_axe_finds_no_violation_on_runs_side_by_side(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/compare?dataset=xor&vary=learning_rate")
    page.wait_for_function(COMPARE_DRAWN, timeout=WAIT_MS)
    with page.expect_response(is_post("/compare/step")):
        page.get_by_role("button", name="Step all").click()
    page.wait_for_function("() => document.getElementById('compare_epoch_2').textContent === '1'",
                           timeout=WAIT_MS)
    found = violations(page)
    assert found == [], "axe-core:\n" + report(found)
