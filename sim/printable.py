"""User text made safe to show: what a file holds is printed, never obeyed by a terminal.

A scenario's texts, labels and names come from files anyone can write (and, under
``coreg serve --lan``, upload). Wherever such text is shown to people -- messages,
tables, ``coreg show``, the app, its reports -- every character that is not printable is
written as its escape: control characters (ESC starts a terminal's escape sequences),
line breaks of every kind (U+0085, U+2028, ...) and invisible format characters.
Spaces of every kind (a no-break space in a French title) stay as they are.

One-line fields (a title, a label) refuse such characters outright:
:func:`first_unprintable` finds one and :func:`describe_char` says which it is.
"""

from __future__ import annotations

import unicodedata

#: What Python's str.splitlines() treats as a line break (each is refused in one-line fields).
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def is_printable(ch: str) -> bool:
    """Whether ``ch`` shows as itself: printable, or a space of any kind."""
    return ch.isprintable() or unicodedata.category(ch) == "Zs"


def one_line(text: str) -> str:
    """``text`` with every character that is not printable (line breaks included) written as
    its escape (``\\x1b``, ``\\u2028``), so it stays one line and a terminal shows it as it is."""
    if text.isprintable():
        return text
    return "".join(ch if is_printable(ch) else _escape(ch) for ch in text)


def shown(text: str) -> str:
    """Text of several lines (notes, questions), safe to show: its ``\\n`` line breaks and tabs
    are kept, every other character that is not printable is written as its escape."""
    return "\n".join("\t".join(one_line(part) for part in line.split("\t")) for line in text.split("\n"))


def first_unprintable(text: str) -> int | None:
    """The index of the first character of ``text`` that is not printable, or None."""
    if text.isprintable():
        return None
    return next((i for i, ch in enumerate(text) if not is_printable(ch)), None)


def describe_char(ch: str) -> str:
    """A character in words: ``a line break (U+2028 LINE SEPARATOR)``, ``a control character (U+001B)``."""
    from sim.i18n import _

    code = f"U+{ord(ch):04X}" + (" " + unicodedata.name(ch) if unicodedata.name(ch, "") else "")
    if ch in LINE_BREAKS:
        return _("a line break ({code})", code=code)
    if ch == "\t":
        return _("a tab ({code})", code=code)
    category = unicodedata.category(ch)
    if category == "Cc":
        return _("a control character ({code})", code=code)
    if category == "Cf":
        return _("an invisible format character ({code})", code=code)
    return _("a character that cannot be shown ({code})", code=code)


def _escape(ch: str) -> str:
    return ascii(ch)[1:-1]
