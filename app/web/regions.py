"""Which regions an answer carries: a change of settings redraws only what it changes.

A change that makes new data (effects data, regenerate) redraws every region. A new network on
the same data (effect model: activation, optimizer, seed, layers…) redraws the links, the stats,
the advanced panel and the frame (whole: the new weights' looks and pictures, which repaint the
diagram), and the network and data panels only when a knob they draw changed (MODEL_PANELS): a
reset of a big network does not resend its diagram.
A live knob (learning rate, regularisation) and most view knobs (speed) change nothing the page
draws: they answer the share link and the controls whose action URLs carry the page's query (a
lost session restarts from it). A view knob that changes a picture adds the frame, which then
carries only the new looks (views.frame), and the words that describe them.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.config import knob

# every region a change of settings, reset or regenerate may redraw, in page order
EVERY = ("share", "transport", "data", "network", "knobs", "stats", "view", "advanced", "frame",
         "poller", "lesson", "perceptron")
# the regions whose links carry the page's query ("regenerate" sits inside "data"), and the lesson,
# whose goal may read any knob
LINKS = ("share", "transport", "regenerate", "poller", "lesson", "perceptron")
NEW_DATA = frozenset({"data", "regenerate"})
MODEL_REDRAWS = ("stats", "advanced", "frame")
# the model knobs each panel draws besides its controls' own values: the diagram's structure
# (and the perceptron's disabled controls), the data panel's batch controls, the knobs under the
# network (disabled for the perceptron)
MODEL_PANELS = {"network": frozenset({"features", "hidden_layers", "model"}),
                "knobs": frozenset({"model"}),
                "data": frozenset({"batch_mode", "batch_size", "model"})}
# what a "view" knob redraws besides LINKS: the looks of the heatmap, points and diagram (frame),
# and the note saying what the diagram's lines show
VIEW_REDRAWS: dict[str, tuple[str, ...]] = {
    "show_test_data": ("frame",), "discretize": ("frame",), "edge_view": ("frame", "diagram_note"),
    "projector": EVERY,
}
# what a drawing edit redraws: the points (frame), the data panel, the stats and the links
DRAWING = ("share", "transport", "data", "stats", "frame", "poller", "lesson", "perceptron")
INSIDE = {"regenerate": "data", "diagram_note": "network"}  # a region drawn inside another
ORDER = tuple(name for outer in EVERY
              for name in (outer, *(inner for inner, o in INSIDE.items() if o == outer)))


def for_change(changed: Iterable[str]) -> tuple[str, ...]:
    """Return the regions (out-of-band, after the banner) that answer a change of these config
    fields, in page order: every one for new data; for a new network the links, MODEL_REDRAWS
    and the panels that draw a changed knob; else the links and what changed view knobs draw."""
    wanted = set(LINKS)
    for name in changed:
        effect = knob(name).effect
        if effect in NEW_DATA:
            return EVERY
        if effect == "model":
            wanted.update(MODEL_REDRAWS)
            wanted.update(panel for panel, knobs in MODEL_PANELS.items() if name in knobs)
        wanted.update(VIEW_REDRAWS.get(name, ()))
    return tuple(name for name in ORDER if name in wanted and INSIDE.get(name) not in wanted)
