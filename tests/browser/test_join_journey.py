"""Join journey: a room scans the lecturer's QR code and gets the same setup from epoch 0; a
link can hide controls and drop the words (embed), and that survives a change."""

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from app.config.classroom import HIDEABLE
from app.web import qr
from app.web.hiding import SELECTORS

from .axe import report, violations
from .conftest import BrowserGuard, StartLiveServer
from .helpers import (
    change_setting,
    epoch_text,
    expect_share_has,
    heatmap_fingerprint,
    open_playground,
    training_points,
    wait_for_epoch,
)
from .test_share_journey import SHORT_LINK, reachable_server

SETUP = "/?dataset=xor&hidden_layers=3&learning_rate=0.1&projector=true"


def _qr_dark_path(svg: str) -> str:
    match = re.search(r'stroke="#000" d="([^"]+)"', svg)
    assert match, svg[:200]
    return match.group(1)


def test_the_qr_codes_link_opens_the_lecturers_epoch_0_boundary_in_a_fresh_browser(
    new_context: Callable[..., BrowserContext], live_server_factory: StartLiveServer
) -> None:
    server = reachable_server(live_server_factory)
    lecturer = new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_playground(lecturer, server.url + SETUP)
    at_zero = heatmap_fingerprint(lecturer), training_points(lecturer)
    expect(lecturer.get_by_label("Link to this run")).to_have_value(SHORT_LINK)
    lecturer.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(lecturer, 3)  # the lecturer's run moves on; the link stays its setup

    lecturer.get_by_role("button", name="Show the QR code to join").click()
    dialog = lecturer.get_by_role("dialog", name="Scan to open this setup")
    expect(dialog).to_be_visible()
    code = dialog.locator("figure.qr-code")
    link = str(code.get_attribute("data-link"))
    assert SHORT_LINK.match(link) and code.locator("figcaption").inner_text() == link
    box = code.locator("svg").bounding_box()
    assert box is not None and min(box["width"], box["height"]) >= 400, box  # large on 720 px
    drawn = str(code.locator("svg").evaluate("(svg) => svg.outerHTML"))
    assert _qr_dark_path(drawn) == _qr_dark_path(str(qr.qr_svg(link)))  # it encodes `link`
    found = violations(lecturer)  # the open dialog, in projector mode
    assert found == [], "axe-core:\n" + report(found)
    lecturer.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(lecturer.get_by_role("button", name="Show the QR code to join")).to_be_focused()

    student = new_context(viewport={"width": 390, "height": 844}).new_page()  # only the link
    open_playground(student, link)
    expect(student.locator("#epoch")).to_have_text(epoch_text(0))
    assert (heatmap_fingerprint(student), training_points(student)) == at_zero
    expect(student.get_by_role("radio", name="Exclusive or")).to_be_checked()


def test_an_unknown_code_says_so(page: Page, live_server: str, browser_guard: BrowserGuard
                                 ) -> None:
    browser_guard.allow_console_error(r"status of 404 .*/s/ZZZZ999\)$")  # the page's own status
    response = page.goto(f"{live_server}/s/ZZZZ999")
    assert response is not None and response.status == 404
    expect(page.get_by_text("no setup is shared under the code 'ZZZZ999'")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the playground")).to_be_visible()


def _shown(page: Page) -> dict[str, bool]:
    return {name: page.locator(selector).first.is_visible() for name, selector in
            SELECTORS.items()}


def test_a_link_hides_the_controls_it_names_and_embed_drops_the_words(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?lesson=hidden_layer_xor")
    assert _shown(page) == dict.fromkeys(HIDEABLE, True)  # every selector finds its control
    expect(page.locator(".topbar")).to_be_visible()
    expect(page.locator("#lesson")).to_be_visible()

    hidden = ("dataset", "noise", "learning_rate", "play", "x1_squared", "neurons")
    open_playground(page, f"{live_server}/?lesson=hidden_layer_xor&embed=true&hide="
                    + ",".join(hidden))
    in_header = ("share", "lessons", "projector")  # embed drops the header they sit in
    shown = {name: name not in hidden + in_header for name in HIDEABLE}
    assert _shown(page) == shown
    for words in (".topbar", "#lesson", "#lecture"):
        expect(page.locator(words)).to_be_hidden()
    expect(page.locator("#boundary")).to_be_visible()
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_visible()

    change_setting(page, page.get_by_label("Show test data").check)  # the link keeps them
    expect_share_has(page, re.compile("show_test_data=true.*hide=play,dataset,noise,neurons,"
                                      "x1_squared,learning_rate&embed=true"))
    assert _shown(page) == shown
