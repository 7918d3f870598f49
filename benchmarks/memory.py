"""The memory benchmark: the resident size (VmRSS) of one real server process holding 100 runs of
the default, the big and the largest configuration, and after those runs left memory.

Each configuration gets a freshly started uvicorn (as benchmarks.classroom starts it, its SQLite
store in a temporary directory, every other setting the default: 256 MiB of hot runs, 100
sessions). One default tab warms the server (templates, figures); then 100 tabs each load the
page, press play and poll a few times (RSS read after the first: one run's cost); then 100 tabs of
the default run replace them (the cap evicts the first 100), and the server is read again. The
growth from warm to holding 100 is what the hot-run budget (PLAYGROUND_HOT_BYTES) bounds.
Asserts nothing; `python -m benchmarks --memory`.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.config import Config, to_query
from app.engine import FEATURE_KEYS
from benchmarks.classroom import Env, serving
from benchmarks.classroom_page import frame_of, poll_fields, poll_url, tab_headers

RUNS = 100
# one address opens every tab here: lift the limit on new sessions (settings unknown to the
# server are ignored)
SERVER_SETTINGS = {"PLAYGROUND_NEW_SESSIONS_PER_MINUTE": "100000",
                   "PLAYGROUND_NEW_SESSIONS_BURST": "100000"}
POLLS = 3  # polls per tab after play: a trained run, with plans, history and pictures
CONFIGS = {
    "default (2→4→2→1)": Config(),
    "big (7→8×6→1)": Config(features=FEATURE_KEYS, hidden_layers=(8,) * 6),
    "largest (7→16×8→1, 1,080 batches of one, Adam, dropout, L1)": Config(
        dataset="plane", problem="regression", train_fraction=0.9, batch_mode="stochastic",
        features=FEATURE_KEYS, hidden_layers=(16,) * 8, activation="relu", optimizer="adam",
        dropout=0.5, regularization="l1", regularization_rate=0.001),
}


@dataclass(frozen=True)
class MemoryResult:
    """The server's VmRSS in MiB: started, warm (one default tab served: templates, figures),
    after one run of the configuration, holding RUNS of them, after they left; seconds taken."""

    name: str
    started: float
    warm: float
    one: float
    held: float
    after: float
    seconds: float

    @property
    def growth(self) -> float:
        """MiB the runs added to the warm server: what the hot-run budget bounds."""
        return self.held - self.warm


@contextmanager
def server(log: Path, data_dir: Path, env: Env) -> Iterator[tuple[str, int]]:
    """Run the app as `./dev.sh start` does (benchmarks.classroom.serving), its store under
    data_dir; yield its URL and process id once it answers, and stop it after."""
    with serving(log, {**env, **SERVER_SETTINGS, "PLAYGROUND_DATA_DIR": str(data_dir)}) as got:
        yield got


def rss_mb(pid: int) -> float:
    """Return the process's resident size (VmRSS of /proc/<pid>/status) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match[1]) / 1024 if match else float("nan")


def _request(url: str, headers: dict[str, str], form: dict[str, str] | None = None) -> str:
    data = None if form is None else urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as answer:
        text: str = answer.read().decode()
        return text


def open_tab(url: str, config: Config) -> None:
    """Load the page for config as a new tab (no cookie: a session of its own), play, poll."""
    page = _request(f"{url}/?{to_query(config)}", {})
    headers = {**tab_headers(page), "Origin": url}
    path = poll_url(_request(f"{url}/play", headers, {}))
    token, since = "", -1
    for _ in range(POLLS):
        frame = frame_of(_request(f"{url}{path}", headers, poll_fields(token, since)))
        if frame is not None:
            token, since = str(frame["token"]), int(frame["epoch"])


def measure(name: str, config: Config, work: Path, env: Env) -> MemoryResult:
    """Return the server's RSS started, holding RUNS runs of config, and after RUNS default
    runs replaced them."""
    begin = time.monotonic()
    data_dir = work / f"data-{len(list(work.iterdir()))}"
    data_dir.mkdir()
    with server(work / f"{data_dir.name}.log", data_dir, env) as (url, pid):
        started = rss_mb(pid)
        open_tab(url, Config())
        warm = rss_mb(pid)
        open_tab(url, config)
        one = rss_mb(pid)
        for _ in range(RUNS - 1):
            open_tab(url, config)
        held = rss_mb(pid)
        for _ in range(RUNS):
            open_tab(url, Config())
        after = rss_mb(pid)
    return MemoryResult(name, started, warm, one, held, after, time.monotonic() - begin)


def memory(env: Env) -> list[MemoryResult]:
    """Measure every configuration of CONFIGS on a server of its own (environment `env`)."""
    with tempfile.TemporaryDirectory(prefix="memory-") as tmp:
        return [measure(name, config, Path(tmp), env) for name, config in CONFIGS.items()]


def print_memory(results: list[MemoryResult], budget_mb: float) -> None:
    """Print the results as a Markdown table, one row per configuration (RSS in MiB; growth is
    held − warm, against the hot-run budget of budget_mb)."""
    header = ("100 runs of", "RSS started / warm", "one run", "holding 100: growth",
              "after 100 default runs replaced them")
    cells = [header] + [_cells(r, budget_mb) for r in results]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for k, row in enumerate(cells):
        print("| " + " | ".join(s.ljust(w) for s, w in zip(row, widths, strict=True)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print("\n" + json.dumps({r.name: round(r.seconds) for r in results}) + " seconds each")


def _cells(r: MemoryResult, budget_mb: float) -> tuple[str, ...]:
    """Return one row of print_memory's table."""
    verdict = "within" if r.growth <= budget_mb else "OVER"
    return (r.name, f"{r.started:,.0f} / {r.warm:,.0f} MiB", f"+{r.one - r.warm:,.1f} MiB",
            f"{r.held:,.0f} MiB: +{r.growth:,.0f} of {budget_mb:,.0f} ({verdict})",
            f"{r.after:,.0f} MiB")
