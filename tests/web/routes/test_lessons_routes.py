"""GET /lessons, the lesson panel on the main page, and POST /step_sample (the perceptron's
history mode): pages, fragments and the goal line as training goes on."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from markupsafe import escape

from app.config import from_query, to_query
from app.lecture.first_neurons import FIRST_NEURONS
from app.lecture.lessons import LESSONS, TOTAL, lesson_config, lesson_url
from tests.conftest import HX, epoch_of, frame_of, play_and_poll, refused

LESSON_LINK = re.compile(r'<li class="lesson-card" id="lesson_(\w+)">\s*<a href="([^"]+)"')


def goal_of(text: str) -> str:
    """Return the goal line's text (tags stripped, whitespace collapsed)."""
    match = re.search(r'<p id="lesson_goal"[^>]*>(.*?)</p>', text, re.S)
    assert match, "no #lesson_goal in the response"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def test_the_lessons_page_lists_every_lesson_in_order_with_round_tripping_links(
        client: TestClient) -> None:
    r = client.get("/lessons")
    assert r.status_code == 200 and r.text.startswith("<!doctype html>")
    links = LESSON_LINK.findall(r.text)
    first = [(v.key, v.path) for v in FIRST_NEURONS]  # pages of their own, before the presets
    assert links[:len(first)] == first
    links = links[len(first):]
    assert len(links) >= 10 and [key for key, _ in links] == list(LESSONS)
    for key, href in links:
        parts = urlsplit(html.unescape(href))
        config = from_query(parts.query)
        assert parts.path == "/" and config.lesson == key
        assert to_query(config) == parts.query  # canonical: the query IS the config
        assert config == lesson_config(key)
    for lesson in LESSONS.values():
        assert escape(lesson.title) in r.text
        assert escape(lesson.question) in r.text
    assert "<script" not in r.text  # a static page


def test_the_lessons_page_carries_projector_mode_into_its_links(client: TestClient) -> None:
    r = client.get("/lessons?projector=true")
    assert '<html lang="en" class="projector">' in r.text
    hrefs = [html.unescape(h) for _, h in LESSON_LINK.findall(r.text)][len(FIRST_NEURONS):]
    assert all(from_query(urlsplit(h).query).projector for h in hrefs)
    assert client.get("/lessons?projector=maybe").status_code == 422


def test_the_main_page_links_to_the_lessons(client: TestClient) -> None:
    r = client.get("/")
    assert re.search(r'<a id="lessons_link"[^>]*href="/lessons"', r.text)
    assert '<section id="lesson" class="lesson-panel" hidden' in r.text  # no lesson, no panel


def test_a_lesson_url_opens_the_preset_with_its_panel(client: TestClient) -> None:
    lesson = LESSONS["hidden_layer_xor"]
    r = client.get(lesson_url(lesson.key))
    assert r.status_code == 200
    assert escape(lesson.prompt) in r.text
    assert escape(lesson.question) in r.text and "Predict first" in r.text
    assert '<details id="lesson_predict"' in r.text  # the answer waits behind a click
    assert '<input type="hidden" name="lesson" value="hidden_layer_xor">' in r.text
    assert goal_of(r.text) == "Goal test accuracy ≥ 95 % — press play"
    assert f"Lesson {len(FIRST_NEURONS) + 4} of {TOTAL}" in r.text
    assert 'value="xor_gate" checked' in r.text  # the preset is the page's config


def test_the_goal_line_follows_training_until_it_is_reached(client: TestClient) -> None:
    client.get(lesson_url("hidden_layer_xor"))
    frames = play_and_poll(client, 1, to_query(lesson_config("hidden_layer_xor")))
    assert frames[0]["epoch"] == 2
    r = client.post("/poll", headers=HX, data={"token": frames[0]["token"], "since": 2})
    assert 'id="lesson_goal"' in r.text and 'hx-swap-oob="true"' in r.text
    for _ in range(40):
        r = client.post("/poll", headers=HX)
        if "reached at epoch" in r.text:
            break
    assert re.search(r"Goal test accuracy ≥ 95 % — reached at epoch \d+ ✓", goal_of(r.text))
    assert 'class="lesson-goal reached"' in r.text


