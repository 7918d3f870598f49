"""A Config as text and back: the URL query (one key per field), form pairs, and what a click means.

`to_query` and `from_query` round-trip every field; `parse` turns pydantic's errors into one
readable line per bad value (ConfigError); `reconcile` adjusts a form the way a click means it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from pydantic import ValidationError

from app.config import ranges
from app.config.schema import EXAMPLE_FIELDS, URL_FIELDS, Config
from app.engine import DATASETS, losses_for
from app.engine.targets import problem_kind
from app.validation import ConfigError, error_messages


def field_value(config: Config, name: str) -> str:
    """Return a field's value as the URL and the form write it ("0.03", "4,2", "true")."""
    return _format_value(getattr(config, name))


def _format_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return repr(value) if isinstance(value, float) else str(value)


@lru_cache(maxsize=1024)  # every poll renders its page's query: configs are frozen, hashable
def to_query(config: Config) -> str:
    """Return the URL query holding every field, e.g. "dataset=circle&…&hidden_layers=4,2"."""
    pairs = [(name, _format_value(getattr(config, name))) for name in Config.model_fields]
    return urlencode(pairs, safe=",")


def raw_from_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Merge query or form pairs: the last value wins, except features, which accumulate.

    Forms send a hidden "false" before each checkbox and a hidden "" before the feature toggles,
    so an unchecked box still says so.
    """
    raw: dict[str, str] = {}
    features: list[str] = []
    for key, value in pairs:
        if key == "features":
            features.extend(v for v in value.split(",") if v)
        raw[key] = value
    if "features" in raw:
        raw["features"] = ",".join(features)
    return raw


def parse(raw: dict[str, Any]) -> Config:
    """Return the Config for raw values (strings from a URL or form, or typed values).

    Raises:
        ConfigError: with one readable message per invalid value.
    """
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise ConfigError(error_messages(errors), ranges.messages(errors)) from None


def from_query(query: str) -> Config:
    """Return the Config a URL query describes; absent keys take their defaults."""
    return parse(raw_from_pairs(parse_qsl(query, keep_blank_values=True)))


def reconcile(raw: dict[str, str], current: Config) -> dict[str, str]:
    """Return form values adjusted the way a click means them, before strict validation.

    Switching the problem type picks that problem's first dataset (as TF Playground swaps its
    thumbnails); a dataset whose problem rejects the loss or the perceptron falls back to the
    square loss and the MLP rather than refusing the click. The worked example's choice
    (EXAMPLE_FIELDS), what the link hid (URL_FIELDS) and the drawn or uploaded data (custom_data)
    live outside the form: absent, they keep their current values, except that picking a dataset
    or problem type means its generated points.
    """
    raw = dict(raw)
    for name in (*EXAMPLE_FIELDS, *URL_FIELDS, "custom_data"):
        raw.setdefault(name, _format_value(getattr(current, name)))
    if (raw.get("dataset", current.dataset), raw.get("problem", current.problem)) != (
            current.dataset, current.problem):
        raw["custom_data"] = ""
    problem = raw.get("problem", current.problem)
    info = DATASETS.get(raw.get("dataset", current.dataset))
    if info is not None and problem != current.problem and info.problem != problem:
        first = next((n for n, i in DATASETS.items() if i.problem == problem), None)
        if first is None:  # an unknown problem: strict validation names it
            return raw
        raw["dataset"], info = first, DATASETS[first]
    if info is not None and info.problem == problem:
        kind = problem_kind(info.n_classes)
        if raw.get("loss", current.loss) not in losses_for(kind):
            raw["loss"] = "square"
        if kind != "binary" and raw.get("model", current.model) == "perceptron":
            raw["model"] = "mlp"
    return raw
