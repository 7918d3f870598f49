"""Play, pause, step and the poll: training advances only while the page polls."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.config import Config, to_query
from tests.conftest import HX, FakeClock, epoch_of, frame_of, play_and_poll, refused


def test_play_answers_the_pause_button_and_a_polling_poller(client: TestClient) -> None:
    client.get("/")
    r = client.post("/play", headers=HX)
    assert r.text.startswith('<div id="transport"') and 'aria-label="Pause"' in r.text
    assert 'id="poller" data-state="playing"' in r.text and 'hx-trigger="every 40ms"' in r.text
    assert 'hx-sync="this:queue last"' in r.text


def test_each_poll_advances_by_the_speed_and_pause_stops_it(client: TestClient) -> None:
    client.get("/?" + to_query(Config(speed=12)))
    frames = play_and_poll(client, 3)
    assert [f["epoch"] for f in frames] == [12, 24, 36]
    r = client.post("/pause", headers=HX)
    assert 'aria-label="Play"' in r.text and 'data-state="paused"' in r.text
    r = client.post("/poll", headers=HX, data={"token": frames[-1]["token"], "since": 36})
    assert epoch_of(r.text) == 36  # nothing trains while paused
    assert 'id="poller" data-state="paused"' in r.text  # and a late poll is told to stop


def test_step_pauses_and_trains_exactly_one_epoch(client: TestClient) -> None:
    client.get("/")
    client.post("/play", headers=HX)
    r = client.post("/step", headers=HX, data={"token": "", "since": -1})
    assert epoch_of(r.text) == 1 and 'data-state="paused"' in r.text
    assert epoch_of(client.post("/step", headers=HX).text) == 2


def test_divergence_reports_and_pauses(client: TestClient) -> None:
    client.get("/?dataset=plane&problem=regression&learning_rate=10&activation=relu&speed=30")
    client.post("/play", headers=HX)
    r = client.post("/poll", headers=HX)
    assert "diverged — try a lower learning rate" in r.text
    assert 'data-state="paused"' in r.text and 'aria-label="Play"' in r.text
    r = client.post("/play", headers=HX)  # a stopped run does not start again
    assert 'data-state="paused"' in r.text and "diverged" in r.text


def test_early_stopping_pauses_with_its_message(client: TestClient) -> None:
    client.get("/?patience=1&learning_rate=3&speed=200")
    client.post("/play", headers=HX)
    texts = [client.post("/poll", headers=HX).text for _ in range(5)]
    assert any("early stopping" in t for t in texts)


def test_sessions_are_isolated(make_client: Callable[..., TestClient]) -> None:
    alice, bob = make_client(), make_client()
    bob.cookies.clear()
    alice.get("/?dataset=xor")
    bob.get("/?dataset=spiral")
    play_and_poll(alice, 2)
    assert alice.cookies["mlp_session"] != bob.cookies["mlp_session"]
    assert epoch_of(bob.get("/").text) == 0 and epoch_of(alice.get("/").text) == 2 * Config().speed
    assert 'value="spiral" checked' in bob.get("/").text


def test_the_cookie_is_httponly_and_samesite_lax(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "mlp_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def expire(client: TestClient) -> None:
    """Let the client's run expire: gone from memory and from the run store."""
    client.app.state.store.discard(client.cookies["mlp_session"])  # type: ignore[attr-defined]


def test_an_expired_session_is_recreated_from_the_page_link(client: TestClient) -> None:
    query = to_query(Config(dataset="gaussian", speed=4))
    client.get(f"/?{query}")
    play_and_poll(client, 1, query)
    expire(client)
    r = client.post(f"/poll?{query}", headers=HX, data={"token": "x", "since": 4})
    assert "this run expired after 24 h idle — restarted from this page&#39;s link" in r.text
    assert r.headers["HX-Retarget"] == "#banner"
    assert 'value="gaussian" checked' in r.text and frame_of(r.text)["epoch"] == 0


def test_an_expired_session_with_an_unusable_link_starts_from_the_defaults(
        client: TestClient) -> None:
    client.get("/")
    expire(client)
    r = client.post("/poll?learning_rate=100", headers=HX)
    assert "restarted from the defaults (this page&#39;s link is not usable)" in r.text


def test_a_run_idle_in_memory_comes_back_from_the_store(client: TestClient,
                                                        clock: FakeClock) -> None:
    client.get("/?speed=4")
    play_and_poll(client, 1)
    client.post("/pause", headers=HX)
    clock.now += 31 * 60  # out of memory, not out of the store
    r = client.post("/step", headers=HX)
    assert "expired" not in r.text and epoch_of(r.text) == 5


def test_the_cap_evicts_from_memory_and_loses_nothing(
        make_client: Callable[..., TestClient]) -> None:
    first = make_client(session_cap=2)
    first.get("/")
    first.post("/step", headers=HX)
    for _ in range(2):
        other = TestClient(first.app)
        other.get("/")
    assert first.cookies["mlp_session"] not in first.app.state.store  # type: ignore[attr-defined]
    r = first.post("/step", headers=HX)
    assert "expired" not in r.text and epoch_of(r.text) == 2


def test_a_bad_poll_parameter_is_a_readable_refusal(client: TestClient) -> None:
    client.get("/")
    r = client.post("/poll", headers=HX, data={"since": "abc"})
    assert refused(r) and "since: must be a whole number, got abc" in r.text


def test_without_htmx_actions_redirect_back_to_the_page(client: TestClient) -> None:
    client.get("/")
    r = client.post("/step", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert epoch_of(client.get("/").text) == 1
