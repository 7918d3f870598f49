"""The Jinja environment: autoescaping, strict undefined names, and the helpers templates call."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from app.config import Config, knob
from app.config.ranges import field_range
from app.data.points import DOMAIN
from app.engine import DATASETS, FEATURES, OPTIMIZERS, losses_for
from app.engine.targets import problem_kind
from app.figures.charts import CLASS_COLOURS
from app.figures.confusion_tables import confusion_tables
from app.figures.dataset_previews import dataset_preview, feature_preview
from app.figures.diagram import build as network_diagram
from app.figures.diagram_links import edge_paths, hit_paths
from app.web import htmx
from app.web.hiding import hidden_css

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class Environment(jinja2.Environment):
    """Jinja's environment with each template's globals as one plain dict.

    Jinja chains a template's globals to the environment's (a ChainMap) and flattens the chain
    into a fresh dict at every render: about 20 µs for our 22 names, several times a poll. Ours
    are set once, before any template loads (environment()), so a copy made at load is the same.
    """

    def make_globals(self, d: Mapping[str, Any] | None) -> MutableMapping[str, Any]:
        """Return the environment's globals overlaid with the template's own `d`, flat."""
        return {**self.globals, **(d or {})}


def format_epoch(epoch: int) -> str:
    """Return the epoch zero-padded with thousands separators, like TF Playground: 000,123."""
    return f"{epoch:07,d}"


def valid_losses(config: Config) -> tuple[str, ...]:
    """Return the losses that fit the config's dataset."""
    return losses_for(problem_kind(config.n_classes))


def optimizer_hyper(name: str) -> tuple[str, ...]:
    """Return the hyper-parameter names an optimizer takes (besides the learning rate)."""
    return OPTIMIZERS[name].hyperparameter_names


@cache
def plain_number(value: float) -> str:
    """Return a number as a person writes it, without exponent: 1e-05 -> "0.00001"."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@cache
def environment() -> jinja2.Environment:
    """Return the Jinja environment shared by every render (built once: its templates are
    compiled once, and a poll renders three of them)."""
    env = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # no stat() per render
    env.policies["json.dumps_kwargs"] = {"allow_nan": False, "separators": (",", ":")}
    env.filters["epoch"] = format_epoch
    env.filters["url_number"] = repr  # as the URL writes a float: 0.03, 1e-05
    env.filters["plain_number"] = plain_number
    env.globals.update(
        knob=knob, features=FEATURES, datasets=DATASETS, htmx_config=htmx.CONFIG_JSON,
        dataset_preview=dataset_preview, feature_preview=feature_preview,
        valid_losses=valid_losses, optimizer_hyper=optimizer_hyper,
        network_diagram=network_diagram, edge_paths=edge_paths, hit_paths=hit_paths,
        confusion_tables=confusion_tables,
        hidden_css=hidden_css,
        class_colours=CLASS_COLOURS, plane=f"{DOMAIN:g}", field_range=field_range)
    return env


def warm() -> int:
    """Compile every template now (the server does at start-up: a class's first page loads,
    arriving together, would each compile them again while the cache is still empty); return
    how many there are."""
    env = environment()
    names = env.list_templates(extensions=("html",))
    for name in names:
        env.get_template(name)
    return len(names)
