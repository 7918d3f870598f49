"""Everything a user can set: the schema (schema.py) and its URL and form round-trip (query.py)."""

from app.config.query import field_value, from_query, parse, raw_from_pairs, reconcile, to_query
from app.config.schema import (
    DATASET_LABELS,
    EXAMPLE_FIELDS,
    LEARNING_RATES,
    MAX_SEED,
    OPTIMIZER_LABELS,
    REGULARIZATION_RATES,
    Choices,
    Config,
    Effect,
    Knob,
    knob,
)

__all__ = [
    "DATASET_LABELS", "EXAMPLE_FIELDS", "LEARNING_RATES", "MAX_SEED", "OPTIMIZER_LABELS",
    "REGULARIZATION_RATES", "Choices", "Config", "Effect", "Knob", "field_value", "from_query",
    "knob", "parse", "raw_from_pairs", "reconcile", "to_query",
]
