"""Snapshots: a run and its playing flag as compact, versioned bytes, and back (no pickle).

Layout (all little-endian):

    MAGIC (8 bytes, b"MLPSNAP\\n") | version (uint16) | zlib(header_len (uint32) | header | arrays)

header is UTF-8 JSON: {"config": URL query, "run_id", "data_id", "playing", "state": the trainer's
checkpoint tree, "custom": the drawn or uploaded points or null, "arrays": [[dtype, shape], …]}
(format 1, still read, had no "custom"). In the tree an array is {"$a": index}, a tuple
{"$t": [items]}; the arrays follow the header back to back as raw bytes (float64, int64 or bool).
Loading rebuilds the run from its config (build_run: data, model, trainer) and restores the
checkpoint into it, so the run continues bit for bit. Anything unreadable raises SnapshotError.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

import numpy as np

from app.config import from_query, to_query
from app.data import points
from app.engine.checkpoint import restore_trainer_state, trainer_state
from app.session.run import Run, build_run
from app.validation import ConfigError

MAGIC = b"MLPSNAP\n"
VERSION = 2
READS = (1, 2)  # formats this server reads
MAX_BODY = 64 * 1024 * 1024  # refuse to inflate beyond this (a corrupt or hostile snapshot)
_PREFIX = struct.Struct("<8sH")
_LENGTH = struct.Struct("<I")
_DTYPES = {"f": np.dtype("<f8"), "i": np.dtype("<i8"), "u": np.dtype("<i8"), "b": np.dtype("?")}
_LEVEL = 1  # zlib level: float64 noise hardly compresses, so spend little time on it


class SnapshotError(Exception):
    """The bytes are not a snapshot this version can read (corrupt, truncated, other format)."""


def dump(run: Run, playing: bool) -> bytes:
    """Return the snapshot of run (config, ids, the trainer's whole state) and the playing flag."""
    arrays: list[np.ndarray] = []
    header = {"config": to_query(run.config), "run_id": run.run_id, "data_id": run.data_id,
              "playing": playing, "state": _flatten(trainer_state(run.trainer), arrays),
              "custom": None if run.custom is None else _flatten(
                  {"n_classes": run.custom.n_classes, "points": run.custom.points,
                   "labels": run.custom.labels}, arrays)}
    header["arrays"] = [[a.dtype.str, list(a.shape)] for a in arrays]
    text = json.dumps(header, separators=(",", ":")).encode()
    body = b"".join([_LENGTH.pack(len(text)), text, *(a.tobytes() for a in arrays)])
    return _PREFIX.pack(MAGIC, VERSION) + zlib.compress(body, _LEVEL)


def load(data: bytes) -> tuple[Run, bool]:
    """Return (run, playing) from a snapshot.

    Raises:
        SnapshotError: bad magic, another version, corrupt or truncated bytes, a config this
            server rejects, or a state that does not fit the model the config builds.
    """
    header, tail = _read(data)
    try:
        arrays = _arrays(header["arrays"], tail)
        state = _unflatten(header["state"], arrays)
        config = from_query(header["config"])
        saved = _unflatten(header.get("custom"), arrays)
        custom = None if saved is None else points.make(**saved)
        run = build_run(config, int(header["run_id"]), int(header["data_id"]), custom)
        restore_trainer_state(run.trainer, state)
        playing = header["playing"]
    except ConfigError as exc:
        raise SnapshotError(f"snapshot's settings are no longer valid: {exc}") from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise SnapshotError(f"snapshot does not fit: {exc}") from None
    if not isinstance(playing, bool):
        raise SnapshotError(f"snapshot's playing flag is {playing!r}")
    return run, playing


def _read(data: bytes) -> tuple[dict[str, Any], memoryview]:
    """Return the header and the array bytes after checking magic, version and checksum."""
    if len(data) < _PREFIX.size or data[:len(MAGIC)] != MAGIC:
        raise SnapshotError("not a run snapshot (bad magic)")
    _, version = _PREFIX.unpack_from(data)
    if version not in READS:
        raise SnapshotError(f"snapshot format {version} cannot be read (this server reads "
                            f"formats {', '.join(map(str, READS))})")
    inflate = zlib.decompressobj()
    try:
        body = inflate.decompress(data[_PREFIX.size:], MAX_BODY)
    except zlib.error as exc:
        raise SnapshotError(f"corrupt snapshot: {exc}") from None
    if not inflate.eof or inflate.unconsumed_tail:
        raise SnapshotError("truncated or oversized snapshot")
    if inflate.unused_data:
        raise SnapshotError("corrupt snapshot: bytes after its end")
    if len(body) < _LENGTH.size:
        raise SnapshotError("snapshot has no header")
    (length,) = _LENGTH.unpack_from(body)
    end = _LENGTH.size + length
    try:
        header = json.loads(body[_LENGTH.size:end])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"corrupt snapshot header: {exc}") from None
    if not isinstance(header, dict):
        raise SnapshotError("corrupt snapshot header: not an object")
    return header, memoryview(body)[end:]


def _arrays(specs: list[Any], tail: memoryview) -> list[np.ndarray]:
    """Return the arrays the specs describe, read from tail; every byte must be used."""
    out, offset = [], 0
    for dtype_str, shape in specs:
        dtype = np.dtype(dtype_str)
        if dtype not in _DTYPES.values():
            raise ValueError(f"array type {dtype_str!r} is not allowed")
        count = int(np.prod(shape, dtype=np.int64))
        size = count * dtype.itemsize
        if count < 0 or offset + size > len(tail):
            raise ValueError("array data truncated")
        out.append(np.frombuffer(tail, dtype, count, offset).reshape(shape).copy())
        offset += size
    if offset != len(tail):
        raise ValueError(f"{len(tail) - offset} bytes left after the arrays")
    return out


def _flatten(value: Any, arrays: list[np.ndarray]) -> Any:
    """Return value as JSON, moving arrays (as little-endian float64/int64/bool) to arrays."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _DTYPES:
            raise ValueError(f"cannot snapshot an array of {value.dtype}")
        arrays.append(np.ascontiguousarray(value, dtype=_DTYPES[value.dtype.kind]))
        return {"$a": len(arrays) - 1}
    if isinstance(value, tuple):
        return {"$t": [_flatten(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_flatten(v, arrays) for v in value]
    if isinstance(value, dict):
        if any(not isinstance(k, str) or k.startswith("$") for k in value):
            raise ValueError(f"cannot snapshot dict keys {list(value)!r}")
        return {k: _flatten(v, arrays) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise ValueError(f"cannot snapshot a {type(value).__name__}")


def _unflatten(value: Any, arrays: list[np.ndarray]) -> Any:
    """Return the tree _flatten() encoded, with its arrays put back."""
    if isinstance(value, list):
        return [_unflatten(v, arrays) for v in value]
    if isinstance(value, dict):
        if "$a" in value:
            return arrays[value["$a"]]
        if "$t" in value:
            return tuple(_unflatten(v, arrays) for v in value["$t"])
        return {k: _unflatten(v, arrays) for k, v in value.items()}
    return value
