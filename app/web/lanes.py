"""The poll's short way through the app: the layers a poll needs, without the router's scan.

Every playing page polls 4–25 times a second, so what a poll costs besides its training is paid
by the whole class (training_gate: the process answers 100–135 polls a second). FastAPI's
stack hands each request through a dozen ASGI layers (telemetry, three body-limit layers, an
exit stack for dependency files) and then scans every route's pattern; for a poll that was about
a quarter of its server time outside training. So the Guard (hosts, origins, the security
headers, the Content-Length limit: it stays outermost) hands `POST /poll` to a lane of its own
that answers exactly as the full stack would:

    ServerErrorMiddleware (the app's 500 page) → the app's own middleware (GZip, HtmxRefusals)
    → a body limit (a chunked body past max_body_size: 413) → ExceptionMiddleware (the app's
    handlers: a lost session's redraw, a 422, an HTTP error page) → the endpoint

Every other request takes the full stack. tests/web/test_lanes.py holds the lane to the stack's
answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.routing import request_response
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Any]  # an async (request) -> Response route function


class Lanes:
    """ASGI: requests whose (method, path) has a lane take it; all others take `app`."""

    def __init__(self, app: ASGIApp, lanes: Mapping[tuple[str, str], ASGIApp]) -> None:
        self.app, self.lanes = app, dict(lanes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            lane = self.lanes.get((scope["method"], scope["path"]))
            if lane is not None:
                await lane(scope, receive, send)
                return
        await self.app(scope, receive, send)


def lane(app: Starlette, endpoint: Endpoint, max_body_size: int) -> ASGIApp:
    """Return endpoint wrapped in the layers of `app` that shape its answers (see the module):
    its error handlers and its own (user) middleware, in the order the full stack has them."""
    handlers: dict[Any, Any] = {}
    server_error: Callable[[Request, Exception], Any] | None = None
    for key, handler in app.exception_handlers.items():
        if key in (500, Exception):
            server_error = handler
        else:
            handlers[key] = handler
    inner: ASGIApp = ExceptionMiddleware(request_response(endpoint), handlers=handlers)
    inner = RequestBodyLimitMiddleware(inner, max_body_size)
    for middleware in reversed(app.user_middleware):
        cls, args, kwargs = middleware
        inner = cls(inner, *args, **kwargs)
    return ServerErrorMiddleware(inner, handler=server_error)

