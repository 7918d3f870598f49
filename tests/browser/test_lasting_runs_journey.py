"""Runs that survive journey: one run per tab across reloads, duplicated tabs and a server that
is killed (kill -9) and started again."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

from app.session import snapshot

from .conftest import BrowserGuard, _Servers
from .helpers import (
    CHARTS_DRAWN,
    EPOCH_IS,
    WAIT_MS,
    change_setting,
    epoch,
    epoch_in,
    expect_link_has,
    expect_share_has,
    open_playground,
    path_of,
    share_query,
    step,
    wait_for_epoch,
)

ROOT = Path(__file__).resolve().parents[2]
TAB_ID = "() => window.sessionStorage.getItem('mlp-playground.session')"
PAGE_ID = "() => Object.values(JSON.parse(document.body.getAttribute('hx-headers')))[0]"
TAB_HOLDS_PAGE_ID = f"(old) => ({TAB_ID})() === ({PAGE_ID})() && ({PAGE_ID})() !== old"
START_TIMEOUT_S = 20.0


def ids(page: Page) -> tuple[str, str]:
    """Return (the id the page names, the id the tab's sessionStorage holds)."""
    return page.evaluate(PAGE_ID), page.evaluate(TAB_ID)


def reload_and_resume(page: Page, expected_epoch: int) -> str:
    """Reload the tab; wait until it shows its own run again under a new id; return the id."""
    old, _ = ids(page)
    page.reload()
    page.wait_for_function(CHARTS_DRAWN, timeout=WAIT_MS)
    page.wait_for_function(TAB_HOLDS_PAGE_ID, arg=old, timeout=WAIT_MS)
    page.wait_for_function(EPOCH_IS, arg=expected_epoch, timeout=WAIT_MS)
    new, _ = ids(page)
    return new


def test_two_tabs_at_the_root_get_two_runs_and_reload_keeps_each(
        context: BrowserContext, live_server: str) -> None:
    a, b = context.new_page(), context.new_page()
    open_playground(a, f"{live_server}/")
    open_playground(b, f"{live_server}/")
    assert len({*ids(a), *ids(b)}) == 2 and ids(a)[0] == ids(a)[1]
    step(a), step(a), step(b)
    assert (epoch(a), epoch(b)) == (2, 1)
    reload_and_resume(a, 2)
    reload_and_resume(b, 1)
    assert ids(a)[0] != ids(b)[0]
    assert step(a) == 3 and epoch(b) == 1
    assert step(b) == 2 and epoch(a) == 3


def test_a_duplicated_tab_gets_a_run_of_its_own(context: BrowserContext,
                                                live_server: str) -> None:
    first = context.new_page()
    open_playground(first, f"{live_server}/?dataset=xor")
    step(first), step(first)
    original, _ = ids(first)
    twin = context.new_page()  # a duplicate's sessionStorage is a copy of the original's
    twin.add_init_script(
        f"window.sessionStorage.setItem('mlp-playground.session', '{original}')")
    open_playground(twin, f"{live_server}/")
    twin.wait_for_function(TAB_HOLDS_PAGE_ID, arg=original, timeout=WAIT_MS)
    twin.wait_for_function(EPOCH_IS, arg=2, timeout=WAIT_MS)
    expect_share_has(twin, re.compile("dataset=xor"))
    assert ids(twin)[0] != original and ids(first) == (original, original)
    assert step(twin) == 3 and epoch(first) == 2
    assert step(first) == 3


# ---- kill -9 and start again ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ProcessServer:
    """`python -m uvicorn app.main:create_app --factory` as a real process on a fixed port."""

    def __init__(self, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PLAYGROUND_DATA_DIR": str(data_dir)}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and return once /healthz answers."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("uvicorn exited during start-up") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.05)

    def kill(self) -> None:
        """kill -9, and wait until it is gone."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop it (at the end of the test)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def process_server(tmp_path: Path, _servers: _Servers) -> Iterator[ProcessServer]:
    server = ProcessServer(tmp_path / "data")
    _servers.started.append(server)  # type: ignore[arg-type]  # the guard allows its origin
    yield server


def stored_epochs(data_dir: Path, *sids: str) -> dict[str, int]:
    """Return each run's epoch as its snapshot in the SQLite store says (missing: absent)."""
    out = {}
    con = sqlite3.connect(data_dir / "runs.sqlite3", timeout=10)
    try:
        for sid in sids:
            row = con.execute("SELECT data FROM runs WHERE key = ?", (sid,)).fetchone()
            if row is not None:
                out[sid] = snapshot.load(bytes(row[0]))[0].epoch
    finally:
        con.close()
    return out


def wait_for_snapshots(data_dir: Path, at_least: dict[str, int]) -> dict[str, int]:
    """Wait until every run's snapshot is at least at its epoch; return the epochs."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        epochs = stored_epochs(data_dir, *at_least)
        if all(epochs.get(sid, -1) >= n for sid, n in at_least.items()):
            return epochs
        assert time.monotonic() < deadline, f"snapshots stayed at {epochs}, wanted {at_least}"
        time.sleep(0.1)


def test_a_killed_server_started_again_lets_every_tab_go_on(
        context: BrowserContext, process_server: ProcessServer, browser_guard: BrowserGuard,
        tmp_path: Path) -> None:
    # while the server is down, every poll fails (and htmx logs it): that is the point
    browser_guard.allow_console_error(r"ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|"
                                      r"ERR_CONNECTION_RESET|Failed to load resource|"
                                      r"htmx:sendError|htmx:afterRequest")
    server = process_server
    server.start()
    a, b = context.new_page(), context.new_page()
    open_playground(a, f"{server.url}/?dataset=xor&speed=2")
    open_playground(b, f"{server.url}/?dataset=circle&speed=2")
    change_setting(a, lambda: a.get_by_label("Learning rate", exact=True).select_option("0.1"))
    expect_link_has(a, learning_rate="0.1")
    for page in (a, b):
        page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(a, 40), wait_for_epoch(b, 40)
    sid_a, sid_b = ids(a)[0], ids(b)[0]
    wait_for_snapshots(tmp_path / "data", {sid_a: 40, sid_b: 40})  # saved while training

    server.kill()
    saved = stored_epochs(tmp_path / "data", sid_a, sid_b)
    shown = {sid_a: epoch(a), sid_b: epoch(b)}
    assert all(saved[sid] >= 40 for sid in saved) and len(saved) == 2
    answers: dict[str, list[int]] = {sid_a: [], sid_b: []}
    for page, sid in ((a, sid_a), (b, sid_b)):
        page.on("response", _recorder(answers[sid]))
    server.start()

    for page, sid in ((a, sid_a), (b, sid_b)):
        wait_for_epoch(page, max(shown[sid], saved[sid]) + 10)  # it trains on
        assert answers[sid] and min(answers[sid]) >= saved[sid], (answers[sid], saved[sid])
        assert ids(page)[0] == sid  # the same run, loaded from its snapshot: no new id
    a.get_by_role("button", name="Pause", exact=True).click()
    expect(a.locator("#poller")).to_have_attribute("data-state", "paused", timeout=WAIT_MS)
    paused_at = epoch(a)
    reload_and_resume(a, paused_at)  # and the settings came back too
    expect(a.get_by_label("Learning rate", exact=True)).to_have_value("0.1")
    expect_link_has(a, dataset="xor", learning_rate="0.1")
    assert "dataset=circle" in share_query(b)


def _recorder(epochs: list[int]) -> Callable[[Response], None]:
    """Return a listener that notes the epoch each successful poll answer shows."""

    def record(response: Response) -> None:
        if path_of(response.url) == "/poll" and response.status == 200:
            epochs.append(epoch_in(response))
    return record
