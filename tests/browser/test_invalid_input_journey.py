"""Invalid-input journey: a bad link or a bad typed value is explained in the banner, in plain
words naming the setting and what it allows, and the playground keeps working."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import BrowserGuard
from .helpers import (
    change_setting,
    epoch_text,
    open_playground,
    share_settings,
    step,
    type_into,
)

# Chromium logs every 4xx it loads; these tests provoke a 422 on purpose
REFUSED = r"status of 422"


@pytest.mark.parametrize(
    ("query", "message", "setting", "kept"),
    [
        pytest.param("learning_rate=100", "learning_rate: must be ≤ 10, got 100",
                     "learning_rate", "0.03", id="learning_rate-too-big"),
        pytest.param("hidden_layers=4,99", "hidden_layers[1]: must be ≤ 16, got 99",
                     "hidden_layers", "4,2", id="layer-too-wide"),
        pytest.param("dataset=nope", "dataset: unknown 'nope'; choose one of circle, xor,",
                     "dataset", "circle", id="unknown-dataset"),
        pytest.param("noise=nan", "noise: must be a finite number, got nan",
                     "noise", "0.0", id="noise-not-a-number"),
    ],
)
def test_a_bad_link_shows_why_in_the_banner_and_the_playground_still_works(
    page: Page, live_server: str, browser_guard: BrowserGuard,
    query: str, message: str, setting: str, kept: str,
) -> None:
    browser_guard.allow_console_error(REFUSED)
    response = open_playground(page, f"{live_server}/?{query}")

    # the app answers 422 on purpose (tests/web/routes/test_page.py) but with the playground
    # itself, never an error page: what matters to the reader is what the page shows
    assert response.status in (200, 422), response.status
    expect(page).to_have_title(re.compile("MLP Playground"))
    expect(page.locator("#banner")).to_contain_text(message)
    expect(page.locator("#banner .message")).to_have_count(1)
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_enabled()
    assert share_settings(page)[setting] == kept
    expect(page).to_have_url(re.compile(rf"[?&]{re.escape(setting)}={re.escape(kept)}(&|$)"))

    expect(page.locator("#epoch")).to_have_text(epoch_text(0))
    assert step(page) == 1
    expect(page.locator("#test_loss")).to_have_text(re.compile(r"^\d+\.\d{3}$"))


def test_a_bad_typed_value_is_refused_in_place_and_the_run_goes_on(
    page: Page, live_server: str, browser_guard: BrowserGuard
) -> None:
    browser_guard.allow_console_error(REFUSED)
    open_playground(page, f"{live_server}/")
    learning_rate = page.get_by_label("Learning rate", exact=True)

    change_setting(page, lambda: type_into(learning_rate, "100"), status=422)
    expect(page.locator("#banner")).to_have_text("learning_rate: must be ≤ 10, got 100")
    expect(page.locator("#client_status")).to_be_hidden()  # no "server refused" line on top
    assert share_settings(page)["learning_rate"] == "0.03"  # the last good run is kept

    assert step(page) == 1
    change_setting(page, lambda: type_into(learning_rate, "0.3"))
    expect(page.locator("#banner")).to_have_text("")
    assert share_settings(page)["learning_rate"] == "0.3"
