"""TF Playground's link keys translated into our settings (app/config/playground_links.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from app.config import Config, from_query
from app.config.playground_links import from_playground, playground_query

# TF Playground's own default link (its serialization order; the seed varies)
DEFAULT = ("activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&"
           "regularizationRate=0&noise=0&networkShape=4,2&seed=0.59704&showTestData=false&"
           "discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&"
           "ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&"
           "problem=classification&initZero=false&hideText=false")


def translated(fragment: str) -> Config:
    return from_query(playground_query(parse_qsl(fragment, keep_blank_values=True)))


def test_tf_playgrounds_default_link_is_our_default_setup_in_its_data_order() -> None:
    config = translated(DEFAULT)
    changed = {n for n in Config.model_fields if getattr(config, n) != getattr(Config(), n)}
    assert changed == {"seed", "data_seed", "data_order"}
    assert config.seed == config.data_seed == 59704 and config.data_order == "playground"


def test_every_mapped_key_reaches_its_setting() -> None:
    config = translated(
        "activation=relu&regularization=L1&regularizationRate=0.003&batchSize=25&dataset=gauss"
        "&learningRate=0.1&noise=35&networkShape=8,8,3&showTestData=true&discretize=true"
        "&percTrainData=70&x=false&y=true&xSquared=true&ySquared=1&xTimesY=true&sinX=true"
        "&sinY=false&initZero=true&hideText=true")
    assert (config.activation, config.regularization, config.regularization_rate) == (
        "relu", "l1", 0.003)
    assert (config.batch_size, config.dataset, config.learning_rate) == (25, "gaussian", 0.1)
    assert (config.noise, config.train_fraction, config.hidden_layers) == (0.35, 0.7, (8, 8, 3))
    assert config.show_test_data and config.discretize and config.embed
    assert config.features == ("x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1")
    assert config.init == "zeros"


def test_regression_takes_the_regression_dataset_and_no_hidden_layer() -> None:
    config = translated("problem=regression&regDataset=reg-gauss&dataset=circle&networkShape=")
    assert (config.problem, config.dataset, config.hidden_layers) == (
        "regression", "multi_gaussian", ())
    assert translated("problem=regression").dataset == "plane"


def test_hide_keys_name_our_hideable_controls() -> None:
    raw = from_playground(parse_qsl(
        "playButton_hide=true&numHiddenLayers_hide=true&percTrainData_hide=true&sinX_hide=true"
        "&numNodes1_hide=true&numNodes2_hide=true&noise_hide=false&cosX_hide=true"))
    assert raw["hide"] == "play,hidden_layers,train_fraction,sin_x1,neurons"
    config = from_query(playground_query(parse_qsl(f"{DEFAULT}&dataset_hide=true&noise_hide=true")))
    assert config.hide == ("dataset", "noise")


def test_ignored_and_unknown_keys_leave_no_trace() -> None:
    raw = from_playground(parse_qsl("cosX=true&cosY=true&collectStats=true&tutorial=x&color=red"))
    assert set(raw) == {"data_order", "regularization", "dataset"}


def test_a_bad_value_is_left_for_the_schema_to_name() -> None:
    raw = from_playground(parse_qsl("noise=loud&seed=abc&learningRate=fast"))
    assert raw["noise"] == "loud" and raw["learning_rate"] == "fast" and "seed" not in raw
