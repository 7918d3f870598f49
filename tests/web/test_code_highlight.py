"""Tests for app.web.code_highlight: spans around comments, strings, keywords; text unchanged."""

from __future__ import annotations

import html
import re

from app.config import Config
from app.web.code_highlight import highlight
from app.web.routes.export import keras_source, numpy_source


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_comments_strings_and_keywords_get_their_spans() -> None:
    out = str(highlight('def f(x):  # why\n    return "<b>" if x else None\n'))
    assert '<span class="keyword">def</span>' in out
    assert '<span class="comment"># why</span>' in out
    assert '<span class="string">&#34;&lt;b&gt;&#34;</span>' in out
    assert '<span class="keyword">None</span>' in out and "<b>" not in out


def test_the_text_is_the_source_character_for_character() -> None:
    for source in (numpy_source(Config(), 3), keras_source(Config(dataset="blobs3"), 3),
                   'x = """a\n\u2028b"""  # é\r\ny = 1\n'):
        assert text_of(str(highlight(source))) == source


def test_source_the_tokenizer_refuses_is_only_escaped() -> None:
    assert str(highlight('x = "unclosed\n<')) == "x = &#34;unclosed\n&lt;"
