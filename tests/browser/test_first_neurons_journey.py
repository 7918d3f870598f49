"""The first neurons' journey: from /lessons into the McCulloch–Pitts unit, set AND, OR and NOT
by hand until the check passes; on to Hebb's rule, present two epochs until both checks pass;
on to Rosenblatt's perceptron."""

import re

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS


def test_the_first_neurons_checks_pass_and_lead_to_the_perceptron(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/lessons")
    page.get_by_role("link", name=re.compile("The McCulloch–Pitts unit")).click()
    page.wait_for_url(re.compile(r"/lessons/mcculloch_pitts$"))
    goal = page.locator("#lesson_goal")
    expect(goal).to_contain_text("no table matches yet")

    def choose(label: str, value: str) -> None:
        with page.expect_response(lambda r: "/lessons/mcculloch_pitts?" in r.url) as answer:
            field = page.get_by_label(label, exact=True)
            if value.lstrip("-").isdigit() and field.evaluate("e => e.tagName") == "INPUT":
                field.fill(value)
                field.press("Tab")
            else:
                field.select_option(value)
        assert answer.value.status == 200

    choose("AND threshold θ", "1")
    expect(page.locator("#unit_and")).to_contain_text("✓ matches")
    expect(goal).to_contain_text("AND matches; keep going")
    # the AND table lights up on its last row only
    expect(page.locator("#table_and td.fire.on")).to_have_count(1)
    choose("OR threshold θ", "0")
    choose("NOT weight w1", "-1")
    expect(page.locator("#unit_not")).to_contain_text("✗ not yet")
    choose("NOT threshold θ", "-1")
    expect(goal).to_contain_text("AND, OR and NOT all match ✓")
    expect(goal).to_have_class(re.compile(r"\breached\b"))
    expect(page).to_have_url(re.compile(r"not_w1=-1&not_threshold=-1"))  # shareable

    page.get_by_role("link", name=re.compile("^Next: Hebb's rule")).click()
    page.wait_for_url(re.compile(r"/lessons/hebb$"))
    goal = page.locator("#lesson_goal")
    expect(goal).to_contain_text("0 of 2 checks pass")
    page.get_by_role("button", name="Present the next pattern").click()
    expect(page.locator("#hebb_weights")).to_have_text("w = (1, 1, 1)", timeout=WAIT_MS)
    page.get_by_role("button", name="Present the rest of the epoch").click()
    expect(page.locator("#hebb_weights")).to_have_text("w = (−2, 2, 2)", timeout=WAIT_MS)
    expect(goal).to_contain_text("1 of 2 checks pass")
    page.get_by_role("button", name="Present the rest of the epoch").click()
    expect(page.locator("#hebb_weights")).to_have_text("w = (−4, 4, 4)", timeout=WAIT_MS)
    expect(goal).to_contain_text("both checks pass ✓")
    expect(page.locator("#hebb_checks li.passed")).to_have_count(2)

    page.get_by_role("link", name=re.compile("^Next: The perceptron learns AND")).click()
    expect(page.locator("#lesson")).to_contain_text("Lesson 3 of")
