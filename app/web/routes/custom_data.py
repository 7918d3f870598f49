"""Your own data and saved runs: drawing on the output plot (POST /data/draw), a CSV of points
(POST /data/upload), the run saved as a JSON file (POST /save) and loaded back (POST /load).

Uploads have their own size limits (UPLOAD_LIMITS): the Guard refuses a larger Content-Length
before reading anything, the route's body limit cuts a chunked body as it streams in (413), and
a file is read whole only once it is known to fit. Each file is parsed and checked whole before
one Session method applies it; a refusal changes nothing (422, one message per problem).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from starlette.datastructures import UploadFile

from app.data.csv_file import CsvError, parse_csv
from app.data.run_json import MAX_BYTES as RUN_FILE_BYTES
from app.session import run_file
from app.session.drawing import Edit, config_for
from app.session.session import Render, Session, SessionView
from app.validation import ConfigError
from app.web import regions, views
from app.web.htmx import is_htmx
from app.web.routes.browser import back_to_page, find, invalid, lookup, page_url, reply
from app.web.routes.controls import Pairs, charts_state, form_pairs
from app.web.routes.dependencies import LiveSession
from app.web.views import Message

router = APIRouter()
CSV_BYTES = 512 * 1024  # 2,000 rows of three numbers fit many times over
UPLOAD_LIMITS = {"/data/upload": CSV_BYTES, "/load": RUN_FILE_BYTES}
TOOLS = ("add", "erase", "clear", "undo")
SAVE_NAME = "mlp-playground-run.json"
Upload = bytes | str  # the file's bytes, or why there are none


def _number(values: dict[str, str], name: str) -> float:
    try:
        value = float(values.get(name, "0")[:32])
    except ValueError:
        raise ValueError(f"{name} must be a number, got {values.get(name, '')[:20]!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return value


def parse_edit(values: dict[str, str]) -> Edit | None:
    """Return the drawing edit a form asks for (None: undo).

    Raises:
        ValueError: an unknown tool or a coordinate or label that is not a number.
    """
    tool = values.get("tool", "")
    if tool not in TOOLS:
        raise ValueError(f"tool must be one of {', '.join(TOOLS)}, got {tool[:20]!r}")
    if tool == "undo":
        return None
    return Edit(tool, _number(values, "x1"), _number(values, "x2"), _number(values, "label"))


Drawn = tuple[str, str]  # the answer's HTML and the URL to push


def _answer(request: Request, session: Session, change: Callable[[Render[Drawn]], Drawn],
            have_token: str = "", since: int = -1, names: tuple[str, ...] = regions.EVERY,
            notes: tuple[Message, ...] = ()) -> Response:
    """Make a change of the session's data and answer the regions it changed (or a 422)."""
    def render(view: SessionView) -> Drawn:
        url = page_url(view.run.config)
        if not is_htmx(request):
            return "", url
        return views.settings_update(view, notes, names,
                                     views.frame(view.run, have_token, since)), url
    try:
        body, url = change(render)
    except ConfigError as exc:
        return invalid(request, session, exc.messages)
    except ValueError as exc:
        return invalid(request, session, [str(exc)])
    if not is_htmx(request):
        return back_to_page(request, session)
    return reply(request, body, session, replace_url=url)


@router.post("/data/draw", response_class=HTMLResponse)
def draw(request: Request, pairs: Annotated[Pairs, Depends(form_pairs)],
         session: LiveSession) -> Response:
    """Add a point of the brush's class, erase the nearest, clear all, or undo."""
    settings, have_token, since = charts_state(pairs)
    try:
        edit = parse_edit(dict(settings))
    except ValueError as exc:
        return invalid(request, session, [str(exc)])
    return _answer(request, session, lambda render: session.edit_data(edit, render),
                   have_token, since, regions.DRAWING)


async def _file(request: Request, limit: int) -> Upload:
    """Return the uploaded file's bytes (form field "file"), or why there are none."""
    form = await request.form(max_files=1, max_fields=100, max_part_size=1024)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return "choose a file first"
    raw = await upload.read(limit + 1)
    if len(raw) > limit:
        return f"the file is larger than {limit // 1024:,} KB"
    return raw


async def csv_file(request: Request) -> Upload:
    """The uploaded CSV (see _file)."""
    return await _file(request, CSV_BYTES)


async def saved_file(request: Request) -> Upload:
    """The uploaded saved run (see _file)."""
    return await _file(request, RUN_FILE_BYTES)


@router.post("/data/upload", response_class=HTMLResponse, max_body_size=CSV_BYTES + 4096)
def upload(request: Request, raw: Annotated[Upload, Depends(csv_file)],
           session: LiveSession) -> Response:
    """Train on the points of a CSV file: all of them, or none and every problem named."""
    try:
        if isinstance(raw, str):
            raise CsvError([raw])
        data = parse_csv(raw, session.read(lambda view: view.run.config.problem))
    except CsvError as exc:
        return invalid(request, session, [f"CSV not imported: {m}" for m in exc.messages])
    note = Message(f"imported {len(data):,} points from the CSV", "info")
    return _answer(request, session, lambda render: session.apply(
        lambda config: config_for(config, data), render, custom=data), notes=(note,))


@router.post("/save")
def save(request: Request, pairs: Annotated[Pairs, Depends(form_pairs)]) -> Response:
    """Download the run (the page's session, named by the form's "from") as a JSON file."""
    named = dict(pairs).get("from", "")
    session = lookup(request, named) if named else find(request)
    if session is None:
        return PlainTextResponse("This run is gone: reload the page.\n", status_code=404)
    try:
        body = session.read(lambda view: run_file.dump(view.run))
    except ValueError as exc:
        return PlainTextResponse(f"This run cannot be saved: {exc}\n", status_code=422)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{SAVE_NAME}"'})


@router.post("/load", response_class=HTMLResponse, max_body_size=RUN_FILE_BYTES + 4096)
def load(request: Request, raw: Annotated[Upload, Depends(saved_file)],
         session: LiveSession) -> Response:
    """Replace the run by a saved one, which goes on from where it was saved."""
    try:
        if isinstance(raw, str):
            raise ValueError(raw)
        config, custom, state = run_file.load(raw)
    except ValueError as exc:
        return invalid(request, session, [f"saved run not loaded: {exc}"])
    note = Message(f"loaded a run saved at epoch {state['epoch']:,}", "info")
    return _answer(request, session, lambda render: session.load(
        config, render, custom, state), notes=(note,))
