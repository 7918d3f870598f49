"""Keyboard journey: Space plays and pauses, and the shortcut can be turned off (WCAG 2.1.4)."""

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, open_playground, path_of


def test_space_plays_and_pauses_unless_the_shortcut_is_off(page: Page, live_server: str) -> None:
    open_playground(page, live_server)
    poller = page.locator("#poller")
    page.locator("h1").first.click()  # focus on the page, not on a control
    with page.expect_response(lambda r: path_of(r.url) == "/poll", timeout=WAIT_MS):
        page.keyboard.press("Space")  # plays: the page starts polling
    expect(poller).to_have_attribute("data-state", "playing", timeout=WAIT_MS)
    with page.expect_response(lambda r: path_of(r.url) == "/pause"):
        page.keyboard.press("Space")
    expect(poller).to_have_attribute("data-state", "paused", timeout=WAIT_MS)

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_label("Space = play/pause").uncheck()
    page.locator("h1").first.click()
    page.keyboard.press("Space")
    # a reload keeps the choice (this browser's storage), and nothing was posted meanwhile
    open_playground(page, live_server)
    expect(page.get_by_label("Space = play/pause")).not_to_be_checked()
    assert not any(path_of(u) in ("/play", "/config") for u in requests)
    expect(poller).to_have_attribute("data-state", "paused")

    page.get_by_label("Space = play/pause").check()
    page.locator("h1").first.click()
    with page.expect_response(lambda r: path_of(r.url) == "/play"):
        page.keyboard.press("Space")
    expect(poller).to_have_attribute("data-state", "playing", timeout=WAIT_MS)
