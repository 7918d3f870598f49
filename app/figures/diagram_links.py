"""The diagram's links as SVG markup, written in one pass: two paths per weight.

A big network has hundreds of links; drawn by a Jinja loop (an escape per attribute) they were
most of a rebuild's time. Every value here is a number, an id or a palette colour that we make,
except the label, which is escaped. templates/diagram.html places the two groups.

Per link: the visible path (`edge-L-I-J`, its colour and width; `zero` when L1 made the weight
exactly 0) and an invisible wide twin to hover, focus and click (`hit-L-I-J`, a roving tab stop
of column L + 1, "Weight …" for screen readers).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from app.figures.diagram import Diagram

HIT_TITLE = "<title>Click to see or type its value</title>"


def edge_paths(d: Diagram) -> Markup:
    """Return the visible paths, one per link, in d.edges' order."""
    return Markup("".join(
        f'<path id="edge-{e.layer}-{e.source}-{e.target}" '
        f'class="edge{" zero" if e.zero and not d.gradients else ""}" d="{e.d}" '
        f'stroke="{e.colour}" stroke-width="{e.width:g}"/>' for e in d.edges))


def hit_paths(d: Diagram) -> Markup:
    """Return the wide invisible twins that take the pointer and the keyboard."""
    return Markup("".join(
        f'<path id="hit-{e.layer}-{e.source}-{e.target}" class="hit" d="{e.d}" '
        f'data-layer="{e.layer}" data-source="{e.source}" data-target="{e.target}" '
        f'data-roving="{e.layer + 1}" tabindex="-1" role="button" '
        f'aria-label="Weight {escape(e.label)}">{HIT_TITLE}</path>' for e in d.edges))
