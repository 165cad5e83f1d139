"""Compilation helpers: one source, compiled by numba or evaluated by numpy.

Kernels are defined at module level with ``cache=True`` so later processes load them
from numba's cache instead of recompiling. ``error_model="numpy"`` drops the division
checks that would block vectorisation.

numba's cache notices an edit only to the file that defines a kernel, not to a function
it calls from another module, and an installed package's folder may not be writable.
So the cache lives in a folder of its own, named after a hash of every source file the
kernels are built from (:data:`KERNEL_SOURCES`): any edit, or a new version, starts a
fresh cache, and an old one is never used by mistake. ``NUMBA_CACHE_DIR`` (or
``COREG_CACHE_DIR``), if set, says where that folder goes.
"""

from __future__ import annotations

import hashlib
import os
import types
from pathlib import Path
from typing import Any, Callable

#: The files (under ``sim/``) whose source goes into the compiled kernels: the engine modules
#: the kernels are built from and the public modules whose constants they read (the settings'
#: limits, the vocabulary's codes).
KERNEL_SOURCES = ("engine/jit.py", "engine/layout.py", "engine/model.py", "engine/kernel.py",
                  "engine/policies.py", "engine/stressors.py", "engine/summary.py", "engine/age.py",
                  "params.py", "vocabulary.py")


def kernel_cache_dir() -> Path:
    """The folder of this source version's compiled kernels."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for name in KERNEL_SOURCES:
        digest.update((package / name).read_bytes())
    root = os.environ.get("COREG_CACHE_DIR") or os.environ.get("NUMBA_CACHE_DIR")
    base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coregulation-lab"
    return base / f"kernels-{digest.hexdigest()[:16]}"


def _use_own_cache() -> None:
    import numba

    if getattr(numba.config, "_coreg_cache_dir", None) is None:
        path = kernel_cache_dir()
        numba.config.CACHE_DIR = str(path)
        numba.config._coreg_cache_dir = str(path)


_use_own_cache()

import numba  # noqa: E402  (after the cache folder is chosen)


def cached(kernels: list) -> bool:
    """Whether numba's cache already holds these kernels (compiled by an earlier run of this
    source version): then they load in a second instead of compiling. Any doubt: no."""
    try:
        return all(Path(k._cache._cache_file._index_path).is_file() for k in kernels)
    except Exception:  # noqa: BLE001 -- numba's internals moved: say it may take a while, to be safe
        return False


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
