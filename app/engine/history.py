"""Training history: one record per epoch, bounded by even decimation for long runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EpochRecord:
    """What one epoch left behind.

    Losses are data losses (means over the set, without the regularisation penalty), as
    TensorFlow Playground shows them. grad_norms[i] = ‖grad_w[i]‖ and update_ratios[i] =
    ‖Δw[i]‖ / ‖w[i]‖ per layer, both from the epoch's last mini-batch (cs231n's ≈ 1e-3 rule).
    """

    epoch: int
    train_loss: float
    test_loss: float | None
    train_accuracy: float | None
    test_accuracy: float | None
    learning_rate: float
    grad_norms: tuple[float, ...]
    update_ratios: tuple[float, ...]
    diverged: bool = False


@dataclass
class History:
    """Epoch records, oldest first. With a limit, spacing doubles whenever it fills up.

    Attributes:
        limit: most records kept (None = all). stride: epochs between kept records.
        last: the newest record, kept even when decimation skips it.
    """

    limit: int | None = None
    records: list[EpochRecord] = field(default_factory=list)
    stride: int = 1
    last: EpochRecord | None = None

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 4:
            raise ValueError(f"history limit must be ≥ 4 or None, got {self.limit!r}")

    def append(self, record: EpochRecord) -> None:
        """Add a record; keep it if it falls on the stride; halve resolution when full."""
        self.last = record
        if record.epoch % self.stride:
            return
        self.records.append(record)
        if self.limit is not None and len(self.records) > self.limit:
            self.stride *= 2
            self.records = [r for r in self.records if r.epoch % self.stride == 0]

    def column(self, name: str) -> list[object]:
        """Return one field across the kept records, e.g. column("train_loss")."""
        return [getattr(r, name) for r in self.records]

    def __len__(self) -> int:
        return len(self.records)


def run_epochs(step: Callable[[], EpochRecord | None], epochs: int) -> list[EpochRecord]:
    """Call a trainer's step() up to `epochs` times; stop at the first None (training stopped).

    Returns:
        The records of the epochs that ran, oldest first.
    """
    out = []
    for _ in range(epochs):
        record = step()
        if record is None:
            break
        out.append(record)
    return out
