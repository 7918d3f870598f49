"""Share journey: a copied link, opened in a fresh browser, gives the same settings and run."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import LiveServer, StartLiveServer
from .helpers import (
    WAIT_MS,
    change_setting,
    epoch_text,
    expect_link_has,
    heatmap_fingerprint,
    loss_curves,
    open_playground,
    progress,
    step,
)

STEPS = 5
SHORT_LINK = re.compile(r"^http://127\.0\.0\.1:\d+/s/[A-Z2-9]{7}$")


def reachable_server(start: StartLiveServer) -> LiveServer:
    """Serve the app with its own address as the public URL: the short links it shows point at
    this test server (by default a loopback page links to the LAN address, not served here)."""
    server = start()
    server.app.state.public_url = server.url
    return server


def test_a_copied_link_reproduces_settings_and_losses_in_a_fresh_browser(
    new_context: Callable[..., BrowserContext], live_server_factory: StartLiveServer
) -> None:
    live_server = reachable_server(live_server_factory).url
    mine = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    open_playground(mine, f"{live_server}/")
    change_setting(mine, mine.get_by_title("Exclusive or", exact=True).click)
    change_setting(mine, mine.get_by_role("button", name="Add hidden layer").click)
    learning_rate = mine.get_by_label("Learning rate", exact=True)
    change_setting(mine, lambda: learning_rate.select_option("0.1"))
    expect_link_has(mine, dataset="xor", hidden_layers="4,2,2", learning_rate="0.1")

    expect(mine.get_by_label("Link to this run")).to_have_value(SHORT_LINK)  # short, absolute
    mine.get_by_role("button", name="Copy link").click()
    expect(mine.locator("#copy_status")).to_have_text("Copied!")
    link = str(mine.evaluate("() => navigator.clipboard.readText()"))
    shown = mine.get_by_label("Link to this run").input_value()
    assert link == shown and link.startswith(live_server), (link, shown)
    mine_run = _train(mine)

    theirs = new_context().new_page()  # no cookie, no session: only the link
    open_playground(theirs, link)
    expect(theirs.locator("#epoch")).to_have_text(epoch_text(0))
    expect(theirs.get_by_role("radio", name="Exclusive or")).to_be_checked()
    expect(theirs.get_by_role("heading", level=2, name="hidden layer")).to_have_text(
        "3 hidden layers"
    )
    expect(theirs.get_by_label("Learning rate", exact=True)).to_have_value("0.1")
    expect(theirs.get_by_label("Activation", exact=True)).to_have_value("tanh")
    expect(theirs.get_by_label("Link to this run")).to_have_value(shown)  # the same code
    theirs_run = _train(theirs)

    assert theirs_run == mine_run


def _train(page: Page) -> dict[str, Any]:
    """Press Step STEPS times from epoch 0; return every number the page then shows."""
    expect(page.locator("#epoch")).to_have_text(epoch_text(0))
    for _ in range(STEPS):
        step(page)
    page.wait_for_function(
        "(n) => document.getElementById('loss_chart').data.every(t => t.x.length === n)",
        arg=STEPS,
        timeout=WAIT_MS,
    )
    numbers = progress(page)
    assert numbers.epoch == STEPS, numbers
    return {
        "test_loss": page.locator("#test_loss").text_content(),
        "train_loss": page.locator("#train_loss").text_content(),
        "accuracy": page.locator("#test_accuracy").text_content(),
        "curves": loss_curves(page),
        "heatmap": heatmap_fingerprint(page),
    }
