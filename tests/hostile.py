"""Planting hostile values in parsed scenario files, for the fuzz tests of the loader and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def paths_into(node: Any, prefix: tuple = (), leaves_only: bool = False) -> Iterator[tuple]:
    """Every path into nested dicts and lists (``("compare", 0, "label")``), the empty path
    first; only the paths to single values with ``leaves_only``."""
    inner = isinstance(node, (dict, list))
    if not (leaves_only and inner):
        yield prefix
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield from paths_into(child, prefix + (key,), leaves_only)


def plant(data: dict, path: tuple, value: Any, new_key: str | None = None) -> None:
    """Put ``value`` at ``path`` in ``data`` (in place); with ``new_key``, as that new key of the
    table at ``path`` instead (when there is a table there)."""
    node = data
    for step in path[:-1]:
        node = node[step]
    if not path:
        if new_key is not None:
            data[new_key] = value
        return
    last = path[-1]
    if new_key is not None and isinstance(node[last], dict):
        node[last][new_key] = value
    else:
        node[last] = value
