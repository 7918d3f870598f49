"""The network diagram's structure: where every node, connection, bias and layer bar sits, with
today's looks (diagram_style.py). The template draws it as one SVG — the same picture without
JavaScript; polls send the new looks as codes (diagram_frame.py) that static/diagram.js applies.

Geometry is in SVG user units (the viewBox scales with the panel; a deep network's is wider so its
columns keep room for their buttons; projector mode has its own frame, sized for big type).
Column 0 holds the seven input features (active ones are the network's inputs, in canonical
order), then one column per hidden layer, then the output. Weight layer l connects column l to
column l + 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from app.engine import FEATURES, MLP
from app.figures import charts
from app.figures.diagram_style import (
    FILLS,
    bar_look,
    fill_codes,
    link_codes,
    link_palette,
    zero_text,
)
from app.figures.parameters import Layer, counts_zeros, health, layers, zero_count
from app.figures.pictures import THUMB
from app.session.run import Run

NODE = 30  # node squares, as TF Playground's 30 px
PITCH = 40  # vertical distance between nodes in a column
SPACING = 68  # least distance between columns: room for a column's two +/− buttons on a phone
RIGHT = 44  # room right of the output nodes
BAR = 50  # a gradient bar's full length
BARS = 46  # room below the nodes for the per-layer gradient bars (gradients view)
BIAS = 8  # the bias square, just left of a node's bottom-left corner (TF Playground's place)


@dataclass(frozen=True)
class Geometry:
    """The diagram's frame in SVG user units: its least width, the room above the nodes (+/−
    buttons and the column's caption) and left of the inputs (their names)."""

    width: float
    head: float
    labels: float


# about the panel's width on a 1400 px screen: text stays near its CSS size
DESK = Geometry(width=560, head=48, labels=64)
# projector mode: near 1:1 in its panel at 1280 px, with room for 19-unit captions and names
PROJECTOR = Geometry(width=500, head=56, labels=88)


@dataclass(frozen=True)
class Node:
    """A node box at (x, y) (top-left) in diagram column `layer`: 0 = the inputs, l ≥ 1 = the
    units of weight layer l − 1 (the last column is the output)."""

    layer: int
    unit: int  # index among the layer's units (inputs: among the active features; −1 inactive)
    x: float
    y: float
    label: str
    feature: str = ""  # input nodes: the feature key
    bias: float = 0.0  # other nodes: the bias now

    @property
    def bias_colour(self) -> str:
        """Return the bias square's fill (diagram_style.FILLS, as polls send it)."""
        return FILLS[int(fill_codes(np.array([self.bias]))[0])]


@dataclass(frozen=True)
class Edge:
    """A weight's link, from a source node's right edge to a target node's left edge, with the
    look it has now (diagram_style.link_palette: weights or log |∂E/∂w|)."""

    layer: int
    source: int
    target: int
    d: str
    label: str
    weight: float
    gradient: float
    width: float
    colour: str
    zero: bool  # under L1, a weight exactly 0 (parameters.counts_zeros)


@dataclass(frozen=True)
class Column:
    """One column: its layer, centre x and caption; `hidden` numbers hidden layers from 1."""

    layer: int
    x: float
    caption: str
    hidden: int  # 0 for the inputs and the output


@dataclass(frozen=True)
class Bar:
    """A weight layer's gradient bar under its target column: ‖∂E/∂W‖ and ‖Δw‖/‖w‖ of the last
    step, the health (parameters.health) and the look (diagram_style.bar_look: the filled
    length on a log scale and the two lines of text)."""

    layer: int
    x: float
    norm: float | None
    ratio: float | None
    health: str
    look: dict[str, Any]
    length: float = BAR


@dataclass(frozen=True)
class Diagram:
    """Everything the template draws, with today's values (polls repaint them)."""

    width: float
    height: float
    body_bottom: float
    sizes: tuple[int, ...]
    columns: list[Column]
    nodes: list[Node]
    edges: list[Edge]
    bars: list[Bar]
    gradients: bool
    zero: tuple[int, int] | None
    palette: list[tuple[float, str]]  # the view's link looks (diagram_style.link_palette)
    lut: str  # the thumbnails' colours: base64 RGB of codes 0..255 (charts.lut, discretized)
    # per view (weights, gradients): its link palette and the SVG's height — a page switches
    # views in place (static/diagram.js), the bars always drawn and shown by the gradients view
    views: dict[str, dict[str, Any]]
    fills: tuple[str, ...] = tuple(FILLS)
    node: float = NODE
    bias: float = BIAS
    labels: float = DESK.labels
    head: float = DESK.head
    thumb: int = THUMB  # the thumbnails' canvases are thumb × thumb pixels

    @property
    def zero_text(self) -> str:
        """Return the L1 zero count's sentence ("" without L1)."""
        return zero_text(self.zero)


