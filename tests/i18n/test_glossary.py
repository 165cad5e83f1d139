"""One word for each term of the model, everywhere: every translated message whose English uses
a glossary term (sim/i18n/glossary/<code>.toml, written by the translators: ``[terms.X] en, use,
forms``) uses one of that term's forms."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from sim.i18n import SHIPPED
from sim.i18n import catalogs

GLOSSARY = Path(catalogs.__file__).resolve().parent / "glossary"
CODES = [c for c in SHIPPED if c != "en"]
#: What in a message is not prose: code spans, {placeholders}, setting keys and snake_case names,
#: [[tables]], %-fields -- a term inside them is a name, not a word to translate.
NOT_PROSE = re.compile(r"`[^`]*`|\{[^{}]*\}|\[\[?[^\]]*\]\]?|%\(\w+\)\w|\b\w+(?:[._]\w+)+\b|--[\w-]+")


def glossary(code: str) -> dict:
    path = GLOSSARY / f"{code}.toml"
    assert path.is_file(), f"{path} is missing (the translators write it)"
    return tomllib.loads(path.read_text(encoding="utf-8"))["terms"]


def phrases(term_en: str) -> list[str]:
    """The English a term stands for: ``held / in arms`` is either, ``night(s)`` is ``night`` (and so
    ``nights``); any other parenthesis is part of the term (``protest (crying)``, a regime's label)."""
    return [alt.replace("(s)", "").strip() for alt in term_en.split(" / ") if alt.strip()]


def uses(term_en: str, english: str) -> bool:
    """Whether ``english`` (its prose) holds the term, case-insensitively, from a word's start."""
    prose = NOT_PROSE.sub(" ", english)
    return any(re.search(rf"(?<![\w-]){re.escape(p)}", prose, re.I) for p in phrases(term_en))


@pytest.mark.parametrize("code", CODES)
def test_the_glossary_names_each_term_with_its_forms(code):
    terms = glossary(code)
    assert len(terms) >= 20
    for key, term in terms.items():
        assert term.get("en") and term.get("use"), key
        assert all(isinstance(f, str) and f == f.lower() for f in term.get("forms", [])), key


@pytest.mark.parametrize("code", CODES)
def test_every_message_that_uses_a_term_uses_its_translation(code):
    terms = glossary(code)
    folder = SHIPPED[code].folder
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    bad = []
    for m in cat:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = [s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s]
        for key, term in terms.items():
            if not any(uses(term["en"], e) for e in english):
                continue
            forms = [f.lower() for f in [term["use"], *term.get("forms", [])]]
            for s in strings:
                if not any(f in s.lower() for f in forms):
                    bad.append(f"{english[0][:70]!r}: {term['en']!r} should read one of {forms}")
    assert not bad, f"{len(bad)} messages: " + "\n".join(bad[:15])


def test_the_term_finder_sees_words_not_names():
    """'caregiver' in prose counts; in a setting key or a code span it does not."""
    assert uses("caregiver", "The caregiver's own arousal")
    assert not uses("caregiver", "a key like caregiver.policy or `caregiver`")
    assert uses("night(s)", "nights {first}-{last} overlap")
    assert not uses("night(s)", "{night} but run.nights")
    assert uses("held / in arms / picked up", "crying in arms")
    assert not uses("settled (regime)", "settled")  # an annotated term is checked where it is written whole
    assert uses("protest (crying)", "protest (crying)")
