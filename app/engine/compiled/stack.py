"""Train several runs as one stack: every call of their plans made once, on stacked arrays.

A class's runs are mostly the same network on different data, seeds and rates, and each
mini-batch of a small network is some 24 NumPy calls on arrays of a few dozen numbers: the price
of a call, not its arithmetic, sets the speed. Runs whose plans are the same calls on arrays of
the same shapes (`stack_key`) can make each call once for all of them: every array a plan reads
or writes gets a leading axis of one slot per run,

    run r's array a  →  slot r of a stacked array A (S, *a.shape)
    np.dot(a, b, out)  →  np.matmul(A, B, OUT)        (one BLAS product per slot, the same one)
    ufunc(a, b, out)   →  ufunc(A, B, OUT)             (a 0-d array: an (S, 1, …) column)

and eight runs' mini-batches cost about one and a half of one run's. Each slot gets exactly the
calls its run's own plan makes, in the same order, so a run trained in a stack has the same
numbers, bit for bit, as on its own (tests/engine/compiled/test_stack.py). Each run's epoch is
opened and closed as on its own: its learning rate and shuffle from its own trainer and
generator (written into the stack at once: batches.fill_stacked), its evaluation (the forward
pass on both sets, stacked too, then Evaluation.measure and layer_stats on every run at once,
which give each run its own numbers), its record and early stopping in its own trainer.

A Frame (the stacked arrays and plans) depends only on the shape and the number of runs, so a
caller keeps frames for later stacks. A run's arrays are copied in when the stack opens (`with
stack:`: its state — parameters, gradients, the optimizer's arrays — its constants and data),
its learning rate at each epoch, its parameters and gradients out at each epoch's end and its
state when the stack closes. Work buffers are copied in once, when their frame is first used:
every call writes them before any reads them, but for the row of ones under each layer's
activations (the bias input), the same in every run. A run that stops (diverged, early
stopping) leaves the stack at the end of its epoch.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping, Sequence
from functools import partial

import numpy as np

from app.engine._types import AnyArray, Op
from app.engine.batches import fill_stacked
from app.engine.compiled.stack_shape import Shape, Spot, address, base, known, stack_key
from app.engine.evaluation import layer_stats
from app.engine.history import EpochRecord
from app.engine.trainer import Trainer

__all__ = ["Frame", "Stack", "stack_key"]


class Frame:
    """The stacked arrays and plans of n runs of one shape, bound to no run (a Stack copies
    its runs' arrays in and out): a class's turns stack ever other runs of one shape, and
    a frame is built once for all of them.

    Attributes:
        raw, stacked: per owner of the shape, its memory (n slots, each laid out as a run's
            array) and that memory as an (n, *shape) array.
        plans: the stacked plan of each batch, then of the evaluation (Evaluation's forward).
        written: the owners the plans write; the others are inputs (batches, rates, constants).
    """

    def __init__(self, shape: Shape, n: int) -> None:
        self.n, self.busy, self.primed = n, False, False
        self.user: object = None  # the stack whose runs' constants it holds
        # each slot laid out as its run's array (C or Fortran order), so views keep its strides
        self.raw = [np.empty((n, *(dims if c_order else dims[::-1])), dtype)
                    for dims, dtype, c_order in shape.owners]
        self.stacked = [raw if c_order else raw.transpose(0, *range(len(dims), 0, -1))
                        for raw, (dims, _, c_order) in zip(self.raw, shape.owners, strict=True)]
        self.written: set[int] = set()
        views: dict[tuple[int, int, tuple[int, ...], tuple[int, ...], int], AnyArray] = {}

        def view(spot: Spot, pad: int) -> AnyArray:
            found = views.get((*spot, pad))
            if found is None:
                owner, offset, dims, strides = spot
                whole = self.raw[owner]
                found = views[(*spot, pad)] = np.ndarray(
                    (n, *(1,) * pad, *dims), whole.dtype, whole, offset,
                    (whole.strides[0], *(0,) * pad, *strides))
            return found

        ops: list[Op] = []
        for fn, spots, keyword, out in shape.calls:
            arrays = [s for s in spots if isinstance(s, tuple)]
            dims = max((len(s[2]) for s in arrays), default=0)
            args = tuple(view(s, 0 if fn is np.dot else dims - len(s[2]))
                         if isinstance(s, tuple) else s for s in spots)
            self.written.add(spots[out][0])  # type: ignore[index]
            if keyword:
                ops.append((partial(fn, out=args[-1]), args[:-1]))
            else:
                ops.append((np.matmul if fn is np.dot else fn, args))
        self.plans = [[ops[c] for c in plan] for plan in shape.plans]
        self.inputs = [i for i in range(len(self.stacked)) if i not in self.written]


class Stack:
    """Runs of one stack_key trained together, epoch by epoch, inside a `with` block.

    Args:
        trainers: runs with equal, non-None stack keys (one works too).
        frames: where frames are kept for later stacks of as many runs of the same shape,
            keyed (shape number, runs); None builds one for this stack only. A frame is used by
            one open stack at a time.

    Raises:
        ValueError: if their stack keys differ or are None, or a run appears twice.
    """

    def __init__(self, trainers: Sequence[Trainer],
                 frames: MutableMapping[tuple[int, int], Frame] | None = None) -> None:
        keys = {stack_key(t) for t in trainers}
        if len(keys) != 1 or None in keys or len({id(t) for t in trainers}) != len(trainers):
            raise ValueError("a stack needs distinct runs of one stack_key")
        self.trainers = list(trainers)
        self._order = self.trainers[0].batch_order()
        self._frames, self._open = frames, False
        self.replay_seconds = 0.0  # the last epoch's replay of the plans (the rest: its runs')
        self._build()

    def _build(self) -> None:
        """Find or make the frame of self.trainers and bind their arrays to it."""
        n = len(self.trainers)
        runs = self._known = [known(t) for t in self.trainers]
        number, layout = runs[0].shape, runs[0].layout
        assert number is not None and layout is not None  # stack_key said so
        frames = self._frames if self._frames is not None else {}
        if (number, n) not in frames:
            frames[number, n] = Frame(layout, n)
        self._frame = frame = frames[number, n]
        # distinct trainers write distinct arrays (each its own network, buffers, optimizer)
        self._members = [[k.owners[i] for k in runs] for i in range(len(frame.stacked))]
        # what each owner is, by the first run's arrays: copied in and out as below
        first = self.trainers[0]
        place = {id(o): i for i, o in enumerate(runs[0].owners)}

        def owners(arrays: Sequence[AnyArray]) -> list[int]:
            return sorted({place[id(base(a))] for a in arrays if id(base(a)) in place})

        self._params, self._grads = place[id(first.net.params)], place[id(first.net.grads)]
        self._state = owners([first.net.params, first.net.grads,
                              *(a for slots in first.optimizer._states or () for a in slots)])
        batches = first._batches
        self._lr = owners([first.optimizer._lr])  # a schedule changes it every epoch
        blocks = (batches._block_x, batches._rest_x, batches._block_t, batches._rest_t)
        self._shuffled = owners(blocks) if batches.reshuffles else []  # written every epoch
        self._blocks = [place.get(id(b)) for b in blocks]
        self._run_inputs = [i for i in frame.inputs if i not in self._lr + self._shuffled]
        self._work = [i for i in frame.written if i not in self._state]
        # the evaluation (the last plan) leaves every run's outputs in the stack
        evaluation = first.evaluation
        self._outputs = [self._view(place, a) for a in (evaluation._z, evaluation._out)]
        members = self.trainers  # their data (fixed in a trainer), for shuffles and measures
        self._xa, self._t = (np.stack([getattr(t._batches, a) for t in members])
                             for a in ("xa", "t"))
        self._targets = np.stack([t.evaluation._t for t in members])
        self._labels = np.stack([t.evaluation._labels for t in members])

    def _view(self, place: dict[int, int], a: AnyArray) -> AnyArray:
        """Return the stacked view (runs, *a.shape) of the first run's array a."""
        owner = base(a)
        whole = self._frame.raw[place[id(owner)]]
        return np.ndarray((len(self.trainers), *a.shape), a.dtype, whole,
                          address(a) - address(owner), (whole.strides[0], *a.strides))

    @property
    def current(self) -> bool:
        """Whether every run may still join a stack (stack_key), with the plans it had then."""
        return all(stack_key(t) is not None and t.plans() is k.plans
                   for t, k in zip(self.trainers, self._known, strict=True))

    def _gather(self, owners: Sequence[int]) -> None:
        for i in owners:
            np.stack(self._members[i], out=self._frame.stacked[i])

    def _scatter(self, owner: int, slots: Sequence[int]) -> None:
        members, stacked = self._members[owner], self._frame.stacked[owner]
        for r in slots:
            np.copyto(members[r], stacked[r])

    def __enter__(self) -> Stack:
        """Copy the runs' arrays in (they may have trained on their own since the last time)."""
        frame = self._frame
        if self._open or frame.busy or not self.trainers or not self.current:
            raise ValueError("a stack or its frame opened twice, or runs that cannot join now")
        # the runs' constants unless this stack put them there, and the parts of the work
        # buffers no call writes (the rows of ones) when the frame is new
        self._gather(self._state + (self._run_inputs if frame.user is not self else [])
                     + (self._work if not frame.primed else []))
        frame.primed, frame.user = True, self
        self._open = frame.busy = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, skip_params: Sequence[int] = ()) -> None:
        """Copy every run's state back into its own arrays (the parameters of the slots in
        skip_params excepted)."""
        if not self._open:
            return
        every = range(len(self.trainers))
        for owner in self._state:
            self._scatter(owner, [r for r in every if r not in skip_params]
                          if owner == self._params else every)
        self._open = self._frame.busy = False

    def epoch(self) -> list[tuple[Trainer, EpochRecord]]:
        """Train every run one epoch; return each run's record. A run that stopped at its end
        leaves the stack."""
        if not self._open:
            raise ValueError("train a stack inside its with block")
        members, every = self.trainers, range(len(self.trainers))
        with np.errstate(all="ignore"):
            orders = [t.begin_epoch(fill=False) for t in members]
            self._gather(self._lr)
            if self._shuffled:  # every run's shuffle, written at once
                stacked = self._frame.stacked
                fill_stacked([None if i is None else stacked[i] for i in self._blocks],
                             self._xa, self._t, np.stack(orders))  # type: ignore[arg-type]
            plans, began = self._frame.plans, time.perf_counter()
            for k in self._order[:-1]:
                for fn, args in plans[k]:
                    fn(*args)
            stacked = self._frame.stacked
            before = stacked[self._params].copy()
            for k in (self._order[-1], -1):  # the last batch, then the evaluation
                for fn, args in plans[k]:
                    fn(*args)
            self.replay_seconds = time.perf_counter() - began
            self._scatter(self._params, every)
            self._scatter(self._grads, every)
            first = members[0]
            z, out = self._outputs
            losses, hits = first.evaluation.measure(z, out, self._targets, self._labels)
            norms, ratios = layer_stats(first.net, before, stacked[self._grads],
                                        stacked[self._params])
            records = [(t, t.finish_epoch(before[r], (losses[r], hits and hits[r], norms[r],
                                                       ratios[r]))) for r, t in enumerate(members)]
        stopped = [r for r, t in enumerate(members) if not t.running]
        if stopped:  # rebuilt without them (rare: a run diverged or stopped early)
            self.close(skip_params=stopped)
            self.trainers = [t for t in members if t.running]
            if self.trainers:
                self._build()
                self.__enter__()
        return records
