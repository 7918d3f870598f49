"""Fixtures for the web tests: an app with an injectable clock, clients, page parsing helpers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.engine import feature_matrix
from app.main import Settings, create_app
from app.session.run import DOMAIN, GRID
from app.web.htmx import REFUSED

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every app a test makes (Settings() included) out of the repository's ./data."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path_factory.mktemp("data")))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(clock: FakeClock) -> Callable[..., TestClient]:
    """Return a factory of clients; clients made from one call's app share its session store."""

    def make(**settings: Any) -> TestClient:
        # a generous training budget: a poll trains its whole `speed` however loaded the machine
        settings.setdefault("training_budget", 10.0)
        return TestClient(create_app(Settings(clock=clock, **settings)))

    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def refused(r: Any) -> bool:
    """Return whether an htmx request was refused: a 200 saying REFUSED: 422, never the 422
    itself (Chromium logs every 4xx as a console error; app/web/refusal.py)."""
    return r.status_code == 200 and r.headers.get(REFUSED) == "422"


def frame_of(html: str) -> dict[str, Any]:
    """Return the chart data a response carries in <script id="frame_data">."""
    match = re.search(r'<script type="application/json" id="frame_data">(.*?)</script>', html, re.S)
    assert match, "no frame_data script in the response"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def epoch_of(html: str) -> int:
    """Return the epoch counter shown in a response (e.g. 000,123 -> 123)."""
    match = re.search(r'<span id="epoch"[^>]*>([\d,]+)</span>', html)
    assert match, "no epoch counter in the response"
    return int(match.group(1).replace(",", ""))


def play_and_poll(client: TestClient, polls: int, query: str = "") -> list[dict[str, Any]]:
    """Press play, poll `polls` times as the page would (token, since) and return the frames."""
    client.post("/play", headers=HX)
    frames, token, since = [], "", -1
    for _ in range(polls):
        html = client.post(f"/poll?{query}", headers=HX, data={"token": token, "since": since}).text
        frame = frame_of(html)
        frames.append(frame)
        token, since = frame["token"], frame["epoch"]
    return frames


def bottom_up_inputs(features: tuple[str, ...]) -> np.ndarray:
    """Return the heatmap's inputs (GRID², n), bottom row (x2 = −6) first as Plotly draws rows:
    an independent reference for what the page shows."""
    axis = np.linspace(-DOMAIN, DOMAIN, GRID)
    x1, x2 = np.meshgrid(axis, axis)
    return feature_matrix(np.column_stack([x1.ravel(), x2.ravel()]), features)
