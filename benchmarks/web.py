"""Benchmark figures of the live page: server time and bytes per poll, visible epochs per second,
the bytes a change of settings answers (live knob vs rebuild), and page weight. Used by
app/bench.py; asserts nothing."""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
import tracemalloc
from urllib.parse import parse_qsl

from fastapi.testclient import TestClient

from app.config import Config, to_query
from app.engine import FEATURE_KEYS
from app.main import Settings, create_app
from app.session.run import BUDGET_SECONDS, build_run
from app.session.session import Session, SessionView
from app.session.training_gate import POLL_MS
from app.web.htmx import HX_REQUEST
from app.web.views import poll_update, token
from benchmarks.table import Row


def _epoch(view: SessionView) -> tuple[str, int]:
    return token(view.run), view.run.epoch


def poll_costs(config: Config, polls: int = 200) -> tuple[float, int, int]:
    """Return (median server ms, bytes, gzipped bytes) of a steady-state poll for this config."""
    session = Session("bench", build_run(config), playing=True)
    session.poll(BUDGET_SECONDS, poll_update)  # the first poll sends whole figures, then deltas
    times, html = [], ""
    for _ in range(polls):
        have, since = session.read(_epoch)
        start = time.perf_counter()
        html = session.poll(BUDGET_SECONDS, lambda view: poll_update(view, have, since))  # noqa: B023
        times.append(time.perf_counter() - start)
        if not session.read(lambda view: view.playing):
            break
    data = html.encode()
    return statistics.median(times) * 1000, len(data), len(gzip.compress(data))


def session_megabytes(config: Config) -> float:
    """Return the memory one playing session holds after two polls (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        session = Session("bench", build_run(config), playing=True)
        session.poll(BUDGET_SECONDS, poll_update)
        have, since = session.read(_epoch)
        session.poll(BUDGET_SECONDS, lambda view: poll_update(view, have, since))
        return tracemalloc.get_traced_memory()[0] / 1e6
    finally:
        tracemalloc.stop()


LIVE_KNOBS = {"learning_rate": "0.1", "regularization_rate": "0.01", "speed": "3",
              "show_test_data": "true", "discretize": "true", "edge_view": "gradients"}


def change_bytes(fields: dict[str, str], config: Config | None = None) -> tuple[int, int]:
    """Return (bytes, gzipped bytes) of the answer to one change of settings on a page for
    `config` (default: the default page) after three steps: POST /config with the page's form
    plus `fields` and what its charts hold (token, since), as htmx sends it."""
    config = config or Config()
    client = TestClient(create_app())
    client.get(f"/?{to_query(config)}")
    for _ in range(3):  # a trained page: gradients, curves and stats to keep
        stepped = client.post("/step", headers={HX_REQUEST: "true"}).text
    held = json.loads(stepped.split('id="frame_data">', 1)[1].split("</script>", 1)[0])
    form = {**dict(parse_qsl(to_query(config))), **fields,
            "token": held["token"], "since": str(held["epoch"])}
    body = client.post("/config", data=form, headers={HX_REQUEST: "true"}).content
    return len(body), len(gzip.compress(body))


def change_rows() -> list[Row]:
    """Return the bytes a live knob's change answers (the largest of the six, on the default and
    the big network) against those of a rebuild."""
    big = Config(features=FEATURE_KEYS, hidden_layers=(8,) * 6)
    rows = []
    for label, config in (("default network", Config()), ("big network 7 → 8×6", big)):
        sizes = {name: change_bytes({name: value}, config) for name, value in LIVE_KNOBS.items()}
        name, (size, packed) = max(sizes.items(), key=lambda item: item[1][0])
        rows.append(Row(f"answer to a live knob, largest of the six, {label}",
                        f"{size / 1000:.1f} KB ({packed / 1000:.1f} KB gzip)", "≤ 10 KB",
                        f"{name}; " + ", ".join(f"{k} {v[0] / 1000:.1f}"
                                                for k, v in sizes.items())))
    size, packed = change_bytes({"hidden_layers": "4,4"})
    rows.append(Row("answer to a rebuild (hidden layers), default network",
                    f"{size / 1000:.1f} KB ({packed / 1000:.1f} KB gzip)", ""))
    return rows


def memory_row() -> Row:
    """Return the per-session memory of the default, the big and the largest allowed network."""
    default = session_megabytes(Config())
    big = session_megabytes(Config(features=FEATURE_KEYS, hidden_layers=(8,) * 6))
    largest = session_megabytes(Config(features=FEATURE_KEYS, hidden_layers=(16,) * 8))
    hot = Settings().hot_bytes / 2**20
    return Row("memory per session: default / big / largest (8×16) network",
               f"{default:.1f} / {big:.1f} / {largest:.1f} MB", f"hot runs ≤ {hot:.0f} MB",
               "runs past the budget rest in the run store (PLAYGROUND_HOT_BYTES)")


def page_weight() -> tuple[int, int]:
    """Return (bytes, gzipped bytes) of the page plus every script and stylesheet it loads."""
    client = TestClient(create_app())
    html = client.get("/").text
    total, packed = len(html.encode()), len(gzip.compress(html.encode()))
    for path in sorted(set(re.findall(r'(?:src|href)="(/static/[^"?]+\.(?:js|css))', html))):
        body = client.get(path).content
        total, packed = total + len(body), packed + len(gzip.compress(body))
    return total, packed


def diagram_row() -> Row:
    """Return a steady poll's server time for the big network (7 → 8×6 → 1) with its diagram."""
    big = Config(speed=5, features=FEATURE_KEYS, hidden_layers=(8,) * 6)
    ms, size, packed = poll_costs(big)
    return Row("poll server time, big network with diagram (55 neuron thumbnails)",
               f"{ms:.2f} ms", "≤ 15 ms",
               f"5 epochs; {size / 1000:.1f} KB ({packed / 1000:.1f} KB gzip); 49 thumbnails per "
               "poll (48 hidden + output), the 7 input pictures are static")


def web_rows() -> list[Row]:
    """Return the live page's figures: poll time and size, visible epochs/s, page weight."""
    ms, size, packed = poll_costs(Config(speed=5))
    rows = [Row("poll server time, default network, 5 epochs + boundary + encoding",
                f"{ms:.2f} ms", "≤ 5 ms"),
            Row("poll size, default network", f"{size / 1000:.1f} KB ({packed / 1000:.1f} KB gzip)",
                "≤ 20 KB"),
            diagram_row(), *change_rows()]
    default = Config()
    ms, _, _ = poll_costs(default)
    per_second = 1000 / max(POLL_MS, ms)
    rows.append(Row(f"visible epochs/s at the default speed ({default.speed} epoch per poll, "
                    f"a poll every {POLL_MS} ms)", f"{default.speed * per_second:,.0f} "
                    f"at {per_second:.1f} updates/s", "≥ 20 updates/s",
                    f"server time {ms:.1f} ms per poll; the default run forms in 65 epochs, "
                    "3–5 s at 13–22 updates/s; TF Playground shows ≤ ~60 epochs/s"))
    total, packed = page_weight()
    rows.append(Row("page weight (HTML + JS + CSS)", f"{packed / 1000:.0f} KB gzip "
                    f"({total / 1000:.0f} KB raw)", "≤ 700 KB compressed"))
    rows.append(memory_row())
    return rows
