"""User text made safe to show (sim.printable): a terminal shows what a file holds, never obeys it."""

from __future__ import annotations

import pytest

from sim.printable import LINE_BREAKS, describe_char, first_unprintable, one_line, shown

#: What a hostile file may hide in a text: every line break, the start of a terminal escape
#: sequence, other controls, and invisible format characters (zero width, right-to-left override, BOM).
HIDDEN = sorted(LINE_BREAKS) + ["\x00", "\x1b", "\x7f", "\x9b", "\u200b", "\u202e", "\ufeff", "\U000e0001"]


@pytest.mark.parametrize("ch", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_one_line_writes_every_hidden_character_as_its_escape(ch):
    """Each character a terminal would obey or hide comes out as its escape, on one line, with the
    text around it kept."""
    text = one_line(f"A{ch}[31mB")
    assert text == f"A{ascii(ch)[1:-1]}[31mB"
    assert text.isprintable() and len(text.splitlines()) == 1


def test_ordinary_text_of_any_language_and_every_kind_of_space_stays_as_it_is():
    """Letters of any script, emoji, and spaces of every kind (a French no-break space, an ideographic
    space) are shown as themselves."""
    text = "Caf\u00e9\u00a0: \u5b9d\u5b9d\u3000\u0645\u0631\u062d\u0628\u0627 \U0001f476 \u2014 ok"
    assert one_line(text) == text and shown(text) == text and first_unprintable(text) is None


def test_shown_keeps_the_lines_and_tabs_of_a_longer_text_and_escapes_the_rest():
    """Notes and questions keep their line breaks (\\n) and tabs; every other hidden character,
    other line breaks included, is escaped."""
    text = "First\tline\nsecond\u2028still second\x1b[2J\r\nthird"
    assert shown(text) == "First\tline\nsecond\\u2028still second\\x1b[2J\\r\nthird"
    assert len(shown(text).split("\n")) == 3 and len(shown(text).splitlines()) == 3


def test_the_first_hidden_character_is_found_and_described():
    """first_unprintable finds the first hidden character; describe_char says what it is and its code point."""
    assert first_unprintable("ab\u2028c\x1b") == 2
    assert describe_char("\u2028") == "a line break (U+2028 LINE SEPARATOR)"
    assert describe_char("\x1b") == "a control character (U+001B)"
    assert describe_char("\t") == "a tab (U+0009)"
    assert describe_char("\u202e") == "an invisible format character (U+202E RIGHT-TO-LEFT OVERRIDE)"
