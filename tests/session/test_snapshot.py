"""Snapshots: a run dumped and loaded goes on bit for bit; unreadable bytes raise SnapshotError."""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

import numpy as np
import pytest

from app.config import Config, from_query
from app.engine import Perceptron, PerceptronTrainer
from app.session import snapshot
from app.session.changes import reconfigure
from app.session.run import Run, advance, build_run
from app.session.snapshot import MAGIC, SnapshotError, dump, load
from tests.session.test_run import mlp_trainer, work_clock

MLP_QUERY = ("dataset=spiral&noise=0.2&optimizer=adam&dropout=0.3&regularization=l2"
             "&regularization_rate=0.003&batch_mode=mini_batch&batch_size=7&hidden_layers=6,4")
PERCEPTRON_QUERY = "model=perceptron&dataset=gaussian&noise=0.5&learning_rate=0.1"
# TF Playground's order (leftovers carried over) and L1's dead links, with momentum
PLAYGROUND_QUERY = ("data_order=playground&batch_size=7&regularization=l1&regularization_rate=0.03"
                    "&optimizer=momentum&learning_rate=0.01&hidden_layers=6,4")
LARGEST_QUERY = ("hidden_layers=16,16,16,16,16,16,16,16&train_fraction=0.9&optimizer=adam"
                 "&features=x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2")


def parameters(run: Run) -> np.ndarray:
    trainer = run.trainer
    return trainer.perceptron.weights if isinstance(trainer, PerceptronTrainer) \
        else trainer.net.params


def train(run: Run, epochs: int) -> None:
    for _ in range(epochs):
        run.trainer.step()


def evicted_every(config: Config, epochs: int, every: int) -> Run:
    """Train, dumping the run and loading it back (as after an eviction) every `every` epochs."""
    run = build_run(config)
    while run.epoch < epochs:
        train(run, min(every, epochs - run.epoch))
        run, playing = load(dump(run, True))
        assert playing
    return run


def assert_same(a: Run, b: Run) -> None:
    assert np.array_equal(parameters(a), parameters(b))
    if not isinstance(a.trainer, PerceptronTrainer):
        assert np.array_equal(a.trainer.net.dead, b.trainer.net.dead)  # type: ignore[union-attr]
    assert a.epoch == b.epoch and a.config == b.config
    assert a.trainer.history.records == b.trainer.history.records
    assert a.trainer.rng.bit_generator.state == b.trainer.rng.bit_generator.state


@pytest.mark.parametrize("query", [MLP_QUERY, PERCEPTRON_QUERY, PLAYGROUND_QUERY],
                         ids=["mlp", "perceptron", "playground_order_l1"])
def test_a_run_evicted_every_37_epochs_ends_exactly_where_an_uninterrupted_one_does(
        query: str) -> None:
    config = from_query(query)
    straight = build_run(config)
    train(straight, 300)
    restored = evicted_every(config, 300, 37)
    assert straight.epoch == 300
    assert_same(straight, restored)


def test_a_regenerated_run_restores_onto_its_new_data_and_goes_on() -> None:
    run = build_run(from_query(MLP_QUERY))
    train(run, 20)
    run = reconfigure(run, run.config.model_copy(update={"data_seed": 7, "learning_rate": 0.1}))
    train(run, 5)
    restored, _ = load(dump(run, False))
    assert np.array_equal(restored.x_train, run.x_train) and restored.data_id == run.data_id
    train(run, 30)
    train(restored, 30)
    assert_same(run, restored)


def test_an_edited_weight_ids_and_the_playing_flag_survive() -> None:
    run = build_run(Config(), run_id=3, data_id=5)
    train(run, 4)
    run.trainer.net.weights[1][0, 1] = 2.5  # type: ignore[union-attr]
    restored, playing = load(dump(run, False))
    assert restored.trainer.net.weights[1][0, 1] == 2.5  # type: ignore[union-attr]
    assert (restored.run_id, restored.data_id, playing) == (3, 5, False)


@pytest.mark.parametrize("query", [MLP_QUERY, PLAYGROUND_QUERY], ids=["mlp", "playground_order"])
def test_a_run_a_poll_left_inside_an_epoch_resumes_bit_for_bit(query: str) -> None:
    run, whole = build_run(from_query(query)), build_run(from_query(query))
    budgets = iter([3.0, 11.0, 2.0, 40.0, 5.0] * 20)
    while run.epoch < 4:  # each advance stops inside an epoch, then the run is evicted
        advance(run, 4 - run.epoch, next(budgets), work_clock(mlp_trainer(run), 1.0))
        run, _ = load(dump(run, True))
    train(whole, 4)
    np.testing.assert_array_equal(parameters(run), parameters(whole))
    if not isinstance(run.trainer, PerceptronTrainer):
        assert np.array_equal(run.trainer.net.dead, whole.trainer.net.dead)  # type: ignore[union-attr]
    assert run.trainer.history.last == whole.trainer.history.last


def test_a_perceptron_mid_epoch_resumes_at_the_same_sample() -> None:
    run = build_run(from_query(PERCEPTRON_QUERY))
    train(run, 2)
    trainer = run.trainer
    assert isinstance(trainer, PerceptronTrainer)
    for _ in range(13):
        trainer.step_sample()
    restored, _ = load(dump(run, True))
    assert isinstance(restored.trainer, PerceptronTrainer)
    assert restored.trainer.position == 13
    assert restored.trainer.last_sample == trainer.last_sample
    train(run, 3)
    train(restored, 3)
    assert_same(run, restored)


