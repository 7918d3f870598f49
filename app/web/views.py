"""Session state -> HTML: the page, the regions htmx swaps, the answers to changes and polls.

Every function reads a SessionView (session.py hands one to the render it is given, under the
session's lock) and changes nothing. Every region is a template partials/<id>.html whose root
element has that id; `oob=True` renders it as an out-of-band swap. Frames (the JSON the charts
read) are full or a delta against what the page says it already has (its `token` and last
`epoch`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.config import Config, to_query
from app.engine import PerceptronTrainer
from app.figures import charts, confusion, curves, diagram_frame, hidden_space, pictures
from app.lecture import lessons, perceptron_view
from app.session.run import Run
from app.session.run_data import NO_POINTS
from app.session.session import SessionView
from app.web import regions
from app.web.htmx import SESSION_HEADER
from app.web.templating import environment


@dataclass(frozen=True)
class Message:
    """One line for the banner. kind: error (bad input), warning (stopped), info. A refused
    form value names its `field` and the value still `in_use`: the page says it next to that
    field and shows the value in use again (static/fields.js)."""

    text: str
    kind: Literal["error", "warning", "info"] = "error"
    field: str = ""
    in_use: str = ""


def _figure(run: Run) -> str:
    """Return what identifies the figures themselves: a new run, new data or projector's sizes."""
    return f"{run.run_id}.{run.data_id}.{int(run.config.projector)}"


def _looks(run: Run) -> str:
    """Return how the figures look: test points shown, discretized, the diagram's view."""
    c = run.config
    return f"{int(c.show_test_data)}.{int(c.discretize)}.{c.edge_view}"


def token(run: Run) -> str:
    """Return what a page's charts hold, "figure/looks": a new figure part means redraw
    everything, a new looks part restyle what is drawn (restyle())."""
    return f"{_figure(run)}/{_looks(run)}"


def restyle(run: Run, have_looks: str) -> dict[str, Any]:
    """Return the frame keys that bring a page whose looks are `have_looks` (its token's second
    part) to today's: looks (the heatmap's colour scale, whether each points trace shows) and, in
    diagram, the thumbnails' colours (lut) when discretize changed and the view's looks when the
    view did. No pictures, no points: a view knob answers in a few hundred bytes."""
    c = run.config
    test, discretized, view = (have_looks.split(".") + ["", "", ""])[:3]
    out: dict[str, Any] = {"looks": {"colorscale": charts.colorscale(c.n_classes, c.discretize),
                                     "visible": charts.point_visibility(run)}}
    diagram: dict[str, Any] = {}
    if discretized != str(int(c.discretize)):
        diagram["lut"] = charts.lut_base64(2, c.discretize)
    if view != c.edge_view:
        diagram.update(diagram_frame.view_looks(run))
    if diagram:
        out["diagram"] = diagram
    return out


Hidden = tuple[int, str]  # the open hidden-space panel's (layer, axes): hidden_space.payload


def frame(run: Run, have_token: str = "", since: int = -1, show: str = "",
          looks_only: bool = False, hidden: Hidden | None = None) -> dict[str, Any]:
    """Return the chart data: whole figures, or the new heatmap and curve points since `since`;
    and the diagram's numbers. One grid evaluation feeds the heatmap and every thumbnail. A page
    whose looks differ gets restyle()'s keys too; `looks_only` (the answer to a view knob) sends
    only those, with no epoch: the pictures and curves stay as the page has them.

    `show` ("column.unit", the diagram node the pointer rests on) puts that node's picture in a
    delta's heatmap instead of the output, as TF Playground enlarges a hovered neuron.
    `hidden` (the hidden-space panel is open) adds that layer's picture of the points.
    """
    current = token(run)
    have_figure, _, have_looks = have_token.partition("/")
    out: dict[str, Any] = {"token": current}
    whole = have_figure != _figure(run) or since < 0
    restyled = restyle(run, have_looks) if not whole and have_looks != _looks(run) else {}
    if looks_only and not whole:
        return {**out, **restyled}
    ev = pictures.evaluate(run)
    out["epoch"] = run.epoch
    if whole:
        out.update(boundary=charts.boundary_figure(run, ev), loss=curves.loss_figure(run))
    else:
        shown = pictures.shown_codes(run, ev, show)
        out.update(z=charts.encode_u1(shown if shown is not None else
                                      charts.boundary_codes(run, ev)),
                   extend=curves.extension(run, since))
    out["diagram"] = diagram_frame.payload(run, ev) | restyled.get("diagram", {})
    if "looks" in restyled:
        out["looks"] = restyled["looks"]
    overlay = perceptron_view.overlay(run)  # the perceptron's line, weight arrow, last sample
    if overlay is not None:
        out["overlay"] = overlay
    if hidden is not None:
        out["hidden"] = hidden_space.payload(run, *hidden)
    return out


def stop_message(run: Run) -> Message | None:
    """Return the banner line for a run that stopped training, if it did."""
    reason = run.trainer.stopped_reason
    if reason is None:
        return None
    kind: Literal["warning", "info"] = "warning" if run.trainer.diverged else "info"
    again = kind == "info" and reason != NO_POINTS  # points, not a reset, let it train
    return Message(f"{reason} — press reset to train again" if again else reason, kind)


