"""The room journey: one lecturer and three students in four browser contexts. Students join by
code and by the QR code's link; a pushed lesson switches all three (paused, with its question);
a locked knob is disabled and refused by the server; predictions are tallied and revealed; the
gallery shows three live thumbnails whose epochs advance; spotlight; copy to everyone; the CSV."""

import csv
import io
import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from app.rooms import questions

from .axe import report, violations
from .helpers import CHARTS_DRAWN, WAIT_MS

# a POST of the whole form with one value changed, as a page's own htmx would send it, returning
# the status (the page's session header from its <body hx-headers>)
POST_FORM = """([name, value]) => {
    const form = new FormData(document.getElementById('playground'));
    form.set(name, value);
    const headers = {...JSON.parse(document.body.getAttribute('hx-headers')), 'HX-Request': 'true'};
    return fetch('/config', {method: 'POST', headers, body: new URLSearchParams(form)})
        .then(r => r.headers.get('X-Playground-Refused') || r.status);
}"""
CARD_EPOCHS = """() => Array.from(document.querySelectorAll('#gallery .card-epoch'))
    .map(e => Number(e.textContent))"""
ALL_PAST = ("(before) => { const now = (" + CARD_EPOCHS + ")(); return now.length === "
            "before.length && now.every(e => e > Math.max(...before)); }")
PAINTED = ("() => Array.from(document.querySelectorAll('#gallery canvas'))"
           ".every(c => c.dataset.painted)")


def student_page(page: Page) -> None:
    """Wait until a student's page (the playground with the room bar) has drawn its charts."""
    expect(page.locator("#room_bar")).to_be_visible(timeout=WAIT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=WAIT_MS)


