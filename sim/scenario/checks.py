"""Small checks and message pieces shared by the scenario objects and the reader.

Each check raises a :class:`~sim.errors.CoregError` naming the key and what is allowed;
the helpers below keep what a message quotes from a file short and printable.
"""

from __future__ import annotations

import re
from typing import Any

from sim.declare import check_one_line
from sim.errors import CoregError
from sim.i18n import _, current
from sim.printable import one_line
from sim.scenario.limits import TEXT_LIMITS

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def check_text(value: Any, key: str, limit: int, required: bool = False, single_line: bool = False) -> None:
    """A string of at most ``limit`` characters (and not blank, if ``required``; without line
    breaks and control characters, if ``single_line``)."""
    if not isinstance(value, str):
        raise CoregError(key, _("expected a string, got {value}", value=kind_of(value)), _("a string in quotes"))
    check_text_length(value, key, limit)
    if single_line:
        check_one_line(value, key)
    if required and not value.strip():
        raise CoregError(key, _("is empty"), _("a non-empty string"))


def check_text_length(value: str, key: str, limit: int) -> None:
    if len(value) > limit:
        raise CoregError(key, _("{n} characters is too long", n=current().number(len(value))),
                         _("at most {n} characters", n=current().number(limit)))


def check_label(value: Any, key: str) -> None:
    """A variant label: short, one line, no surrounding spaces."""
    check_text(value, key, TEXT_LIMITS["label"], required=True, single_line=True)
    if value != value.strip():
        raise CoregError(key, _("{value} has surrounding spaces", value=short(value)), _("a short one-line name"))


def kind_of(value: Any) -> str:
    """What a value from a file is, in words: ``a number (5)``, ``a list``."""
    if type(value) is bool:
        return _("true/false ({value})", value=short(value))
    if type(value) in (int, float):
        return _("a number ({value})", value=short(value))
    if type(value) is str:
        return _("a string ({value})", value=short(value))
    if type(value) is list:
        return _("a list")
    if type(value) is dict:
        return _("a table")
    return type(value).__name__


def short(value: Any) -> str:
    """A value quoted in a message, at most 60 characters."""
    text = repr(value) if not isinstance(value, (list, dict)) else f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def short_key(text: Any) -> str:
    """A key or a ``--set`` quoted in a message: printable, at most 60 characters."""
    text = one_line(str(text)[:200])
    return text if len(text) <= 60 else text[:57] + "..."


def key_name(key: Any) -> str:
    """A key of a file as messages name it: as TOML writes it, so that an empty or padded key
    shows (``""``, ``"policy "``); printable, at most 60 characters."""
    key = str(key)
    if _BARE_KEY.fullmatch(key):
        return short_key(key)
    return short_key('"' + key[:200].replace("\\", "\\\\").replace('"', '\\"') + '"')


def join_key(prefix: str, key: str) -> str:
    """``compare.1`` + ``caregiver`` -> ``compare.1.caregiver``."""
    return f"{prefix}.{key}" if prefix else key


def slug(text: str) -> str:
    """A file-name-like name for a title: ``From the app`` -> ``from_the_app``."""
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return name[:60] or "scenario"


def number_text(x: float | None) -> str:
    """A number as a message shows it: ``2``, ``0.5``, ``none`` (in the language in force)."""
    return _("none") if x is None else current().decimal(x)
