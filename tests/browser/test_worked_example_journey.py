"""Journey: the worked example — click a training point on the output plot, choose a weight, read
E and ∂E/∂w, press the panel's step, and see w move by Δw and this point's E go down."""

import math
import re
from collections.abc import Callable
from urllib.parse import urlencode

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import BrowserGuard
from .helpers import WAIT_MS, is_post, open_playground

SETTINGS = {"hidden_layers": "3", "learning_rate": "0.3", "noise": "0.1"}
WEIGHT = "w[1]: h1,2 → y_p"
# an isolated training point (its nearest neighbour far away in pixels) and where it is drawn
ISOLATED_POINT = """() => {
    const gd = document.getElementById('boundary');
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    const points = gd.data.filter(t => Array.isArray(t.customdata)).flatMap(t =>
        t.customdata.map((index, k) => ({index, px: xa._offset + xa.l2p(t.x[k]),
                                          py: ya._offset + ya.l2p(t.y[k])})));
    const gap = (p) => Math.min(...points.filter(q => q !== p)
        .map(q => Math.hypot(p.px - q.px, p.py - q.py)));
    const best = points.reduce((a, b) => (gap(b) > gap(a) ? b : a));
    return {index: best.index, x: box.left + best.px, y: box.top + best.py, gap: gap(best)};
}"""
# the ring app.js draws as layout shapes (a halo and a circle) around the point, in page pixels
MARKER_AT = """([x, y]) => {
    const rings = Array.from(document.querySelectorAll('#boundary .shapelayer path'));
    return rings.length >= 2 && rings.every(ring => {
        const box = ring.getBoundingClientRect();
        return Math.hypot(box.left + box.width / 2 - x, box.top + box.height / 2 - y) < 3;
    });
}"""


def number(text: str) -> float:
    """Return the number a panel shows: "−1.235×10⁻⁵" -> -1.235e-05, "(−0.5)" -> -0.5."""
    plain = text.strip().replace("−", "-").replace("⁻", "-").lstrip("+").strip("()")
    if "×10" in plain:
        mantissa, power = plain.split("×10")
        power = power.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
        return float(mantissa) * 10 ** int(power)
    return float(plain)


def half_ulp(text: str) -> float:
    """Return half a unit in the last digit the text shows."""
    mantissa = text.strip().replace("−", "").lstrip("+").strip("()").split("×")[0]
    value = number(text)
    digits = len(mantissa.replace(".", "").lstrip("0")) or 1
    exponent = math.floor(math.log10(abs(value))) if value else 0
    return 0.5 * 10 ** (exponent - digits + 1)


def factor(page: Page, key: str) -> str:
    """Return the value the chain shows for a factor (data-factor key)."""
    return page.locator(f'#worked_example tr[data-factor="{key}"] td.value output').inner_text()


def step_value(page: Page, key: str) -> str:
    return page.locator(f'#worked_example output[data-step="{key}"]').inner_text()


def test_a_step_on_one_weight_moves_it_by_delta_w_and_lowers_this_points_loss(
    new_context: Callable[..., BrowserContext], live_server: str, browser_guard: BrowserGuard
) -> None:
    page = new_context(viewport={"width": 1400, "height": 1000}).new_page()
    open_playground(page, f"{live_server}/?{urlencode(SETTINGS)}")
    panel = page.locator("#worked_example_panel")
    expect(panel).not_to_have_attribute("open", "")

    # click a training point on the output plot: the panel opens on that point
    target = page.evaluate(ISOLATED_POINT)
    assert target["gap"] > 12, target  # far enough from the others to be the one clicked
    with page.expect_response(is_post("/explain")) as chosen:
        page.mouse.click(target["x"], target["y"])
    assert chosen.value.status == 200
    point = panel.get_by_label(re.compile(r"^Training point"))
    expect(point).to_have_value(str(target["index"]), timeout=WAIT_MS)
    expect(panel).to_have_attribute("open", "")
    page.wait_for_function(MARKER_AT, arg=[target["x"], target["y"]], timeout=WAIT_MS)

    # choose a weight of the output layer
    with page.expect_response(is_post("/explain")):
        panel.get_by_label("Weight", exact=True).select_option(label=WEIGHT)
    expect(page.locator("#worked_example .chain-rule")).to_contain_text(WEIGHT)
    expect(point).to_have_value(str(target["index"]))  # the point stays chosen

    # read the chain: E, ∂E/∂w, Δw = −α ∂E/∂w and the weight it predicts
    e_before, gradient = factor(page, "E"), factor(page, "dE_dw")
    delta_w, predicted = factor(page, "delta_w"), factor(page, "new_w")
    assert number(gradient) != 0, gradient
    expected_delta = -0.3 * number(gradient)
    assert abs(number(delta_w) - expected_delta) <= half_ulp(delta_w) + 0.3 * half_ulp(gradient)

    # step: the weight moves by Δw alone and this point's E goes down
    with page.expect_response(is_post("/explain/step")) as stepped:
        panel.get_by_role("button", name=re.compile(r"^Step: w ← w \+ Δw")).click()
    assert stepped.value.status == 200
    result = page.get_by_role("status").filter(has_text="After the step")
    expect(result).to_be_visible(timeout=WAIT_MS)
    old_w, moved = step_value(page, "w"), step_value(page, "delta_w")
    new_w = step_value(page, "new_w")
    tolerance = half_ulp(old_w) + half_ulp(moved) + half_ulp(new_w)
    assert abs(number(new_w) - (number(old_w) + number(moved))) <= tolerance, (old_w, moved, new_w)
    assert abs(number(moved) - number(delta_w)) <= half_ulp(moved) + half_ulp(delta_w)
    assert abs(number(new_w) - number(predicted)) <= half_ulp(new_w) + half_ulp(predicted)
    e_old, e_new = step_value(page, "E"), step_value(page, "new_E")
    assert abs(number(e_old) - number(e_before)) <= half_ulp(e_old) + half_ulp(e_before)
    assert number(e_new) < number(e_old), (e_old, e_new)
    # the chain now starts from the new weight: its E is the new E
    e_now = factor(page, "E")
    assert abs(number(e_now) - number(e_new)) <= half_ulp(e_now) + half_ulp(e_new)
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # stepping paused the run


def test_the_keyboard_picks_a_point_by_its_number(
    new_context: Callable[..., BrowserContext], live_server: str, browser_guard: BrowserGuard
) -> None:
    page = new_context().new_page()
    open_playground(page, f"{live_server}/?{urlencode(SETTINGS)}")
    with page.expect_response(lambda r: r.url.endswith("/explain") and r.request.method == "GET"):
        page.get_by_text("Worked example: the chain rule").press("Enter")  # the summary opens
    point = page.locator("#worked_example_panel").get_by_label(re.compile(r"^Training point"))
    point.focus()
    with page.expect_response(is_post("/explain")):
        point.fill("42")
        point.press("Enter")
    expect(point).to_have_value("42")
    expect(page.locator("#worked_example .chain-rule")).to_contain_text("point #42")
    expect(point).to_be_focused()  # the swap keeps the keyboard where it was
    with page.expect_response(is_post("/explain")):
        point.press("ArrowUp")
    expect(page.locator("#worked_example .chain-rule")).to_contain_text("point #43")
