"""The confusion matrices as HTML tables, written in one pass (stats.html places them).

They come with every poll of a classification run; drawn by Jinja loops (a few dozen escapes and
calls per table) they were a fifth of a poll's rendering. Every value is a count or a class index
we make; nothing here comes from a user. Rows are the true classes, columns the predicted ones;
the diagonal is marked `hit`, other non-zero cells `miss`.
"""

from __future__ import annotations

from markupsafe import Markup

from app.figures.confusion import Confusion


def _cell(count: int, hit: bool) -> str:
    look = ' class="hit"' if hit else ' class="miss"' if count else ""
    return f"<td{look}>{count}</td>"


def table(m: Confusion, n_classes: int) -> str:
    """Return one split's table: caption, a head row of predicted classes, a row per true class."""
    name = "Training" if m.split == "train" else "Test"
    head = "".join(f'<th scope="col"><span class="swatch c{p}"></span>{p}</th>'
                   for p in range(n_classes))
    rows = "".join(
        f'<tr><th scope="row"><span class="swatch c{t}"></span>{t}</th>'
        + "".join(_cell(count, p == t) for p, count in enumerate(row)) + "</tr>"
        for t, row in enumerate(m.counts))
    return (f'<table class="confusion-matrix" id="confusion_{m.split}">\n'
            f"      <caption>{name}: {m.correct} of {m.total} right</caption>\n"
            f'      <thead><tr><th scope="col">true ╲ predicted</th>{head}</tr></thead>\n'
            f"      <tbody>{rows}</tbody>\n    </table>")


def confusion_tables(matrices: list[Confusion], n_classes: int) -> Markup:
    """Return the tables of every split (train, then test), one after the other."""
    return Markup("\n    ".join(table(m, n_classes) for m in matrices))
