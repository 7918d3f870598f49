"""The one schema: defaults, ranges, readable messages, the URL round-trip, form reconciliation."""

from __future__ import annotations

import numpy as np
import pytest

from app.config import (
    Config,
    from_query,
    knob,
    parse,
    raw_from_pairs,
    reconcile,
    to_query,
)
from app.session.run import build_run
from app.validation import ConfigError


def test_defaults_are_tf_playground_defaults() -> None:
    c = Config()
    assert (c.dataset, c.problem, c.train_fraction, c.noise, c.batch_size) == (
        "circle", "classification", 0.5, 0.0, 10)
    assert c.features == ("x1", "x2") and c.hidden_layers == (4, 2)
    assert (c.activation, c.learning_rate, c.regularization, c.regularization_rate) == (
        "tanh", 0.03, "none", 0.0)
    assert (c.init, c.loss, c.optimizer) == ("playground", "square", "sgd")
    assert c.speed == 1  # one epoch per update, as TF Playground draws one per frame


def test_the_default_run_forms_its_boundary_over_3_to_5_seconds_at_20_updates_a_second() -> None:
    run = build_run(Config())
    formed = next(epoch for epoch in range(1, 1000)
                  if run.trainer.step() and run.trainer.history.last.test_accuracy >= 0.99)
    seconds = formed / (Config().speed * 20)
    assert 3.0 <= seconds <= 5.0, (formed, seconds)


@pytest.mark.parametrize("config", [
    Config(),
    Config(dataset="xor", hidden_layers=(8, 8, 1), learning_rate=1e-05, eps=1e-08),
    Config(dataset="plane", problem="regression", hidden_layers=(), features=("x1", "sin_x2")),
    Config(dataset="blobs4", loss="softmax_cross_entropy", optimizer="adam", beta2=0.9999,
           schedule="inverse_time", decay_rate=2.5, show_test_data=True, projector=True),
])
def test_url_round_trip_gives_back_the_same_config(config: Config) -> None:
    query = to_query(config)
    assert from_query(query) == config
    assert to_query(from_query(query)) == query


def test_query_uses_one_key_per_field_with_engine_names() -> None:
    query = to_query(Config(dataset="xor"))
    keys = [pair.split("=")[0] for pair in query.split("&")]
    assert keys == list(Config.model_fields)
    assert "hidden_layers=4,2" in query and "features=x1,x2" in query
    assert "learning_rate=0.03" in query and "dataset=xor" in query


def test_absent_keys_take_their_defaults() -> None:
    assert from_query("dataset=xor") == Config(dataset="xor")
    assert from_query("") == Config()


@pytest.mark.parametrize(("query", "message"), [
    ("learning_rate=100", "learning_rate: must be ≤ 10, got 100"),
    ("learning_rate=nan", "learning_rate: must be a finite number, got nan"),
    ("noise=inf", "noise: must be a finite number, got inf"),
    ("learning_rate=abc", "learning_rate: must be a number, got abc"),
    ("batch_size=0", "batch_size: must be ≥ 1, got 0"),
    ("evil=1", "evil: unknown setting"),
    ("activation=swish", "activation: unknown 'swish'; choose one of"),
    ("hidden_layers=4,20", "hidden_layers[1]: must be ≤ 16, got 20"),
    ("hidden_layers=1,1,1,1,1,1,1,1,1", "hidden_layers: takes at most 8 values"),
    ("features=", "features: turn on at least one feature"),
    ("features=x1,x3", "features: unknown 'x3'"),
    ("dataset=plane", "dataset: 'plane' is a regression dataset, but problem is 'classification'"),
    ("dataset=blobs3&loss=log", "loss: 'log' does not fit a multiclass problem"),
    ("dataset=spiral4&model=perceptron", "model: the perceptron learns two classes"),
    ("schedule=step&decay_rate=2", "decay_rate: must be in (0, 1] for the step schedule, got 2"),
    ("input_offset=11", "input_offset: must be ≤ 10, got 11"),
    ("input_offset=-10.5", "input_offset: must be ≥ -10, got -10.5"),
])
def test_bad_values_get_one_readable_line_each(query: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_query(query)
    assert any(m.startswith(message) for m in caught.value.messages), caught.value.messages


def test_several_bad_values_are_all_reported() -> None:
    with pytest.raises(ConfigError) as caught:
        from_query("learning_rate=100&noise=-1&evil=1")
    assert len(caught.value.messages) == 3


def test_features_accumulate_and_come_out_in_canonical_order() -> None:
    raw = raw_from_pairs([("features", ""), ("features", "sin_x1"), ("features", "x1")])
    assert parse(raw).features == ("x1", "sin_x1")


def test_last_value_wins_so_hidden_false_before_a_checkbox_works() -> None:
    assert parse(raw_from_pairs([("discretize", "false"), ("discretize", "true")])).discretize
    assert not parse(raw_from_pairs([("discretize", "false")])).discretize


def test_switching_problem_picks_a_dataset_of_that_problem() -> None:
    raw = reconcile({"problem": "regression", "dataset": "circle"}, Config())
    assert parse(raw).dataset == "plane"


def test_choosing_a_multiclass_set_drops_a_binary_only_loss_and_the_perceptron() -> None:
    current = Config(loss="log", model="perceptron")
    config = parse(reconcile({"dataset": "blobs3", "loss": "log", "model": "perceptron"}, current))
    assert (config.loss, config.model) == ("square", "mlp")


def test_every_field_has_a_label_and_an_effect() -> None:
    for name in Config.model_fields:
        assert knob(name).label
        assert knob(name).effect in {"data", "regenerate", "model", "live", "view"}
    assert knob("learning_rate").effect == "live"
    assert knob("learning_rate").presets[0] == 0.00001 and knob("learning_rate").presets[-1] == 10


def test_an_unknown_problem_is_refused_by_validation_not_by_reconcile() -> None:
    raw = reconcile({"problem": "x"}, Config())
    assert raw["problem"] == "x"
    with pytest.raises(ConfigError, match="problem"):
        parse(raw)


def test_the_input_offset_round_trips_through_the_url_and_reaches_the_design_matrix() -> None:
    config = from_query("input_offset=2.5&features=x1,x1_squared")
    assert config.input_offset == 2.5 and "input_offset=2.5" in to_query(config)
    assert from_query(to_query(config)) == config
    run = build_run(config)
    x1 = run.dataset.x_train[:, 0] + 2.5  # the engine's feature step shifts, then squares
    assert np.array_equal(run.trainer.x_train, np.column_stack([x1, x1**2]))
