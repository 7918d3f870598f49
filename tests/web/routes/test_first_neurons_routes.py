"""The first neurons' lesson pages: whole pages, htmx regions, bad values named (422)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import HX, refused


def goal(html: str) -> str:
    match = re.search(r'<p id="lesson_goal"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no goal line"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_mcculloch_pitts_page_lights_up_the_tables_it_is_asked_for(client: TestClient) -> None:
    r = client.get("/lessons/mcculloch_pitts")
    assert r.status_code == 200 and r.text.startswith("<!doctype html>")
    assert "Lesson 1 of" in r.text and 'href="/lessons/hebb"' in r.text
    assert goal(r.text).endswith("no table matches yet")
    query = ("and_w1=1&and_w2=1&and_threshold=1&or_w1=1&or_w2=1&or_threshold=0"
             "&not_w1=-1&not_threshold=-1")
    r = client.get(f"/lessons/mcculloch_pitts?{query}", headers=HX)
    assert r.text.startswith('<form id="mcculloch_pitts"')  # only the region
    assert goal(r.text).endswith("AND, OR and NOT all match ✓")
    assert r.text.count('class="unit matches"') == 3
    assert len(re.findall(r'class="fire on"', r.text)) == 1 + 3 + 1  # AND, OR, NOT fire


def test_a_bad_value_is_named_in_place(client: TestClient) -> None:
    r = client.get("/lessons/mcculloch_pitts?and_threshold=7", headers=HX)
    assert refused(r) and "and_threshold: must be ≤ 3, got 7" in r.text
    r = client.get("/lessons/hebb?steps=-1&projector=true")
    assert r.status_code == 422 and "steps: must be ≥ 0, got -1" in r.text
    assert '<html lang="en" class="projector">' in r.text


def test_the_hebb_page_presents_patterns_and_passes_after_two_epochs(client: TestClient) -> None:
    r = client.get("/lessons/hebb")
    assert "Lesson 2 of" in r.text and goal(r.text).endswith("0 of 2 checks pass")
    assert 'name="steps" value="1"' in r.text and 'name="steps" value="4"' in r.text
    r = client.get("/lessons/hebb?patterns=and&learning_rate=1&steps=5", headers=HX)
    assert "w = (−1, 3, 3)" in r.text  # (−2, 2, 2) after one epoch + pattern 1: Δw = (1, 1, 1)
    assert 'name="steps" value="8"' in r.text  # the rest of the epoch
    r = client.get("/lessons/hebb?steps=8", headers=HX)
    assert goal(r.text).endswith("both checks pass ✓")
    assert "perceptron" in client.get("/lessons/hebb").text.split('rel="next"')[1][:200].lower()
