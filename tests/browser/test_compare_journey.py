"""Runs side by side: SGD against Adam on the same circle. One Play drives both, both advance,
their curves share one chart, their boundaries sit side by side, Pause stops both, and the link
reproduces the comparison."""

import re

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, change_setting, is_post, open_playground, press_space_as_swap_settles

DRAWN = """() => Boolean(window.Plotly
    && ['compare_loss', 'compare_boundary_0', 'compare_boundary_1'].every(id => {
        const div = document.getElementById(id);
        return div && Array.isArray(div.data) && div.data.length > 0; }))"""
EPOCHS = """() => [0, 1].map(i =>
    Number(document.getElementById(`compare_epoch_${i}`).textContent))"""
BOTH_AT_LEAST = f"(n) => ({EPOCHS})().every(e => e >= n)"
CURVES = """() => document.getElementById('compare_loss').data
    .map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y), colour: t.line.color}))"""


def test_sgd_and_adam_train_together_on_one_chart(page: Page, live_server: str) -> None:
    url = f"{live_server}/compare?dataset=circle&speed=5&vary=optimizer&values=sgd,adam"
    page.goto(url)
    page.wait_for_function(DRAWN, timeout=WAIT_MS)
    expect(page.locator("#compare_run_0")).to_contain_text("Optimizer: SGD")
    expect(page.locator("#compare_run_1")).to_contain_text("Optimizer: Adam")
    assert page.evaluate(EPOCHS) == [0, 0]
    # with no points yet the chart's key already names every run's two curves
    expect(page.locator("#compare_loss .legend .traces")).to_have_count(4)

    page.get_by_role("button", name="Play all").click()
    expect(page.locator("#compare_poller")).to_have_attribute("data-state", "playing")
    page.wait_for_function(BOTH_AT_LEAST, arg=30, timeout=WAIT_MS)
    with page.expect_response(is_post("/compare/pause")) as paused:
        page.get_by_role("button", name="Pause all").click()
    assert paused.value.status == 200
    expect(page.locator("#compare_poller")).to_have_attribute("data-state", "paused")

    curves = page.evaluate(CURVES)
    assert [c["name"] for c in curves] == ["Optimizer: SGD · train", "Optimizer: SGD · test",
                                           "Optimizer: Adam · train", "Optimizer: Adam · test"]
    assert curves[0]["colour"] != curves[2]["colour"]  # one colour per run
    for curve in curves:
        assert len(curve["x"]) >= 30 and curve["x"] == sorted(set(curve["x"]))
    # both advanced and differ: same data and seed, only the optimizer changed
    assert curves[0]["y"][:30] != curves[2]["y"][:30]
    stopped = page.evaluate(EPOCHS)
    with page.expect_response(is_post("/compare/step")) as stepped:
        page.get_by_role("button", name="Step all").click()
    assert stepped.value.status == 200
    page.wait_for_function(f"(before) => ({EPOCHS})().every((e, i) => e === before[i] + 1)",
                           arg=stopped, timeout=WAIT_MS)

    # shareable: the link opens the same comparison, from epoch 0
    link = page.locator("#compare_link").get_attribute("href")
    assert link is not None and re.search(r"vary=optimizer&values=sgd,adam$", link)
    page.goto(live_server + link)
    page.wait_for_function(DRAWN, timeout=WAIT_MS)
    assert page.evaluate(EPOCHS) == [0, 0]
    expect(page.get_by_label("Values (2 to 4, comma-separated)")).to_have_value("sgd,adam")


def test_space_plays_and_pauses_every_run_even_as_an_answer_settles(
        page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/compare?dataset=circle&speed=5&vary=optimizer&values=sgd,adam")
    page.wait_for_function(DRAWN, timeout=WAIT_MS)
    page.locator("h1").first.click()  # focus on the page, not on a control
    with page.expect_response(is_post("/compare/play")):
        page.keyboard.press("Space")
    expect(page.locator("#compare_poller")).to_have_attribute("data-state", "playing")
    # the moment after an answer replaced the button, before htmx bound the new one
    with page.expect_response(is_post("/compare/pause"), timeout=WAIT_MS):
        press_space_as_swap_settles(page, "compare_transport")
    expect(page.locator("#compare_poller")).to_have_attribute("data-state", "paused")


def test_the_playgrounds_compare_link_takes_the_settings_as_they_are_now(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?dataset=xor&speed=5")
    rate = page.get_by_label("Learning rate", exact=True)
    change_setting(page, lambda: rate.select_option("0.1"))  # changed in place, after the page
    expect(page).to_have_url(re.compile(r"learning_rate=0.1&"))
    page.get_by_role("link", name="Compare runs").click()
    page.wait_for_url(re.compile(r"/compare\?.*learning_rate=0.1&.*vary=optimizer"))
    page.wait_for_function(DRAWN, timeout=WAIT_MS)
    expect(page.locator("#compare_run_1")).to_contain_text("Optimizer: Adam")
    href = page.locator("#compare_link").get_attribute("href")
    assert href is not None and "dataset=xor&" in href
