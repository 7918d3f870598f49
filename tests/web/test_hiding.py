"""What hides each control: a selector for every hideable name, one <style> on the page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.config import Config
from app.config.classroom import HIDEABLE
from app.web.hiding import EMBED_HIDES, SELECTORS, hidden_css


def test_every_hideable_control_has_a_selector() -> None:
    assert SELECTORS.keys() == HIDEABLE.keys()


def test_the_css_hides_exactly_the_named_controls_and_in_embed_the_words() -> None:
    assert hidden_css(Config()) == ""
    css = str(hidden_css(Config(hide=("noise", "play"))))
    assert css == "#play_pause, .control:has(#noise) { display: none !important; }"
    embed = str(hidden_css(Config(embed=True)))
    assert all(s in embed for s in EMBED_HIDES) and "#play_pause" not in embed


def test_the_page_carries_the_style_only_when_something_is_hidden(client: TestClient) -> None:
    assert 'id="hidden_controls"' not in client.get("/").text
    html = client.get("/?hide=learning_rate&embed=true").text
    assert ('<style id="hidden_controls">.control:has(#learning_rate), .topbar, #lesson, '
            "#lecture { display: none !important; }</style>") in html
