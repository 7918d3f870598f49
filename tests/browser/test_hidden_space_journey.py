"""The hidden space, live: a 2-2-1 tanh network on the XOR gate. With the panel open, every frame
the server sends carries the hidden layer's coordinates of the training points; before training a
straight line cannot split the classes there, after training one can (fitted here, by the
perceptron algorithm, to the very coordinates served). Closed, the panel costs the polls nothing."""

import json
import re
from typing import Any

import numpy as np
from playwright.sync_api import Page, Response, expect

from .helpers import WAIT_MS, is_post, open_playground, pause, wait_for_epoch

CHART_DRAWN = """() => { const div = document.getElementById('hidden_space_chart');
    return Boolean(div && Array.isArray(div.data) && div.data.length > 0); }"""
FRAME = re.compile(r'<script type="application/json" id="frame_data">(.*?)</script>', re.S)
PANEL = re.compile(r'<script type="application/json" id="hidden_space_data">(.*?)</script>', re.S)


def served(response: Response, pattern: re.Pattern[str]) -> dict[str, Any]:
    match = pattern.search(response.text())
    assert match, f"no data in the {response.url} answer"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def points(figure: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Return the served training points (n, 2) and their classes ±1."""
    traces = [t for t in figure["data"] if t["name"] in ("class 0", "class 1")]
    assert [t["name"] for t in traces] == ["class 0", "class 1"]
    xy = np.vstack([np.column_stack([t["x"], t["y"]]) for t in traces]).astype(float)
    label = np.concatenate([np.full(len(t["x"]), 2 * i - 1) for i, t in enumerate(traces)])
    return xy, label


def separable_share(xy: np.ndarray, label: np.ndarray, epochs: int = 2000) -> float:
    """Return the best share of points one straight line puts on their side (the pocket
    perceptron: 1.0 is reached exactly when a separating line exists and is found)."""
    xa = np.column_stack([xy, np.ones(len(xy))])
    w, best = np.zeros(3), 0.0
    for _ in range(epochs):
        wrong = np.flatnonzero(np.sign(xa @ w) != label)
        best = max(best, 1 - len(wrong) / len(label))
        if not len(wrong):
            return 1.0
        w += label[wrong[0]] * xa[wrong[0]]
    return best


def test_the_hidden_layer_straightens_xor_into_linearly_separable_points(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?dataset=xor_gate&hidden_layers=2&activation=tanh"
                          "&speed=30&seed=0")
    with page.expect_response(lambda r: "/hidden_space" in r.url) as answer:
        page.get_by_text("Hidden space: the training points").click()
    page.wait_for_function(CHART_DRAWN, timeout=WAIT_MS)
    before = served(answer.value, PANEL)
    assert before["choice"] == "1:0,1"  # two neurons: they are the axes
    assert separable_share(*points(before)) < 0.9  # XOR, barely bent: no line splits it
    expect(page.locator("#hidden_space_chart")).to_have_attribute("role", "img")

    # live: while it plays, each poll serves the hidden coordinates and the chart follows them
    page.get_by_role("button", name="Play", exact=True).click()
    with page.expect_response(is_post("/poll")) as poll:
        pass
    assert "hidden" in served(poll.value, FRAME)
    wait_for_epoch(page, 150)
    pause(page)
    with page.expect_response(is_post("/step")) as stepped:
        page.get_by_role("button", name="Step", exact=True).click()
    after = served(stepped.value, FRAME)["hidden"]
    expect(page.locator("#train_accuracy")).to_have_text("100.0 %")
    assert separable_share(*points(after)) == 1.0
    drawn = page.evaluate("""() => document.getElementById('hidden_space_chart').data
        .filter(t => t.name === 'class 1').map(t => Array.from(t.x))""")
    assert drawn == [next(t["x"] for t in after["data"] if t["name"] == "class 1")]

    # closed, the panel asks for nothing
    page.get_by_text("Hidden space: the training points").click()
    with page.expect_response(is_post("/step")) as quiet:
        page.get_by_role("button", name="Step", exact=True).click()
    assert "hidden" not in served(quiet.value, FRAME)
