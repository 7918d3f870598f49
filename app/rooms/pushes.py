"""What the lecturer pushes: their own current setup, a playground link or a lesson, made into the
config every student's run switches to, a title, and the question to predict (if any).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app.config import Config, from_query
from app.lecture.lessons import LESSONS, lesson_config
from app.rooms import questions
from app.rooms.questions import Question
from app.validation import ConfigError

LESSON = "lesson:"


class PushError(ValueError):
    """A push that cannot be made, with the sentence to show the lecturer."""


def chosen_setup(source: str, link: str, question: str, choices: str, mine: Config | None
                 ) -> tuple[Config, str, Question | None]:
    """Return the config to push, its title and its question.

    Args:
        source: "mine" (the lecturer's latest playground run, `mine`), "link" (`link`, a
            playground URL) or "lesson:<key>".
        question, choices: the lecturer's own question and its choices, one per line (a
            lesson's own question is used when question is blank).

    Raises:
        PushError: no such lesson, no playground run of the lecturer's, or a bad link.
    """
    own = questions.custom(question, choices)
    if source.startswith(LESSON):
        key = source[len(LESSON):]
        if key not in LESSONS:
            raise PushError(f"there is no lesson {key[:40]!r}")
        title = f"Lesson: {LESSONS[key].title}"
        return _for_class(lesson_config(key)), title, own or questions.for_lesson(key)
    if source == "link":
        try:
            config = from_query(urlsplit(link.strip()).query)
        except ConfigError as exc:
            raise PushError("that link's settings are not usable: " + "; ".join(exc.messages)
                            ) from None
        return _for_class(config), "The lecturer's link", own
    if source == "mine":
        if mine is None:
            raise PushError("no playground run of yours was found in this browser: open the "
                            "playground (My playground), set it up, then push")
        return _for_class(mine), "The lecturer's setup", own
    raise PushError(f"push what? {source[:40]!r} is not a choice")


def _for_class(config: Config) -> Config:
    """Return config as students get it: never in projector mode."""
    return config.model_copy(update={"projector": False})
