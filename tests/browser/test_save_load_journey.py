"""Save and load journey: a run saved as JSON and loaded in another browser goes on exactly as the
run that was never interrupted (the same losses, bit for bit)."""

import json
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from .helpers import is_post, loss_curves, open_playground, step

QUERY = "?dataset=xor&optimizer=adam&learning_rate=0.01&hidden_layers=5,3&dropout=0.1"


def save(page: Page, folder: Path, name: str) -> dict[str, object]:
    """Press Save and return the downloaded file, parsed."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Save run (JSON)").click()
    path = folder / name
    download.value.save_as(path)
    doc: dict[str, object] = json.loads(path.read_text())
    return doc


def test_save_load_in_a_new_browser_and_continue_as_if_never_stopped(
        page: Page, new_context: Callable[..., BrowserContext], live_server: str,
        tmp_path: Path) -> None:
    open_playground(page, f"{live_server}/{QUERY}")
    for _ in range(4):
        step(page)
    saved = save(page, tmp_path, "run.json")
    assert saved["epoch"] == 4 and saved["format"] == "mlp-playground-run"

    other = new_context().new_page()  # another browser profile: no cookie, no storage
    open_playground(other, f"{live_server}/")
    other.locator("#run_file").set_input_files(tmp_path / "run.json")
    with other.expect_response(is_post("/load")) as answer:
        other.get_by_role("button", name="Load", exact=True).click()
    assert answer.value.status == 200, answer.value.text()[:300]
    expect(other.locator("#banner")).to_contain_text("loaded a run saved at epoch 4")
    expect(other.get_by_label("Optimizer")).to_have_value("adam")

    for _ in range(5):
        step(page)
        step(other)
    assert loss_curves(other) == loss_curves(page)
    uninterrupted, resumed = save(page, tmp_path, "a.json"), save(other, tmp_path, "b.json")
    assert resumed["state"] == uninterrupted["state"]  # every weight, moment and loss, exactly