def test_snapshots_are_compact() -> None:
    fresh = dump(build_run(Config()), False)
    trained = build_run(Config())
    train(trained, 1000)  # a full history: 1000 epoch records
    largest = build_run(from_query(LARGEST_QUERY))
    train(largest, 50)
    assert fresh[:len(MAGIC)] == MAGIC
    assert len(fresh) < 2_000
    assert len(dump(trained, True)) < 100_000
    assert len(dump(largest, True)) < 100_000


# ---------------------------------------------------------------- unreadable snapshots
def unpack(data: bytes) -> tuple[dict[str, Any], bytes]:
    body = zlib.decompress(data[10:])
    (length,) = struct.unpack_from("<I", body)
    return json.loads(body[4:4 + length]), body[4 + length:]


def pack(header: dict[str, Any], arrays: bytes, version: int = snapshot.VERSION) -> bytes:
    text = json.dumps(header).encode()
    body = struct.pack("<I", len(text)) + text + arrays
    return MAGIC + struct.pack("<H", version) + zlib.compress(body)


@pytest.fixture(scope="module")
def good() -> bytes:
    run = build_run(from_query(MLP_QUERY))
    train(run, 3)
    return dump(run, True)


def test_the_test_helpers_rebuild_a_readable_snapshot(good: bytes) -> None:
    header, arrays = unpack(good)
    run, playing = load(pack(header, arrays))
    assert playing and run.epoch == 3


def flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1:]


@pytest.mark.parametrize("corrupt, message", [
    (lambda d: b"", "bad magic"),
    (lambda d: b"PK\x03\x04" + d[4:], "bad magic"),
    (lambda d: d[:len(d) // 2], "truncated"),
    (lambda d: flipped(d, len(d) // 2), "corrupt"),
    (lambda d: d[:10] + b"not zlib at all", "corrupt"),
    (lambda d: d + b"trailing", "after its end"),
], ids=["empty", "zip", "truncated", "flipped", "not-zlib", "trailing"])
def test_corrupt_bytes_raise_snapshot_error(good: bytes, corrupt: Any, message: str) -> None:
    with pytest.raises(SnapshotError, match=message):
        load(corrupt(good))


@pytest.mark.parametrize("version", [0, snapshot.VERSION + 1])
def test_another_format_version_raises_snapshot_error_naming_it(good: bytes,
                                                                version: int) -> None:
    header, arrays = unpack(good)
    with pytest.raises(SnapshotError, match=f"format {version} cannot be read"):
        load(pack(header, arrays, version))


@pytest.mark.parametrize("change", [
    lambda h: h.update(config="dataset=no_such_set"),
    lambda h: h.update(config="hidden_layers=3"),  # valid, but not the saved model's shape
    lambda h: h.update(config="model=perceptron&dataset=gaussian"),
    lambda h: h["arrays"][0].__setitem__(0, "|O"),  # no pickled objects, ever
    lambda h: h["arrays"][0].__setitem__(1, [10**6]),
    lambda h: h.pop("state"),
    lambda h: h.update(playing="yes"),
    lambda h: h["state"].pop("rng"),
], ids=["bad-config", "other-shape", "other-model", "object-array", "too-long", "no-state",
        "playing", "no-rng"])
def test_a_header_that_does_not_fit_raises_snapshot_error(good: bytes, change: Any) -> None:
    header, arrays = unpack(good)
    change(header)
    with pytest.raises(SnapshotError):
        load(pack(header, arrays))


def test_arrays_left_over_raise_snapshot_error(good: bytes) -> None:
    header, arrays = unpack(good)
    with pytest.raises(SnapshotError, match="left after the arrays"):
        load(pack(header, arrays + b"\0" * 8))


def test_a_header_that_is_not_json_raises_snapshot_error() -> None:
    body = struct.pack("<I", 5) + b"{nope"
    with pytest.raises(SnapshotError, match="header"):
        load(MAGIC + struct.pack("<H", snapshot.VERSION) + zlib.compress(body))


def test_a_perceptron_state_in_an_mlp_snapshot_is_refused() -> None:
    run = build_run(from_query(PERCEPTRON_QUERY))
    assert isinstance(run.model, Perceptron)
    header, arrays = unpack(dump(run, False))
    header["config"] = "dataset=gaussian"
    with pytest.raises(SnapshotError, match="perceptron"):
        load(pack(header, arrays))


def test_a_snapshot_inflating_past_the_limit_is_refused(good: bytes,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "MAX_BODY", 1000)
    with pytest.raises(SnapshotError, match="oversized"):
        load(good)


def test_a_diverged_run_keeps_its_nans_and_its_reason() -> None:
    run = build_run(from_query("activation=linear&learning_rate=10&dataset=plane"
                               "&problem=regression"))
    train(run, 3)
    assert run.trainer.diverged
    restored, _ = load(dump(run, False))
    assert restored.trainer.diverged and restored.trainer.stopped_reason == \
        run.trainer.stopped_reason
    assert np.array_equal(parameters(restored), parameters(run), equal_nan=True)
    last = restored.trainer.history.last
    assert last is not None and last.diverged and np.isnan(last.train_loss)
