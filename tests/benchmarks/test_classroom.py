"""The classroom benchmark: its reading of the page against the app, and a short real class.

No __init__.py here: as a package this folder would be named `benchmarks` and shadow the real one.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from benchmarks.classroom import ClassResult, classroom, core_speed, print_classroom
from benchmarks.classroom_page import (
    frame_of,
    poll_fields,
    poll_url,
    room_events_url,
    room_version,
    run_lost,
    tab_headers,
)
from benchmarks.classroom_room import GalleryStats, RoomResult, note, pooled, print_room


def test_a_student_reads_its_tab_id_and_polls_like_the_page() -> None:
    client = TestClient(create_app())
    first, second = (tab_headers(client.get("/").text) for _ in range(2))
    assert first["HX-Request"] == "true"
    assert first != second, "two tabs of one browser must name two sessions"
    url = poll_url(client.post("/play", headers=first).text)
    assert url.startswith("/poll?") and "&amp;" not in url
    epochs = []
    token, since = "", -1
    for _ in range(3):
        frame = frame_of(client.post(url, headers=first, data=poll_fields(token, since)).text)
        assert frame is not None
        token, since = frame["token"], frame["epoch"]
        epochs.append(since)
    assert 0 < epochs[0] < epochs[1] < epochs[2]
    paused = frame_of(client.post(url, headers=second, data=poll_fields("", -1)).text)
    assert paused is not None and paused["epoch"] == 0, "the other tab's run never played"


@pytest.mark.parametrize(("since", "epoch", "first", "token", "lost"), [
    (-1, 30, "", "0.0.0.0", False),
    (30, 60, "0.0.0.0", "0.0.0.0", False),
    (60, 60, "0.0.0.0", "0.0.0.0", False),
    (60, 0, "0.0.0.0", "0.0.0.0", True),  # the epoch went back
    (60, 90, "0.0.0.0", "1.1.0.0", True),  # the run was replaced
])
def test_a_run_is_lost_when_its_epoch_goes_back_or_it_is_replaced(
        since: int, epoch: int, first: str, token: str, lost: bool) -> None:
    assert run_lost(since, epoch, first, token) is lost


def test_a_short_class_trains_every_student_without_errors(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    results = classroom([2], seconds=3)
    print_classroom(results)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("|")]
    assert len(lines) == 3, "a header, its rule and one row per class size"
    assert "load average" in out
    assert [c.strip() for c in lines[0].strip("|").split("|")] == [
        "students", "workers", "epochs/s each (median / min)", "updates/s each",
        "poll p50 / p99", "errors", "runs lost", "server epochs/s", "one core ÷ students",
        "server ÷ one core"]
    cells = [c.strip() for c in lines[2].strip("|").split("|")]
    assert cells[0] == "2" and cells[1].startswith("1") and cells[5] == cells[6] == "0"
    (result,) = results
    assert result.epochs_min > 0 and result.updates_median > 1
    assert 0 < result.poll_p50_ms <= result.poll_p99_ms
    assert result.server_epochs >= result.epochs_min * 2 * 0.9
    assert result.core_epochs > 10 and result.core_after > 10, "the machine's speed around it"


def test_a_room_student_reads_the_room_poll_like_the_page() -> None:
    client = TestClient(create_app())
    answer = client.post("/room/new", follow_redirects=False)
    code = answer.headers["location"].split("/")[2]
    page = client.post("/join", data={"code": code, "name": ""})  # the seat's page
    headers = tab_headers(page.text)
    assert room_version(page.text, -1) == 1
    news = client.get(room_events_url(code, 0), headers=headers)
    assert news.status_code == 200 and room_version(news.text, 0) == 1
    quiet = client.get(room_events_url(code, 1), headers=headers)
    assert quiet.status_code == 204 and room_version(quiet.text, 1) == 1


def test_the_room_report_states_the_ratio_and_the_gallery(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    alone = ClassResult(30, 60.0, 50.0, 5.0, 140, 340, 0, 0, 1800)
    in_room = ClassResult(30, 57.0, 48.0, 4.9, 145, 350, 0, 0, 1710)
    gallery = GalleryStats([5.0, 7.0, 9.0, 40.0], [30_000, 31_000, 32_000, 32_500],
                           [29, 30, 30, 30], cpu_ms=[1.0, 1.5, 2.0, 3.0])
    print_room(RoomResult(alone, in_room, gallery))
    out = capsys.readouterr().out
    assert "sees 95% of the epochs/s and 98% of the updates/s alone" in out
    assert "up to 30 cards" in out and "max 40.0 ms" in out and "size 31.7 KB" in out
    assert "(CPU p50 1.8 ms, p95 2.9 ms)" in out


def test_the_gallery_poller_reads_the_apps_answer() -> None:
    client = TestClient(create_app())
    code = client.post("/room/new", follow_redirects=False).headers["location"].split("/")[2]
    for name in ("Ann", "Bob"):
        student = TestClient(client.app)
        page = student.post("/join", data={"code": code, "name": name})
        student.get(room_events_url(code, 0), headers=tab_headers(page.text))  # its first card
    answer = client.get(f"/room/{code}/gallery?sort=loss", headers={"HX-Request": "true"})
    stats = GalleryStats()
    note(stats, answer.status_code, answer.headers["Server-Timing"], answer.content)
    note(stats, 403, "", b"")
    assert stats.cards == [2] and stats.sizes == [len(answer.content)] and stats.errors == 1
    assert 0 < stats.server_ms[0] < 1000 and 0 < stats.cpu_ms[0] < 1000


def test_rounds_are_pooled_and_all_printed(capsys: pytest.CaptureFixture[str]) -> None:
    first, second = ClassResult(30, 60.0, 50.0, 5.0, 140, 340, 1, 0, 1800), ClassResult(
        30, 50.0, 40.0, 4.0, 160, 360, 0, 1, 1500)
    both = pooled([first, second])
    assert (both.epochs_median, both.epochs_min, both.updates_median) == (55.0, 45.0, 4.5)
    assert (both.poll_p99_ms, both.server_epochs, both.errors, both.runs_lost) == (
        350, 1650, 1, 1)
    print_room(RoomResult(both, pooled([second, second]), GalleryStats(),
                          (first, second, second, first)))
    out = capsys.readouterr().out
    assert out.count("| 30 ") == 4 and "alone, in a room, in a room, alone" in out
    assert "sees 91% of the epochs/s" in out and "50 against 55 epochs/s" in out


def test_each_class_says_how_fast_the_machine_was_as_it_began_and_ended(
        capsys: pytest.CaptureFixture[str]) -> None:
    speed = core_speed(0.05)
    assert speed > 10  # epochs/s of the default run on one core, however loaded the machine
    print_classroom([ClassResult(8, 250.0, 240.0, 19.0, 20, 80, 0, 0, 2000, core_epochs=3012.4,
                                 core_after=2987.6)])
    assert "(the default run on one core, epochs/s): 3,012 → 2,988" in capsys.readouterr().out


def test_a_measured_class_is_set_against_one_core_shared_by_its_students(
        capsys: pytest.CaptureFixture[str]) -> None:
    # around the class one core trained 3,000 epochs/s (mean of before and after): 8 students
    # could see 375 each at most, and the server's 2,000 in all are 67 % of that core
    print_classroom([ClassResult(8, 250.0, 240.0, 19.0, 20, 80, 0, 0, 2000, core_epochs=3200,
                                 core_after=2800)])
    header, _, row = capsys.readouterr().out.splitlines()[:3]
    assert "one core ÷ students" in header and "server ÷ one core" in header
    assert [cell.strip() for cell in row.split("|")[-3:-1]] == ["375", "67%"]


def test_a_class_without_the_machine_s_speed_has_no_columns_against_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    print_classroom([ClassResult(8, 250.0, 240.0, 19.0, 20, 80, 0, 0, 2000)])
    assert "one core" not in capsys.readouterr().out
