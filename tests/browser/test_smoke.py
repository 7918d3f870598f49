"""Smoke journey: the page opens, its libraries come from the app, nothing leaves the machine."""

import re

from playwright.sync_api import Page, expect

from .conftest import BrowserGuard


def test_home_page_loads_htmx_and_plotly_from_the_app_itself(
    page: Page, live_server: str, browser_guard: BrowserGuard
) -> None:
    page.goto(f"{live_server}/")

    expect(page).to_have_title(re.compile("MLP Playground"))
    page.wait_for_function("() => Boolean(window.Plotly && window.htmx)")
    script_urls = page.eval_on_selector_all("script[src]", "scripts => scripts.map(s => s.src)")
    assert len(script_urls) >= 2, script_urls
    assert all(url.startswith(f"{live_server}/") for url in script_urls), script_urls
    assert f"{live_server}/" in browser_guard.requests
    assert browser_guard.foreign_requests() == []
