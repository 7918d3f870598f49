"""Motion journey: the default run, played for 5 s, updates the page ≥ 20 times a second with no
main-thread task over 50 ms (the frames app.js announces; long tasks as a PerformanceObserver for
'longtask' sees them, in wall-clock time, and as Chromium's trace times each task on the page's
main thread, in CPU time: a shared CI machine can keep a thread waiting for a core mid-task)."""

import json
import os
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.classroom import serving

from .helpers import (
    CHARTS_DRAWN,
    WAIT_MS,
    heatmap_fingerprint,
    open_playground,
    pause,
    wait_for_epoch,
)

WINDOW_MS = 5_000
# installed before the page's own scripts: every long task, and every frame app.js draws
RECORDER = """
window.__motion = { long: [], frames: [] };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__motion.long.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
document.addEventListener('playground:frame', (e) => {
  window.__motion.frames.push([performance.now(), e.detail.epoch]);
});
"""
PLAYING_SINCE = "(n) => window.__motion.frames.filter(f => f[1] > 0).length >= n"
TRACED = ["devtools.timeline", "disabled-by-default-devtools.timeline"]  # RunTask with tdur


class Motion(NamedTuple):
    """Five seconds of the default run: the times of frames with new epochs, the wall-clock
    durations of the long tasks the page saw, and the CPU ms of every main-thread task traced."""

    shown: list[float]
    long: list[float]
    task_cpu_ms: list[float]


def main_thread_cpu_ms(trace: bytes) -> list[float]:
    """Return the thread time (tdur) of every task (RunTask) on a renderer's main thread."""
    data: Any = json.loads(trace)
    events = data["traceEvents"] if isinstance(data, dict) else data
    main = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M"
            and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    return [e["tdur"] / 1000 for e in events if e.get("name") == "RunTask"
            and e.get("ph") == "X" and (e["pid"], e["tid"]) in main and "tdur" in e]
WINDOW_OVER = "([t0, ms]) => performance.now() - t0 >= ms"


def _play_for_a_window(page: Page) -> tuple[list[float], list[float]]:
    """Play the default run; return the times of the frames that brought new epochs and the
    durations of the long tasks within WINDOW_MS from the first such frame."""
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(PLAYING_SINCE, arg=1, timeout=WAIT_MS)
    t0 = float(page.evaluate("() => window.__motion.frames.find(f => f[1] > 0)[0]"))
    page.wait_for_function(WINDOW_OVER, arg=[t0, WINDOW_MS], timeout=WINDOW_MS + WAIT_MS)
    frames, long = page.evaluate("() => [window.__motion.frames, window.__motion.long]")
    end = t0 + WINDOW_MS
    shown, epochs = [], set()
    for t, epoch in frames:
        if t0 <= t <= end and epoch is not None and epoch not in epochs:
            epochs.add(epoch)
            shown.append(t)
    return shown, [d for s, d in long if s + d >= t0 and s <= end]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as a class gets it: its own process, started the README's way (python -m
    app.serve), not a thread sharing this test process's interpreter."""
    folder = tmp_path_factory.mktemp("motion")
    with serving(folder / "server.log", {**os.environ, "PLAYGROUND_DATA_DIR": str(folder)}) as (
            url, _):
        yield url


