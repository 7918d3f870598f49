"""TensorFlow Playground's links in our settings: its URL fragment's keys turned into our query.

A TF Playground link keeps its state after the "#" (`#activation=tanh&networkShape=4,2&…`),
which never reaches a server; the page hands the fragment to GET /tf-playground, which redirects
to the query `from_playground` returns. Every key TF Playground writes is mapped or ignored:

    activation → activation          regularization L1/L2 → regularization l1/l2 (absent: none)
    learningRate → learning_rate     regularizationRate → regularization_rate
    batchSize → batch_size           noise 0–50 → noise ÷ 100 (0–0.5)
    percTrainData 10–90 → train_fraction ÷ 100
    dataset circle/xor/gauss/spiral → circle/xor/gaussian/spiral
    regDataset reg-plane/reg-gauss → plane/multi_gaussian (when problem=regression)
    problem → problem                networkShape "4,2" → hidden_layers ("" = none)
    x, y, xSquared, ySquared, xTimesY, sinX, sinY → features x1, x2, x1_squared, x2_squared,
        x1_x2, sin_x1, sin_x2 (a boolean is true unless it is the word "false", as there)
    showTestData → show_test_data    discretize → discretize
    initZero=true → init=zeros (else TF Playground's init, playground)
    hideText=true → embed=true       <control>_hide=true → hide (PLAYGROUND_HIDE; numNodes<k>
        → neurons, which hides every layer's +/− buttons, not layer k's alone)
    seed "0.59704" → seed = data_seed = 59704 (our generators are not TF Playground's, so the
        points and weights differ from its; the same link always gives the same run)
Ignored: cosX, cosY (no input node there either), collectStats, tutorial, and keys it does not
know. The link also gets TF Playground's data order (data_order=playground): its fixed order
with leftovers carried into the next epoch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from urllib.parse import urlencode

from app.config.schema import MAX_SEED

# TF Playground key -> our field, for values that pass unchanged
_SAME = {"activation": "activation", "learningRate": "learning_rate",
         "regularizationRate": "regularization_rate", "batchSize": "batch_size",
         "problem": "problem", "networkShape": "hidden_layers"}
_BOOLEANS = {"showTestData": "show_test_data", "discretize": "discretize", "hideText": "embed"}
_PERCENT = {"noise": "noise", "percTrainData": "train_fraction"}  # 0–100 there, 0–1 here
FEATURES = {"x": "x1", "y": "x2", "xSquared": "x1_squared", "ySquared": "x2_squared",
            "xTimesY": "x1_x2", "sinX": "sin_x1", "sinY": "sin_x2"}
DATASETS = {"circle": "circle", "xor": "xor", "gauss": "gaussian", "spiral": "spiral"}
REG_DATASETS = {"reg-plane": "plane", "reg-gauss": "multi_gaussian"}
# TF Playground's hideable controls (and a feature node) -> our `hide` names (classroom.py)
PLAYGROUND_HIDE = {
    "showTestData": "show_test_data", "discretize": "discretize", "playButton": "play",
    "stepButton": "step", "resetButton": "reset", "learningRate": "learning_rate",
    "activation": "activation", "regularization": "regularization",
    "regularizationRate": "regularization_rate", "problem": "problem", "dataset": "dataset",
    "percTrainData": "train_fraction", "noise": "noise", "batchSize": "batch_size",
    "numHiddenLayers": "hidden_layers", **FEATURES,
}
IGNORED = ("cosX", "cosY", "collectStats", "tutorial")


def _true(value: str) -> bool:
    return value != "false"


def _percent(value: str) -> str:
    """Return value ÷ 100 as text, or value itself when it is not a number (validation names it)."""
    try:
        number = float(value)
    except ValueError:
        return value
    return repr(number / 100) if math.isfinite(number) else value


def _seed(value: str) -> str | None:
    """Return TF Playground's seed "0.59704" as our integer seed "59704" (None if unreadable)."""
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return str(round(abs(number) * 100_000) % (MAX_SEED + 1))


def _hide_key(key: str) -> str | None:
    """Return the `hide` name of a `<control>_hide` key's control, or None."""
    control = key.removesuffix("_hide")
    if control.startswith("numNodes"):  # numNodes<k>: layer k's +/− neuron buttons; ours: all
        return "neurons"
    return PLAYGROUND_HIDE.get(control)


def from_playground(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return our raw query (field -> text) for TF Playground's fragment pairs; values are
    checked later, by the schema, like any other query."""
    given = dict(pairs)
    raw: dict[str, str] = {"data_order": "playground"}
    for key, field in _SAME.items():
        if key in given:
            raw[field] = given[key]
    for key, field in _BOOLEANS.items():
        if key in given:
            raw[field] = "true" if _true(given[key]) else "false"
    for key, field in _PERCENT.items():
        if key in given:
            raw[field] = _percent(given[key])
    regularization = given.get("regularization", "")
    raw["regularization"] = regularization.lower() if regularization else "none"
    problem = given.get("problem", "classification")
    names = REG_DATASETS if problem == "regression" else DATASETS
    key, default = ("regDataset", "reg-plane") if problem == "regression" else ("dataset",
                                                                               "circle")
    dataset = given.get(key, default)
    raw["dataset"] = names.get(dataset, dataset)
    if any(k in given for k in FEATURES):
        raw["features"] = ",".join(ours for theirs, ours in FEATURES.items()
                                   if _true(given.get(theirs, "false")))
    if "initZero" in given:
        raw["init"] = "zeros" if _true(given["initZero"]) else "playground"
    seed = _seed(given.get("seed", ""))
    if seed is not None:
        raw["seed"] = raw["data_seed"] = seed
    hidden = [_hide_key(k) for k, v in given.items() if k.endswith("_hide") and _true(v)]
    if any(hidden):
        raw["hide"] = ",".join(dict.fromkeys(h for h in hidden if h))
    return raw


def playground_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Return our URL query for TF Playground's fragment pairs."""
    return urlencode(from_playground(pairs), safe=",")
