"""Validation messages name the field, what is allowed and what was received, one line each."""

import pytest

from app.config import parse
from app.validation import ConfigError, error_messages


@pytest.mark.parametrize("raw, line", [
    ({"learning_rate": "100"}, "learning_rate: must be ≤ 10, got 100"),
    ({"noise": "nan"}, "noise: must be a finite number, got nan"),
    ({"batch_size": "ten"}, "batch_size: must be a whole number, got ten"),
    ({"evil": "1"}, "evil: unknown setting"),
])
def test_each_bad_value_gets_one_readable_line(raw: dict[str, str], line: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(raw)
    assert caught.value.messages == [line]


def test_request_errors_drop_nothing_but_read_the_same_way() -> None:
    error = {"type": "greater_than_equal", "loc": ("since",), "msg": "…", "input": -5,
             "ctx": {"ge": -1}}
    assert error_messages([error]) == ["since: must be ≥ -1, got -5"]
