"""Keyboard journey: Space plays and pauses (a focused button keeps its own action) and can be
turned off (WCAG 2.1.4); the network diagram is one tab stop with arrow keys inside and a skip
link past it; focus never falls to the page when a region is redrawn; goals and divergence are
said in a live region."""

from playwright.sync_api import Page, expect

from .helpers import (
    WAIT_MS,
    epoch,
    epoch_text,
    expect_link_has,
    open_playground,
    path_of,
    press_space_as_swap_settles,
    wait_for_htmx_idle,
)
from .test_accessibility_journey import LESSON_URL


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


BIG = "/?hidden_layers=8,8,8,8,8,8&features=x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2"
IN_DIAGRAM = "() => Boolean(document.activeElement.closest('#diagram'))"
FOCUSED = "() => document.activeElement.id || document.activeElement.tagName"


def test_the_diagram_is_one_tab_stop_with_the_arrow_keys_inside(
    page: Page, live_server: str
) -> None:
    open_playground(page, live_server + BIG)
    # 7 features, 6 × 8 neurons and their biases, 7·8 + 5·64 + 8 links, 12 +/− buttons: one stop
    page.locator("#remove_layer").focus()
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if page.evaluate("() => document.activeElement.id === 'learning_rate'"):
            break
    items = ("feature_", "node-", "bias-", "hit-", "add_neuron", "remove_neuron")
    in_diagram = [s for s in stops if s.startswith(items)]
    assert in_diagram == ["feature_x1"], stops

    # inside: down the features, right into the first hidden layer, down to its bias and links
    page.locator("#feature_x1").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED) == "feature_x2"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED).startswith("node-1-")
    page.keyboard.press("Home")
    assert page.evaluate(FOCUSED) == "add_neuron_1"
    for want in ("remove_neuron_1", "node-1-0", "bias-1-0", "hit-0-0-0", "hit-0-1-0"):
        page.keyboard.press("ArrowDown")
        assert page.evaluate(FOCUSED) == want
    # the item reached keeps the tab stop: Shift+Tab out and Tab back lands on it
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(IN_DIAGRAM)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "hit-0-1-0"
    # Space on a focused weight opens its editor (its own action, not play)
    page.keyboard.press("Space")
    expect(page.locator("#parameter_editor")).to_be_visible()
    expect(page.locator("#poller")).to_have_attribute("data-state", "paused")
    page.keyboard.press("Escape")
    expect(page.locator("#parameter_editor")).to_be_hidden()
    assert page.evaluate(FOCUSED) == "hit-0-1-0"
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUSED).startswith(("node-2-", "bias-2-", "hit-1-"))


def test_a_skip_link_leads_past_the_diagram(page: Page, live_server: str) -> None:
    open_playground(page, live_server)
    page.locator("#remove_layer").focus()
    page.keyboard.press("Tab")  # the two "Lines show" radios are one stop
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip the network diagram")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "learning_rate"


def test_space_plays_from_a_checkbox_but_a_focused_button_keeps_its_own_action(
    page: Page, live_server: str
) -> None:
    open_playground(page, live_server)
    poller = page.locator("#poller")
    test_data = page.get_by_label("Show test data")
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        test_data.click()  # a click leaves focus on the box; Space then plays
    expect(test_data).to_be_checked()
    expect_link_has(page, show_test_data="true")  # the answer is swapped in
    with page.expect_response(lambda r: path_of(r.url) == "/play"):
        page.keyboard.press("Space")
    expect(poller).to_have_attribute("data-state", "playing", timeout=WAIT_MS)
    expect(test_data).to_be_checked()  # not toggled
    with page.expect_response(lambda r: path_of(r.url) == "/pause"):
        page.keyboard.press("Space")
    expect(poller).to_have_attribute("data-state", "paused", timeout=WAIT_MS)
    # Enter ticks a focused checkbox
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        page.keyboard.press("Enter")
    expect(test_data).not_to_be_checked()

    # a focused Step button steps (its own action), and nothing plays
    page.get_by_role("button", name="Step", exact=True).focus()
    before = epoch(page)
    with page.expect_response(lambda r: path_of(r.url) == "/step"):
        page.keyboard.press("Space")
    expect(page.locator("#epoch")).to_have_text(epoch_text(before + 1))
    expect(poller).to_have_attribute("data-state", "paused")


def test_space_plays_after_a_click_on_a_dataset(page: Page, live_server: str) -> None:
    open_playground(page, live_server)
    poller = page.locator("#poller")
    # after a click on a dataset (focus on its radio) Space plays
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        page.get_by_text("Exclusive or", exact=True).click()
    # the answer swapped in and settled: the checks below read the redrawn data panel (a Space
    # in the moment before it settles: the next test)
    wait_for_htmx_idle(page)
    expect(page.locator("#dataset_xor")).to_be_checked()  # the redrawn data panel, focus kept
    expect(page.locator("#dataset_xor")).to_be_focused()
    with page.expect_response(lambda r: path_of(r.url) == "/play"):
        page.keyboard.press("Space")
    expect(poller).to_have_attribute("data-state", "playing", timeout=WAIT_MS)


def test_space_plays_in_the_moment_after_an_answer_replaced_the_play_button(
        page: Page, live_server: str) -> None:
    open_playground(page, live_server)
    page.locator("h1").first.click()
    with page.expect_response(lambda r: path_of(r.url) == "/play", timeout=WAIT_MS):
        press_space_as_swap_settles(page, "transport")
    expect(page.locator("#poller")).to_have_attribute("data-state", "playing", timeout=WAIT_MS)


def test_focus_never_falls_to_the_page_after_a_swap(page: Page, live_server: str) -> None:
    open_playground(page, live_server + "/?hidden_layers=3")
    page.locator("#edge_view_weights").focus()
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        page.keyboard.press("ArrowRight")  # "Lines show": gradients
    page.wait_for_function("() => document.getElementById('diagram').dataset.view === 'gradients'")
    assert page.evaluate(FOCUSED) == "edge_view_gradients"

    # removing the last layer disables its button: focus goes to the one that adds a layer
    page.locator("#remove_layer").focus()
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        page.keyboard.press("Enter")
    expect(page.locator("#remove_layer")).to_be_disabled()
    expect(page.locator("#add_layer")).to_be_focused()

    # a neuron's +, pressed inside the diagram, keeps focus (and the diagram's tab stop)
    page.locator("#add_layer").press("Enter")
    expect(page.locator("#add_neuron_1")).to_be_attached()
    page.locator("#add_neuron_1").focus()
    with page.expect_response(lambda r: path_of(r.url) == "/config"):
        page.keyboard.press("Enter")
    expect(page.locator("#node-1-2")).to_be_attached()
    expect(page.locator("#add_neuron_1")).to_be_focused()
    assert page.evaluate("() => document.getElementById('add_neuron_1').tabIndex") == 0


def test_a_reached_goal_and_a_divergence_are_announced(page: Page, live_server: str) -> None:
    open_playground(page, live_server + LESSON_URL)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("")
    page.get_by_role("button", name="Play", exact=True).click()
    expect(announcer).to_contain_text("Goal reached", timeout=WAIT_MS)

    open_playground(page, live_server
                    + "/?dataset=plane&problem=regression&learning_rate=10&activation=relu")
    page.get_by_role("button", name="Play", exact=True).click()
    expect(announcer).to_contain_text("diverged", timeout=WAIT_MS)
