"""A comparison's URL: the base config plus vary and values, validated by the one schema."""

from __future__ import annotations

import pytest

from app.config import Config, to_query
from app.config.comparison import from_compare_query
from app.validation import ConfigError


def test_each_run_is_the_base_with_one_knob_changed() -> None:
    base = Config(dataset="spiral", hidden_layers=(8, 8), learning_rate=0.01)
    comparison = from_compare_query(f"{to_query(base)}&vary=optimizer&values=sgd,adam")
    assert [c.optimizer for c in comparison.configs] == ["sgd", "adam"]
    for config in comparison.configs:
        assert config.model_copy(update={"optimizer": "sgd"}) == base  # nothing else differs
    assert comparison.labels == ("Optimizer: SGD", "Optimizer: Adam")
    assert comparison.query().endswith("&vary=optimizer&values=sgd,adam")
    assert from_compare_query(comparison.query()) == comparison  # the link round-trips


def test_values_default_per_knob_and_are_written_canonically() -> None:
    assert from_compare_query("vary=seed").values == ("0", "1", "2", "3")
    assert from_compare_query("").vary == "optimizer"
    rates = from_compare_query("vary=learning_rate&values=0.30, 3e-2")
    assert rates.values == ("0.3", "0.03")
    assert rates.labels == ("Learning rate: 0.3", "Learning rate: 0.03")
    assert from_compare_query("lesson=optimizers&vary=seed").base.lesson == ""


@pytest.mark.parametrize(("query", "message"), [
    ("vary=dataset", "vary: unknown 'dataset'; choose one of optimizer, learning_rate, "
                     "batch_mode, activation, init, seed"),
    ("vary=seed&values=1", "values: compare 2 to 4 runs, got 1"),
    ("vary=seed&values=1,2,3,4,5", "values: compare 2 to 4 runs, got 5"),
    ("vary=optimizer&values=sgd,sgd", "values: each run needs its own optimizer, got sgd, sgd"),
    ("vary=learning_rate&values=0.1,99", "values: '99' — learning_rate: must be ≤ 10, got 99"),
    ("noise=2&vary=seed", "noise: must be ≤ 0.5, got 2"),
])
def test_a_bad_comparison_is_named(query: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_compare_query(query)
    assert caught.value.messages == [message]
