"""Type aliases shared by the engine modules."""

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
AnyArray = npt.NDArray[Any]

# One step of a precompiled plan: a function and the arguments it is called with.
Op = tuple[Callable[..., object], tuple[Any, ...]]
