"""Drawing: edits make new data sets the run trains on (same network), undo, clear, snapshots."""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np
import pytest

from app.config import Config
from app.data.points import make
from app.engine import Trainer
from app.session import snapshot
from app.session.drawing import Edit, config_for
from app.session.library import DataLibrary
from app.session.run import advance, build_run
from app.session.run_data import NO_POINTS, make_data
from app.session.session import Session, SessionView


def look(view: SessionView) -> SessionView:
    return view


def drawn(session: Session, *clicks: tuple[float, float, int]) -> SessionView:
    view = session.edit_data(Edit("clear"), look)
    for x1, x2, label in clicks:
        view = session.edit_data(Edit("add", x1, x2, label), look)
    return view


def test_the_first_edit_starts_from_the_generated_points() -> None:
    session = Session("s", build_run(Config()))
    view = session.edit_data(Edit("add", 0.0, 0.0, 1), look)
    assert view.run.custom is not None and len(view.run.custom) == 501
    assert view.run.config.custom_data == view.run.custom.key and view.changed == {"custom_data"}


def test_drawn_points_are_split_by_data_seed_and_the_network_goes_on() -> None:
    session = Session("s", build_run(Config()))
    params = session.read(lambda v: v.run.trainer.net.params.copy())  # type: ignore[union-attr]
    view = drawn(session, *[(i - 5.0, 1.0, i % 2) for i in range(10)])
    ds = view.run.dataset
    assert len(ds.x_train) == 5 and len(ds.x_test) == 5  # train_fraction 0.5
    assert np.array_equal(view.run.trainer.net.params, params)  # type: ignore[union-attr]
    again = make_data(view.run.config, view.run.custom)
    assert np.array_equal(again.x_train, ds.x_train)  # the same data_seed: the same split


def test_clear_stops_training_with_a_reason_and_a_point_starts_it_again() -> None:
    session = Session("s", build_run(Config()), playing=True)
    view = session.edit_data(Edit("clear"), look)
    assert not view.playing and view.run.trainer.stopped_reason == NO_POINTS
    assert len(view.run.dataset.x_train) == 0
    assert not session.play(look).playing
    view = session.edit_data(Edit("add", 1.0, 1.0, 1), look)
    assert view.run.trainer.running and session.play(look).playing


def test_undo_goes_back_edit_by_edit_to_the_generated_data() -> None:
    session = Session("s", build_run(Config()))
    keys = [session.edit_data(Edit("clear"), look).run.config.custom_data]
    keys.append(session.edit_data(Edit("add", 1.0, 1.0, 0), look).run.config.custom_data)
    keys.append(session.edit_data(Edit("erase", 1.1, 1.0), look).run.config.custom_data)
    assert keys[0] == keys[2]  # the same points, the same key
    assert session.edit_data(None, look).run.config.custom_data == keys[1]
    assert session.edit_data(None, look).run.config.custom_data == keys[0]
    assert session.edit_data(None, look).run.config.custom_data == ""
    with pytest.raises(ValueError, match="nothing to undo"):
        session.edit_data(None, look)


def test_a_refused_edit_changes_nothing() -> None:
    session = Session("s", build_run(Config()))
    before = session.read(lambda v: v.run)
    for edit in (Edit("add", 0.0, 9.0, 1), Edit("add", 0.0, 0.0, 2), Edit("paint")):
        with pytest.raises(ValueError):
            session.edit_data(edit, look)
    assert session.read(lambda v: v.run) is before


def test_the_perceptron_refuses_an_empty_plane() -> None:
    session = Session("s", build_run(Config(model="perceptron")))
    with pytest.raises(ValueError, match="the perceptron needs at least one point"):
        session.edit_data(Edit("clear"), look)


def test_twenty_drawn_points_of_two_classes_are_learned_exactly() -> None:
    session = Session("s", build_run(Config(learning_rate=0.1)))
    clicks = [(-4 + 0.4 * i, 3.0 if i % 2 else -3.0, i % 2) for i in range(20)]
    view = drawn(session, *clicks)
    advance(view.run, 300, budget=60.0)
    last = view.run.trainer.history.last
    assert last is not None and last.train_accuracy == 1.0


def test_an_upload_picks_a_dataset_with_as_many_classes() -> None:
    lib = DataLibrary()
    session = Session("s", build_run(Config()), library=lib)
    data = make([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]], [0, 2, 1], 3)
    view = session.apply(lambda c: config_for(c, data), look, custom=data)
    assert view.run.config.dataset == "blobs3" and view.run.config.custom_data == data.key
    assert lib.get(data.key) is data


def test_snapshots_carry_the_points_and_old_snapshots_still_load() -> None:
    session = Session("s", build_run(Config()))
    view = drawn(session, (1.0, 1.0, 0), (-1.0, 2.0, 1), (3.0, -1.0, 1))
    advance(view.run, 3, budget=60.0)
    run, _ = snapshot.load(snapshot.dump(view.run, False))
    assert run.custom is not None and run.custom.key == view.run.config.custom_data
    advance(view.run, 2, budget=60.0)
    advance(run, 2, budget=60.0)
    assert isinstance(run.trainer, Trainer)
    assert run.trainer.history.last == view.run.trainer.history.last
    # format 1 (before custom data): no "custom" in its header
    plain = build_run(Config())
    data = snapshot.dump(plain, False)
    body = zlib.decompress(data[10:])
    (length,) = struct.unpack_from("<I", body)
    header = json.loads(body[4:4 + length])
    del header["custom"]
    text = json.dumps(header).encode()
    old = snapshot.MAGIC + struct.pack("<H", 1) + zlib.compress(
        struct.pack("<I", len(text)) + text + body[4 + length:])
    loaded, _ = snapshot.load(old)
    assert loaded.custom is None and np.array_equal(loaded.model.params, plain.model.params)  # type: ignore[union-attr]
