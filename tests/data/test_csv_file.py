"""CSV uploads: all points or none, each problem named by its row (line of the file) and column."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.data.csv_file import CsvError, parse_csv
from app.data.points import CustomData


def errors(raw: bytes, problem: str = "classification") -> list[str]:
    with pytest.raises(CsvError) as caught:
        parse_csv(raw, problem)
    return caught.value.messages


def test_a_classification_file_with_a_header() -> None:
    data = parse_csv(b"x1,x2,label\r\n1.5,-2,0\r\n\r\n-3,4,1\r\n0,0,2\r\n", "regression")
    assert data.n_classes == 3  # the header says classification; labels 0..2 make 3 classes
    assert data.points.tolist() == [[1.5, -2.0], [-3.0, 4.0], [0.0, 0.0]]
    assert data.labels.tolist() == [0, 1, 2]


def test_without_a_header_the_current_problem_decides() -> None:
    assert parse_csv(b"1,2,0\n2,1,1\n", "classification").n_classes == 2
    targets = parse_csv(b"\xef\xbb\xbf1,2,0.25\n2,1,-3\n", "regression")  # a BOM is fine
    assert targets.n_classes == 0 and targets.labels.tolist() == [0.25, -3.0]
    assert parse_csv(b" X1 , x2 ,TARGET\n1,1,0.5\n", "classification").n_classes == 0


def test_three_kinds_of_errors_each_named_by_row_and_column() -> None:
    raw = b"x1,x2,label\n1,1,0\n2,abc,1\n3,3\n7,1,1\n0,0,1.5\n"
    assert errors(raw) == [
        "row 3, column x2: 'abc' is not a number",
        "row 4: expected 3 columns (x1,x2,label), got 2",
        "row 5, column x1: 7 is outside [-6, 6]",
        "row 6, column label: 1.5 is not a class (a whole number 0 to 4)",
    ]


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "the file has no rows of points"),
    (b"x1,x2,label\n", "the file has no rows of points"),
    (b"a,b,c\n1,1,1\n", "row 1: the header must be x1,x2,label or x1,x2,target"),
    (b"1,1,0\n2,2,0\n", "every row has label 0"),
    (b"1,1,nan\n", "row 1, column label: 'nan' is not a number"),
    (b"1,inf,1\n", "row 1, column x2: 'inf' is not a number"),
    (b"1,1,9\n", "row 1, column label: 9 is not a class"),
    (b"1,1,0\n\xff\n", "row 2: the file is not UTF-8 text (byte 7)"),
])
def test_each_problem_has_its_message(raw: bytes, message: str) -> None:
    assert errors(raw)[0].startswith(message)


def test_targets_out_of_range_and_too_many_rows() -> None:
    assert errors(b"x1,x2,target\n1,1,1000\n") == [
        "row 2, column target: 1000 is outside [-100, 100]"]
    rows = b"x1,x2,label\n" + b"1,1,0\n" * 1999 + b"2,2,1\n"
    assert len(parse_csv(rows, "classification")) == 2000
    assert errors(rows + b"3,3,1\n") == [
        "row 2002: more than 2,000 rows (the most one file may hold)"]


def test_many_problems_are_listed_up_to_ten() -> None:
    found = errors(b"x1,x2,label\n" + b"a,1,0\n" * 25)
    assert len(found) == 11 and found[-1] == "… and 15 more"


CELLS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.integers(-10, 10).map(str), st.text(max_size=8),
                  st.sampled_from(["", "x1", "label", "1e400", "-0", "0x10", '"1"']))
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=4).map(",".join), max_size=30)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(rows=ROWS, header=st.booleans(), problem=st.sampled_from(["classification", "regression"]),
       junk=st.binary(max_size=20))
def test_any_file_gives_points_in_the_plane_or_messages(rows: list[str], header: bool,
                                                        problem: str, junk: bytes) -> None:
    raw = ("x1,x2,label\n" if header else "").encode() + "\n".join(rows).encode() + junk
    try:
        data = parse_csv(raw, problem)
    except CsvError as exc:
        assert exc.messages and all(isinstance(m, str) and m for m in exc.messages)
        return
    assert isinstance(data, CustomData) and 1 <= len(data) <= 2000
    assert np.isfinite(data.points).all() and (np.abs(data.points) <= 6).all()
    assert np.isfinite(data.labels).all()