def context(view: SessionView, messages: Iterable[Message] = (),
            frame_data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return everything the templates need for this session."""
    run = view.run
    config: Config = run.config
    last = run.trainer.history.last
    return {
        "config": config, "query": to_query(config), "run": run, "last": last,
        "page_headers": {SESSION_HEADER: view.id},
        "playing": view.playing, "cadence_ms": view.cadence_ms, "messages": list(messages),
        "frame": frame_data if frame_data is not None else frame(run),
        "perceptron": isinstance(run.trainer, PerceptronTrainer),
        "loss_name": curves.loss_name(run), "n_classes": config.n_classes,
        "lesson": lessons.panel(config, run.trainer),
        "perceptron_state": perceptron_view.state(run),
        "confusion": confusion.confusions(run),
    }


def live_regions(run: Run) -> tuple[str, ...]:
    """Return the optional regions every training update refreshes: the lesson's goal, the
    perceptron's counter and last sample."""
    return ((("lesson_goal",) if run.config.lesson else ())
            + (("perceptron_state",) if isinstance(run.trainer, PerceptronTrainer) else ()))


def render(template: str, ctx: dict[str, Any], oob: bool = False) -> str:
    """Return one template rendered with ctx (regions: oob=True for an out-of-band swap)."""
    return environment().get_template(template).render(ctx, oob=oob)


def region(name: str, ctx: dict[str, Any], oob: bool = False) -> str:
    """Return the partial whose root id is `name`."""
    return render(f"partials/{name}.html", ctx, oob)


def _with_stop(view: SessionView, messages: Sequence[Message] = ()) -> list[Message]:
    """Return messages plus the banner line of a run that stopped training, if it did."""
    stopped = stop_message(view.run)
    return [*messages, *([stopped] if stopped else [])]


def page(view: SessionView, messages: Sequence[Message] = ()) -> str:
    """Return the whole page."""
    return render("index.html", context(view, _with_stop(view, messages)))


def playground(view: SessionView, messages: Sequence[Message] = ()) -> str:
    """Return the #playground fragment (every control and picture): htmx asking for the page."""
    return region("playground", context(view, messages))


def settings_update(view: SessionView, messages: Sequence[Message] = (),
                    names: Sequence[str] = regions.EVERY,
                    frame_data: dict[str, Any] | None = None) -> str:
    """Return the banner plus the regions `names` out-of-band (default: every one)."""
    ctx = context(view, _with_stop(view, messages), frame_data)
    return region("banner", ctx) + "".join(region(n, ctx, oob=True) for n in names)


def change_update(view: SessionView, have_token: str = "", since: int = -1) -> str:
    """Return the answer to a change of settings: the banner and only the regions it changes;
    a frame among them is whole for a new run or data, else only the new looks (frame())."""
    names = regions.for_change(view.changed)
    data = frame(view.run, have_token, since, looks_only=True) if "frame" in names else {}
    return settings_update(view, names=names, frame_data=data)


def banner(messages: Sequence[Message]) -> str:
    """Return only the banner (e.g. a 422 fragment); the rest of the page stays as it is."""
    return region("banner", {"messages": list(messages)})


def training_update(view: SessionView, have_token: str = "", since: int = -1,
                    force_controls: bool = False, show: str = "",
                    hidden: Hidden | None = None, cadence: int = 0) -> str:
    """Return the frame plus epoch and stats (out-of-band); when training stopped, or when
    `force_controls`, also the banner, transport and poller; the poller alone when the page
    polls at another cadence than the server now asks (`cadence`: the page's, 0 unknown).
    `show`, `hidden`: see frame()."""
    run = view.run
    ctx = context(view, frame_data=frame(run, have_token, since, show, hidden=hidden))
    html = region("frame", ctx) + region("epoch", ctx, oob=True) + region("stats", ctx, oob=True)
    html += "".join(region(name, ctx, oob=True) for name in live_regions(run))
    stopped = stop_message(run)
    if stopped is not None:
        ctx["messages"] = [stopped]
        html += region("banner", ctx, oob=True)
    if stopped is not None or force_controls:
        html += region("transport", ctx, oob=True) + region("poller", ctx, oob=True)
    elif view.playing and cadence != view.cadence_ms:
        html += region("poller", ctx, oob=True)
    return html


def poll_update(view: SessionView, have_token: str = "", since: int = -1, show: str = "",
                hidden: Hidden | None = None, cadence: int = 0) -> str:
    """Return a poll's answer: what training changed; the controls too when the poll paused
    (training stopped, and the banner says why) or found the session paused; the poller when
    the page's `cadence` is not the one the server now asks for."""
    return training_update(view, have_token, since, show=show, hidden=hidden, cadence=cadence,
                           force_controls=view.was_playing != view.playing or not view.was_playing)


def playing_update(view: SessionView) -> str:
    """Return the transport (play/pause), the poller in its new state and the banner."""
    ctx = context(view, _with_stop(view))
    return (region("transport", ctx) + region("poller", ctx, oob=True)
            + region("banner", ctx, oob=True))
