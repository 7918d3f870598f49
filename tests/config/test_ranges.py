"""A field's own words: the schema's bounds as the page checks them, and each refused value said
with the field's label, the allowed range in words and the value typed."""

import pytest

from app.config import parse
from app.config.ranges import bounds, field_range
from app.validation import ConfigError


@pytest.mark.parametrize("raw, field, words", [
    ({"beta1": "2"}, "beta1", "Beta 1 must be below 1 (got 2)"),
    ({"learning_rate": "0"}, "learning_rate", "Learning rate must be above 0 (got 0)"),
    ({"learning_rate": "100"}, "learning_rate", "Learning rate must be at most 10 (got 100)"),
    ({"batch_size": "2.5"}, "batch_size", "Batch size must be a whole number (got 2.5)"),
    ({"noise": ""}, "noise", "Noise must be a number"),
    ({"hidden_layers": "4,99"}, "hidden_layers",
     "Hidden layers (value 2) must be at most 16 (got 99)"),
    ({"schedule": "step", "decay_rate": "5"}, "decay_rate",
     "Decay rate must be in (0, 1] for the step schedule, got 5"),
    ({"evil": "1"}, "", ""),  # no such field: the banner's line says it
])
def test_each_refused_value_is_said_in_its_fields_words(
    raw: dict[str, str], field: str, words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(raw)
    assert caught.value.fields == [(field, words)]
    assert len(caught.value.messages) == 1  # the two stay aligned, one per problem


def test_the_page_gets_the_schemas_bounds_and_the_same_words() -> None:
    assert bounds("beta1") == {"ge": 0.0, "lt": 1.0}
    assert bounds("seed") == {"ge": 0, "le": 2**31 - 1}
    beta1 = field_range("beta1")
    assert beta1 == {"data-ge": "0.0", "data-lt": "1.0", "data-say-nan": "Beta 1 must be a number",
                     "data-say-low": "Beta 1 must be at least 0",
                     "data-say-high": "Beta 1 must be below 1"}
    assert field_range("seed")["data-le"] == "2147483647"  # exact, not 2.15e+09
    assert field_range("batch_size")["data-whole"] == "Batch size must be a whole number"
    assert "data-whole" not in field_range("learning_rate")
