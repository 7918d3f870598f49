"""Tests for app.engine.history: the epoch record and the evenly decimated, bounded history."""

import dataclasses

import pytest

from app.engine.history import EpochRecord, History


def record(epoch: int, **changes: object) -> EpochRecord:
    fields: dict[str, object] = {
        "epoch": epoch, "train_loss": 1.0 / epoch, "test_loss": 2.0 / epoch,
        "train_accuracy": 0.5, "test_accuracy": 0.4, "learning_rate": 0.03,
        "grad_norms": (0.1, 0.2), "update_ratios": (1e-3, 2e-3)}
    fields.update(changes)
    return EpochRecord(**fields)  # type: ignore[arg-type]


def test_record_is_frozen_and_not_diverged_by_default() -> None:
    r = record(1)
    assert r.diverged is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.epoch = 2  # type: ignore[misc]


def test_without_a_limit_every_record_is_kept_in_order() -> None:
    history = History()
    for epoch in range(1, 101):
        history.append(record(epoch))
    assert len(history) == 100
    assert [r.epoch for r in history.records] == list(range(1, 101))
    assert history.stride == 1
    assert history.last == record(100)


@pytest.mark.parametrize(("limit", "epochs"), [(4, 10), (4, 37), (8, 100), (10, 1000), (5, 64)])
def test_decimation_keeps_evenly_spaced_epochs_within_the_limit(limit: int, epochs: int) -> None:
    history = History(limit)
    for epoch in range(1, epochs + 1):
        history.append(record(epoch))
        kept = [r.epoch for r in history.records]
        assert len(kept) <= limit
        # always the multiples of the stride, from the first one up to the newest epoch
        assert kept == list(range(history.stride, epoch + 1, history.stride))
        assert history.last is not None
        assert history.last.epoch == epoch
    assert len(history) >= limit // 2  # halving keeps at least half


def test_stride_doubles_each_time_the_history_fills_up() -> None:
    history = History(4)
    strides = []
    for epoch in range(1, 41):
        history.append(record(epoch))
        strides.append(history.stride)
    # 5 records overflow 4 → stride 2 at epoch 5; 10 → 4; 20 → 8; 40 → 16
    assert strides[3] == 1
    assert strides[4] == 2
    assert strides[9] == 4
    assert strides[19] == 8
    assert strides[39] == 16
    assert [r.epoch for r in history.records] == [16, 32]


def test_the_newest_record_is_available_even_when_skipped() -> None:
    history = History(4)
    for epoch in range(1, 8):
        history.append(record(epoch))
    assert history.stride == 2
    assert 7 not in [r.epoch for r in history.records]
    assert history.last == record(7)


def test_column_reads_one_field_across_the_kept_records() -> None:
    history = History()
    for epoch in (1, 2, 4):
        history.append(record(epoch))
    assert history.column("epoch") == [1, 2, 4]
    assert history.column("train_loss") == [1.0, 0.5, 0.25]
    assert history.column("grad_norms") == [(0.1, 0.2)] * 3


@pytest.mark.parametrize("limit", [3, 0, -5])
def test_a_limit_below_four_raises_naming_it(limit: int) -> None:
    with pytest.raises(ValueError, match=rf"≥ 4.*{limit}"):
        History(limit)


def test_limit_four_is_allowed() -> None:
    assert History(4).limit == 4
