"""Changes of settings: the form (POST /config), reset (new weights) and regenerate (new data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.config import MAX_SEED, Config, parse, raw_from_pairs, reconcile
from app.session.run import build_run
from app.session.store import Session, change_settings
from app.validation import ConfigError
from app.web import views
from app.web.htmx import is_htmx
from app.web.routes.browser import (
    back_to_page,
    find,
    invalid,
    live_session,
    page_url,
    reply,
    store,
)

router = APIRouter()
Pairs = list[tuple[str, str]]
MAX_FIELDS = 100


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """Return the posted form as (name, value) pairs, repeated names kept (feature toggles)."""
    form = await request.form(max_files=0, max_fields=MAX_FIELDS, max_part_size=1024)
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


def _apply(request: Request, session: Session, config: Config) -> Response:
    """Move the session to config and redraw every region (and push the new URL)."""
    with session.lock:
        try:
            change_settings(session, config)
        except ValueError as exc:  # the engine refused a combination: keep the last good run
            return invalid(request, session, [str(exc)])
        if not is_htmx(request):
            return back_to_page(request, session)
        body = views.settings_update(session)
    return reply(request, body, session, push_url=page_url(config))


@router.post("/config", response_class=HTMLResponse)
def update(request: Request, pairs: Annotated[Pairs, Depends(form_pairs)]) -> Response:
    """Apply the whole form; an invalid value leaves the run as it was and says why (422)."""
    session = find(request) or store(request).add(build_run(Config()))
    try:
        config = parse(reconcile(raw_from_pairs(pairs), session.run.config))
    except ConfigError as exc:
        return invalid(request, session, exc.messages)
    return _apply(request, session, config)


def _bump(request: Request, field: str) -> Response:
    """Apply the session's config with `field` (a seed) moved on by one, wrapping at MAX_SEED."""
    session = live_session(request)
    config = session.run.config
    update = {field: (getattr(config, field) + 1) % (MAX_SEED + 1)}
    return _apply(request, session, config.model_copy(update=update))


@router.post("/reset", response_class=HTMLResponse)
def reset(request: Request) -> Response:
    """New weights (seed + 1) on the same data, epoch 0, paused."""
    return _bump(request, "seed")


@router.post("/regenerate", response_class=HTMLResponse)
def regenerate(request: Request) -> Response:
    """New data (data_seed + 1); training goes on with the current weights."""
    return _bump(request, "data_seed")
