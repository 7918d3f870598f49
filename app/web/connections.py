"""The server's side of a connection: a request must arrive whole in time, and stalled ones make
way for new clients near the open-files limit. (Launching the server is app/serve.py's.)

uvicorn's --timeout-keep-alive only closes a connection idle *between* requests; one whose
request line, headers or body never finish would stay open for good, each holding a file
descriptor. TimedHttpToolsProtocol (uvicorn's httptools protocol, loaded with
`--http app.web.connections:TimedHttpToolsProtocol`) arms a deadline of `request_timeout`
seconds (PLAYGROUND_REQUEST_TIMEOUT) when a connection opens and when the first byte of each
later request arrives, and disarms it once that request is complete: a client that stalls or
dribbles (slowloris) is closed at the deadline, quietly, like nginx's client_header_timeout.
How long the app then takes to answer is not bounded here.

When the open connections near the process's open-files limit (minus RESERVED_FILES for the
run store, logs and the listening socket), a new connection closes the one that has waited
longest for its request, so accept() never fails for want of a descriptor.

A request whose client left (or was closed here) before its body arrived ends quietly: the app's
ClientDisconnect is not a server error, and must not cost a traceback per socket.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from functools import cache
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.settings import Settings

RESERVED_FILES = 64  # descriptors kept for everything but client connections
logger = logging.getLogger("uvicorn.error")


@cache
def request_timeout() -> float:
    """Return the seconds a request may take to arrive (Settings, read once per process)."""
    return Settings().request_timeout


@cache
def connection_cap() -> int:
    """Return how many connections may be open before the longest-waiting one makes way: the
    open-files soft limit as it is when the first connection arrives, less RESERVED_FILES."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return 2**20
    return max(soft - RESERVED_FILES, 16)


class QuietWhenGone:
    """ASGI wrapper: a request whose client is gone before its body arrived just ends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:  # raised only once receive() said http.disconnect
            logger.debug("%s - client gone before its request's body arrived",
                         scope.get("client"))


class TimedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools HTTP/1.1 protocol with a deadline on each request's arrival."""

    _deadline: asyncio.TimerHandle | None = None
    waiting_since: float | None = None  # loop time the pending request began; None: none

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app = QuietWhenGone(self.app)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Take the connection and arm its first request's deadline; near the open-files
        limit, close the connection that has waited longest for its request."""
        super().connection_made(transport)
        self._arm()
        if len(self.connections) >= connection_cap():
            self._close_longest_waiting()

    def data_received(self, data: bytes) -> None:
        """Feed the parser; bytes that arrive with no request pending begin the next one."""
        self._arm()
        super().data_received(data)

    def on_message_begin(self) -> None:
        """Start a request (arming its deadline: pipelined bytes may begin one mid-chunk)."""
        self._arm()
        super().on_message_begin()

    def on_message_complete(self) -> None:
        """The request arrived whole: from here on it is the app's (disarm the deadline)."""
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline with the connection."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._deadline is None:
            self.waiting_since = self.loop.time()
            self._deadline = self.loop.call_later(request_timeout(), self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self.waiting_since = None, None

    def _expire(self) -> None:
        """Close a connection whose request did not arrive in time (debug log only: a flood of
        stalled sockets must not become a flood of log lines)."""
        self._deadline = None
        if not self.transport.is_closing():
            logger.debug("%s - request incomplete after %g s, closed", self.client,
                         request_timeout())
            self.transport.close()

    def _close_longest_waiting(self) -> None:
        waiting = [c for c in self.connections
                   if isinstance(c, TimedHttpToolsProtocol) and c.waiting_since is not None
                   and not c.transport.is_closing()]
        if waiting:
            oldest = min(waiting, key=lambda c: c.waiting_since or 0.0)
            logger.debug("%s - closed to make room for a new connection", oldest.client)
            oldest._disarm()
            oldest.transport.close()
