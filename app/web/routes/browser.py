"""The browser's side of every route: its session (cookie) and the reply it gets.

htmx requests (HX-Request) get fragments; plain browser requests get whole pages or redirects.
A session that expired (idle, or evicted by the cap) is re-created from the page's own link,
which every action URL carries as its query string.
"""

from __future__ import annotations

import re
from typing import cast

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import Config, from_query, to_query
from app.session.run import build_run
from app.session.store import Session, SessionStore
from app.validation import ConfigError
from app.web import views
from app.web.htmx import HX_PUSH_URL, HX_RESWAP, HX_RETARGET, SESSION_HEADER, is_htmx
from app.web.views import Message

COOKIE = "mlp_session"
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe makes


def training_budget(request: Request) -> float:
    """Return the most training time one request may take (the app's Settings)."""
    return float(request.app.state.training_budget)


def store(request: Request) -> SessionStore:
    """Return the app's session store."""
    return cast(SessionStore, request.app.state.store)


def page_session_id(request: Request) -> str | None:
    """Return the session id the page sent (SESSION_HEADER), if it is well formed."""
    sid = request.headers.get(SESSION_HEADER, "")
    return sid if SESSION_ID.fullmatch(sid) else None


def find(request: Request) -> Session | None:
    """Return the page's session (its header), else the cookie's, if it is still alive."""
    sid = page_session_id(request)
    return store(request).get(sid if sid is not None else request.cookies.get(COOKIE))


def find_or_restart(request: Request) -> tuple[Session, list[Message]]:
    """Return the session, re-created from the URL's query when it is gone (with a notice)."""
    session = find(request)
    if session is not None:
        return session, []
    try:
        config, text = from_query(request.url.query), "restarted from this page's link"
    except ConfigError:
        config, text = Config(), "press reset"
    page_sid = page_session_id(request)
    had_cookie = COOKIE in request.cookies or page_sid is not None
    session = store(request).add(build_run(config), page_sid)  # the page keeps its id
    if not had_cookie:
        return session, [Message("new session started from this page's link", "info")]
    return session, [Message(f"session expired — {text}", "info")]


def page_url(config: Config) -> str:
    """Return the shareable URL of a config."""
    return "/?" + to_query(config)


def reply(request: Request, body: str, session: Session | None = None, status: int = 200,
          push_url: str | None = None) -> HTMLResponse:
    """Return HTML, setting the session cookie when the browser does not have it yet."""
    response = HTMLResponse(body, status_code=status)
    if session is not None and request.cookies.get(COOKIE) != session.id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax", path="/")
    if push_url is not None:
        response.headers[HX_PUSH_URL] = push_url
    return response


class Restarted(Exception):  # noqa: N818 — it is not an error: the reply to send instead
    """Raised by live_session when the session had to be re-created; carries the reply that
    redraws the whole page (main.create_app answers with it)."""

    def __init__(self, response: Response) -> None:
        super().__init__("session re-created")
        self.response = response


def live_session(request: Request) -> Session:
    """Return the request's session. When it is gone, re-create it from the page's URL and
    raise Restarted with the reply that redraws everything (and says why)."""
    session, notes = find_or_restart(request)
    if notes:
        raise Restarted(restarted(request, session, notes))
    return session


def restarted(request: Request, session: Session, notes: list[Message]) -> Response:
    """Reply to an action whose session had to be re-created: redraw everything."""
    if not is_htmx(request):
        return back_to_page(request, session)
    response = reply(request, views.settings_update(session, notes), session,
                     push_url=page_url(session.run.config))
    response.headers[HX_RETARGET] = "#banner"
    response.headers[HX_RESWAP] = "outerHTML"
    return response


def back_to_page(request: Request, session: Session) -> Response:
    """Send a plain (no-JavaScript) browser back to the page, which shows the session as it is."""
    response = RedirectResponse("/", status_code=303)
    if request.cookies.get(COOKIE) != session.id:
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax", path="/")
    return response


def invalid(request: Request, session: Session, messages: list[str]) -> Response:
    """Reply 422 with the messages: in place for htmx, on the page (last good state) otherwise."""
    lines = [Message(m) for m in messages]
    body = views.banner(lines) if is_htmx(request) else views.page(session, lines)
    return reply(request, body, session, status=422)
