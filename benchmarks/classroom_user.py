"""The classroom benchmark's student: a Locust user that polls the server exactly as one tab.

This file is a locustfile, run by `locust -f` in a process of its own: Locust patches that
process with gevent, never the benchmark's. What goes over the wire is benchmarks.classroom_page;
here is only the timing and the tally. Each student appends one record to RECORDS, and the file
named by --classroom-report receives them all as JSON when Locust quits.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

from locust import events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

from benchmarks.classroom_page import (
    PAGE,
    ROOM_TICK_SECONDS,
    TICK_SECONDS,
    cadence_of,
    frame_of,
    poll_fields,
    poll_url,
    room_events_url,
    room_version,
    run_lost,
)
from benchmarks.classroom_page import tab_headers as headers_of

RECORDS: list[dict[str, Any]] = []  # one per student, written out when Locust quits


class Student(FastHttpUser):
    """One tab: open the page, press play, then poll on the poller's ticks (every 40 ms until the
    server asks for another cadence: a new poller re-arms the timer). A tick that comes while a
    poll is in flight sends the next poll as soon as it lands (hx-sync="this:queue last": one
    waits, the rest are dropped), as htmx does."""

    def on_start(self) -> None:
        self.record: dict[str, Any] = {"polls": 0, "updates": 0, "errors": 0, "lost": False,
                                       "first": None, "last": None, "latencies_ms": []}
        RECORDS.append(self.record)
        self.token, self.since, self.first_token = "", -1, ""
        options = self.environment.parsed_options
        self.room = options.classroom_room if options is not None else ""
        self.room_version, self.room_next = 0, time.monotonic() + ROOM_TICK_SECONDS
        if self.room:  # join the room (a generated name); the answer leads to the seat's page
            page = self.client.post("/join", data={"code": self.room, "name": ""})
        else:
            page = self.client.get(PAGE)  # a whole page: this tab's own session
        self.headers = headers_of(page.text or "")
        answer = self.client.post("/play", headers=self.headers)
        self.record["errors"] += (page.status_code != 200) + (answer.status_code != 200)
        self.url = poll_url(answer.text or "")
        self.tick = cadence_of(answer.text or "") or TICK_SECONDS
        self.origin = time.monotonic()  # htmx arms the poller's timer when /play's answer lands
        self.began = self.origin  # when the last poll began (none yet: the timer's start)

    def wait_time(self) -> float:
        """Return the time to the poller's next tick after the last poll began (none if one
        came while it was in flight: that tick's poll waited in the queue)."""
        began = self.began - self.origin
        due = math.floor(began / self.tick + 1e-9) * self.tick + self.tick
        return max(0.0, due - (time.monotonic() - self.origin))

    @task
    def poll(self) -> None:
        """Post one poll with what the charts hold and tally what came back."""
        start = self.began = time.monotonic()
        answer = self.client.post(self.url, headers=self.headers, name="/poll",
                                  data=poll_fields(self.token, self.since, self.tick))
        now = time.monotonic()
        frame = frame_of(answer.text or "") if answer.status_code == 200 else None
        tick = cadence_of(answer.text or "")
        if tick is not None:  # a new poller: its timer starts when it lands, its queue empty
            self.tick, self.origin = tick, now
            self.began = now
        if frame is None:
            self.record["errors"] += 1
            return
        self.record["latencies_ms"].append((now - start) * 1000)
        self.tally(now, int(frame["epoch"]), str(frame["token"]))
        if self.room and now >= self.room_next:
            self.room_poll()

    def room_poll(self) -> None:
        """Ask the room for news as the room bar's poller does (every second)."""
        self.room_next = time.monotonic() + ROOM_TICK_SECONDS
        answer = self.client.get(room_events_url(self.room, self.room_version),
                                 headers=self.headers, name="/room/events")
        if answer.status_code not in (200, 204):
            self.record["errors"] += 1
        self.room_version = room_version(answer.text or "", self.room_version)

    def tally(self, now: float, epoch: int, token: str) -> None:
        """Count a poll, an update when the epoch moved on, and a lost run."""
        record = self.record
        record["polls"] += 1
        record["updates"] += epoch > self.since
        record["lost"] = record["lost"] or run_lost(self.since, epoch, self.first_token, token)
        self.first_token = self.first_token or token
        self.token, self.since = token, epoch
        record["first"] = record["first"] or [now, epoch]
        record["last"] = [now, epoch]


def _options(parser: Any) -> None:
    parser.add_argument("--classroom-report", default="", help="write the students' records here")
    parser.add_argument("--classroom-room", default="", help="join this room's code first")


def _report(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if options is not None and options.classroom_report:
        with open(options.classroom_report, "w", encoding="utf-8") as out:
            json.dump(RECORDS, out)


# Locust's EventHook.add_listener carries no annotations
events.init_command_line_parser.add_listener(_options)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_report)  # type: ignore[no-untyped-call]
