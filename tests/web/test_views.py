"""Rendering: one poll (Session.poll with views.poll_update), full vs delta frames, the epoch
format."""

from __future__ import annotations

import time
from dataclasses import replace

from app.config import Config
from app.figures import charts
from app.session.run import BUDGET_SECONDS, build_run
from app.session.session import Session, SessionView
from app.web.templating import format_epoch
from app.web.views import frame, poll_update, token
from tests.conftest import epoch_of, frame_of


def look(session: Session) -> SessionView:
    """Return the session as it is now."""
    return session.read(lambda view: view)


def poll(session: Session, have_token: str = "", since: int = -1, cadence: int = 40) -> str:
    """Return the answer to one poll of the session from a page polling every `cadence` ms."""
    return session.poll(BUDGET_SECONDS,
                        lambda view: poll_update(view, have_token, since, cadence=cadence))


def test_epoch_is_zero_padded_with_thousands_separators() -> None:
    assert format_epoch(0) == "000,000"
    assert format_epoch(123) == "000,123"
    assert format_epoch(1_234_567) == "1,234,567"


def test_a_poll_advances_a_playing_session_by_its_speed() -> None:
    session = Session("bench", build_run(Config(speed=5)), playing=True)
    html = poll(session)
    assert look(session).run.epoch == 5 and epoch_of(html) == 5
    assert 'id="poller"' not in html  # still playing at the same cadence: no new poller


def test_a_poll_from_a_page_at_another_cadence_gets_the_poller_at_the_servers() -> None:
    session = Session("bench", build_run(Config(speed=5)), playing=True)
    html = poll(session, cadence=90)
    assert 'id="poller" data-state="playing"' in html and 'hx-trigger="every 40ms"' in html
    assert """hx-vals='{"cadence": 40}'""" in html and 'id="transport"' not in html


def test_a_poll_on_a_paused_session_trains_nothing_and_stops_the_poller() -> None:
    session = Session("bench", build_run(Config()), playing=False)
    html = poll(session)
    assert look(session).run.epoch == 0
    assert 'id="poller" data-state="paused"' in html
    assert "hx-trigger" not in html.split('id="poller"')[1]


def test_a_delta_poll_is_small_and_carries_only_new_points() -> None:
    session = Session("bench", build_run(Config(speed=5)), playing=True)
    first = frame_of(poll(session))
    assert "boundary" in first and "loss" in first  # full: the page had nothing
    start = time.perf_counter()
    html = poll(session, first["token"], first["epoch"])
    elapsed = time.perf_counter() - start
    delta = frame_of(html)
    assert "boundary" not in delta and "points" not in html
    assert delta["extend"]["epochs"] == [6, 7, 8, 9, 10]
    assert delta["z"]["dtype"] == "u1"
    assert len(html.encode()) <= 20_000
    assert elapsed < 0.5  # generous: the bench measures the ≤ 5 ms target


def test_a_new_token_means_a_full_frame() -> None:
    session = Session("bench", build_run(Config(speed=1)), playing=True)
    frame = frame_of(poll(session, "stale-token", 0))
    assert "boundary" in frame and frame["token"] == token(look(session).run)


def test_divergence_pauses_and_says_why() -> None:
    config = Config(dataset="plane", problem="regression", learning_rate=10, activation="relu")
    session = Session("bench", build_run(config), playing=True)
    html = ""
    for _ in range(5):
        html = poll(session)
        if not look(session).playing:
            break
    assert not look(session).playing
    assert "diverged — try a lower learning rate" in html
    assert 'data-state="paused"' in html


def test_a_page_whose_looks_differ_gets_them_without_a_redraw() -> None:
    before = build_run(Config())
    after = replace(before, config=Config(discretize=True, show_test_data=True))
    restyled = frame(after, token(before), 0, looks_only=True)
    assert set(restyled) == {"token", "looks", "diagram"}  # no pictures, points, curves, epoch
    assert restyled["token"] == token(after)
    assert restyled["looks"] == {"colorscale": charts.colorscale(2, discretize=True),
                                 "visible": [True, True, True, True]}
    assert restyled["diagram"] == {"lut": charts.lut_base64(2, discretize=True)}
    polled = frame(after, token(before), 0)  # a poll that crossed the change heals the page
    assert "boundary" not in polled and polled["looks"] == restyled["looks"]
    assert "looks" not in frame(after, token(after), 0)


def test_a_new_view_sends_the_lines_looks_and_a_new_run_everything() -> None:
    run = build_run(Config())
    gradients = replace(run, config=Config(edge_view="gradients"))
    diagram = frame(gradients, token(run), 0, looks_only=True)["diagram"]
    assert diagram["view"] == "gradients" and "lut" not in diagram and "thumbs" not in diagram
    rebuilt = replace(run, run_id=run.run_id + 1)
    assert "boundary" in frame(rebuilt, token(run), 0, looks_only=True)
