"""Which runs can share a stack (stack.py): the shape of a trainer's plans, worked out once.

Two runs stack when their plans make the same calls, in the same order, on arrays of the same
shapes at the same places of arrays of the same shapes: `describe` walks a trainer's plans and
names every array by its owner (the array that holds its memory, numbered by first use), its
byte offset and its strides. Plans of one shape get one number, so a stack key is cheap to
compare; a call that is not one NumPy function on arrays (a Python function: dropout's draws,
L1's clamp, a fallback activation or loss, an optimizer without replayable calls) makes the
plans unstackable.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import partial
from itertools import count
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from app.engine._types import AnyArray, Op
from app.engine.trainer import Trainer

MAX_SHAPES = 1000  # the plan shapes remembered (a forgotten one gets a new number)
Spot = tuple[int, int, tuple[int, ...], tuple[int, ...]]  # owner, byte offset, shape, strides


class Shape(NamedTuple):
    """What runs of one stack share: their arrays' owners (shape, dtype), the distinct calls
    (function, each argument's Spot or value, whether the last is an out= keyword, which
    argument the call writes) and each plan as indices into the calls."""

    owners: tuple[tuple[tuple[int, ...], str, bool], ...]  # shape, dtype, C order (else F)
    calls: tuple[tuple[Callable[..., object], tuple[Spot | float, ...], bool, int], ...]
    plans: tuple[tuple[int, ...], ...]


class Known(NamedTuple):
    plans: list[list[Op]]  # the trainer's plans this was worked out from
    shape: int | None  # their shape's number (None: they cannot stack)
    layout: Shape | None  # that shape
    owners: list[AnyArray]  # the trainer's arrays, in the shape's owner order
    order: tuple[int, ...]  # the plans an epoch replays, in order (after the first)
    first_differs: bool  # whether its first epoch replays others (a carried rest)
    measures: Hashable  # what its epochs' measures depend on besides the plans


_KNOWN: WeakKeyDictionary[Trainer, Known] = WeakKeyDictionary()
_NUMBERS: dict[Shape, int] = {}
_COUNTER = count()


def base(a: AnyArray) -> AnyArray:
    """Return the array that owns a's memory."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def address(a: AnyArray) -> int:
    return int(a.__array_interface__["data"][0])


def written(fn: Callable[..., object], args: tuple[Any, ...]) -> int | None:
    """Return the position of the argument the call writes (in _arguments' order), or None
    for a call a stack cannot make."""
    if fn is np.dot and len(args) == 3 and all(getattr(a, "ndim", 0) == 2 for a in args):
        return 2
    if fn is np.copyto and len(args) == 2:
        return 0
    if isinstance(fn, np.ufunc) and fn.nout == 1 and len(args) == fn.nin + 1:
        return fn.nin
    if isinstance(fn, partial) and isinstance(fn.func, np.ufunc) and set(fn.keywords) == {"out"} \
            and fn.func.nout == 1 and len(fn.args) == 0:
        return len(args)
    return None


def _arguments(fn: Callable[..., object], args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return every argument of the call, an out= keyword last."""
    return (*args, fn.keywords["out"]) if isinstance(fn, partial) else args


def describe(plans: Sequence[Sequence[Op]]) -> tuple[Shape, list[AnyArray]] | None:
    """Return the plans' shape and the arrays that own their memory, or None when a call cannot
    be stacked (a Python function: dropout's draws, L1's clamp, a fallback activation)."""
    owners: list[AnyArray] = []
    index: dict[int, int] = {}
    calls: list[tuple[Callable[..., object], tuple[Spot | float, ...], bool, int]] = []
    seen: dict[int, int] = {}  # id(op) -> its call's index (batches of one size share calls)
    out_plans = []
    for plan in plans:
        numbers = []
        for op in plan:
            known = seen.get(id(op))
            if known is None:
                fn, args = op
                out = written(fn, args)
                if out is None:
                    return None
                spots: list[Spot | float] = []
                for a in _arguments(fn, args):
                    if isinstance(a, np.ndarray):
                        owner = base(a)
                        if not (owner.flags.c_contiguous or owner.flags.f_contiguous):
                            return None
                        if id(owner) not in index:
                            index[id(owner)] = len(owners)
                            owners.append(owner)
                        spots.append((index[id(owner)], address(a) - address(owner), a.shape,
                                      a.strides))
                    elif isinstance(a, int | float):
                        spots.append(float(a))
                    else:
                        return None
                known = seen[id(op)] = len(calls)
                # out= as a keyword (np.maximum wants it so)
                if isinstance(fn, partial):
                    calls.append((fn.func, tuple(spots), True, out))
                else:
                    calls.append((fn, tuple(spots), False, out))
            numbers.append(known)
        out_plans.append(tuple(numbers))
    kinds = tuple((o.shape, o.dtype.str, bool(o.flags.c_contiguous)) for o in owners)
    return Shape(kinds, tuple(calls), tuple(out_plans)), owners


def known(trainer: Trainer) -> Known:
    """Return what stacking knows of the trainer: the shape of its plans, the evaluation's
    last (a stack evaluates its runs together too), worked out once per set of plans."""
    plans = trainer.plans()
    known = _KNOWN.get(trainer)
    if known is None or known.plans is not plans:
        found = describe([*plans, trainer.evaluation._ops])
        steady = trainer._batches.epoch(first=False)
        differs = trainer._batches.epoch(first=True) != steady
        measures = (trainer.loss_name, trainer.n_classes, trainer.net.activation_names[-1],
                    tuple(trainer.evaluation._sizes.tolist()))
        if found is None:
            known = Known(plans, None, None, [], (), differs, measures)
        else:
            shape, owners = found
            if len(_NUMBERS) > MAX_SHAPES:  # known trainers keep their shapes (Known.layout)
                _NUMBERS.clear()
            number = _NUMBERS.setdefault(shape, next(_COUNTER))
            known = Known(plans, number, shape, owners, tuple(steady), differs, measures)
        _KNOWN[trainer] = known
    return known


def stack_key(trainer: Trainer) -> Hashable | None:
    """Return what a run must share with others to train in one stack with them, or None when
    it cannot join one now: it is stopped or inside an epoch, its first epoch trains another
    order than the rest, or a plan makes a call a stack cannot (dropout's draws, L1's clamp, an
    optimizer or activation without replayable calls)."""
    if not trainer.running or trainer.batches_left != trainer.batches_per_epoch:
        return None
    found = known(trainer)
    if found.shape is None or (found.first_differs and trainer.epoch == 0):
        return None
    return found.order, found.shape, found.measures
