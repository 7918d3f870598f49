"""The classroom conventions: `hide` names controls (validated, canonical), `embed` for slides."""

from __future__ import annotations

import pytest

from app.config import Config, from_query, parse, reconcile, to_query
from app.config.classroom import HIDEABLE
from app.engine import FEATURE_KEYS
from app.validation import ConfigError


def test_hide_is_read_from_a_comma_list_in_canonical_order_once_each() -> None:
    config = from_query("hide=noise,dataset,noise,sin_x1&embed=true")
    assert config.hide == ("dataset", "noise", "sin_x1") and config.embed
    assert "hide=dataset,noise,sin_x1" in to_query(config) and "embed=true" in to_query(config)
    assert from_query(to_query(config)) == config
    assert from_query("hide=").hide == () and Config().hide == () and not Config().embed


def test_an_unknown_control_is_refused_by_name_with_the_allowed_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        from_query("hide=noise,wings")
    (message,) = caught.value.messages
    assert "hide" in message and "'wings'" in message and "learning_rate" in message


def test_tf_playgrounds_fifteen_controls_and_every_feature_can_be_hidden() -> None:
    tfp = {"show_test_data", "discretize", "play", "step", "reset", "learning_rate",
           "activation", "regularization", "regularization_rate", "problem", "dataset",
           "train_fraction", "noise", "batch_size", "hidden_layers"}
    assert tfp | set(FEATURE_KEYS) | {"neurons"} <= set(HIDEABLE)


def test_a_change_in_the_form_keeps_what_the_link_hid() -> None:
    current = Config(hide=("noise",), embed=True)
    raw = reconcile({"learning_rate": "0.1"}, current)
    assert parse(raw).hide == ("noise",) and parse(raw).embed
