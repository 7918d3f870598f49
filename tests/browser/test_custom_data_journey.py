"""Your own data journey: draw points with the class brushes and train on them; upload a CSV,
and a CSV with three kinds of errors, each named by its row."""

import json
import re

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, is_post, open_playground

ALL_POINTS = """() => document.getElementById('boundary').data
    .filter(t => t.type === 'scatter')
    .flatMap(t => Array.from(t.x).map((x, i) => [x, t.y[i], t.name]))"""
TRAIN_ACCURACY_IS = ("(text) => document.getElementById('train_accuracy').textContent.trim()"
                     " === text")


def plot_pixel(page: Page, x1: float, x2: float) -> tuple[float, float]:
    """Return the page pixel of the plane's point (x1, x2) on the output plot (scrolled into
    view)."""
    area = page.locator("#boundary .nsewdrag")
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    assert box is not None
    return (box["x"] + (x1 + 6) / 12 * box["width"], box["y"] + (6 - x2) / 12 * box["height"])


def draw(page: Page, x1: float, x2: float, shift: bool = False) -> None:
    """Click the output plot at (x1, x2) and wait for the server's answer."""
    x, y = plot_pixel(page, x1, x2)
    with page.expect_response(is_post("/data/draw")) as answer:
        if shift:
            page.keyboard.down("Shift")
        page.mouse.click(x, y)
        if shift:
            page.keyboard.up("Shift")
    assert answer.value.status == 200, answer.value.text()[:300]


def test_draw_twenty_points_of_two_classes_and_train_to_full_training_accuracy(
        page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?learning_rate=0.1")
    with page.expect_response(is_post("/data/draw")):
        page.get_by_role("button", name="Clear all").click()
    expect(page.locator("#banner")).to_contain_text("no points yet")
    clicks = [(-4.5 + (i % 5) * 0.8, -4.0 + (i // 5) * 2.5, 0) for i in range(10)] + \
             [(1.5 + (i % 5) * 0.8, -4.0 + (i // 5) * 2.5, 1) for i in range(10)]
    for x1, x2, label in clicks:
        page.get_by_label(f"Class {label}", exact=True).check()
        draw(page, x1, x2)
    draw(page, 0.0, 0.0)  # one too many …
    draw(page, 0.05, 0.05, shift=True)  # … erased with a shift-click
    expect(page.locator("#drawing_status")).to_have_text("20 points of your own.")
    served = page.evaluate(ALL_POINTS)
    assert len(served) == 20  # ten training and ten test points, where they were drawn
    for x1, x2, label in clicks:
        near = [p for p in served if abs(p[0] - x1) < 0.06 and abs(p[1] - x2) < 0.06]
        assert len(near) == 1 and near[0][2].endswith(f"class {label}"), (x1, x2, near)
    expect(page).to_have_url(re.compile(r"custom_data=[0-9a-f]{16}"))
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(TRAIN_ACCURACY_IS, arg="100.0 %", timeout=WAIT_MS)


BAD_CSV = b"x1,x2,label\n-3,-3,0\n3,3,1\n2,two,1\n1,1\n-1,8,0\n"
GOOD_CSV = b"x1,x2,label\n-3,-3,0\n-3,3,1\n3,-3,1\n3,3,0\n0,1,2\n"


def upload(page: Page, payload: bytes, refused: bool) -> None:
    """Upload a CSV; a refusal is a 200 saying so (X-Playground-Refused), no console error."""
    page.locator("#csv_file").set_input_files(
        files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": payload}])
    with page.expect_response(is_post("/data/upload")) as answer:
        page.get_by_role("button", name="Upload CSV").click()
    assert answer.value.status == 200, answer.value.text()[:300]
    assert (answer.value.headers.get("x-playground-refused") == "422") == refused


def test_upload_a_csv_with_three_kinds_of_errors_then_a_valid_one(
        page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/")
    before = page.evaluate(ALL_POINTS)
    upload(page, BAD_CSV, refused=True)
    banner = page.locator("#banner")
    expect(banner).to_contain_text("row 4, column x2: 'two' is not a number")
    expect(banner).to_contain_text("row 5: expected 3 columns (x1,x2,label), got 2")
    expect(banner).to_contain_text("row 6, column x2: 8 is outside [-6, 6]")
    assert page.evaluate(ALL_POINTS) == before  # nothing imported
    upload(page, GOOD_CSV, refused=False)
    expect(banner).to_contain_text("imported 5 points from the CSV")
    expect(page.get_by_label("3 blobs")).to_be_checked()  # three classes: a 3-class problem
    page.wait_for_function(f"() => ({ALL_POINTS})().length === 5", timeout=WAIT_MS)
    assert json.dumps(sorted(p[:2] for p in page.evaluate(ALL_POINTS))) == json.dumps(
        [[-3, -3], [-3, 3], [0, 1], [3, -3], [3, 3]])
