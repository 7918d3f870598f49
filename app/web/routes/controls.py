"""Changes of settings: the form (POST /config), reset (new weights) and regenerate (new data)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.config import Config, parse, raw_from_pairs, reconcile
from app.rooms.locks import keep_locked, refuse_locked
from app.session.session import Render, Session, SessionView
from app.validation import ConfigError
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.admission import new_session
from app.web.routes.browser import back_to_page, find, invalid, page_url, reply
from app.web.routes.dependencies import LiveSession
from app.web.routes.room_access import locks_for

router = APIRouter()
Pairs = list[tuple[str, str]]
MAX_FIELDS = 100
CHARTS_STATE = ("token", "since")  # what the page's charts hold (views.frame), not settings


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """Return the posted form as (name, value) pairs, repeated names kept (feature toggles)."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=1024)
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


def form_session(request: Request) -> Session:
    """Return the request's session, or a new default one: the form says every setting."""
    return find(request) or new_session(request, Config())


def charts_state(pairs: Pairs) -> tuple[Pairs, str, int]:
    """Return the form without what the page's charts hold, and that: its token and the last
    epoch they show (static/app.js adds both; unreadable means "nothing": a whole frame)."""
    state = dict(p for p in pairs if p[0] in CHARTS_STATE)
    since = state.get("since", "")
    return ([p for p in pairs if p[0] not in CHARTS_STATE], state.get("token", "")[:64],
            int(since) if since.isdigit() and len(since) < 10 else -1)


Drawn = tuple[str, str]  # the answer's HTML and the URL for the address bar


def _changed(request: Request, session: Session, change: Callable[[Render[Drawn]], Drawn],
             have_token: str = "", since: int = -1) -> Response:
    """Make a change of settings and answer the regions it changed (a frame restyling the charts
    the page says it holds), putting the new URL in the address bar (replaced, not pushed:
    a setting is no page of history); a refused value or combination leaves the run
    as it was and says why (422)."""
    htmx = is_htmx(request)

    def render(view: SessionView) -> Drawn:
        body = views.change_update(view, have_token, since) if htmx else ""
        return body, page_url(view.run.config)
    try:
        body, url = change(render)
    except ConfigError as exc:
        return invalid(request, session, exc.messages, exc.fields)
    except ValueError as exc:  # the engine refused a combination: the last good run stays
        return invalid(request, session, [str(exc)])
    if not htmx:
        return back_to_page(request, session)
    return reply(request, body, session, replace_url=url)


@router.post("/config", response_class=HTMLResponse)
def update(request: Request, pairs: Annotated[Pairs, Depends(form_pairs)],
           session: Annotated[Session, Depends(form_session)]) -> Response:
    """Apply the whole form (read against the settings it changes, under the same lock); in a
    room, the knobs the lecturer locked keep their values (room_access, rooms.locks)."""
    settings, have_token, since = charts_state(pairs)
    raw = raw_from_pairs(settings)
    locked = locks_for(request, session)

    def update(config: Config) -> Config:
        new = parse(reconcile(keep_locked(raw, config, locked), config))
        return refuse_locked(new, config, locked)
    return _changed(request, session, lambda render: session.apply(update, render), have_token,
                    since)


@router.post("/reset", response_class=HTMLResponse)
def reset(request: Request, session: LiveSession) -> Response:
    """New weights (seed + 1) on the same data, epoch 0, paused."""
    return _changed(request, session, session.reset)


@router.post("/regenerate", response_class=HTMLResponse)
def regenerate(request: Request, session: LiveSession) -> Response:
    """New data (data_seed + 1); training goes on with the current weights."""
    return _changed(request, session, session.regenerate)
