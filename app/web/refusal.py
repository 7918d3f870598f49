"""An expected refusal (422) reaches htmx as 200 plus the REFUSED header, so no console error.

Chromium logs "Failed to load resource: … status of 422" for every 4xx/5xx response a page
loads, and no script can stop it. A 422 is the app's ordinary answer to an invalid value — a
message in place, the run as it was — not a failure, so for htmx requests (HX-Request) this
layer answers 200 with `X-Playground-Refused: 422` and leaves the body and every other header
as the route made them (htmx swaps both alike; static/fields.js and diagram.js read the header
to tell a refusal from a change). Plain clients (curl, a browser without JavaScript, a whole
page) still get 422. Other errors keep their status: they are not expected.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.htmx import REFUSED, is_htmx

REFUSED_STATUS = 422
_HEADER = (REFUSED.lower().encode("latin-1"), str(REFUSED_STATUS).encode("latin-1"))


class HtmxRefusals:
    """ASGI middleware: an htmx request's 422 becomes 200 + REFUSED (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_htmx(HTTPConnection(scope)):
            await self.app(scope, receive, send)
            return

        async def send_refusal(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == REFUSED_STATUS:
                message = {**message, "status": 200,
                           "headers": [*message.get("headers", ()), _HEADER]}
            await send(message)

        await self.app(scope, receive, send_refusal)
