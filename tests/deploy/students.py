"""Simulated students for the hall's tests: one thread per tab, polling like the page (on the
poller's ticks at the cadence the server asks for, a tick that comes while a poll is in flight
sending the next as soon as it lands)
over one keep-alive connection each, recording every poll. The wire protocol is
benchmarks.classroom_page's (the classroom benchmark's)."""

from __future__ import annotations

import http.client
import math
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from benchmarks.classroom_page import (
    TICK_SECONDS,
    cadence_of,
    frame_of,
    poll_fields,
    poll_url,
    tab_headers,
)


@dataclass
class Poll:
    """One poll: when it was answered (time.monotonic), its status, the epoch it showed (None
    when the answer carried no frame) and when it was sent (a poll sent before a worker died
    may still be answered by it after the kill was ordered)."""

    at: float
    status: int
    epoch: int | None
    sent: float = -math.inf


@dataclass(eq=False)
class Student(threading.Thread):
    """One tab: open the page, press play, poll until `until` (time.monotonic)."""

    url: str
    until: float
    session: str = ""
    polls: list[Poll] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread.__init__(self, daemon=True)
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        parts = urlsplit(self.url)
        return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)

    def _request(self, method: str, path: str, headers: dict[str, str],
                 body: str | None = None) -> tuple[int, str]:
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
            return answer.status, answer.read().decode()
        except (OSError, http.client.HTTPException) as exc:
            self.failures.append(f"{time.monotonic():.2f} {exc!r}")
            self.connection.close()
            self.connection = self._connect()
            return 0, ""

    def run(self) -> None:
        status, page = self._request("GET", "/", {})
        headers = tab_headers(page)
        self.session = headers.get("X-Playground-Session", "")
        status, played = self._request("POST", "/play", headers)
        url = poll_url(played)
        form = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        since, token, origin = -1, "", time.monotonic()
        tick = cadence_of(played) or TICK_SECONDS
        while (began := time.monotonic()) < self.until:
            status, text = self._request("POST", url, form,
                                         urlencode(poll_fields(token, since, tick)))
            frame = frame_of(text) if status == 200 else None
            epoch = None if frame is None else int(frame["epoch"])
            self.polls.append(Poll(time.monotonic(), status, epoch, began))
            if frame is not None:
                token, since = str(frame["token"]), int(frame["epoch"])
            if (new := cadence_of(text)) is not None:  # a new poller re-arms the timer
                tick, origin = new, time.monotonic()
                began = origin
            # the next tick after this poll began; one that came meanwhile was queued: go now
            due = origin + (math.floor((began - origin) / tick + 1e-9) + 1) * tick
            time.sleep(max(0.0, due - time.monotonic()))

    def errors(self, after: float = -math.inf, sent_after: float = -math.inf) -> list[Poll]:
        """Return the polls answered after `after` (and sent after `sent_after`) without a
        frame."""
        return [p for p in self.polls if p.at > after and p.sent > sent_after and p.epoch is None]

    def epochs(self, after: float = -math.inf, sent_after: float = -math.inf) -> list[int]:
        """Return the epochs shown after `after` (by polls sent after `sent_after`), in order."""
        return [p.epoch for p in self.polls
                if p.at > after and p.sent > sent_after and p.epoch is not None]


def run_class(url: str, students: int, seconds: float) -> list[Student]:
    """Run `students` students against url for `seconds`; return them when all are done."""
    until = time.monotonic() + seconds
    class_ = [Student(url, until) for _ in range(students)]
    for student in class_:
        student.start()
    for student in class_:
        student.join(seconds + 30)
    return class_
