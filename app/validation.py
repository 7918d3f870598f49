"""Readable validation messages: pydantic's errors as one line per bad value, for the banner.

"learning_rate: must be ≤ 10, got 100" — the field's name (the URL key), what is allowed, and
what was received, for the schema in config.py and for FastAPI's request errors alike. A form
field's own message speaks to the person at the page instead: "Learning rate must be at most 10
(got 100)" — its label, the allowed range in words, the value typed (`field_messages`); the
page shows it next to the field, and `range_words` gives the page the same words beforehand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

FieldMessage = tuple[str, str]  # (field, "Beta 1 must be below 1 (got 2)")


class ConfigError(ValueError):
    """Invalid settings; `messages` holds one readable line per problem, `fields` the same
    problems as each field's own message, where the problem has a field."""

    def __init__(self, messages: list[str], fields: list[FieldMessage] | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.fields = fields or []


_PARSING = {  # a value that is not a number of the field's kind: the same words everywhere
    "float_parsing": "must be a number", "float_type": "must be a number",
    "int_parsing": "must be a whole number", "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
}
_TEMPLATES = {
    "less_than_equal": "must be ≤ {le}", "less_than": "must be < {lt}",
    "greater_than_equal": "must be ≥ {ge}", "greater_than": "must be > {gt}",
    "finite_number": "must be a finite number", **_PARSING,
    "bool_parsing": "must be true or false", "too_long": "takes at most {max_length} values",
    "extra_forbidden": "unknown setting",
}


def _message(error: Any) -> str:
    """Return one line such as "learning_rate: must be ≤ 10, got 100"."""
    ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in error.get("ctx", {}).items()}
    if error["type"] == "value_error":
        text = str(error["ctx"]["error"])
    else:
        text = _TEMPLATES.get(error["type"], error["msg"]).format(**ctx)
        value = error.get("input")
        if isinstance(value, str | int | float) and error["type"] != "extra_forbidden":
            text += f", got {str(value)[:40]}"
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
    return f"{loc}: {text}" if loc else text


def error_messages(errors: Iterable[Any]) -> list[str]:
    """Return one readable line per pydantic error dict (also FastAPI's request errors)."""
    return [_message(e) for e in errors]


_WORDS = {
    "less_than_equal": "must be at most {le}", "less_than": "must be below {lt}",
    "greater_than_equal": "must be at least {ge}", "greater_than": "must be above {gt}",
    "finite_number": "must be a number", **_PARSING,
}
_PREFIX = re.compile(r"^(\w+): (.*)$", re.S)


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)[:40]


def field_messages(errors: Iterable[Any], label: Callable[[str], str | None]) -> list[FieldMessage]:
    """Return (field, message) for each error, in words: "Beta 1 must be below 1 (got 2)";
    ("", "") for an error naming no field `label` knows (it gives a label, or None)."""
    out: list[FieldMessage] = []
    for error in errors:
        loc = [p for p in error["loc"] if isinstance(p, str)]
        text = str(error["ctx"]["error"]) if error["type"] == "value_error" else ""
        if not loc and (m := _PREFIX.match(text)):  # a combination: "decay_rate: must be …"
            loc, text = [m.group(1)], m.group(2)
        name = loc[0] if loc else ""
        shown = label(name) if name else None
        if shown is None:
            out.append(("", ""))
            continue
        if not text:
            ctx = {k: _shown(v) for k, v in error.get("ctx", {}).items()}
            text = _WORDS.get(error["type"], error["msg"]).format(**ctx)
            value = error.get("input")
            if isinstance(value, str | int | float) and str(value).strip():
                text += f" (got {_shown(value)})"
        item = next((p for p in error["loc"] if isinstance(p, int)), None)
        where = f" (value {item + 1})" if item is not None else ""
        out.append((name, f"{shown}{where} {text}" if text.startswith("must")
                    else f"{shown}{where}: {text}"))
    return out


def range_words(label: str, ge: float | None = None, gt: float | None = None,
                le: float | None = None, lt: float | None = None) -> dict[str, str]:
    """Return the words a page shows for a number outside a field's range, before the value
    it got: {"low": "Beta 1 must be at least 0", "high": "Beta 1 must be below 1",
    "nan": "Beta 1 must be a number"} (field_messages says the same after the server)."""
    words = {"nan": f"{label} must be a number"}
    if ge is not None or gt is not None:
        words["low"] = f"{label} " + (_WORDS["greater_than_equal"].format(ge=_shown(ge))
                                      if ge is not None else
                                      _WORDS["greater_than"].format(gt=_shown(gt)))
    if le is not None or lt is not None:
        words["high"] = f"{label} " + (_WORDS["less_than_equal"].format(le=_shown(le))
                                       if le is not None else
                                       _WORDS["less_than"].format(lt=_shown(lt)))
    return words

