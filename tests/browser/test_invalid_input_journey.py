"""Invalid-input journey: a bad link is explained in the banner, naming the setting and what it
allows; a bad typed value is said next to its field (its label, the range in words, the value
typed), which shows the value in use again; and the playground keeps working."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.web.htmx import REFUSED as REFUSED_HEADER

from .conftest import BrowserGuard
from .helpers import (
    change_setting,
    epoch_text,
    expect_link_has,
    open_playground,
    share_settings,
    step,
    type_into,
)

# Chromium logs every 4xx it loads: a bad link's whole page is a 422 on purpose (htmx requests
# are refused with a 200 and X-Playground-Refused instead, which logs nothing)
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


def test_an_out_of_range_value_is_refused_next_to_its_field_before_it_is_sent(
    page: Page, live_server: str
) -> None:
    # no console error allowed: nothing is sent, so nothing is refused with a 422
    open_playground(page, f"{live_server}/?optimizer=adam")
    page.locator("#advanced_panel > summary").click()
    beta1 = page.get_by_label("Beta 1", exact=True)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/config" in r.url else None)
    type_into(beta1, "2")
    message = page.locator("#beta1_error")
    expect(message).to_have_text("Beta 1 must be below 1 (got 2)")
    expect(message).to_be_visible()
    expect(beta1).to_have_attribute("aria-invalid", "true")
    expect(beta1).to_have_attribute("aria-describedby", "beta1_error")
    expect(beta1).to_have_value("0.9")  # the value the run uses
    expect(page.locator("#announcer")).to_have_text("Beta 1 must be below 1 (got 2)")
    expect(page.locator("#banner")).to_be_hidden()
    assert sent == []
    assert share_settings(page)["beta1"] == "0.9"

    change_setting(page, lambda: type_into(beta1, "0.8"))
    expect(message).to_be_hidden()
    expect(beta1).not_to_have_attribute("aria-invalid", "true")
    expect_link_has(page, beta1="0.8")
    assert step(page) == 1


def test_the_learning_rate_is_tf_playgrounds_list_plus_a_custom_value(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/")
    rate = page.get_by_label("Learning rate", exact=True)
    options = rate.locator("option").all_inner_texts()
    assert options == ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1",
                       "3", "10", "Custom…"]
    expect(rate).to_have_value("0.03")
    change_setting(page, lambda: rate.select_option("0.1"))
    expect_link_has(page, learning_rate="0.1")

    rate.select_option("Custom…")
    custom = page.get_by_label("Custom learning rate")
    expect(custom).to_be_focused()
    change_setting(page, lambda: (custom.fill("0.05"), custom.press("Enter")))
    expect_link_has(page, learning_rate="0.05")
    expect(rate).to_have_value("0.05")
    expect(rate.locator("option:checked")).to_have_text("0.05 (custom)")
    expect(custom).to_be_hidden()

    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/config" in r.url else None)
    rate.select_option("Custom…")
    custom.fill("20")
    custom.press("Enter")
    expect(page.locator("#learning_rate_error")).to_have_text(
        "Learning rate must be at most 10 (got 20)")
    expect(rate).to_have_value("0.05")  # the rate in use
    expect(rate).to_have_attribute("aria-invalid", "true")
    expect(rate).to_be_focused()
    assert sent == [] and share_settings(page)["learning_rate"] == "0.05"


def test_a_refusal_only_the_server_can_judge_is_said_next_to_its_field(
    page: Page, live_server: str
) -> None:
    # no console error allowed: the refusal is a 200 saying so (X-Playground-Refused)
    open_playground(page, f"{live_server}/?schedule=inverse_time&decay_rate=5")
    page.locator("#advanced_panel > summary").click()
    schedule = page.get_by_label("Learning-rate decay")
    refusal = change_setting(page, lambda: schedule.select_option("step"))
    assert refusal.headers[REFUSED_HEADER.lower()] == "422"
    expect(page.locator("#decay_rate_error")).to_have_text(
        "Decay rate must be in (0, 1] for the step schedule, got 5")
    expect(page.get_by_label("Decay rate")).to_have_attribute("aria-invalid", "true")
    expect(schedule).to_have_value("inverse_time")  # what the run uses
    expect(page.locator("#banner")).to_be_hidden()
    assert share_settings(page)["schedule"] == "inverse_time"


# a page whose own checks did not run (an old tab, a browser without them): the server judges
UNCHECKED = "(id) => { delete document.getElementById(id).dataset.sayNan; }"


@pytest.mark.parametrize(("setting", "fill", "message", "in_use"), [
    pytest.param("beta1", "2", "Beta 1 must be below 1 (got 2)", "0.9", id="adam-beta1"),
    pytest.param("learning_rate", "20", "Learning rate must be at most 10 (got 20)", "0.03",
                 id="learning-rate"),
])
def test_a_server_refusal_is_said_in_place_with_no_console_error(
    page: Page, live_server: str, setting: str, fill: str, message: str, in_use: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    open_playground(page, f"{live_server}/?optimizer=adam")
    field = page.locator(f"#{setting}")
    if setting == "beta1":
        page.locator("#advanced_panel > summary").click()
        typed = field
    else:
        field.select_option("Custom…")
        typed = page.get_by_label("Custom learning rate")
    page.evaluate(UNCHECKED, typed.get_attribute("id"))
    refusal = change_setting(page, lambda: (typed.fill(fill), typed.press("Enter")))
    assert refusal.headers[REFUSED_HEADER.lower()] == "422"

    slot = page.locator(f"#{setting}_error")
    expect(slot).to_have_text(message)
    expect(slot).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", f"{setting}_error")
    expect(field).to_have_value(in_use)  # the value the run uses
    expect(page.locator("#banner")).to_be_hidden()
    assert share_settings(page)[setting] == in_use
    assert step(page) == 1  # the playground still works
    assert errors == []  # and nothing was logged (the browser guard checks it too)
