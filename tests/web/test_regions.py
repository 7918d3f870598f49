"""Which regions answer a change of settings: all for a new run or new data, few for a knob."""

from __future__ import annotations

from app.config import Config
from app.web.regions import EVERY, LINKS, for_change


def test_new_data_redraws_every_region() -> None:
    for changed in ({"dataset", "learning_rate"}, {"data_seed"}, {"noise", "seed"}):
        assert for_change(changed) == EVERY


def test_a_new_network_redraws_the_frame_and_only_the_panels_that_draw_what_changed() -> None:
    for changed in ({"seed"}, {"activation"}, {"optimizer", "beta1"}, {"init", "loss"}):
        names = set(for_change(changed))
        assert names == set(LINKS) | {"stats", "advanced", "frame"}, changed
    assert {"network", "frame"} <= set(for_change({"hidden_layers"}))
    assert "data" not in for_change({"hidden_layers"}) and "view" not in for_change({"seed"})
    assert {"network", "data"} <= set(for_change({"model"}))
    assert "data" in for_change({"batch_size"}) and "network" not in for_change({"batch_size"})


def test_a_live_knob_redraws_only_the_links_and_the_lesson() -> None:
    for changed in ({"learning_rate"}, {"regularization", "regularization_rate"}, {"speed"}, set()):
        assert set(for_change(changed)) == set(LINKS)


def test_a_view_knob_adds_the_frame_that_restyles_and_the_words_that_change() -> None:
    assert "frame" in for_change({"discretize"}) and "network" not in for_change({"discretize"})
    assert "frame" in for_change({"show_test_data"})
    view = for_change({"edge_view"})
    assert {"frame", "diagram_note"} <= set(view) and "network" not in view
    assert for_change({"projector"}) == EVERY


def test_a_region_inside_a_redrawn_one_is_not_sent_twice() -> None:
    both = for_change({"edge_view", "projector"})
    assert "network" in both and "diagram_note" not in both
    assert "regenerate" not in for_change({"dataset"})


def test_every_field_has_an_answer() -> None:
    for name in Config.model_fields:
        assert "share" in for_change({name}), name


def test_the_knobs_under_the_network_redraw_when_the_model_changes_them() -> None:
    assert "knobs" in for_change({"model"})  # the perceptron disables activation, regularization
    assert "knobs" not in for_change({"activation"}) and "knobs" not in for_change({"seed"})
    assert "knobs" in for_change({"dataset"})
