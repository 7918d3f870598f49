"""How much memory a run holds: the bytes the session store budgets its hot runs by.

footprint(run) walks everything the run reaches (dataset, design matrices, model parameters,
gradients, optimizer state, compiled plans and their buffers, the picture grid, the history) and
adds up each NumPy buffer once (views count their base) plus the Python objects around them
(sys.getsizeof: the history's records, lists, dicts). Modules, classes and functions are shared
by every run and are not counted; neither is the config (a frozen pydantic model, a few KB).
"""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np

from app.config import Config
from app.engine import History

_SHARED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
           types.MethodWrapperType, types.WrapperDescriptorType, np.ufunc, np.dtype, Config,
           str, bytes, int, bool, type(None))


def footprint(root: Any, skip: tuple[type, ...] = ()) -> int:
    """Return the bytes root holds: every array buffer once, plus its Python objects (objects
    of the `skip` types are left out, with all they hold)."""
    seen: set[int] = set()
    total, stack = 0, [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, np.ndarray):
            base = _root_base(obj)
            if id(base) not in seen:
                seen.add(id(base))
                total += base.nbytes if isinstance(base, np.ndarray) else obj.nbytes
            continue
        if isinstance(obj, _SHARED) or isinstance(obj, skip) or id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        stack.extend(_children(obj))
    return total


def history_bytes(history: History) -> int:
    """Return about what a training history holds: its list plus as many records as the newest
    (records are alike: a few floats and two short tuples), without walking each of them."""
    one = footprint(history.last) if history.last is not None else 0
    return sys.getsizeof(history.records) + len(history.records) * one


def _root_base(array: np.ndarray) -> object:
    """Return the object that owns array's memory (itself, the array it views, or a buffer)."""
    owner: object = array
    while isinstance(owner, np.ndarray) and owner.base is not None:
        owner = owner.base
    return owner


def _children(obj: Any) -> list[Any]:
    """Return what obj refers to that may hold memory of its own."""
    if isinstance(obj, dict):
        return [*obj.values()]
    if isinstance(obj, list | tuple | set | frozenset):
        return [*obj]
    if isinstance(obj, types.MethodType):  # a plan's bound op: its object holds the buffers
        return [obj.__self__]
    if isinstance(obj, np.random.Generator):
        return []  # its bit generator's state is a few hundred bytes (counted by getsizeof)
    out: list[Any] = []
    if hasattr(obj, "__dict__"):
        out.extend(vars(obj).values())
    for name in getattr(type(obj), "__slots__", ()):
        if hasattr(obj, name):
            out.append(getattr(obj, name))
    return out
