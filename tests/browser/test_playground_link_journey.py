"""A TensorFlow Playground link pasted after our address opens the same setup: the page reads the
fragment (which the server never sees) and goes to its translation."""

import re

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, expect_link_has

FRAGMENT = ("activation=relu&batchSize=5&dataset=xor&learningRate=0.1&regularization=L2"
            "&regularizationRate=0.01&noise=20&networkShape=3&seed=0.12345&percTrainData=60"
            "&x=true&y=true&xTimesY=true&problem=classification&noise_hide=true")


def test_a_pasted_tf_playground_link_opens_the_same_setup(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/#{FRAGMENT}")
    page.wait_for_url(re.compile(r"/\?.*activation=relu"), timeout=WAIT_MS)
    expect(page.get_by_label("Activation", exact=True)).to_have_value("relu")
    expect(page.get_by_label("Learning rate", exact=True)).to_have_value("0.1")
    expect(page.get_by_label("Data order", exact=True)).to_have_value("playground")
    expect_link_has(page, dataset="xor", hidden_layers="3", noise="0.2", train_fraction="0.6",
                    regularization="l2", batch_size="5", hide="noise", seed="12345")
    assert "#" not in page.url
    expect(page.get_by_label("Noise", exact=True)).to_be_hidden()  # TF Playground's noise_hide
