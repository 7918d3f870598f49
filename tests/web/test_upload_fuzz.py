"""Fuzzed uploads (hypothesis, derandomized): CSV files and saved runs of every shape get a 200 or
a 422 (or 413), never a 5xx; a refused file changes nothing, an accepted CSV brings in exactly
its points (never some of them)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data.csv_file import CsvError, parse_csv
from app.session.session import Session
from tests.conftest import refused
from tests.session.test_run_file import SAVED, mutations
from tests.web.routes.test_custom_data_routes import session_of
from tests.web.routes.test_tabs import page_headers

NUMBER = st.one_of(st.floats(-8, 8).map(lambda v: f"{v:.3g}"), st.integers(-2, 6).map(str))
CELL = st.one_of(NUMBER, NUMBER, st.sampled_from(["", "x", "nan", "inf", "1e999", "label", "é"]))
ROW = st.lists(CELL, min_size=1, max_size=4).map(",".join)
CSV = st.one_of(
    st.lists(ROW, max_size=40).map(lambda rows: "\n".join(rows).encode()),
    st.lists(ROW, max_size=40).map(lambda rows: ("x1,x2,label\n" + "\n".join(rows)).encode()),
    st.lists(ROW, max_size=40).map(lambda rows: ("x1,x2,target\r\n" + "\r\n".join(rows)).encode()),
    st.binary(max_size=200))
FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def tab(client: TestClient) -> dict[str, str]:
    return page_headers(client.get("/").text)


def state(session: Session) -> object:
    return session.read(lambda view: view.run)


@FUZZ
@given(raw=CSV)
def test_a_csv_is_imported_whole_or_not_at_all(client: TestClient, tab: dict[str, str],
                                               raw: bytes) -> None:
    session = session_of(client, tab)
    before = state(session)
    r = client.post("/data/upload", headers=tab, files={"file": ("f.csv", raw, "text/csv")})
    assert r.status_code == 200, r.status_code  # a refusal too, for htmx (refused)
    if refused(r):
        assert state(session) is before
        return
    problem = before.config.problem  # type: ignore[attr-defined]
    try:
        want = parse_csv(raw, problem)
    except CsvError:
        pytest.fail("the route imported a file the reader refuses")
    run = session.read(lambda view: view.run)
    assert run.custom is not None and run.custom.key == want.key
    assert len(run.dataset.x_train) + len(run.dataset.x_test) == len(want)


@FUZZ
@given(raw=mutations())
def test_a_saved_run_is_loaded_whole_or_not_at_all(client: TestClient, tab: dict[str, str],
                                                   raw: bytes) -> None:
    session = session_of(client, tab)
    before = state(session)
    r = client.post("/load", headers=tab, files={"file": ("run.json", raw)})
    assert r.status_code == 200, r.status_code  # a refusal too, for htmx (refused)
    if refused(r):
        assert state(session) is before
        return
    client.post("/step", headers=tab)  # what was loaded trains
    assert client.post("/step", headers=tab).status_code == 200


def test_the_unchanged_file_loads(client: TestClient, tab: dict[str, str]) -> None:
    assert json.loads(SAVED)["epoch"] == 2
    r = client.post("/load", headers=tab, files={"file": ("run.json", SAVED)})
    assert r.status_code == 200
