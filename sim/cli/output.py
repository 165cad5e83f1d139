"""Where the command line's results go: output files written whole, only after everything
succeeded, and JSON on stdout."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.errors import CoregError
from sim.i18n import _


def print_json(obj: Any) -> None:
    """``obj`` as indented JSON on stdout (refusing NaN: a missing value is null)."""
    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


class Outputs:
    """Output files, checked before any work and written only once everything succeeded."""

    def __init__(self, csv: str | None, html: str | None, scenario: str | None, json_to_stdout: bool):
        self.jobs: list[tuple[str, Callable[[], str] | None, Callable[[str], Any] | None]] = []
        paths = [p for p in (csv, html, scenario) if p]
        if csv == "-" and json_to_stdout:
            raise CoregError("--csv", _("'-' (stdout) cannot be combined with --json"), _("a file path, or drop --json"))
        for p in paths:
            if p == "-" and p is not csv:
                raise CoregError("output", _("'-' (stdout) works only for --csv"), _("a file path"))
        real = [p for p in paths if p != "-"]
        resolved = [str(Path(p).resolve()) for p in real]
        if len(set(resolved)) != len(resolved):
            raise CoregError("output", _("two outputs would go to the same file"), _("a different path for each"))
        for p in real:
            _check_writable(p)

    def add(self, path: str, make_text: Callable[[], str]) -> None:
        """Write the text ``make_text()`` makes to ``path`` ('-' = stdout) at :meth:`commit`."""
        self.jobs.append((path, make_text, None))

    def add_writer(self, path: str, writer: Callable[[str], Any]) -> None:
        """Call ``writer(path)`` (which writes atomically itself) at :meth:`commit`."""
        self.jobs.append((path, None, writer))

    def commit(self) -> None:
        """Make every text first (the step that can fail), then write them all."""
        from sim.export import write_atomic

        texts = [(path, make()) for path, make, _ in self.jobs if make is not None]
        for path, _make, writer in self.jobs:
            if writer is not None:
                writer(path)
        for path, text in texts:
            if path == "-":
                sys.stdout.write(text)
            else:
                write_atomic(path, text)
                print("coreg: " + _("wrote {path}", path=path), file=sys.stderr)


def _check_writable(path: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise CoregError("output", _("{path} is a folder", path=path), _("a file path"))
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise CoregError("output", _("cannot write to {path}", path=path), _("a path in a folder you can write to"))
