"""Stalled clients against a real server started as ./dev.sh start does (app/serve.py,
app/web/connections.py): they are dropped at the request timeout, they never keep new clients
waiting (even with a 256-file limit), and they leave no traceback in the log."""

from __future__ import annotations

import http.client
import os
import resource
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.serve import UNLIMITED_TARGET
from benchmarks.classroom import HOST, ROOT, free_port, server_command, wait_healthy

TIMEOUT = 2.0  # PLAYGROUND_REQUEST_TIMEOUT for these servers (the default is 30 s)
STALLED = 300
PARTIAL_HEADERS = b"GET / HTTP/1.1\r\nHost: classroom\r\nUser-Agent: stall"
FAST = 1.0  # seconds a new client may wait for an answer, stalled sockets or not


@dataclass
class Server:
    """A running server: its port, process and log file."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serve(tmp: Path, files: tuple[int, int | None], timeout: float = TIMEOUT) -> Iterator[Server]:
    """Start ./dev.sh start's command on a free port with an open-files limit of `files`
    (soft, hard; None: this process's hard limit) and the given request timeout."""
    port, log = free_port(), tmp / f"server-{files[0]}-{files[1]}.log"
    soft, hard = files[0], files[1] or resource.getrlimit(resource.RLIMIT_NOFILE)[1]

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    env = {**os.environ, "PLAYGROUND_REQUEST_TIMEOUT": str(timeout)}
    with open(log, "wb") as out:
        process = subprocess.Popen(server_command(port), cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, preexec_fn=limit_files)
    try:
        wait_healthy(f"http://{HOST}:{port}", process, log)
        yield Server(port, process, log)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module, started with a soft limit of 256 files (the hard one as is)."""
    with serve(tmp_path_factory.mktemp("stalled"), (256, None)) as running:
        yield running


@pytest.fixture(autouse=True)
def _room_for_our_sockets() -> None:
    """Let this test process open its STALLED sockets whatever its own soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * STALLED:
        if hard != resource.RLIM_INFINITY and hard < 4 * STALLED:
            pytest.skip(f"this process may open {hard} files: too few for {STALLED} sockets")
        resource.setrlimit(resource.RLIMIT_NOFILE, (4 * STALLED, hard))


def stall(port: int, count: int, first_bytes: bytes = PARTIAL_HEADERS) -> list[socket.socket]:
    """Open `count` connections that send `first_bytes` and then nothing."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((HOST, port), timeout=5)
        sock.sendall(first_bytes)
        sock.settimeout(None)  # blocking: MSG_DONTWAIT peeks answer at once
        sockets.append(sock)
    return sockets


def closed_by_server(sock: socket.socket) -> bool:
    """Return whether the server has closed this connection (end of stream or reset)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


def wait_until(condition: Callable[[], bool], seconds: float) -> float:
    """Return the seconds it took `condition` to hold; fail if it did not within `seconds`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not within {seconds:g} s")
        time.sleep(0.05)
    return time.monotonic() - start


def timed_get(port: int, path: str) -> tuple[int, float]:
    """GET `path` on a new connection; return the status and the seconds it took."""
    start = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - start
    finally:
        connection.close()


def open_files_limit(pid: int) -> int | None:
    """Return a process's open-files soft limit (Linux's /proc), or None where unknown."""
    limits = Path(f"/proc/{pid}/limits")
    if not limits.exists():
        return None
    line = next(x for x in limits.read_text().splitlines() if x.startswith("Max open files"))
    return int(line.split()[3])


def assert_quiet(server: Server) -> None:
    """The log holds no traceback and stays a few lines long, however many sockets stalled."""
    text = server.log_text()
    assert "Traceback" not in text and "Exception" not in text, text[-2000:]
    assert len(text) < 4000, text[-2000:]


def test_the_server_raises_its_open_files_limit_to_the_hard_one(server: Server) -> None:
    limit = open_files_limit(server.process.pid)
    if limit is None:
        pytest.skip("no /proc to read the server's limits from")
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]  # the server inherited ours
    if hard != resource.RLIM_INFINITY and hard <= 256:
        pytest.skip(f"the hard open-files limit here is {hard}: nothing to raise")
    assert limit == (UNLIMITED_TARGET if hard == resource.RLIM_INFINITY else hard) > 256


def test_three_hundred_stalled_sockets_keep_no_one_waiting_and_are_closed_at_the_timeout(
        server: Server) -> None:
    sockets = stall(server.port, STALLED)
    try:
        for path in ("/healthz", "/", "/healthz"):
            status, seconds = timed_get(server.port, path)
            assert status == 200 and seconds < FAST, (path, status, seconds)
        took = wait_until(lambda: all(closed_by_server(s) for s in sockets), TIMEOUT + 2)
        assert took <= TIMEOUT + 1
        status, seconds = timed_get(server.port, "/healthz")
        assert status == 200 and seconds < FAST
    finally:
        for sock in sockets:
            sock.close()
    assert_quiet(server)


def test_a_stalled_body_is_closed_at_the_timeout_without_a_traceback(server: Server) -> None:
    start = b"POST /config HTTP/1.1\r\nHost: x\r\nHX-Request: true\r\n"
    form = b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
    sockets = stall(server.port, 3, start + form + b"learning_r")
    try:
        assert wait_until(lambda: all(closed_by_server(s) for s in sockets), TIMEOUT + 2) < (
            TIMEOUT + 1)
    finally:
        for sock in sockets:
            sock.close()
    time.sleep(0.2)  # let the app see the disconnect and log whatever it would
    assert_quiet(server)


def test_a_client_dribbling_its_headers_is_closed_at_the_deadline_not_kept_alive(
        server: Server) -> None:
    [sock] = stall(server.port, 1, b"GET /healthz HTTP/1.1\r\nX-Slow: ")
    start = time.monotonic()
    try:
        while not closed_by_server(sock):  # a byte every 0.2 s never resets the deadline
            assert time.monotonic() - start < TIMEOUT + 1, "still open after the timeout"
            try:
                sock.sendall(b"z")
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.2)
        assert time.monotonic() - start >= TIMEOUT - 0.3
    finally:
        sock.close()


def test_a_client_that_keeps_asking_keeps_its_connection(server: Server) -> None:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=5)
    try:
        connection.connect()
        first = connection.sock
        start = time.monotonic()
        while time.monotonic() - start < TIMEOUT * 1.5:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            assert response.read() == b"ok"
            time.sleep(0.3)
        assert connection.sock is first  # one connection throughout, never re-opened
    finally:
        connection.close()


def test_with_no_room_to_raise_the_limit_the_longest_waiting_sockets_make_way(
        tmp_path: Path) -> None:
    with serve(tmp_path, (256, 256), timeout=30) as server:
        sockets = stall(server.port, STALLED)
        try:
            for path in ("/healthz", "/", "/healthz"):
                status, seconds = timed_get(server.port, path)
                assert status == 200 and seconds < FAST, (path, status, seconds)
            shed = sum(closed_by_server(s) for s in sockets)
            assert STALLED - 256 < shed < STALLED  # the oldest made way; the timeout is far
            assert all(closed_by_server(s) for s in sockets[:STALLED - 256])
        finally:
            for sock in sockets:
                sock.close()
        assert_quiet(server)
