"""Scenario text to TOML data, in time linear in the text whatever it holds.

The standard library's TOML reader is quick on the files people write, but not on every
file within the size limit: a key of many dotted parts costs it time quadratic in the
parts (one line ``k.k.k. ... .k = 1`` of 64 KB took 10 s, of 1 MB most of an hour), and a
whole number of more than 4,300 digits makes it raise ValueError. So before it runs, the
text is measured by a few linear scans (regular expressions over the text with its
strings and comments blanked out), and each limit of :mod:`sim.scenario.limits` a text
breaks is refused with its own message naming the line: line length, the length of a key
name, the parts of a dotted key, nesting, and how many settings the file holds. A number
written too long to read is handed back as a :class:`LongNumber`, so the reader of the
data refuses it with its key and line like any other bad value.
"""

from __future__ import annotations

import bisect
import itertools
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from sim.errors import CoregError, Problems
from sim.i18n import _, current
from sim.printable import LINE_BREAKS, describe_char
from sim.scenario.limits import (
    MAX_ENTRIES,
    MAX_FILE_CHARS,
    MAX_KEY_CHARS,
    MAX_KEY_PARTS,
    MAX_LINE_CHARS,
    MAX_NESTING,
    MAX_NUMBER_CHARS,
)

#: The signs that count the settings, list items, tables and dotted names a text holds.
ENTRY_SIGNS = "=,.[{"
#: What a string's characters become in the blanked text (a quoted key stays a key part).
_MARK = "\x01"
#: TOML's strings and comments, as its reader delimits them; ``open`` is a quote that is never
#: closed (the reader stops there with a syntax error, so the scans stop there too).
_STRINGS_AND_COMMENTS = re.compile(
    r'''(?P<multi>"""(?:[^"\\]|\\[\s\S]|"(?!""))*+""""{0,2}|\'\'\'[\s\S]*?\'\'\'\'{0,2})'''
    r'''|(?P<string>"(?:[^"\\\n]|\\[^\n])*+"|'[^'\n]*')'''
    r"|(?P<comment>#[^\n]*(?:\s*+#[^\n]*)*+)"  # comment lines in a row are one match: cheap to blank
    r'''|(?P<open>["'])'''
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_BARE = r"A-Za-z0-9_\-"
_PART = rf"(?:[{_BARE}]++|{_MARK}++)"
#: The start of a key of more than MAX_KEY_PARTS parts (bare names or quoted strings joined by dots) ...
_LONG_DOTTED = re.compile(rf"(?<![{_BARE}{_MARK}]){_PART}(?:[ \t]*\.[ \t]*{_PART}){{{MAX_KEY_PARTS}}}")
#: ... and all of it (a simpler pattern, quick over a key of a million characters).
_DOTTED = re.compile(rf"[{_BARE}{_MARK} \t.]*")
#: A key name longer than MAX_KEY_CHARS: bare, or quoted where only a key can be (before '=' or
#: a dot, after a dot; a quoted name's run of marks counts its two quotes).
_LONG_NAME = re.compile(
    rf"(?<![{_BARE}])[{_BARE}]{{{MAX_KEY_CHARS + 1},}}"
    rf"|(?<!{_MARK}){_MARK}{{{MAX_KEY_CHARS + 3},}}+(?=[ \t]*[.=])"
    rf"|(?<=\.)[ \t]*{_MARK}{{{MAX_KEY_CHARS + 3},}}+"
)
#: A decimal number written with more than MAX_NUMBER_CHARS characters, by the TOML reader's own
#: grammar: it takes the longest number at a value's start, whatever follows (and converts it first).
_LONG_NUMBER = re.compile(
    rf"(?<![{_BARE}.{_MARK}+])(?=[+-]?[0-9][0-9_.eE+-]{{{MAX_NUMBER_CHARS}}})"
    r"[+-]?(?:0|[1-9](?:_?[0-9])*+)(?:\.[0-9](?:_?[0-9])*+)?(?:[eE][+-]?[0-9](?:_?[0-9])*+)?"
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}
#: What TOML reads outside strings and comments (anything else there is a syntax error).
_TOML_OUTSIDE = re.compile(rf"[^\x20-\x7e\t\n{_MARK}]")


@dataclass(frozen=True)
class LongNumber:
    """A number written with more characters than a scenario's number may have (and maybe more
    digits than the TOML reader can convert), where the data holds its value."""

    line: int | None
    digits: int

    def problem(self) -> str:
        digits = current().number(self.digits)
        if self.line is None:
            return _("a number written with {digits} digits", digits=digits)
        return _("line {line}: a number written with {digits} digits", line=current().number(self.line),
                 digits=digits)


def toml_data(text: str) -> dict[str, Any]:
    """The TOML ``text`` as data, or a :class:`CoregError` naming every limit it breaks."""
    if not isinstance(text, str):
        raise CoregError("file", _("expected text"), _("TOML text"))
    if len(text) > MAX_FILE_CHARS:
        raise CoregError("file", _("{n} characters is too long for a scenario", n=current().number(len(text))),
                         _("at most {n}", n=current().number(MAX_FILE_CHARS)))
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # a byte order mark, Windows line ends
    blank = _blanked(text)
    long_numbers = _check_shape(text, blank)
    marked, numbers = _mark_long_numbers(text, blank, long_numbers)
    try:
        return tomllib.loads(marked, parse_float=_float_reader(numbers))
    except tomllib.TOMLDecodeError as e:
        raise CoregError("syntax", _("not valid TOML: {error}{hint}", error=e, hint=_hint(blank)),
                         _("TOML as in the README's example")) from None


def _blanked(text: str) -> str:
    """``text`` with each string's characters replaced by a mark and each comment by spaces (same
    length, same lines), cut at a quote that is never closed."""
    stop = len(text)

    def blank(m: re.Match) -> str:
        nonlocal stop
        kind, found = m.lastgroup, m.group()
        if kind == "open":
            stop = min(stop, m.start())
            return found
        return _NOT_NEWLINE.sub(" " if kind == "comment" else _MARK, found)

    blanked = _STRINGS_AND_COMMENTS.sub(blank, text)
    return blanked[:stop]


def _check_shape(text: str, blank: str) -> list[re.Match]:
    """Refuse every limit ``text`` breaks (all at once); the long numbers found, in file order."""
    problems = Problems()
    num = current().number
    lines = blank.split("\n")
    if max(map(len, lines)) > MAX_LINE_CHARS:
        for n, line in enumerate(lines, 1):
            if len(line) > MAX_LINE_CHARS:
                problems.add(CoregError("file", _("line {line} has {n} characters", line=num(n), n=num(len(line))),
                                        _("at most {n} characters a line", n=num(MAX_LINE_CHARS))))
    at = 0
    while m := _LONG_DOTTED.search(blank, at):
        at = _DOTTED.match(blank, m.end()).end()
        problems.add(CoregError("file", _("line {line}: a dotted key of {n} parts", line=num(_line(blank, m.start())),
                                          n=num(blank.count('.', m.start(), at) + 1)),
                                _("at most {n} names joined by dots, e.g. compare.caregiver.policy",
                                  n=num(MAX_KEY_PARTS))))
    numbers = [m for m in _LONG_NUMBER.finditer(blank) if len(m.group()) > MAX_NUMBER_CHARS]
    starts = [m.start() for m in numbers]
    for m in _LONG_NAME.finditer(blank):
        before = bisect.bisect_right(starts, m.start()) - 1
        if before < 0 or m.start() >= numbers[before].end():  # digits in a long number are not a key
            name = text[m.start():m.end()].strip(" \t")
            problems.add(CoregError("file", _("line {line}: a key name of {n} characters ({start}...)",
                                              line=num(_line(blank, m.start())), n=num(len(name)), start=name[:20]),
                                    _("names of at most {n} characters, e.g. reactivity", n=num(MAX_KEY_CHARS))))
    depths = list(itertools.accumulate(map(_DEPTH_CHANGE.__getitem__, _NOT_BRACKET.sub("", blank))))
    if depths and max(depths) > MAX_NESTING:
        nth = depths.index(MAX_NESTING + 1)
        where = next(itertools.islice(re.finditer(r"[\[\]{}]", blank), nth, None)).start()
        problems.add(CoregError("file", _("line {line}: lists and tables nested {n} levels deep",
                                          line=num(_line(blank, where)), n=num(max(depths))),
                                _("at most {n} levels", n=num(MAX_NESTING))))
    entries = sum(blank.count(c) for c in ENTRY_SIGNS)
    if entries > MAX_ENTRIES and not problems:  # else the problems above are what makes them many
        problems.add(CoregError("file", _("{n} settings, list items, tables and dotted names "
                                          "(counted as {signs} outside quotes)", n=num(entries),
                                          signs=" ".join(ENTRY_SIGNS)),
                                _("at most {n} in one scenario", n=num(MAX_ENTRIES))))
    problems.raise_any()
    return numbers


def _mark_long_numbers(text: str, blank: str, numbers: list[re.Match]) -> tuple[str, dict[str, list[LongNumber]]]:
    """``text`` with each long whole number written as a float (``e0`` added), so that the reader
    hands every long number to :func:`_float_reader` instead of converting it; the numbers by how
    the reader will see them written, each with its line, in file order."""
    pieces, at = [], 0
    found: dict[str, list[LongNumber]] = {}
    for m in numbers:
        literal = m.group() if any(c in m.group() for c in ".eE") else m.group() + "e0"
        pieces += [text[at:m.start()], literal]
        at = m.end()
        found.setdefault(literal, []).append(LongNumber(_line(blank, m.start()), _digits(m.group())))
    pieces.append(text[at:])
    return "".join(pieces), found


def _float_reader(numbers: dict[str, list[LongNumber]]) -> Any:
    """The reader's ``parse_float``: a float, or for a number written too long its :class:`LongNumber`."""

    def parse_float(literal: str) -> Any:
        if len(literal) > MAX_NUMBER_CHARS:
            same = numbers.get(literal)
            return same.pop(0) if same else LongNumber(None, _digits(literal))
        return float(literal)

    return parse_float


def _hint(blank: str) -> str:
    """For a syntax error: the first character outside strings and comments that TOML cannot read
    there (a line break U+2028 from a word processor, a byte order mark), if there is one."""
    m = _TOML_OUTSIDE.search(blank)
    if m is None:
        return ""
    column = m.start() - blank.rfind("\n", 0, m.start())
    values = {"line": current().number(_line(blank, m.start())), "column": current().number(column),
              "character": describe_char(m.group())}
    if m.group() in LINE_BREAKS:
        return _("; line {line}, column {column} holds {character}, which TOML reads only inside quotes "
                 "(save the file with ordinary line breaks)", **values)
    return _("; line {line}, column {column} holds {character}, which TOML reads only inside quotes", **values)


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _digits(literal: str) -> int:
    return sum(c.isdigit() for c in literal)
