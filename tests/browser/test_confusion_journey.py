"""The confusion matrices live: while a 3-class run trains, the tables next to the accuracy move
with it and their diagonals agree with the accuracy shown."""

from playwright.sync_api import Page, expect

from .helpers import WAIT_MS, open_playground, pause, wait_for_epoch

READ = """() => ['train', 'test'].map(split => Array.from(
    document.querySelectorAll(`#confusion_${split} tbody tr`)).map(tr =>
        Array.from(tr.querySelectorAll('td')).map(td => Number(td.textContent))))"""


def test_the_confusion_matrices_follow_training_and_match_the_accuracy(
    page: Page, live_server: str
) -> None:
    open_playground(page, f"{live_server}/?dataset=blobs3&loss=softmax_cross_entropy&speed=2")
    before = page.evaluate(READ)
    assert [len(m) for m in before] == [3, 3]
    page.get_by_role("button", name="Play", exact=True).click()
    wait_for_epoch(page, 10)
    pause(page)
    expect(page.locator("#confusion_train caption")).to_contain_text("of 250 right",
                                                                     timeout=WAIT_MS)
    after = page.evaluate(READ)
    assert after != before  # the tables moved with training
    for split, counts in zip(("train", "test"), after, strict=True):
        shown = float(page.locator(f"#{split}_accuracy").inner_text().rstrip(" %")) / 100
        total = sum(map(sum, counts))
        assert total == 250
        assert abs(sum(counts[i][i] for i in range(3)) / total - shown) < 0.0006, split
