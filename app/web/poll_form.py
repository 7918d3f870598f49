"""The poll's form, read without FastAPI's dependency machinery: the page's few small fields.

A poll comes 10–20 times a second from every playing page, and FastAPI's dependency solving and
form parsing (with the page's long query string, which a poll never needs) cost more than the
rest of the poll. So /poll is a plain route and reads its urlencoded body here, with the rules
and messages the declared Form fields would give (RequestValidationError, answered as 422).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi.exceptions import RequestValidationError

WHOLE = re.compile(r"\s*[+-]?\d{1,12}\s*")
MAX_FIELDS = 16  # a poll sends four; a body of thousands of keys is refused, not parsed


@dataclass(frozen=True)
class PollForm:
    """What the page's charts hold and how it polls.

    token: the charts' token (views.token), ≤ 64 characters; since: the last epoch the curves
    hold (≥ -1; -1: none); show: the diagram node under the pointer, ≤ 16 characters;
    hidden_layer, hidden_axes: the open hidden-space panel's layer (0: closed, ≤ 64) and axes
    (≤ 8 characters); cadence: the page's milliseconds between polls (0: not said).
    """

    token: str = ""
    since: int = -1
    show: str = ""
    cadence: int = 0
    hidden_layer: int = 0
    hidden_axes: str = ""


def _error(kind: str, name: str, value: str, message: str, **ctx: Any) -> dict[str, Any]:
    return {"type": kind, "loc": ("body", name), "msg": message, "input": value, "ctx": ctx}


def _text(fields: dict[str, str], name: str, limit: int, errors: list[dict[str, Any]]) -> str:
    value = fields.get(name, "")
    if len(value) > limit:
        errors.append(_error("string_too_long", name, value,
                             f"String should have at most {limit} characters", max_length=limit))
        return ""
    return value


def _whole(fields: dict[str, str], name: str, default: int, low: int, high: int,
           errors: list[dict[str, Any]]) -> int:
    value = fields.get(name)
    if value is None:
        return default
    if not WHOLE.fullmatch(value):
        errors.append(_error("int_parsing", name, value, "Input should be a valid integer"))
        return default
    number = int(value)
    if number < low:
        errors.append(_error("greater_than_equal", name, value,
                             f"Input should be greater than or equal to {low}", ge=low))
    elif number > high:
        errors.append(_error("less_than_equal", name, value,
                             f"Input should be less than or equal to {high}", le=high))
    else:
        return number
    return default


def parse_poll(body: bytes) -> PollForm:
    """Return the poll's fields from its urlencoded body (a repeated key: the last one wins;
    unknown keys are ignored, as for declared Form fields).

    Raises:
        RequestValidationError: a field out of its rules (one error per field).
    """
    try:
        pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                          max_num_fields=MAX_FIELDS)
    except ValueError as exc:  # more than MAX_FIELDS fields
        raise RequestValidationError([_error("too_long", "form", "", str(exc),
                                             max_length=MAX_FIELDS)]) from exc
    fields = dict(pairs)
    errors: list[dict[str, Any]] = []
    form = PollForm(token=_text(fields, "token", 64, errors),
                    show=_text(fields, "show", 16, errors),
                    since=_whole(fields, "since", -1, -1, 2**62, errors),
                    cadence=_whole(fields, "cadence", 0, 0, 10**6, errors),
                    hidden_layer=_whole(fields, "hidden_layer", 0, 0, 64, errors),
                    hidden_axes=_text(fields, "hidden_axes", 8, errors))
    if errors:
        raise RequestValidationError(errors)
    return form
