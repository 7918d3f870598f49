"""Every lesson, in the browser: open it from /lessons by its preset (with the fastest speed, so
the journey stays short), press play, and wait until its goal line turns green."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.lecture.lessons import LESSONS, lesson_url

from .helpers import WAIT_MS, open_playground

GOAL_MS = 90_000  # a few hundred epochs on a loaded 2-core machine


def test_the_lessons_page_lists_every_lesson(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/lessons")
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ lessons$"))
    total = int(heading.inner_text().split()[0])
    assert total >= len(LESSONS) >= 24
    for lesson in LESSONS.values():
        expect(page.get_by_role("link", name=lesson.title, exact=True)).to_have_count(1)


@pytest.mark.parametrize("key", list(LESSONS))
def test_every_lessons_goal_is_reached_from_its_preset(page: Page, live_server: str,
                                                        key: str) -> None:
    open_playground(page, f"{live_server}{lesson_url(key)}&speed=200")
    panel = page.locator("#lesson")
    expect(panel.get_by_role("heading", name=LESSONS[key].title)).to_be_visible()
    goal = page.locator("#lesson_goal")
    expect(goal).not_to_have_class(re.compile(r"\breached\b"))
    page.get_by_role("button", name="Play", exact=True).click()
    expect(goal).to_have_class(re.compile(r"\breached\b"), timeout=GOAL_MS)
    expect(goal).to_contain_text("✓")


def test_the_single_neuron_lesson_opens_the_worked_example_on_its_neuron(page: Page,
                                                                          live_server: str) -> None:
    open_playground(page, f"{live_server}{lesson_url('single_neuron')}")
    panel = page.locator("#worked_example_panel")
    expect(panel).to_have_attribute("open", "")
    target = panel.locator('tr[data-factor="target"]')
    expect(target).to_contain_text("1 for blue, 0 for orange", timeout=WAIT_MS)
    expect(panel.locator('tr[data-factor="E"]')).to_contain_text("½ Σₖ (y_t,ₖ − y_p,ₖ)²")
    expect(panel.locator('tr[data-factor="dy_dz"]')).to_contain_text("φ(z)")
