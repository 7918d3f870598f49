"""Fixtures for the stores: a real redis-server on a free port, and each store behind one face.

redis-server comes from Debian (./dev.sh test installs it). Without it the Redis tests are
skipped on a developer's machine and fail under CI=true.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from app.store import RedisStore, SqliteStore
from app.store.base import Store

REDIS_SERVER = Path("/usr/bin/redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start redis-server (no persistence) on a free port; yield its URL; stop it by pid."""
    if not REDIS_SERVER.exists():
        message = f"{REDIS_SERVER} is missing: apt-get install redis-server (./dev.sh test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("redis")
    pidfile, port = folder / "redis.pid", _free_port()
    subprocess.run([str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--pidfile", str(pidfile), "--dir", str(folder),
                    "--logfile", str(folder / "redis.log")], check=True)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10.0
    while True:
        try:
            if client.ping() and pidfile.exists():
                break
        except redis.exceptions.ConnectionError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"redis-server did not answer PING on port {port}")
        time.sleep(0.02)
    client.close()
    yield url
    pid = int(pidfile.read_text())
    os.kill(pid, signal.SIGTERM)
    while pidfile.exists() and time.monotonic() < deadline + 10.0:  # it removes it on exit
        time.sleep(0.02)


class FakeClock:
    """Wall-clock seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class StoreUnderTest:
    """A store and a way to let `seconds` of idle time pass for it."""

    store: Store
    wait: Callable[[float], None]


@pytest.fixture(params=["sqlite", "redis"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    """Each store with a 2 s idle expiry (runs and links): SQLite on a fake clock, Redis in
    real time."""
    if request.param == "sqlite":
        clock = FakeClock()

        def advance(seconds: float) -> None:
            clock.now += seconds

        sqlite = SqliteStore(tmp_path / "runs.sqlite3", idle_seconds=2.0, clock=clock,
                             link_seconds=2.0)
        yield StoreUnderTest(sqlite, advance)
        sqlite.close()
        return
    url = request.getfixturevalue("redis_url")
    prefix = f"test:{request.node.name}:"
    store = RedisStore(url, idle_seconds=2.0, prefix=prefix, link_seconds=2.0)
    yield StoreUnderTest(store, time.sleep)
    for key in store.client.scan_iter(f"{prefix}*"):
        store.client.delete(key)
    store.close()