def test_a_lecturer_leads_three_students(new_context: Callable[..., BrowserContext],
                                         live_server: str) -> None:
    lecturer = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    lecturer.goto(f"{live_server}/room/new")
    lecturer.get_by_role("button", name="Open a room").click()
    code = lecturer.locator("#room_code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}", code)
    assert "key=" not in lecturer.url  # the key travels in the HttpOnly cookie
    join_url = lecturer.locator("#join_url").inner_text()
    assert join_url.endswith(f"/join?code={code}")
    expect(lecturer.locator("#room_qr svg")).to_be_visible()

    # Ann types the code; Bob and a generated name come by the QR code's link
    ann, bob, third = (new_context().new_page() for _ in range(3))
    ann.goto(f"{live_server}/join")
    assert violations(ann) == [], report(violations(ann))
    ann.get_by_label("Room code").fill(code.lower())
    ann.get_by_label("Your name").fill("Ann")
    ann.get_by_role("button", name="Join", exact=True).click()
    bob.goto(f"{live_server}/join?code={code}")
    expect(bob.get_by_label("Room code")).to_have_value(code)
    bob.get_by_label("Your name").fill("Bob")
    bob.get_by_role("button", name="Join", exact=True).click()
    third.goto(f"{live_server}/join?code={code}")
    third.get_by_role("button", name="Pick a name for me").click()
    students = (ann, bob, third)
    for page in students:
        student_page(page)
    third_name = third.locator("#room_name").inner_text()
    assert re.fullmatch(r"\w+ \w+", third_name)
    expect(lecturer.locator("#gallery .card")).to_have_count(3, timeout=WAIT_MS)

    # push a lesson: every page switches to it, paused, with its question
    asked = questions.for_lesson("hidden_layer_xor")
    assert asked is not None
    question = asked.text[:40]
    lecturer.get_by_label("What").select_option("lesson:hidden_layer_xor")
    lecturer.get_by_role("button", name="Push to everyone").click()
    for page in students:
        expect(page.locator("#room_question")).to_contain_text(question, timeout=WAIT_MS)
        expect(page.locator("#poller")).to_have_attribute("data-state", "paused")
        expect(page.locator("#dataset_xor_gate")).to_be_checked()
        expect(page.get_by_role("button", name="Play")).to_be_disabled()  # held: predict first

    # lock the learning rate: disabled on every page, refused by the server
    lecturer.locator("#lock_learning_rate").check()
    lecturer.get_by_role("button", name="Apply locks").click()
    for page in students:
        expect(page.locator('#playground [name="learning_rate"]').first).to_be_disabled(
            timeout=WAIT_MS)
        expect(page.locator("#room_locks")).to_contain_text("Learning rate")
    assert ann.evaluate(POST_FORM, ["learning_rate", "1"]) == "422"  # refused, as a 200
    assert ann.evaluate(POST_FORM, ["noise", "0.1"]) == 200  # an unlocked knob still changes

    # predictions, tallied live, then revealed
    for page, choice in ((ann, "Two"), (bob, "Two"), (third, "One")):
        page.get_by_role("button", name=choice, exact=True).click()
        expect(page.get_by_role("button", name=choice, exact=True)).to_have_attribute(
            "aria-pressed", "true")
    expect(lecturer.locator('#tally [data-choice="1"] .tally-n')).to_have_text("2",
                                                                              timeout=WAIT_MS)
    expect(lecturer.locator('#tally [data-choice="0"] .tally-n')).to_have_text("1")
    lecturer.get_by_role("button", name="Reveal the answer").click()
    for page in students:
        expect(page.locator("#room_answer")).to_contain_text("Answer: Two", timeout=WAIT_MS)

    # start everyone: the gallery's three thumbnails go on, their epochs advancing
    lecturer.get_by_role("button", name="Start everyone's run").click()
    for page in students:
        expect(page.locator("#poller")).to_have_attribute("data-state", "playing",
                                                          timeout=WAIT_MS)
    lecturer.wait_for_function(f"() => ({CARD_EPOCHS})().filter(e => e > 0).length === 3",
                               timeout=WAIT_MS)
    before = lecturer.evaluate(CARD_EPOCHS)
    lecturer.wait_for_function(ALL_PAST, arg=before, timeout=WAIT_MS)
    lecturer.wait_for_function(PAINTED, timeout=WAIT_MS)

    # Ann tries ReLU; the lecturer spotlights her and copies her settings to everyone
    ann.get_by_label("Activation", exact=True).select_option("relu")
    expect(ann.locator("#room_bar")).to_be_visible()
    lecturer.locator("#gallery .card", has_text="Ann").click()
    expect(lecturer.locator("#spot_name")).to_have_text("Ann", timeout=WAIT_MS)
    expect(lecturer.locator("#spotlight dd", has_text="relu")).to_be_visible(timeout=WAIT_MS)
    expect(bob.locator("#room_spot")).to_contain_text("Spotlight: Ann", timeout=WAIT_MS)
    expect(ann.locator("#room_bar")).not_to_contain_text("Spotlight: Bob")
    assert violations(lecturer) == [], report(violations(lecturer))
    lecturer.get_by_role("button", name="Copy to everyone").click()
    for page in (bob, third):
        expect(page.get_by_label("Activation", exact=True)).to_have_value("relu", timeout=WAIT_MS)
        expect(page.locator("#room_pushed")).to_have_text("Ann's setup")
        expect(page.locator("#poller")).to_have_attribute("data-state", "paused")

    # the results
    answer = lecturer.request.get(f"{live_server}/room/{code}/results.csv")
    assert answer.ok and answer.headers["content-type"].startswith("text/csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(answer.text()))}
    assert set(rows) == {"Ann", "Bob", third_name}
    question = next(k for k in rows["Ann"] if k.startswith("prediction 1:"))
    assert [rows[n][question] for n in ("Ann", "Bob", third_name)] == ["Two", "Two", "One"]
    assert all(int(r["epoch"]) >= 0 and "dataset=xor_gate" in r["settings"] for r in rows.values())
    assert "activation=relu" in rows["Ann"]["settings"]
