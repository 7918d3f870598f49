"""Python source as escaped HTML with comments, strings and keywords in <span>s, for the code panel.

Only the tokenizer of the standard library: the text between tokens is copied as it stands, so the
element's text (what the copy button copies) is the source, character for character. Numbers stay
plain — the exports embed thousands of them.
"""

from __future__ import annotations

import io
import keyword
import tokenize

from markupsafe import Markup, escape

CLASSES = {tokenize.COMMENT: "comment", tokenize.STRING: "string"}


def _kind(token: tokenize.TokenInfo) -> str | None:
    if token.type == tokenize.NAME and keyword.iskeyword(token.string):
        return "keyword"
    return CLASSES.get(token.type)


def highlight(source: str) -> Markup:
    """Return source as HTML: <span class="comment|string|keyword"> around those tokens.

    Source the tokenizer refuses is returned escaped, without spans.
    """
    lines = io.StringIO(source).readlines()  # split as the tokenizer reads: at "\n" only
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out, done = [], 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind = _kind(token)
            if kind is None:
                continue
            begin = starts[token.start[0] - 1] + token.start[1]
            end = starts[token.end[0] - 1] + token.end[1]
            out += [escape(source[done:begin]), Markup('<span class="{}">{}</span>').format(
                kind, source[begin:end])]
            done = end
    except (tokenize.TokenError, SyntaxError):
        return Markup(escape(source))
    out.append(escape(source[done:]))
    return Markup("").join(out)
