"""Numbers written in each language's way read back to the same number (Babel both ways)."""

from __future__ import annotations

import pytest

from sim.i18n import SHIPPED, CODES, Lang

VALUES = [0.0, 1.0, -1.0, 0.5, -0.25, 3.14159, 12.5, 999.999, 1000.0, 1234.5, -1234.5, 12345.678, -98765.4321,
          1_000_000.0, 4_294_967_295.0, 0.001, -0.049]


class _NumbersOnly(Lang):
    """A language's number formats without its catalog (these tests hold before translation)."""

    def __init__(self, code: str):
        from babel import Locale

        self.code = code
        self.locale = Locale.parse(SHIPPED[code].babel_id)


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("digits", [0, 1, 2, 3])
def test_a_number_reads_back_rounded_to_its_digits(code, digits):
    t = _NumbersOnly(code)
    for x in VALUES:
        text = t.number(x, digits)
        assert t.parse_number(text) == pytest.approx(round(x, digits), abs=10 ** -(digits + 6)), (code, x, text)


@pytest.mark.parametrize("code", CODES)
def test_thousands_and_decimals_use_the_languages_separators(code):
    t = _NumbersOnly(code)
    text = t.number(-12345.5, 1)
    assert text.replace("\u2212", "-").startswith("-")
    expected = {"en": "-12,345.5", "zh": "-12,345.5", "de": "-12.345,5", "es": "-12.345,5"}[code]
    assert text.replace("\u2212", "-") == expected


@pytest.mark.parametrize("code", CODES)
def test_decimal_keeps_what_a_bound_needs_and_reads_back(code):
    t = _NumbersOnly(code)
    for x in (0.3, 3.0, 1440.0, 0.1, 1e-6, 2.5, -7.25, 4_294_967_295.0):
        assert t.parse_number(t.decimal(x)) == pytest.approx(x), (code, x, t.decimal(x))
    assert t.decimal(1e300)  # huge numbers are written short, not with 300 digits
    assert len(t.decimal(1e300)) < 12


@pytest.mark.parametrize("code", CODES)
def test_percent_reads_as_the_language_writes_it(code):
    t = _NumbersOnly(code)
    assert "12" in t.percent(0.12) and "%" in t.percent(0.12)
