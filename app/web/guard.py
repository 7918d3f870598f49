"""The app's outermost layer: which host names it answers, which state-changing requests it
accepts, and the headers every answer carries (its own errors, 413 and 500 included).

The rules (tests/web/test_guard.py):

* Host names (DNS rebinding). An IP address or localhost is always served: a rebinding page
  needs a name the attacker's DNS answers, and a class reaches the server by its LAN address.
  Other names are served when they match Settings.allowed_hosts ("*" = any, the default;
  "*.example.org" = its subdomains); else 400.
* Unsafe methods (anything but GET, HEAD, OPTIONS) must come from our own pages. Refused (403):
  a browser's Sec-Fetch-Site of cross-site or same-site (another port or subdomain of this
  host is another site's page); an Origin that is not this host and port; with no Origin, a
  Referer that is not. A request with none of the three headers is accepted: every browser a
  page could drive sends Origin on a cross-origin POST, so such a request comes from curl, a
  script or a test client, which could send any header it likes anyway. Sec-Fetch-Site
  same-origin is accepted whatever the Origin: a plain form POST under our no-referrer policy
  sends Origin: null, and no page can forge the header. The scheme is not compared (a
  TLS-terminating proxy may forward plain HTTP), only host and port; a Host without a port
  matches ports 80 and 443.
* Every answer: SECURITY_HEADERS, and `Cache-Control: no-store` except for /static/ files
  (pages and fragments carry a session's id and state; no cache may keep or share them).
* A client that leaves before its body arrived (ClientDisconnect) is let go without a
  traceback in the log.
* A body whose Content-Length is over the limit (an upload's path: its own, `limits`) is refused
  here (413, as HTML) before any of it is read; a chunked one is cut by FastAPI's max_body_size
  (the route's own for uploads; its plain-text 413 still gets the headers).

Proxy headers (X-Forwarded-Proto, X-Forwarded-For) are applied before this layer, from
Settings.trusted_proxies only (main.py), so request.url.scheme is what the browser used.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web import views
from app.web.htmx import is_htmx

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
NO_STORE = (b"cache-control", b"no-store")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_PORTS = {"http": 80, "https": 443}
STATIC_PREFIX = "/static/"
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_.-]+?)\.?(?::(\d{1,5}))?")
Host = tuple[str, int | None]  # (lower-case name, IPv6 in brackets; port or None)


def parse_host(value: str) -> Host | None:
    """Return (name, port) of a Host header or a URL's authority, None if it is not one."""
    match = _HOST.fullmatch(value.strip().lower())
    if match is None:
        return None
    return match[1], int(match[2]) if match[2] else None


def is_address(name: str) -> bool:
    """Return whether a host name is an IP address (IPv6 in brackets) or localhost."""
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def host_allowed(name: str, allowed: Sequence[str]) -> bool:
    """Return whether a Host's name may be served: an address (is_address), or a name that
    `allowed` lists ("*" = any name, "*.example.org" = example.org's subdomains)."""
    return is_address(name) or any(
        pattern == "*" or pattern == name
        or (pattern.startswith("*.") and name.endswith(pattern[1:])) for pattern in allowed)


def same_origin(url: str, host: str) -> bool:
    """Return whether an Origin or Referer names the host and port the request was sent to
    (its Host header); a Host without a port matches an origin on port 80 or 443."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    default = DEFAULT_PORTS.get(parts.scheme.lower())
    source, target = parse_host(parts.netloc), parse_host(host)
    if default is None or source is None or target is None or source[0] != target[0]:
        return False
    port = source[1] or default
    return port == target[1] if target[1] is not None else port in DEFAULT_PORTS.values()


def refusal(method: str, headers: Headers, allowed_hosts: Sequence[str]) -> tuple[int, str] | None:
    """Return (status, why) when a request must be refused before it reaches a route."""
    raw = headers.get("host")
    host = parse_host(raw or "")
    if (raw is not None or "*" not in allowed_hosts) and (
            host is None or not host_allowed(host[0], allowed_hosts)):
        return 400, "this server does not answer to that host name"
    if method in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        return 403, f"{site} requests are not accepted"
    if site == "same-origin":  # a browser's own word (pages cannot set it); a plain form POST
        return None  # under Referrer-Policy no-referrer carries Origin: null
    for name in ("origin", "referer"):
        if name in headers:
            if same_origin(headers[name], raw or ""):
                return None
            return 403, "requests from other sites are not accepted"
    return None


def error_page(request: Request, status: int, text: str) -> HTMLResponse:
    """Render an error as the banner (htmx) or a small page (browser), never as JSON."""
    message = views.Message(text)
    if is_htmx(request):
        return HTMLResponse(views.banner([message]), status_code=status)
    return HTMLResponse(views.render("error.html", {"message": message, "status": status}),
                        status_code=status)


class Guard:
    """ASGI middleware: refuse what `refusal` and the body limit refuse, and give every answer
    the security headers (and no-store outside /static/). See the module's docstring."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str] = ("*",),
                 max_body_size: int | None = None, limits: Mapping[str, int] | None = None
                 ) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_hosts)
        self.max_body_size = max_body_size
        self.limits = dict(limits or {})  # a path's own body limit (uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send, cache=scope["path"].startswith(STATIC_PREFIX))
        request = Request(scope)
        refused = refusal(scope["method"], request.headers, self.allowed_hosts)
        if refused is None and self._too_large(request.headers, scope["path"]):
            refused = 413, "request too large"
        if refused is not None:
            await error_page(request, *refused)(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:  # the client left before its body arrived: no one to answer
            return

    def _too_large(self, headers: Headers, path: str) -> bool:
        length, limit = headers.get("content-length", ""), self.limits.get(path, self.max_body_size)
        return limit is not None and length.isdigit() and int(length) > limit

    @staticmethod
    def _with_headers(send: Send, cache: bool) -> Send:
        extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *extra]
                if not cache and not any(k.lower() == NO_STORE[0] for k, _ in headers):
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)
        return send_with_headers
