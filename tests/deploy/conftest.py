"""Fixtures for the lecture hall: real redis-server, nginx and uvicorn workers, started by
deploy/serve.sh (the command `./dev.sh serve` runs) on free loopback ports, and stopped by pid.

nginx and redis-server come from Debian (./dev.sh test installs them). Without them these tests
are skipped on a developer's machine and fail under CI=true.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
SERVE = ROOT / "deploy" / "serve.sh"
NEEDED = (Path("/usr/sbin/nginx"), Path("/usr/bin/redis-server"), Path("/usr/bin/redis-cli"))
STARTUP_SECONDS = 40.0


def require_packages() -> None:
    """Skip (fail under CI=true) when nginx or redis-server is missing."""
    missing = [str(p) for p in NEEDED if not p.exists()]
    if missing:
        message = f"{', '.join(missing)} missing: apt-get install nginx-light redis-server " \
                  "(./dev.sh test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    """Return a loopback TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    """Return True when GET url/healthz answers "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
            return bool(answer.read() == b"ok")
    except OSError:
        return False


@dataclass
class Hall:
    """A running deploy/serve.sh: nginx at `url` in front of `workers` uvicorn processes."""

    process: subprocess.Popen[bytes]
    folder: Path
    url: str
    worker_ports: list[int] = field(default_factory=list)

    def wait_ready(self) -> None:
        """Return when nginx and every worker answer /healthz; fail if serve.sh died."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"serve.sh exited {self.process.returncode}: {self.log()}")
            conf = self.folder / "playground.conf"
            if conf.exists() and not self.worker_ports:
                self.worker_ports = [int(p) for p in
                                     re.findall(r"server 127\.0\.0\.1:(\d+)", conf.read_text())]
            urls = [self.url] + [f"http://127.0.0.1:{p}" for p in self.worker_ports]
            if self.worker_ports and all(answers(u) for u in urls):
                return
            time.sleep(0.1)
        pytest.fail(f"the hall did not answer in {STARTUP_SECONDS:.0f} s: {self.log()}")

    def log(self) -> str:
        """Return what the hall's processes wrote (for failure messages)."""
        parts = []
        for path in sorted(self.folder.glob("*.log")):
            if path.name != "access.log":
                parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def pid(self, name: str) -> int:
        """Return the pid in <folder>/<name>.pid ("worker-1", "redis", "nginx")."""
        return int((self.folder / f"{name}.pid").read_text())

    def redis(self) -> redis.Redis:
        """Return a client of the hall's Redis."""
        return redis.Redis.from_url((self.folder / "redis.url").read_text().strip())

    def routes(self) -> list[tuple[float, str, str, int]]:
        """Return the access log: (time, route key, the worker that answered, status) per
        request (a request nginx retried lists every worker it tried: the last answered)."""
        rows = []
        for line in (self.folder / "access.log").read_text().splitlines():
            at, route, *upstreams, status = line.split(" ")
            rows.append((float(at), route, upstreams[-1], int(status)))
        return rows

    def stop(self) -> None:
        """Stop serve.sh (it stops its children); then kill whatever of its process group is
        left, so no worker or Redis outlives the test."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)


def start_hall(folder: Path, workers: int, access_log: bool = True) -> Hall:
    """Start deploy/serve.sh with `workers` workers on a free port; return it once ready."""
    require_packages()
    port = free_port()
    command = ["bash", str(SERVE), "--workers", str(workers), "--port", str(port),
               "--dir", str(folder), "--python", sys.executable]
    if access_log:
        command.append("--access-log")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    with open(folder / "serve.log", "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    hall = Hall(process, folder, f"http://127.0.0.1:{port}")
    try:
        hall.wait_ready()
    except BaseException:
        hall.stop()
        raise
    return hall


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[Hall]:
    """A hall of two workers with an access log naming each request's worker."""
    hall = start_hall(tmp_path, 2)
    yield hall
    hall.stop()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start a redis-server of our own (no persistence) on a free port; yield its URL."""
    require_packages()
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    process = subprocess.Popen(["/usr/bin/redis-server", "--port", str(port), "--bind",
                                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                                str(folder)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not answer PING")
            time.sleep(0.02)
    client.close()
    yield url
    process.terminate()
    process.wait(10)
