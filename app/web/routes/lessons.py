"""GET /lessons: the lessons in teaching order, each a link to its preset on the main page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.lecture import lessons
from app.web import views

router = APIRouter()


@router.get("/lessons", response_class=HTMLResponse)
def lessons_page(projector: bool = False) -> HTMLResponse:
    """List every lesson with its question and goal; `projector` carries projector mode along."""
    return HTMLResponse(views.render("lessons.html", {
        "sections": lessons.sections(projector), "total": lessons.TOTAL,
        "projector": projector}))
