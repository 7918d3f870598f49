"""An upload too large is refused before it is read whole, by a real server (as ./dev.sh start
runs it): 10 MB sent chunked, with no Content-Length to refuse it by, is answered 413 while most
of it has not been sent yet."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.classroom import HOST
from tests.web.test_stalled_clients import Server, serve

TOTAL = 10 * 2**20
CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve(tmp_path_factory.mktemp("uploads"), (1024, None)) as running:
        yield running


def send_chunked(port: int, path: str) -> tuple[int, bytes]:
    """POST TOTAL bytes chunked; return the bytes sent before the answer came, and the answer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)  # little kept on our side
    sock.settimeout(10)
    sock.connect((HOST, port))
    head = (f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n").encode()
    part = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big"\r\n\r\n')
    sock.sendall(head + f"{len(part):x}\r\n".encode() + part + b"\r\n")
    sent, body = 0, (b"1,1,0\n" * (CHUNK // 6 + 1))[:CHUNK]
    try:
        while sent < TOTAL:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered
            sock.sendall(f"{CHUNK:x}\r\n".encode() + body + b"\r\n")
            sent += CHUNK
        answer = sock.recv(4096)
    except (BrokenPipeError, ConnectionResetError):
        answer = sock.recv(4096) if select.select([sock], [], [], 1)[0] else b""
    finally:
        sock.close()
    return sent, answer


@pytest.mark.parametrize("path", ["/data/upload", "/load"])
def test_a_chunked_10_mb_upload_is_cut_short(server: Server, path: str, tmp_path: Path) -> None:
    sent, answer = send_chunked(server.port, path)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert sent < TOTAL // 2  # answered long before the end (the rest sits in socket buffers)
    assert "Traceback" not in server.log_text()
