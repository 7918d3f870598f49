"""Readable validation messages: pydantic's errors as one line per bad value, for the banner.

"learning_rate: must be ≤ 10, got 100" — the field's name (the URL key), what is allowed, and
what was received, for the schema in config.py and for FastAPI's request errors alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class ConfigError(ValueError):
    """Invalid settings; `messages` holds one readable line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


_TEMPLATES = {
    "less_than_equal": "must be ≤ {le}", "less_than": "must be < {lt}",
    "greater_than_equal": "must be ≥ {ge}", "greater_than": "must be > {gt}",
    "finite_number": "must be a finite number", "float_parsing": "must be a number",
    "float_type": "must be a number", "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number", "int_type": "must be a whole number",
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
