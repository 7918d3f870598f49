"""Runs side by side over HTTP: one session per run, one Play for all, each run trained in its
own turn at the gate exactly as a tab's run, lost runs said and not re-created."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from app.config import Config, to_query
from app.config.comparison import from_compare_query
from app.session.run import advance, build_run
from tests.conftest import HX

QUERY = to_query(Config(speed=4)) + "&vary=optimizer&values=sgd,adam"


def start(client: TestClient, query: str = QUERY) -> str:
    """Open the comparison; return its runs' ids as the page names them."""
    r = client.get(f"/compare?{query}")
    assert r.status_code == 200
    match = re.search(r"hx-vals='(\{.*?\})'", r.text)
    assert match
    runs: str = json.loads(match.group(1))["runs"]
    return runs


def frame(html: str) -> dict[str, Any]:
    match = re.search(r'id="compare_data">(.*?)</script>', html, re.S)
    assert match, "no compare_data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_the_page_starts_one_paused_run_per_value(client: TestClient) -> None:
    before = len(client.app.state.store)  # type: ignore[attr-defined]
    runs = start(client)
    assert len(runs.split(",")) == 2
    assert len(client.app.state.store) == before + 2  # type: ignore[attr-defined]
    page = client.get(f"/compare?{QUERY}").text
    assert 'id="compare_poller" data-state="paused"' in page
    assert "Optimizer: SGD" in page and "Optimizer: Adam" in page
    assert all("boundary" in run and run["epoch"] == 0 for run in frame(page)["runs"])


def test_one_play_drives_every_run_each_in_its_own_turn(client: TestClient) -> None:
    runs = start(client)
    r = client.post(f"/compare/play?{QUERY}", headers=HX, data={"runs": runs})
    assert r.text.startswith('<div id="compare_transport"') and "Pause all" in r.text
    assert 'data-state="playing"' in r.text
    gate = client.app.state.store.gate  # type: ignore[attr-defined]
    turns = gate.turns
    first = frame(client.post(f"/compare/poll?{QUERY}", headers=HX, data={"runs": runs}).text)
    assert gate.turns == turns + 2  # one turn per run, as two tabs would take
    epochs = [run["epoch"] for run in first["runs"]]
    assert max(epochs) <= 4  # speed 4 (fewer only when a loaded machine ran out of the slice)
    tokens = ",".join(run["token"] for run in first["runs"])
    since = ",".join(map(str, epochs))
    for _ in range(20):  # until both finished an epoch (at once, unless the machine is loaded)
        if min(epochs) > 0:
            break
        polled = frame(client.post(f"/compare/poll?{QUERY}", headers=HX, data={
            "runs": runs, "tokens": tokens, "since": since}).text)
        epochs = [run["epoch"] for run in polled["runs"]]
        since = ",".join(map(str, epochs))
    second = frame(client.post(f"/compare/poll?{QUERY}", headers=HX, data={
        "runs": runs, "tokens": tokens, "since": since}).text)
    for before, run in zip(epochs, second["runs"], strict=True):
        assert run["extend"]["epochs"] == list(range(before + 1, run["epoch"] + 1))
    # each run is exactly the run a tab would train with its config
    for config, run in zip(from_compare_query(QUERY).configs, second["runs"], strict=True):
        alone = build_run(config)
        advance(alone, run["epoch"], budget=10.0)
        last = alone.trainer.history.last
        assert last is not None and last.epoch == run["epoch"]
        assert run["stats"]["train_loss"] == f"{last.train_loss:.3f}"
    ended = [run["epoch"] for run in second["runs"]]
    r = client.post(f"/compare/pause?{QUERY}", headers=HX, data={"runs": runs})
    assert 'data-state="paused"' in r.text and "Play all" in r.text
    stepped = frame(client.post(f"/compare/step?{QUERY}", headers=HX, data={
        "runs": runs, "tokens": tokens, "since": since}).text)
    assert [run["epoch"] for run in stepped["runs"]] == [e + 1 for e in ended]


def test_a_run_that_is_gone_is_said_and_polling_stops(client: TestClient) -> None:
    runs = start(client)
    other = "A" * 22 + "," + runs.split(",")[1]
    r = client.post(f"/compare/poll?{QUERY}", headers=HX, data={"runs": other})
    assert r.status_code == 200 and "open the link again to start over" in r.text
    assert 'id="compare_poller" data-state="paused" hx-swap-oob="true"' in r.text
    assert frame(r.text)["runs"] == []


def test_a_bad_comparison_starts_nothing_and_keeps_the_form(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    before = len(store)
    r = client.get("/compare?dataset=spiral&vary=optimizer&values=sgd,sgd")
    assert r.status_code == 422 and "each run needs its own optimizer" in r.text
    assert len(store) == before and 'id="compare_poller"' not in r.text
    assert '<input type="hidden" name="dataset" value="spiral">' in r.text


def test_every_run_is_admitted_like_a_tab_and_none_made_when_one_is_refused(
        make_client: Callable[..., TestClient]) -> None:
    client = make_client(new_sessions_burst=3)
    store = client.app.state.store  # type: ignore[attr-defined]
    r = client.get("/compare?vary=seed")  # four runs: a fourth new session is one too many
    assert r.status_code == 429 and len(store) == 0
    assert client.get("/compare?vary=seed&values=1,2").status_code == 429  # the bucket is empty


def test_perceptrons_compare_their_error_rates(client: TestClient) -> None:
    query = to_query(Config(model="perceptron", dataset="and", speed=2)) + "&vary=seed"
    runs = start(client, query)
    client.post(f"/compare/play?{query}", headers=HX, data={"runs": runs})
    html = client.post(f"/compare/poll?{query}", headers=HX, data={"runs": runs}).text
    data = frame(html)
    assert data["layout"]["yaxis"]["title"]["text"] == "error rate"
    assert len(data["runs"]) == 4 and data["runs"][0]["loss"][0]["name"] == "Seed: 0 · train"


def test_a_run_whose_snapshot_cannot_be_read_is_gone_too(client: TestClient) -> None:
    runs = start(client)
    store = client.app.state.store  # type: ignore[attr-defined]
    first = runs.split(",")[0]
    store.discard(first)  # out of memory and the run store, then back as a corrupt snapshot
    store.runs.put(first, b"MLPSNAP\n\x01\x00garbage")
    r = client.post(f"/compare/poll?{QUERY}", headers=HX, data={"runs": runs})
    assert r.status_code == 200 and "open the link again to start over" in r.text


def test_the_page_polls_at_the_cadence_the_server_gives_its_runs(client: TestClient) -> None:
    """A comparison is as many pages as runs at the gate: in a busy class it polls as slowly as
    they would, not every 40 ms (a tick during a poll queued, as the playground's poller)."""
    runs = start(client)
    alone = client.post(f"/compare/play?{QUERY}", headers=HX, data={"runs": runs}).text
    assert 'hx-trigger="every 40ms"' in alone and 'hx-sync="this:queue last"' in alone
    gate = client.app.state.store.gate  # type: ignore[attr-defined]
    for k in range(58):  # a class playing beside it
        with gate.turn(f"student-{k}"):
            pass
    busy = client.post(f"/compare/poll?{QUERY}", headers=HX, data={"runs": runs}).text
    match = re.search(r'id="compare_poller" data-state="playing"[^>]*hx-trigger="every (\d+)ms"',
                      busy)
    assert match and int(match.group(1)) == gate.cadence_ms() >= 300, busy[-600:]
