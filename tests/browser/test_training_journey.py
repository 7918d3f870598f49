"""Training journey: play trains the network live, pause really stops polling, Step is one epoch."""

import math
import re

from playwright.sync_api import Page, Request, Response, expect

from .helpers import (
    WAIT_MS,
    epoch,
    epoch_text,
    heatmap_fingerprint,
    loss_curves,
    open_playground,
    path_of,
    pause,
    progress,
    step,
    wait_for_epoch,
    wait_for_heatmap_change,
)

FAST_FORWARD_MS = 2_000  # page time; the app polls every 90 ms while playing
THREE_DECIMALS = re.compile(r"^\d+\.\d{3}$")  # how #test_loss shows a loss
CURVE_ENDS_AT = """(n) => document.getElementById('loss_chart').data
    .every(t => t.x.length > 0 && t.x[t.x.length - 1] === n)"""


class NetworkLog:
    """The page's requests and responses, in the order the browser reported them."""

    def __init__(self, page: Page) -> None:
        self.events: list[tuple[str, str]] = []  # ("request" | "response", path)
        page.on("request", self._on_request)
        page.on("response", self._on_response)

    def _on_request(self, request: Request) -> None:
        self.events.append(("request", path_of(request.url)))

    def _on_response(self, response: Response) -> None:
        self.events.append(("response", path_of(response.url)))

    def index(self, event: tuple[str, str]) -> int:
        """Return the position of the last occurrence of event."""
        positions = [i for i, e in enumerate(self.events) if e == event]
        assert positions, f"never saw {event}"
        return positions[-1]

    def polls(self, start: int = 0, stop: int | None = None) -> int:
        """Return how many /poll requests were sent between two positions."""
        return self.events[start:stop].count(("request", "/poll"))


def test_play_trains_the_network_live_and_pause_stops_polling(
    page: Page, live_server: str
) -> None:
    network = NetworkLog(page)
    page.clock.install()  # time still flows; run_for() below fast-forwards the page's timers
    open_playground(page, f"{live_server}/?speed=10")  # 100 epochs in a few seconds
    poller = page.locator("#poller")
    expect(page.locator("#epoch")).to_have_text(epoch_text(0))
    untrained = heatmap_fingerprint(page)

    page.get_by_role("button", name="Play", exact=True).click()
    expect(poller).to_have_attribute("data-state", "playing")
    expect(page.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    wait_for_epoch(page, 10)
    early = progress(page)
    wait_for_epoch(page, early.epoch + 90)
    later = progress(page)
    assert not math.isnan(early.test_loss), early
    assert later.test_loss < early.test_loss, (early, later)
    wait_for_heatmap_change(page, untrained)
    assert network.polls() >= 2, "playing must poll the server"

    paused_at = pause(page)
    page.clock.run_for(FAST_FORWARD_MS)  # a poller still ticking fires now (no real waiting)
    assert step(page) == paused_at + 1
    expect(poller).to_have_attribute("data-state", "paused")
    pause_answered = network.index(("response", "/pause"))
    step_sent = network.index(("request", "/step"))
    assert pause_answered < step_sent, network.events
    assert network.polls(pause_answered, step_sent) == 0, network.events[pause_answered:]
    assert network.polls(pause_answered) == 0, "a /poll went out after Step"


def test_step_trains_exactly_one_epoch_at_a_time(page: Page, live_server: str) -> None:
    network = NetworkLog(page)
    open_playground(page, f"{live_server}/")
    expect(page.locator("#epoch")).to_have_text(epoch_text(0))
    expect(page.locator("#test_loss")).to_have_text("–")
    untrained = heatmap_fingerprint(page)

    assert step(page) == 1
    expect(page.locator("#epoch")).to_have_text(epoch_text(1))
    expect(page.locator("#test_loss")).to_have_text(THREE_DECIMALS)
    page.wait_for_function(CURVE_ENDS_AT, arg=1, timeout=WAIT_MS)
    assert [c["x"] for c in loss_curves(page)] == [[1]] * 4
    wait_for_heatmap_change(page, untrained)

    assert step(page) == 2
    expect(page.locator("#epoch")).to_have_text(epoch_text(2))
    page.wait_for_function(CURVE_ENDS_AT, arg=2, timeout=WAIT_MS)
    curves = loss_curves(page)
    assert [c["x"] for c in curves] == [[1, 2]] * 4, curves
    assert epoch(page) == 2
    expect(page.locator("#poller")).to_have_attribute("data-state", "paused")
    assert network.polls() == 0, "Step alone must not start polling"

