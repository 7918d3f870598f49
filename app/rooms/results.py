"""A room's results as CSV: one row per student with their run's settings, epochs, final losses
and accuracy (their latest card), and their answer to every question asked.
"""

from __future__ import annotations

import csv
import io

from app.rooms.registry import RoomData

COLUMNS = ("name", "epoch", "train_loss", "test_loss", "test_accuracy", "settings")


def _safe(text: str) -> str:
    """Return text that a spreadsheet will not run as a formula (=, +, -, @ first)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(data: RoomData) -> str:
    """Return the results table: a header, then the students by name."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    asked = data.room.asked
    writer.writerow([*COLUMNS, *(f"prediction {n}: {q.text}" for n, q in asked)])
    for seat_id, seat in sorted(data.seats.items(), key=lambda s: (s[1].name.casefold(), s[0])):
        card = data.cards.get(seat_id)
        votes = data.votes.get(seat_id, {})
        numbers = ["", "", "", "", ""] if card is None else [
            card.epoch, *("" if v is None else f"{v:.6g}"
                          for v in (card.train_loss, card.test_loss, card.accuracy)),
            card.query]
        answers = []
        for n, question in asked:
            choice = votes.get(n)
            answers.append("" if choice is None or not 0 <= choice < len(question.choices)
                           else question.choices[choice])
        writer.writerow([_safe(seat.name), *numbers, *(_safe(a) for a in answers)])
    return out.getvalue()
