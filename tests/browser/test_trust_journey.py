"""Trust journey: the small things a class notices — a rebuilt network starts its loss chart
afresh, settings changes do not fill the Back button's history, and the perceptron does not
pretend to have hidden layers."""

import json
import re

from playwright.sync_api import Page, expect

from .helpers import change_setting, open_playground, pause, wait_for_epoch

X_RANGE = "() => document.getElementById('loss_chart').layout.xaxis.range"
X_RANGE_IS = f"(want) => JSON.stringify(({X_RANGE})()) === want"


def test_a_rebuilt_network_starts_its_loss_chart_afresh(page: Page, live_server: str) -> None:
    open_playground(page, live_server)
    empty = page.evaluate(X_RANGE)  # the chart of epoch 0
    # with no points yet its key already names the four lines (train/test loss and accuracy):
    # adding them at the first epoch's redraw made that the page's costliest task (app.js)
    expect(page.locator("#loss_chart .legend .traces")).to_have_count(4)
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 120)
    pause(page)
    assert page.evaluate(X_RANGE) != empty
    change_setting(page, page.get_by_role("button", name="Add hidden layer").click)
    expect(page.locator("#diagram")).to_have_attribute("data-sizes", "2,4,2,2,1")
    # epoch 0 of a new run: the empty chart's axis again, not the old run's 0…120+
    page.wait_for_function(X_RANGE_IS, arg=json.dumps(empty, separators=(",", ":")))


def test_changing_settings_replaces_the_address_without_adding_history(
    page: Page, live_server: str
) -> None:
    open_playground(page, live_server)
    length = page.evaluate("() => history.length")
    change_setting(page, page.get_by_label("Show test data").check)
    change_setting(page, lambda: page.get_by_label("Activation", exact=True).select_option("relu"))
    change_setting(page, page.get_by_label("Discretize output").check)
    expect(page).to_have_url(re.compile(r"activation=relu"))
    expect(page).to_have_url(re.compile(r"discretize=true"))
    assert page.evaluate("() => history.length") == length  # Back leaves the page, as it came


def test_the_perceptron_names_itself_and_disables_what_it_does_not_use(
    page: Page, live_server: str
) -> None:
    open_playground(page, live_server + "/?model=perceptron&dataset=and")
    expect(page.locator("#network_heading")).to_have_text("Perceptron: no hidden layers")
    chart = page.locator("#loss_chart")
    expect(chart).to_have_attribute("aria-label", "Training and test error rate by epoch")
    for name in ("Activation", "Regularization", "Regularization rate"):
        expect(page.get_by_label(name, exact=True)).to_be_disabled()
    expect(page.get_by_label("Learning rate", exact=True)).to_be_enabled()
    # back to the MLP: the values kept in the form come back, enabled
    page.locator("#advanced_panel > summary").click()
    change_setting(page, lambda: page.get_by_label("Model").select_option("mlp"))
    expect(page.locator("#network_heading")).to_have_text("2 hidden layers")
    expect(chart).to_have_attribute("aria-label", "Training and test loss by epoch")
    expect(page.get_by_label("Activation", exact=True)).to_be_enabled()
    expect(page.get_by_label("Activation", exact=True)).to_have_value("tanh")