def _node_label(layer: int, unit: int, n_layers: int, n_out: int) -> str:
    if layer == n_layers:
        return "Output" if n_out == 1 else f"Output, class {unit}"
    return f"Layer {layer}, neuron {unit + 1}"


def build(run: Run) -> Diagram:
    """Return the diagram of a run's model (the perceptron: inputs straight to its step unit)."""
    config, params = run.config, layers(run)
    sizes = (int(params[0].w.shape[0]), *(int(p.w.shape[1]) for p in params))
    n_layers = len(params)
    rows = max(len(FEATURES), *sizes[1:])
    g = PROJECTOR if config.projector else DESK
    width = max(g.width, g.labels + NODE + RIGHT + SPACING * n_layers)  # deep: wider, not denser
    first, last = g.labels + NODE / 2, width - RIGHT - NODE / 2
    xs = [first + (last - first) * k / n_layers for k in range(n_layers + 1)]

    def top(n: int, i: int) -> float:
        return g.head + (rows - n) * PITCH / 2 + i * PITCH

    active = {key: i for i, key in enumerate(config.features)}
    nodes = [Node(0, active.get(key, -1), xs[0] - NODE / 2, top(len(FEATURES), i),
                  feature.label, key) for i, (key, feature) in enumerate(FEATURES.items())]
    for layer, p in enumerate(params, start=1):
        nodes += [Node(layer, u, xs[layer] - NODE / 2, top(sizes[layer], u),
                       _node_label(layer, u, n_layers, sizes[-1]), bias=float(b))
                  for u, b in enumerate(p.b.tolist())]
    gradients = config.edge_view == "gradients" and isinstance(run.model, MLP)
    bottom = g.head + rows * PITCH - (PITCH - NODE)
    columns = [Column(0, xs[0], "Features", 0)]
    columns += [Column(k, xs[k], f"{n} neuron{'' if n == 1 else 's'}", k)
                for k, n in enumerate(sizes[1:-1], start=1)]
    columns.append(Column(n_layers, xs[-1], "Output", 0))
    heights = {"weights": bottom + 12, "gradients": bottom + BARS}
    views: dict[str, dict[str, Any]] = {
        view: {"links": link_palette(view == "gradients"), "height": height}
        for view, height in heights.items()}
    return Diagram(width, heights["gradients" if gradients else "weights"], bottom, sizes,
                   columns, nodes, _edges(run, nodes, params, gradients),
                   _bars(run, xs) if isinstance(run.model, MLP) else [], gradients,
                   zero_count(run), link_palette(gradients),
                   charts.lut_base64(2, config.discretize), views, labels=g.labels, head=g.head)


def _edges(run: Run, nodes: list[Node], params: list[Layer], gradients: bool) -> list[Edge]:
    """Return every weight's link, layer by layer, source-major (the order of frame "w")."""
    by_key = {(n.layer, n.unit): n for n in nodes if n.unit >= 0}
    zeros = counts_zeros(run)
    palette = link_palette(gradients)
    edges = []
    for layer, p in enumerate(params):
        g = p.grad_w if p.grad_w is not None else np.zeros_like(p.w)
        codes = link_codes(p.w, g if gradients else None)
        for (i, j), value in np.ndenumerate(p.w):
            a, b, w = by_key[layer, i], by_key[layer + 1, j], float(value)
            width, colour = palette[codes[i, j]]
            edges.append(Edge(layer, i, j, _curve(a, b), f"{a.label} → {b.label}", w,
                              float(g[i, j]), width, colour,
                              zeros and w == 0.0))
    return edges


def _bars(run: Run, xs: list[float]) -> list[Bar]:
    """Return one gradient bar per weight layer, from the last epoch's record."""
    last = run.trainer.history.last
    bars = []
    for layer in range(len(xs) - 1):
        norm = ratio = None
        if last is not None:
            norm, ratio = last.grad_norms[layer], last.update_ratios[layer]
        bars.append(Bar(layer, xs[layer + 1], norm, ratio, health(norm, ratio),
                        bar_look(norm, ratio, BAR)))
    return bars


def _curve(a: Node, b: Node) -> str:
    """Return a smooth S-curve (cubic Bézier, like d3's diagonal) from node a to node b."""
    return _path(a.x + NODE, a.y + NODE / 2, b.x, b.y + NODE / 2)


@lru_cache(maxsize=8192)
def _path(x1: float, y1: float, x2: float, y2: float) -> str:
    """Return the S-curve's path data (cached: a layout's links are drawn again and again)."""
    x1, y1, x2, y2 = (round(v, 1) for v in (x1, y1, x2, y2))
    mx = round((x1 + x2) / 2, 1)
    return f"M{x1:g} {y1:g}C{mx:g} {y1:g} {mx:g} {y2:g} {x2:g} {y2:g}"
