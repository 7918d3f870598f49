"""The confusion matrices' markup: caption, classes, hits on the diagonal, misses elsewhere."""

from __future__ import annotations

from app.figures.confusion import Confusion
from app.figures.confusion_tables import confusion_tables


def test_a_table_marks_the_diagonal_as_hits_and_other_counts_as_misses() -> None:
    html = confusion_tables([Confusion("train", [[5, 1], [0, 4]]),
                             Confusion("test", [[2, 0], [3, 1]])], 2)
    assert html.count("<table") == 2 and 'id="confusion_train"' in html
    assert "<caption>Training: 9 of 10 right</caption>" in html
    assert "<caption>Test: 3 of 6 right</caption>" in html
    train = html.split('id="confusion_test"')[0]
    assert '<td class="hit">5</td><td class="miss">1</td>' in train
    assert '<td>0</td><td class="hit">4</td>' in train  # an empty off-diagonal cell: no class
    assert html.count('<th scope="col"><span class="swatch c1"></span>1</th>') == 2
