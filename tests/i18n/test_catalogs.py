"""The message catalogs are complete and current: every message the code marks is in the shipped
template and in each language's catalog, translated (not fuzzy), with the same placeholders and
every plural form, and each compiled catalog is its .po compiled (checked with Babel's own API).

These fail until the translators have filled the .po files; nothing here is expected to fail."""

from __future__ import annotations

import pytest

from sim.i18n import SHIPPED, lang, placeholders
from sim.i18n import catalogs

FOLDERS = list(catalogs.TRANSLATED)


def shown(keys) -> list[str]:
    return sorted(str(mid) for _ctx, mid in keys)[:15]


def test_the_shipped_template_is_what_the_code_marks_today():
    """Extracting from the source gives exactly the template's messages (run `catalogs extract`)."""
    code, shipped = catalogs.ids(catalogs.extracted()), catalogs.ids(catalogs.read(catalogs.TEMPLATE))
    assert not code - shipped, f"not in messages.pot (run extract): {shown(code - shipped)}"
    assert not shipped - code, f"in messages.pot, no longer in the code (run extract): {shown(shipped - code)}"


def test_the_template_is_sorted_without_locations_or_wrapping():
    """Two people's extractions merge cleanly: the template is written sorted, without source
    locations, without wrapped msgids -- exactly as the tool writes it."""
    text = catalogs.TEMPLATE.read_bytes()
    assert b"\n#: " not in text
    assert catalogs._without_dates(text) == catalogs._without_dates(catalogs.po_bytes(catalogs.extracted()))
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.read(catalogs.TEMPLATE) if m.id]
    assert len(ids) > 300  # every user-visible string under sim/ (and the app's, once marked)


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_catalog_holds_exactly_the_templates_messages(folder):
    template = catalogs.ids(catalogs.read(catalogs.TEMPLATE))
    have = catalogs.ids(catalogs.read(catalogs.po_path(folder), locale=folder))
    assert not template - have, f"{folder}: missing (run update): {shown(template - have)}"
    assert not have - template, f"{folder}: stale (run update): {shown(have - template)}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_message_is_translated_and_not_fuzzy(folder):
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    bad = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            bad.append(m.id if isinstance(m.id, str) else m.id[0])
    assert not bad, f"{folder}: {len(bad)} untranslated or fuzzy, e.g. {bad[:10]}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_translation_keeps_the_placeholders_of_its_message(folder):
    """{named} fields (and argparse's %-fields) are the same in msgid and msgstr; a plural's
    forms may leave out {n} (a language with one form for 'one' writes the word)."""
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    bad = [f"{m.id!r}: {problem}" for m in cat if m.id
           for problem in catalogs.message_problems(m, cat.num_plurals)
           if "placeholders" in problem]
    assert not bad, bad[:10]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_plural_message_has_every_form_of_the_language(folder):
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    plurals = [m for m in cat if m.id and isinstance(m.id, tuple)]
    assert plurals, "the code has plural messages (n_)"
    bad = [m.id[0] for m in plurals if not isinstance(m.string, tuple) or len(m.string) != cat.num_plurals
           or not all(m.string)]
    assert not bad, f"{folder} has {cat.num_plurals} plural form(s); incomplete: {bad[:10]}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_compiled_catalog_is_its_po_compiled(folder):
    """A git clone's mtimes mean nothing: the .mo must equal the .po compiled now (run `catalogs compile`)."""
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    assert catalogs.mo_path(folder).read_bytes() == catalogs.mo_bytes(cat), f"{folder}: messages.mo is stale"


@pytest.mark.parametrize("code", [c for c in SHIPPED if c != "en"])
def test_the_compiled_catalog_is_the_one_the_language_reads(code):
    """lang(code) reads its folder's .mo: a message translated there is what _() gives."""
    folder = SHIPPED[code].folder
    cat = catalogs.read(catalogs.po_path(folder), locale=folder)
    translated = [m for m in cat if m.id and isinstance(m.id, str) and m.string and not m.fuzzy and not m.context]
    assert translated, f"{folder}: nothing translated yet"
    for m in translated[:50]:
        assert lang(code).translations.gettext(m.id) == m.string


def test_the_placeholder_check_catches_a_changed_field():
    """The check above can fail: a translation that renames or drops a field is reported."""
    from babel.messages.catalog import Message

    assert catalogs.message_problems(Message("{n} nights", "{m} Nächte"), 2)
    assert catalogs.message_problems(Message("at most {n}", "höchstens"), 2)
    assert not catalogs.message_problems(Message("at most {n}", "höchstens {n}"), 2)
    assert catalogs.message_problems(Message(("{n} night", "{n} nights"), ("{n} Nacht",)), 2)
    percent = Message("unrecognized arguments: %s", "unbekannte Argumente", flags=["python-format"])
    assert catalogs.message_problems(percent, 2)
    assert placeholders("line {line}: {n} parts") == {"line", "n"}
