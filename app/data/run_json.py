"""A saved run as JSON text: the document's outer schema and the state tree's arrays, both ways.

The document: {"format": FORMAT, "version": VERSION, "settings": the URL query, "epoch",
"custom_data": null or {"n_classes", "points", "labels"}, "state": the trainer's checkpoint}.
In the state an array is {"dtype": "float64" | "int64" | "bool", "shape": [...], "values": [flat,
row-major]} and a tuple {"tuple": [...]}; floats are written so they read back bit for bit. Every
number must be finite: the only nulls are a float array's "no value" entries (the history's
missing test losses) and an infinite scalar (the best test loss before any). Reading checks
sizes, nesting, types and shapes of arrays, and names the path of the first problem.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

FORMAT = "mlp-playground-run"
VERSION = 1
MAX_BYTES = 2 * 2**20  # largest saved run accepted (the largest network mid-epoch: 1.8 MB)
MAX_VALUES = 200_000  # numbers in one array
MAX_INT = 2**128  # largest |int| (a generator's 128-bit state)
KEYS = ("format", "version", "settings", "epoch", "custom_data", "state")
DTYPES = {"float64": np.float64, "int64": np.int64, "bool": np.bool_}


class RunFileError(ValueError):
    """The file is not a saved run this server loads; the message says where and why."""


def encode(value: Any) -> Any:
    """Return a checkpoint tree as JSON-ready values (see the module docstring).

    Raises:
        ValueError: an array of another type.
    """
    if isinstance(value, np.ndarray):
        kind = {"f": "float64", "i": "int64", "u": "int64", "b": "bool"}.get(value.dtype.kind)
        if kind is None:
            raise ValueError(f"cannot save an array of {value.dtype}")
        flat: list[Any] = value.astype(DTYPES[kind]).ravel().tolist()
        if kind == "float64":
            flat = [v if math.isfinite(v) else None for v in flat]
        return {"dtype": kind, "shape": list(value.shape), "values": flat}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def decode(value: Any, path: str = "state") -> Any:
    """Return the tree encode() wrote, arrays as NumPy arrays (a float array's nulls as NaN).

    Raises:
        RunFileError: a malformed array or tuple, naming its path.
    """
    if isinstance(value, list):
        return [decode(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if set(value) == {"dtype", "shape", "values"}:
            return _array(value, path)
        if set(value) == {"tuple"} and isinstance(value["tuple"], list):
            return tuple(decode(v, f"{path}[{i}]") for i, v in enumerate(value["tuple"]))
        return {k: decode(v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_INT:
        raise RunFileError(f"{path}: {value} is too large")
    return value


def _array(spec: dict[str, Any], path: str) -> np.ndarray:
    dtype, shape, values = spec["dtype"], spec["shape"], spec["values"]
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise RunFileError(f"{path}: dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    if not (isinstance(shape, list) and len(shape) <= 4 and all(
            isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_VALUES
            for n in shape)):
        raise RunFileError(f"{path}: shape must be a list of at most 4 sizes 0..{MAX_VALUES}")
    size = math.prod(shape)
    if not isinstance(values, list) or len(values) != size or size > MAX_VALUES:
        got = len(values) if isinstance(values, list) else type(values).__name__
        raise RunFileError(f"{path}: shape {shape} needs {size} values (at most {MAX_VALUES}), "
                           f"got {got}")
    bad = next((i for i, v in enumerate(values) if not _fits(v, dtype)), None)
    if bad is not None:
        raise RunFileError(f"{path}: value {bad} is {str(values[bad])[:20]!r}, not a {dtype}")
    if dtype == "float64":
        values = [math.nan if v is None else v for v in values]
    return np.array(values, dtype=DTYPES[dtype]).reshape(shape)


def _fits(value: Any, dtype: str) -> bool:
    """Return whether value is an entry an array of dtype may hold (floats: null or a number)."""
    if dtype == "bool" or isinstance(value, bool):
        return dtype == "bool" and isinstance(value, bool)
    if dtype == "int64":
        return isinstance(value, int) and -2**63 <= value < 2**63
    return value is None or isinstance(value, float) or (
        isinstance(value, int) and abs(value) < 2**63)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is not a finite number")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a saved run may hold")


def read(raw: bytes) -> dict[str, Any]:
    """Return the document's outer fields, checked (the state still as JSON values).

    Raises:
        RunFileError: too large, not JSON, not a saved run, or another format or version.
    """
    if len(raw) > MAX_BYTES:
        raise RunFileError(f"the file is larger than {MAX_BYTES // 2**20} MB")
    try:
        doc = json.loads(raw.decode("utf-8-sig"), parse_float=_finite, parse_constant=_constant)
    except UnicodeDecodeError as exc:
        raise RunFileError(f"the file is not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise RunFileError(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
                           ) from None
    except RecursionError:
        raise RunFileError("not a saved run: nested too deeply") from None
    except ValueError as exc:  # a non-finite number, or an int past Python's digit limit
        raise RunFileError(f"not a saved run: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise RunFileError(f'not a saved run of MLP Playground (no "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise RunFileError(f"saved-run version {doc.get('version')!r} cannot be read (this "
                           f"server reads version {VERSION})")
    if set(doc) != set(KEYS):
        raise RunFileError(f"a saved run has exactly the fields {', '.join(KEYS)}; "
                           f"got {', '.join(sorted(map(str, doc)))[:200]}")
    for name, kind in (("settings", str), ("epoch", int), ("state", dict)):
        if not isinstance(doc[name], kind) or isinstance(doc[name], bool):
            raise RunFileError(f"{name}: must be a {kind.__name__}")
    return doc


def write(settings: str, epoch: int, custom: dict[str, Any] | None, state: Any) -> bytes:
    """Return the document's bytes (indented a little, so a person can read it)."""
    doc = {"format": FORMAT, "version": VERSION, "settings": settings, "epoch": epoch,
           "custom_data": custom, "state": encode(state)}
    return json.dumps(doc, indent=1, allow_nan=False).encode()
