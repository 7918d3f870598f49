"""The poll's form, read by hand: the rules and messages declared Form fields would give."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError

from app.validation import error_messages
from app.web.poll_form import PollForm, parse_poll


def test_a_page_s_poll_is_read_and_missing_fields_take_their_defaults() -> None:
    read = parse_poll(b"token=r1%2Fa&since=41&show=1.2&cadence=60")
    assert read == PollForm("r1/a", 41, "1.2", 60)
    assert parse_poll(b"") == PollForm()
    assert parse_poll(b"since=3&since=4&other=x") == PollForm(since=4)  # the last one wins


@pytest.mark.parametrize(("body", "message"), [
    (b"since=abc", "since: must be a whole number, got abc"),
    (b"since=-2", "since: must be ≥ -1, got -2"),
    (b"since=1e3", "since: must be a whole number, got 1e3"),
    (b"cadence=-5", "cadence: must be ≥ 0, got -5"),
    (b"token=" + b"x" * 65, "token: String should have at most 64 characters"),
    (b"show=" + b"y" * 17, "show: String should have at most 16 characters"),
])
def test_a_bad_field_is_refused_with_a_readable_message(body: bytes, message: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        parse_poll(body)
    errors = [{**e, "loc": tuple(p for p in e["loc"] if p != "body")}
              for e in caught.value.errors()]
    assert any(line.startswith(message) for line in error_messages(errors)), errors


def test_a_body_of_many_fields_is_refused_without_parsing_them_all() -> None:
    with pytest.raises(RequestValidationError):
        parse_poll(b"&".join(b"k%d=1" % k for k in range(1000)))
