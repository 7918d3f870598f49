"""Python source literals for the exports: exact floats and arrays, generator states, safe comments.

User text reaches generated source only through `comment_text`, which keeps it on one comment line;
numbers go through repr, which round-trips every float64 bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from app.engine._types import AnyArray

BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


def comment_text(text: str, limit: int = 200) -> str:
    """Return text made safe for one `#` comment line of generated source.

    Every non-printable character (newlines, carriage returns, line and paragraph separators, NUL,
    lone surrogates) becomes a space, runs of whitespace collapse to one, and the result is cut to
    limit characters, so the text can neither end the comment nor break the file's encoding.
    """
    cleaned = "".join(c if c.isprintable() else " " for c in str(text))
    return " ".join(cleaned.split())[:limit]


def float_literal(value: float) -> str:
    """Return the shortest literal that reads back as exactly this float64 (repr round-trips).

    Raises:
        ValueError: value is NaN or infinite (no plain literal exists).
    """
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"cannot export a non-finite number, got {value!r}")
    return repr(x)


def _number(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, int | np.integer):
        return repr(int(value))
    if isinstance(value, float | np.floating):
        return float_literal(float(value))
    raise TypeError(f"expected a number, got {value!r}")


def wrap(items: Iterable[str], indent: str, width: int = 100) -> list[str]:
    """Return lines of indent + comma-separated items, each line at most width characters
    (an item longer than a line gets a line of its own); every line ends with a comma."""
    lines: list[str] = []
    line = ""
    for item in items:
        piece = f"{item},"
        if line and len(indent) + len(line) + 1 + len(piece) > width:
            lines.append(indent + line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(indent + line)
    return lines


def array_literal(values: AnyArray, indent: str = "", width: int = 100) -> str:
    """Return `np.array([...])` source for a 1-D or 2-D numeric array, exact and wrapped to width.

    Args:
        values: integers or finite floats, shape (n,) or (n, m) with n ≥ 1.
        indent: the indentation of the line the literal starts on (continuation lines add 4).
        width: the longest line wanted.

    Raises:
        ValueError: a value is not finite, or values is empty or not 1-D/2-D.
    """
    a = np.asarray(values)
    if a.ndim not in (1, 2) or a.shape[0] == 0:
        raise ValueError(f"expected a non-empty 1-D or 2-D array, got shape {a.shape}")
    inner = indent + "    "
    if a.ndim == 1:
        items = [_number(v) for v in a.tolist()]
        one_line = f"np.array([{', '.join(items)}])"
        if len(indent) + len(one_line) <= width:
            return one_line
        return "\n".join(["np.array([", *wrap(items, inner, width), indent + "])"])
    rows = []
    for row in a.tolist():
        items = [_number(v) for v in row]
        text = f"[{', '.join(items)}],"
        if len(inner) + len(text) <= width:
            rows.append(inner + text)
        else:
            body = wrap(items, inner + " ", width)
            body[0] = inner + "[" + body[0][len(inner) + 1:]
            body[-1] = body[-1][:-1] + "],"
            rows.append("\n".join(body))
    return "\n".join(["np.array([", *rows, indent + "])"])


def state_literal(state: object, indent: str = "") -> str:
    """Return source for a bit generator's state: nested dicts of str keys, ints, floats, strings
    and unsigned-integer arrays (MT19937's key), one dict entry per line.

    Raises:
        TypeError: the state holds anything else.
    """
    if isinstance(state, Mapping):
        inner = indent + "    "
        entries = [f"{inner}{_key(k)}: {state_literal(v, inner)}," for k, v in state.items()]
        return "\n".join(["{", *entries, indent + "}"])
    if isinstance(state, str):
        return repr(state)
    if isinstance(state, np.ndarray) and np.issubdtype(state.dtype, np.integer):
        return f"np.array({[int(v) for v in state.tolist()]!r}, dtype=np.{state.dtype.name})"
    return _number(state)


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"generator state keys must be strings, got {key!r}")
    return repr(key)


def generator_kind(rng: np.random.Generator) -> str:
    """Return the name of rng's bit generator class in np.random (e.g. "PCG64").

    Raises:
        ValueError: the bit generator is not one of NumPy's own (BIT_GENERATORS).
    """
    kind = rng.bit_generator.state.get("bit_generator")
    if kind not in BIT_GENERATORS:
        raise ValueError(
            f"cannot export a {kind!r} generator; allowed: {', '.join(BIT_GENERATORS)}")
    return str(kind)
