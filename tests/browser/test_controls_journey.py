"""Controls journey: dataset, sliders and layer buttons change the run, and every panel follows."""

import json

from playwright.sync_api import Page, expect

from .helpers import (
    change_setting,
    expect_link_has,
    open_playground,
    share_settings,
    training_points,
    wait_for_training_points_change,
)


def test_dataset_sliders_and_layers_update_every_panel(page: Page, live_server: str) -> None:
    open_playground(page, f"{live_server}/")
    expect(page.get_by_role("radio", name="Circle")).to_be_checked()
    circle = training_points(page)

    # the dataset: click its preview
    change_setting(page, page.get_by_title("Exclusive or", exact=True).click)
    expect(page.get_by_role("radio", name="Exclusive or")).to_be_checked()
    expect(page.get_by_role("radio", name="Circle")).not_to_be_checked()
    expect_link_has(page, dataset="xor")
    xor = wait_for_training_points_change(page, circle)

    # noise: two presses of the arrow key on the slider (each press is a change)
    noise = page.get_by_label("Noise", exact=True)
    change_setting(page, lambda: noise.press("ArrowRight"))
    expect_link_has(page, noise="0.05")
    change_setting(page, lambda: noise.press("ArrowRight"))
    expect_link_has(page, noise="0.1")
    expect(page.locator("#noise_value")).to_have_text("0.1")
    expect(noise).to_have_value("0.1")
    noisy = wait_for_training_points_change(page, xor)

    # ratio of training to test data: 50 % -> 70 % means 40 % more training points
    ratio = page.get_by_label("Ratio of training to test data")
    change_setting(page, lambda: ratio.fill("0.7"))
    expect_link_has(page, train_fraction="0.7")
    expect(page.locator("#train_fraction_value")).to_have_text("70%")
    more = wait_for_training_points_change(page, noisy)
    assert _count(more) * 5 == _count(noisy) * 7, (_count(noisy), _count(more))

    # layers and neurons
    heading = page.get_by_role("heading", level=2, name="hidden layer")
    expect(heading).to_have_text("2 hidden layers")
    change_setting(page, page.get_by_role("button", name="Add hidden layer").click)
    expect(heading).to_have_text("3 hidden layers")
    expect_link_has(page, hidden_layers="4,2,2")
    change_setting(page, page.get_by_role("button", name="Add neuron to layer 1").click)
    expect_link_has(page, hidden_layers="5,2,2")
    change_setting(page, page.get_by_role("button", name="Remove hidden layer").click)
    change_setting(page, page.get_by_role("button", name="Remove hidden layer").click)
    expect(heading).to_have_text("1 hidden layer")
    expect_link_has(page, hidden_layers="5")

    # the link holds everything at once, and the data is what it was before the layer changes
    wanted = {"dataset": "xor", "noise": "0.1", "train_fraction": "0.7", "hidden_layers": "5"}
    settings = share_settings(page)
    assert {name: settings.get(name) for name in wanted} == wanted, settings
    assert training_points(page) == more


def _count(points: str) -> int:
    """Return how many training points the traces hold."""
    return sum(len(trace["x"]) for trace in json.loads(points))