@pytest.fixture(scope="module")
def motion(browser: Browser, served: str) -> Motion:
    """Five seconds of the default run in a page, traced from Play to the window's end."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.add_init_script(script=RECORDER)
        open_playground(page, f"{served}/")
        browser.start_tracing(page=page, categories=TRACED)
        try:
            shown, long = _play_for_a_window(page)
        finally:
            trace = browser.stop_tracing()
        return Motion(shown, long, main_thread_cpu_ms(trace))
    finally:
        context.close()


def test_the_default_run_animates_without_long_tasks(motion: Motion) -> None:
    assert len(motion.shown) >= 10, motion.shown  # it did animate
    assert len(motion.task_cpu_ms) > 100  # the trace saw the page's main thread at work
    busy = [round(ms) for ms in motion.task_cpu_ms if ms > 50]
    assert busy == [], f"main-thread tasks over 50 ms of CPU: {busy}"
    over = [round(d) for d in motion.long if d > 50]
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    # a task's wall time counts the time its thread waited for a core: on a machine with more
    # work than cores (CI: a 51 ms task of less than 50 ms CPU at load 3.9 on 2 cores) only the
    # CPU time above speaks of the page; on a quiet one the wall clock must agree
    assert over == [] or load > cores, f"long tasks (ms): {over} at load {load:.1f}"


def test_the_default_run_updates_at_least_20_times_a_second(motion: Motion) -> None:
    shown = motion.shown
    assert len(shown) / (WINDOW_MS / 1000) >= 20, f"{len(shown)} updates in {WINDOW_MS} ms"


# the heatmap's picture as the page painted it, then as Plotly draws the same codes: the largest
# channel difference between the two (both decoded onto canvases of the picture's size)
PAINTED_VS_PLOTLY = """async () => {
  const gd = document.getElementById('boundary');
  const href = () => gd.querySelector('.heatmaplayer image').getAttribute('href');
  const pixels = async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const painted = await pixels(href());
  await Plotly.react(gd, gd.data, { ...gd.layout, datarevision: 'redrawn by the test' });
  const drawn = await pixels(href());
  let most = 0;
  for (let i = 0; i < drawn.length; i += 1) most = Math.max(most, Math.abs(drawn[i] - painted[i]));
  return [painted.length, drawn.length, most];
}"""


def test_the_painted_boundary_is_the_one_plotly_would_draw(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?dataset=xor&speed=3")
    before = heatmap_fingerprint(page)
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 20)
    pause(page)
    assert heatmap_fingerprint(page) != before  # the codes the page painted are the new ones
    painted, drawn, most = page.evaluate(PAINTED_VS_PLOTLY)
    assert painted == drawn == 100 * 100 * 4 and most <= 2, (painted, drawn, most)


AXES = """() => { const l = document.getElementById('loss_chart').layout;
    return [l.xaxis.type, l.yaxis.type]; }"""
POINTS = "() => document.getElementById('loss_chart').data.map(t => t.x.length)"
LAST_X = "() => document.getElementById('loss_chart').data.map(t => t.x[t.x.length - 1])"
HOLDS = f"(at) => ({LAST_X})().every(x => x === at)"


def test_the_loss_axes_follow_the_run_and_switch(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?speed=40")
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 300)
    at = pause(page)
    # the chart draws new points at most every 250 ms: wait until it holds the last epoch
    page.wait_for_function("(at) => { const x = document.getElementById('loss_chart').data[0].x;"
                           " return x[x.length - 1] === at; }", arg=at, timeout=WAIT_MS)
    assert page.evaluate(AXES) == ["log", "linear"]  # by default epochs on a log axis
    held = page.evaluate(POINTS)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    x_axis, log_loss = page.get_by_label("Epoch axis"), page.get_by_label("Log loss")
    x_axis.select_option("recent")
    page.wait_for_function(f"() => ({POINTS})().every(n => n === 200)", timeout=WAIT_MS)
    first = page.evaluate("() => document.getElementById('loss_chart').data[0].x[0]")
    assert first > 100  # the window follows the run
    log_loss.check()
    page.wait_for_function(f"() => ({AXES})()[1] === 'log'", timeout=WAIT_MS)
    x_axis.select_option("all")
    page.wait_for_function(f"() => ({AXES})()[0] === 'linear'", timeout=WAIT_MS)
    # the whole run came back (past 400 epochs thinned to 400 points a line, the last kept; log
    # epochs thin the late ones more)
    counts = page.evaluate(POINTS)
    assert counts == [counts[0]] * len(held) and held[0] <= counts[0] <= 400, (held, counts)
    assert page.evaluate(LAST_X) == [at] * len(held)
    assert requests == []  # a view of this browser: nothing posted
    page.reload()
    page.wait_for_function(CHARTS_DRAWN, timeout=WAIT_MS)
    assert page.evaluate(AXES) == ["linear", "log"]  # kept in this browser
    expect(x_axis).to_have_value("all")
    expect(log_loss).to_be_checked()




def test_a_long_history_is_drawn_thinned_to_400_points_a_line(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/?speed=200")
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 1_200)
    at = pause(page)
    page.wait_for_function(HOLDS, arg=at, timeout=WAIT_MS)
    x_axis = page.get_by_label("Epoch axis")
    for mode in ("log", "all"):  # thinned evenly along the axis shown, the newest point kept
        x_axis.select_option(mode)
        page.wait_for_function(HOLDS, arg=at, timeout=WAIT_MS)
        counts = page.evaluate(POINTS)  # log: one point an epoch at first, then fewer
        assert all((150 if mode == "log" else 390) <= n <= 400 for n in counts), (mode, counts)
        assert page.evaluate("() => document.getElementById('loss_chart').data[0].x[0]") <= 1
    x_axis.select_option("recent")
    page.wait_for_function(f"() => ({POINTS})().every(n => n === 200)", timeout=WAIT_MS)
