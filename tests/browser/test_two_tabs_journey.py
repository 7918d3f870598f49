"""Two tabs journey: one browser, two tabs, two runs side by side (compare SGD with Adam)."""

from playwright.sync_api import BrowserContext, expect

from .helpers import WAIT_MS, epoch, open_playground, share_query, step, wait_for_epoch


def test_two_tabs_of_one_browser_train_independently(context: BrowserContext,
                                                     live_server: str) -> None:
    sgd, adam = context.new_page(), context.new_page()
    open_playground(sgd, f"{live_server}/?dataset=xor&optimizer=sgd")
    open_playground(adam, f"{live_server}/?dataset=spiral&optimizer=adam&learning_rate=0.01")

    assert step(adam) == 1  # the later tab's step does not touch the first tab's run
    sgd.get_by_role("button", name="Play").click()
    wait_for_epoch(sgd, 40)
    sgd.get_by_role("button", name="Pause").click()
    expect(sgd.locator("#poller")).to_have_attribute("data-state", "paused", timeout=WAIT_MS)

    assert step(adam) == 2 and epoch(sgd) >= 40
    link = share_query(adam)
    assert "dataset=spiral" in link and "optimizer=adam" in link
    expect(sgd.get_by_label("Optimizer")).to_have_value("sgd")
    expect(adam.get_by_label("Optimizer")).to_have_value("adam")
