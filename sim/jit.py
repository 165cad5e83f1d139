"""Compilation helpers: one source, compiled by numba or evaluated by numpy.

Kernels are defined at module level with ``cache=True`` so later processes load them
from numba's cache instead of recompiling. ``error_model="numpy"`` drops the division
checks that would block vectorisation.
"""

from __future__ import annotations

import types
from typing import Any, Callable

import numba


def njit(fn: Callable | None = None, **options: Any) -> Any:
    """``numba.njit`` with this project's defaults (cache on, numpy error model)."""
    opts = {"cache": True, "error_model": "numpy"}
    opts.update(options)
    if fn is None:
        return lambda f: numba.njit(**opts)(f)
    return numba.njit(**opts)(fn)


def numpy_form(dispatcher: Any, **helpers: Callable) -> Callable:
    """The plain-Python form of a compiled function, with its compiled helpers swapped
    for plain ones, so that it runs on numpy arrays with no compilation at all."""
    py = dispatcher.py_func
    namespace = dict(py.__globals__)
    namespace.update(helpers)
    return types.FunctionType(py.__code__, namespace, py.__name__, py.__defaults__, py.__closure__)
