"""TensorFlow Playground's links: GET /tf-playground?<its fragment> redirects to the same setup in
our settings (app/config/playground_links.py translates the keys).

A TF Playground link pasted after our address (`/#activation=tanh&networkShape=4,2&…`) keeps its
state in the fragment, which browsers never send; app.js reads `location.hash` and comes here.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from app.config.playground_links import playground_query

router = APIRouter()


@router.get("/tf-playground")
def open_playground_link(request: Request) -> RedirectResponse:
    """Redirect to the playground with TF Playground's keys translated into ours (the page then
    checks the values like any link's)."""
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    return RedirectResponse("/?" + playground_query(pairs), status_code=303)