def test_changing_a_setting_keeps_the_lesson_and_leaving_removes_it(client: TestClient) -> None:
    client.get(lesson_url("learning_rate_too_small"))
    form = {"learning_rate": "0.03", "lesson": "learning_rate_too_small"}
    r = client.post("/config", headers=HX, data=form)
    assert r.status_code == 200 and "lesson=learning_rate_too_small" in r.headers["HX-Replace-Url"]
    assert '<section id="lesson" class="lesson-panel" aria-labelledby' in r.text
    assert epoch_of(client.post("/step", headers=HX).text) == 1  # the run went on (live change)
    r = client.post("/config", headers=HX, data={**form, "lesson": ""})
    url = r.headers["HX-Replace-Url"]
    assert "lesson=&" in url or url.endswith("lesson=")
    assert '<section id="lesson" class="lesson-panel" hidden hx-swap-oob="true">' in r.text


def test_an_unknown_lesson_gets_the_usual_message(client: TestClient) -> None:
    r = client.get("/?lesson=no_such_lesson")
    assert r.status_code == 422
    assert "lesson: unknown &#39;no_such_lesson&#39;; choose one of perceptron_and" in r.text
    r = client.post("/config", headers=HX, data={"lesson": "nope"})
    assert refused(r) and "Lesson: unknown" in r.text


def test_the_perceptron_panel_shows_the_rule_the_counter_and_the_mlp_fix(
        client: TestClient) -> None:
    r = client.get(lesson_url("perceptron_xor"))
    assert '<section id="perceptron" class="perceptron-panel"' in r.text
    assert 'id="step_sample"' in r.text and "not trained yet" in r.text
    fix = re.search(r'<a id="mlp_fix" class="button primary" href="([^"]+)"', r.text)
    assert fix
    config = from_query(urlsplit(html.unescape(fix.group(1))).query)
    assert (config.model, config.hidden_layers, config.lesson) == ("mlp", (2,), "hidden_layer_xor")
    frame = frame_of(r.text)
    kinds = [s["type"] for s in frame["overlay"]["shapes"]]
    assert kinds == ["line"] and frame["overlay"]["annotations"][0]["showarrow"]
    assert '<section id="perceptron" class="perceptron-panel" aria-labelledby' in client.get(
        "/").text  # the same session, shown as it is
    assert '<section id="perceptron" class="perceptron-panel" hidden' in client.get(
        lesson_url("hidden_layer_xor")).text


def test_step_sample_applies_the_delta_rule_to_one_sample(client: TestClient) -> None:
    client.get(lesson_url("perceptron_xor"))
    client.post("/play", headers=HX)
    samples = []
    for n in (1, 2, 3):
        r = client.post("/step_sample", headers=HX)
        assert r.status_code == 200 and r.text.startswith('<div id="frame"')
        assert f"sample {n} of 250 in this epoch" in r.text
        assert 'data-state="paused"' in r.text  # stepping pauses
        assert epoch_of(r.text) == 0
        ring = frame_of(r.text)["overlay"]["shapes"][-1]
        assert ring["type"] == "circle"
        samples.append((ring["x0"], ring["y0"]))
        match = re.search(r"Last sample #(\d+) at .*?y<sub>t</sub> = (\d), y<sub>p</sub> = (\d)",
                          r.text, re.S)
        assert match
        wrong = match.group(2) != match.group(3)
        assert ("wrong, so w ← w" in r.text) == wrong and ("right, so w stays" in r.text) != wrong
    assert len(set(samples)) == 3  # three different samples, one at a time
    r = client.post("/step", headers=HX)  # the epoch step finishes the epoch
    assert epoch_of(r.text) == 1 and "sample 0 of 250" in r.text


def test_step_sample_on_an_mlp_says_why_not(client: TestClient) -> None:
    client.get("/")
    r = client.post("/step_sample", headers=HX)
    assert refused(r) and "only the perceptron learns one sample at a time" in r.text
    assert r.headers["HX-Retarget"] == "#banner"


def test_the_xor_counter_says_no_convergence_and_the_and_counter_converged(
        client: TestClient) -> None:
    client.get(lesson_url("perceptron_xor"))
    for _ in range(60):
        r = client.post("/step", headers=HX)
    assert "no convergence after 60 epochs" in r.text
    assert goal_of(r.text) == ("Goal still no convergence after 50 epochs — no convergence "
                               "after 60 epochs ✓")
    client.get(lesson_url("perceptron_and"))
    for _ in range(10):
        r = client.post("/step", headers=HX)
    assert re.search(r'class="perceptron-counter converged">converged after \d epochs', r.text)
    assert "converged after" in goal_of(r.text) and "✓" in goal_of(r.text)
