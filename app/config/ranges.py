"""What a form field accepts, said to the page and to the person: the schema's bounds as the page
checks a typed number before sending it, and every refused value as its field's own message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotated_types import Ge, Gt, Le, Lt

from app.config.schema import Config, Knob
from app.validation import FieldMessage, field_messages, range_words


def label(name: str) -> str | None:
    """Return a Config field's label, or None when there is no such field."""
    field = Config.model_fields.get(name)
    if field is None:
        return None
    return next((m.label for m in field.metadata if isinstance(m, Knob)), name)


def messages(errors: Iterable[Any]) -> list[FieldMessage]:
    """Return each pydantic error of a Config as (field, "Beta 1 must be below 1 (got 2)")."""
    return field_messages(errors, label)


def bounds(name: str) -> dict[str, float]:
    """Return the field's bounds from the schema: any of ge, gt, le, lt."""
    out: dict[str, float] = {}
    for m in Config.model_fields[name].metadata:
        for kind, key in ((Ge, "ge"), (Gt, "gt"), (Le, "le"), (Lt, "lt")):
            if isinstance(m, kind):
                out[key] = getattr(m, key)  # an int stays an int: 2147483647, not 2.15e+09
    return out


def field_range(name: str) -> dict[str, str]:
    """Return the data attributes a number field carries so the page can refuse what the server
    would (static/fields.js): its bounds, whether whole numbers only, and the words to say."""
    b = bounds(name)
    shown = label(name) or name
    attrs = {f"data-{k}": str(v) for k, v in b.items()}
    attrs |= {f"data-say-{k}": v for k, v in range_words(shown, **b).items()}
    if Config.model_fields[name].annotation is int:
        attrs["data-whole"] = f"{shown} must be a whole number"
    return attrs
