"""A comparison of 2–4 runs: one base config and the one setting that varies, as a URL and back.

`/compare?<the base config's query>&vary=optimizer&values=sgd,adam`: every run is the base config
with `vary` set to one of `values`, so the runs share the data (dataset, noise, split and
data_seed never vary) and differ in exactly one knob. Each value is validated by the one schema
(config.Config), so a bad one is named the way the playground names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from app.config.query import _format_value, parse, raw_from_pairs, to_query
from app.config.schema import Config, knob
from app.validation import ConfigError

VARIES = ("optimizer", "learning_rate", "batch_mode", "activation", "init", "seed")
DEFAULT_VALUES: dict[str, tuple[str, ...]] = {
    "optimizer": ("sgd", "adam"), "learning_rate": ("0.003", "0.03", "0.3"),
    "batch_mode": ("full", "mini_batch", "stochastic"), "activation": ("tanh", "relu", "sigmoid"),
    "init": ("playground", "xavier_uniform", "zeros"), "seed": ("0", "1", "2", "3")}
MIN_RUNS, MAX_RUNS = 2, 4
KEYS = ("vary", "values")  # the comparison's own URL keys; every other key is the base config's


@dataclass(frozen=True)
class Comparison:
    """The base config, the knob that varies, and one config per value (in the given order)."""

    base: Config
    vary: str
    configs: tuple[Config, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """Return each run's value of the varied knob, as URLs write it."""
        return tuple(_format_value(getattr(c, self.vary)) for c in self.configs)

    @property
    def labels(self) -> tuple[str, ...]:
        """Return each run's name: "Optimizer: Adam" (the knob's label and the value's)."""
        meta = knob(self.vary)
        names = dict(meta.choices)
        return tuple(f"{meta.label}: {names.get(v, v)}" for v in self.values)

    def query(self) -> str:
        """Return the comparison's URL query (the base config's, then vary and values)."""
        extra = urlencode([("vary", self.vary), ("values", ",".join(self.values))], safe=",")
        return f"{to_query(self.base)}&{extra}"


def _value_config(base: Config, vary: str, value: str) -> Config:
    """Return base with `vary` set to value; ConfigError names the value if it is refused."""
    try:
        return parse({**base.model_dump(), vary: value})
    except ConfigError as exc:
        raise ConfigError([f"values: {value[:40]!r} — {m}" for m in exc.messages]) from None


def from_compare_query(query: str) -> Comparison:
    """Return the comparison a /compare URL's query describes (absent values: the defaults of
    the varied knob; absent vary: the optimizer).

    Raises:
        ConfigError: one readable line per problem (the base config's, vary's or a value's).
    """
    pairs = parse_qsl(query, keep_blank_values=True)
    own = dict((k, v) for k, v in pairs if k in KEYS)
    vary = own.get("vary", "optimizer")
    if vary not in VARIES:
        raise ConfigError([f"vary: unknown {vary[:40]!r}; choose one of {', '.join(VARIES)}"])
    base = parse({**raw_from_pairs((k, v) for k, v in pairs if k not in KEYS), "lesson": ""})
    raw_values = [v.strip() for v in own.get("values", "").split(",") if v.strip()]
    values = raw_values or list(DEFAULT_VALUES[vary])
    if not MIN_RUNS <= len(values) <= MAX_RUNS:
        raise ConfigError([f"values: compare {MIN_RUNS} to {MAX_RUNS} runs, got {len(values)}"])
    messages, configs = [], []
    for value in values:
        try:
            configs.append(_value_config(base, vary, value))
        except ConfigError as exc:
            messages += exc.messages
    if messages:
        raise ConfigError(messages)
    if len({getattr(c, vary) for c in configs}) != len(configs):
        raise ConfigError([f"values: each run needs its own {vary}, got "
                           f"{', '.join(values)}"])
    return Comparison(base, vary, tuple(configs))
