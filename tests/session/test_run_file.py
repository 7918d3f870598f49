"""Saved runs as JSON: loaded back they go on bit for bit; anything else is refused precisely."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import from_query
from app.data.points import make
from app.data.run_json import RunFileError
from app.engine.checkpoint import restore_trainer_state
from app.session import run_file
from app.session.drawing import config_for
from app.session.run import Run, advance, build_run

QUERIES = [
    "optimizer=adam&patience=5&dropout=0.3&regularization=l2&regularization_rate=0.003",
    "model=perceptron&dataset=gaussian&noise=0.3",
    "dataset=spiral3&loss=softmax_cross_entropy&optimizer=momentum&schedule=step",
    "dataset=plane&problem=regression&batch_mode=full&optimizer=rmsprop",
]


def losses(run: Run) -> list[Any]:
    return [(r.epoch, r.train_loss, r.test_loss) for r in run.trainer.history.records]


def reloaded(raw: bytes) -> Run:
    config, custom, state = run_file.load(raw)
    run = build_run(config, custom=custom)
    restore_trainer_state(run.trainer, state)
    return run


@pytest.mark.parametrize("query", QUERIES)
def test_a_loaded_run_goes_on_as_if_never_saved(query: str) -> None:
    run = build_run(from_query(query))
    advance(run, 6, budget=60.0)
    if hasattr(run.trainer, "train"):
        run.trainer.train(2)  # mid-epoch: the shuffled batches travel too
    copy = reloaded(run_file.dump(run))
    advance(run, 8, budget=60.0)
    advance(copy, 8, budget=60.0)
    assert losses(copy) == losses(run) and copy.epoch == run.epoch


def test_drawn_points_travel_with_the_run() -> None:
    data = make([[1.0, 1.0], [-2.0, 0.5], [3.0, -3.0], [0.0, 2.0]], [0, 1, 2, 1], 3)
    run = build_run(config_for(from_query(""), data), custom=data)
    advance(run, 5, budget=60.0)
    raw = run_file.dump(run)
    doc = json.loads(raw)
    assert doc["custom_data"]["points"][1] == [-2.0, 0.5] and doc["epoch"] == 5
    copy = reloaded(raw)
    assert copy.custom is not None and copy.custom.key == data.key


def test_a_fresh_run_saves_and_loads() -> None:
    run = build_run(from_query(""))
    assert losses(reloaded(run_file.dump(run))) == []


def edited(change: Any, query: str = QUERIES[0]) -> bytes:
    run = build_run(from_query(query))
    advance(run, 3, budget=60.0)
    doc = json.loads(run_file.dump(run))
    change(doc)
    return json.dumps(doc).encode()


def put(path: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value
    return change


@pytest.mark.parametrize(("change", "message"), [
    (put("version", 7), "saved-run version 7 cannot be read"),
    (put("format", "x"), "not a saved run of MLP Playground"),
    (put("settings", "learning_rate=99"), "settings: learning_rate: must be ≤ 10"),
    (put("epoch", 4), "epoch: 4 but the state is at epoch 3"),
    (put("state.params.shape", [24]), "state.params: shape [24] needs 24 values"),
    (put("state.params.values", [0.5] * 24), "state.params: shape [25] needs 25 values"),
    (put("state.params.values.3", "x"), "state.params: value 3 is 'x', not a float64"),
    (put("state.sizes", [2, 4, 3, 1]), "state.sizes: must be [2, 4, 2, 1]"),
    (put("state.bogus", 1), "state: unknown ['bogus']"),
    (put("state.epoch", -1), "state.epoch: must be 0..1000000000, got -1"),
    (put("state._cursor", 99), "state._cursor: must be 0..24, got 99"),
    (put("state.optimizer.beta1", 0.5), "state.optimizer.beta1: must be 0.9"),
    (put("state.history.grad_norms_count.values.0", 5), "state.history.grad_norms_count"),
    (put("state.grads", None), "state.grads: must not be null"),
    (put("state.rng.state.state", 2**200), "state.rng.state.state: 1606938044258990275541962"),
    (put("custom_data", {"n_classes": 2, "points": [[0, 0]], "labels": [0]}),
     "custom_data: the settings' custom_data does not name these points"),
    (put("state.params.values.0", None), "state.params: value 0 is not a finite number"),
])
def test_a_changed_file_is_refused_with_where_and_why(change: Any, message: str) -> None:
    with pytest.raises(RunFileError) as caught:
        run_file.load(edited(change))
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(("raw", "message"), [
    (b"{", "not JSON: Expecting property name"),
    (b"[" * 100_000, "not a saved run: nested too deeply"),
    (b'{"a": NaN}', "not a saved run: NaN is not a number"),
    (b'{"a": 1e999}', "not a saved run: 1e999 is not a finite number"),
    (b"\xff", "the file is not UTF-8 text (byte 1)"),
    (b" " * (2 * 2**20 + 1), "the file is larger than 2 MB"),
])
def test_what_is_not_a_saved_run_is_refused(raw: bytes, message: str) -> None:
    with pytest.raises(RunFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_file.load(raw)


def test_a_diverged_run_is_not_saved() -> None:
    run = build_run(from_query("learning_rate=10&dataset=plane&problem=regression"))
    advance(run, 30, budget=60.0)
    assert run.trainer.diverged
    with pytest.raises(ValueError, match="diverged run cannot be saved"):
        run_file.dump(run)


def _saved(query: str) -> bytes:
    """A run mid-epoch (batches, dropout masks, optimizer state, early stopping), saved."""
    run = build_run(from_query(query))
    advance(run, 2, budget=60.0)
    run.trainer.train(3)  # type: ignore[union-attr]
    return run_file.dump(run)


SAVED = _saved(QUERIES[0])


def mutations() -> st.SearchStrategy[bytes]:
    """A saved run with one value somewhere replaced by junk, or its bytes cut or flipped."""
    doc = json.loads(SAVED)
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node) \
            if isinstance(node, list) else ()
        for key, child in list(items)[:40]:
            walk(child, (*path, key))
    walk(doc, ())
    junk = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                     st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                     st.lists(st.integers(-3, 3), max_size=3), st.just({"dtype": "int64"}))

    def replaced(path: tuple[Any, ...], value: Any) -> bytes:
        copy = json.loads(SAVED)
        node = copy
        for key in path[:-1]:
            node = node[key]
        if path:
            node[path[-1]] = value
        return json.dumps(copy).encode()
    cut = st.integers(0, len(SAVED)).map(lambda n: SAVED[:n])
    flipped = st.tuples(st.integers(0, len(SAVED) - 1), st.integers(0, 255)).map(
        lambda t: SAVED[:t[0]] + bytes([t[1]]) + SAVED[t[0] + 1:])
    return st.one_of(st.builds(replaced, st.sampled_from(paths[1:]), junk), cut, flipped)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(raw=mutations())
def test_any_damaged_file_loads_a_run_that_trains_or_is_refused(raw: bytes) -> None:
    try:
        run = reloaded(raw)
    except RunFileError as exc:
        assert str(exc)
        return
    advance(run, 2, budget=60.0)  # whatever got through trains without an exception
    assert np.isfinite(run.model.params).all() or run.trainer.diverged  # type: ignore[union-attr]
