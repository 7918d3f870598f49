"""Reading an uploaded CSV of points: `x1,x2,label` (classification) or `x1,x2,target`
(regression), the header optional, at most MAX_POINTS rows, every point in the plane.

All or nothing: any bad row refuses the whole file, with one message per problem naming its row
(the file's line number, the header counting as row 1) and column. Nothing here touches a run.
"""

from __future__ import annotations

import csv
import math

from app.data.points import CLASS_COUNTS, DOMAIN, MAX_POINTS, MAX_TARGET, CustomData, make

HEADERS = {("x1", "x2", "label"): "classification", ("x1", "x2", "target"): "regression"}
MAX_MESSAGES = 10  # problems listed before "… and N more"
MAX_FIELD = 64  # characters of one field (a longer one is not a number of ours)


class CsvError(ValueError):
    """The file cannot be imported; messages name each problem's row and column."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _number(text: str) -> float | None:
    """Return text as a float if it is a plain finite number, else None."""
    text = text.strip()
    if not text or len(text) > MAX_FIELD or text.lower().lstrip("+-") in ("inf", "infinity",
                                                                         "nan"):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _cell(row: int, column: str, text: str, low: float, high: float) -> tuple[float, str | None]:
    """Return (value, None) or (nan, the message for this cell)."""
    value = _number(text)
    shown = repr(text[:20] + ("…" if len(text) > 20 else ""))
    where = f"row {row}, column {column}"
    if value is None:
        return math.nan, f"{where}: {shown} is not a number"
    if not low <= value <= high:
        return math.nan, f"{where}: {value:g} is outside [{low:g}, {high:g}]"
    return value, None


def _label(row: int, text: str) -> tuple[float, str | None]:
    value, error = _cell(row, "label", text, 0, CLASS_COUNTS[-1] - 1)
    if error is None and value != int(value):
        return math.nan, f"row {row}, column label: {value:g} is not a class (a whole number " \
                         f"0 to {CLASS_COUNTS[-1] - 1})"
    if error is not None and "outside" in error:
        error = f"row {row}, column label: {text.strip()} is not a class (a whole number 0 to " \
                f"{CLASS_COUNTS[-1] - 1})"
    return value, error


def _point(row: int, fields: list[str], kind: str) -> tuple[tuple[float, float, float],
                                                            list[str]]:
    """Return a row's (x1, x2, label or target) and the messages for its bad cells."""
    column = "label" if kind == "classification" else "target"
    if len(fields) != 3:
        return (0, 0, 0), [f"row {row}: expected 3 columns (x1,x2,{column}), got {len(fields)}"]
    x1, e1 = _cell(row, "x1", fields[0], -DOMAIN, DOMAIN)
    x2, e2 = _cell(row, "x2", fields[1], -DOMAIN, DOMAIN)
    y, e3 = (_label(row, fields[2]) if kind == "classification" else
             _cell(row, "target", fields[2], -MAX_TARGET, MAX_TARGET))
    return (x1, x2, y), [e for e in (e1, e2, e3) if e is not None]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CsvError([f"row {line}: the file is not UTF-8 text (byte {exc.start + 1})"]) from None


def parse_csv(raw: bytes, problem: str) -> CustomData:
    """Return the data set a CSV file holds.

    Args:
        raw: the file's bytes (the caller bounds their size).
        problem: "classification" or "regression": what a file without a header holds.

    Raises:
        CsvError: one message per problem (at most MAX_MESSAGES, then how many more).
    """
    rows = csv.reader(_decode(raw).splitlines())
    kind, errors, first = problem, list[str](), True
    xy: list[tuple[float, float]] = []
    labels: list[float] = []
    try:
        for fields in rows:
            row = rows.line_num
            if not fields or all(not f.strip() for f in fields):
                continue  # blank lines are allowed anywhere
            if first and _number(fields[0]) is None:  # only the first row may be a header
                first, header = False, tuple(f.strip().lower() for f in fields)
                if header not in HEADERS:
                    errors.append(f"row {row}: the header must be x1,x2,label or x1,x2,target, "
                                  f"got {','.join(fields)[:40]!r}")
                    break
                kind = HEADERS[header]
                continue
            first = False
            if len(xy) + len(errors) >= MAX_POINTS:
                errors.append(f"row {row}: more than {MAX_POINTS:,} rows (the most one file "
                              "may hold)")
                break
            point, found = _point(row, fields, kind)
            errors.extend(found)
            if not found:
                xy.append(point[:2])
                labels.append(point[2])
    except csv.Error as exc:
        errors.append(f"row {rows.line_num}: {exc}")
    return _finish(xy, labels, kind, errors)


def _finish(xy: list[tuple[float, float]], labels: list[float], kind: str,
            errors: list[str]) -> CustomData:
    if not errors and not xy:
        errors.append("the file has no rows of points")
    n_classes = 0 if kind == "regression" else int(max(labels, default=0)) + 1
    if not errors and kind == "classification" and n_classes < CLASS_COUNTS[0]:
        errors.append(f"every row has label 0: a classification needs at least "
                      f"{CLASS_COUNTS[0]} classes (labels 0 and 1)")
    if errors:
        more = len(errors) - MAX_MESSAGES
        raise CsvError(errors[:MAX_MESSAGES] + ([f"… and {more} more"] if more > 0 else []))
    return make(xy, labels, n_classes)
