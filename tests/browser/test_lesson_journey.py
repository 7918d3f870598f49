"""Lesson journey: from /lessons into the perceptron-on-XOR lesson, Rosenblatt's rule one sample at
a time, play until the counter shows no convergence, then the one-click MLP that solves XOR."""

import json
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, change_setting, expect_share_has, is_post, open_playground

SHAPES = """() => (document.getElementById('boundary').layout.shapes || [])
    .map(s => ({type: s.type, x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1, colour: s.line.color}))"""
ARROWS = """() => (document.getElementById('boundary').layout.annotations || [])
    .filter(a => a.showarrow).length"""
NO_CONVERGENCE = re.compile(r"^no convergence after (\d+) epochs$")


def settings(**expected: str) -> Callable[[str], bool]:
    """Return a URL predicate: the page's path is / and its query holds these settings."""

    def matches(url: str) -> bool:
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        return parts.path == "/" and all(query.get(k) == v for k, v in expected.items())

    return matches


def step_one_sample(page: Page) -> list[dict[str, object]]:
    """Press "Step one sample"; return the boundary's shapes once the new frame is drawn."""
    before = page.evaluate(SHAPES)
    with page.expect_response(is_post("/step_sample")) as answer:
        page.get_by_role("button", name="Step one sample").click()
    assert answer.value.status == 200
    page.wait_for_function(f"(before) => JSON.stringify(({SHAPES})()) !== before",
                           arg=json.dumps(before), timeout=WAIT_MS)
    return list(page.evaluate(SHAPES))


def test_the_perceptron_fails_xor_and_one_click_adds_the_hidden_layer_that_solves_it(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/lessons")
    expect(page.get_by_role("heading", name="The perceptron")).to_be_visible()
    page.get_by_role("link", name=re.compile("XOR: the perceptron never converges")).click()

    # the main page opens with the lesson's preset and its panel
    page.wait_for_url(settings(dataset="xor_gate", model="perceptron", lesson="perceptron_xor"))
    open_playground(page, page.url)
    panel = page.locator("#lesson")
    expect(panel.get_by_role("heading", name="XOR: the perceptron never converges")).to_be_visible()
    expect(panel).to_contain_text("Minsky and Papert")
    expect(panel).to_contain_text("Will the line ever settle?")
    answer = panel.get_by_text(re.compile("^Never. No straight line separates"))
    expect(answer).to_be_hidden()  # predict first …
    expect(page.locator("#lesson_goal")).to_contain_text("press play")
    expect(page.get_by_label("XOR gate")).to_be_checked()

    # Rosenblatt's rule, one sample at a time: the line, the weight arrow, the ringed sample
    shapes = page.evaluate(SHAPES)
    assert [s["type"] for s in shapes] == ["line"] and page.evaluate(ARROWS) == 1
    lines = set()
    for n in range(1, 40):
        shapes = step_one_sample(page)
        assert [s["type"] for s in shapes][-1] == "circle"
        expect(page.locator("#perceptron_state")).to_contain_text(f"sample {n} of 250")
        lines.add(tuple(shapes[0][k] for k in ("x0", "y0", "x1", "y1")))
        if len(lines) > 1:  # a misclassified sample moved the line (and ringed red)
            assert shapes[-1]["colour"] == "#c62828"
            expect(page.locator(".last-sample.mistake")).to_contain_text("wrong, so w ← w")
            break
    assert len(lines) > 1, "39 samples and not one mistake on XOR?"

    # play: the line keeps moving and the counter never says converged
    page.get_by_role("button", name="Play", exact=True).click()
    goal = page.locator("#lesson_goal")
    expect(goal).to_contain_text("no convergence after", timeout=WAIT_MS)
    expect(goal).to_have_class(re.compile(r"\breached\b"), timeout=3 * WAIT_MS)  # 50 polls
    counter = page.locator("#perceptron_counter")
    expect(counter).to_have_text(NO_CONVERGENCE)
    match = NO_CONVERGENCE.match(counter.inner_text())
    assert match and int(match.group(1)) >= 50
    panel.get_by_text("Predict first").click()  # … then reveal the answer
    expect(answer).to_be_visible()
    rate = page.get_by_label("Learning rate", exact=True)
    change_setting(page, lambda: rate.select_option("0.1"))  # redraws the panel …
    expect_share_has(page, re.compile("learning_rate=0.1&"))
    expect(panel.get_by_role("heading", name="XOR: the perceptron never converges")).to_be_visible()
    expect(answer).to_be_visible()  # … and the opened answer stays open (hx-preserve)

    # one click: the same data with a hidden layer of 2 tanh neurons, and the next lesson
    page.get_by_role("link", name=re.compile("Solve it with an MLP")).click()
    page.wait_for_url(settings(model="mlp", hidden_layers="2", activation="tanh",
                               dataset="xor_gate", lesson="hidden_layer_xor"))
    open_playground(page, page.url)
    expect(panel.get_by_role("heading", name="One hidden layer solves XOR")).to_be_visible()
    expect(page.locator("#perceptron")).to_be_hidden()
    expect(page.get_by_label("XOR gate")).to_be_checked()
    page.get_by_role("button", name="Play", exact=True).click()
    expect(goal).to_contain_text(re.compile(r"reached at epoch \d+ ✓"), timeout=WAIT_MS)
    accuracy = page.locator("#test_accuracy").inner_text()
    assert float(accuracy.rstrip(" %")) >= 95.0, accuracy

    # leaving the lesson keeps the run and drops the panel (and the lesson from the link)
    epoch_before = page.locator("#epoch").inner_text()
    change_setting(page, lambda: page.get_by_role("button", name="Leave").click())
    expect(panel).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]lesson=(&|$)"))
    assert page.locator("#epoch").inner_text() >= epoch_before  # same run, not a restart
