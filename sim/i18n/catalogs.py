"""The maintainers' tool for the message catalogs and the scenario sidecars (Babel's Python API,
no ``pybabel`` needed): ``python -m sim.i18n.catalogs COMMAND``.

* ``extract`` -- the template ``sim/i18n/locale/messages.pot`` from the code (``babel.cfg``:
  ``sim/**.py`` and ``dashboards/**.py``; keywords ``_``, ``N_``, ``n_:1,2``, ``p_:1c,2``), sorted,
  without locations and without wrapping, so that two people's extractions merge cleanly;
  the file is left alone when its messages have not changed;
* ``update`` -- each language's ``.po`` updated from the template (created when missing);
* ``compile`` -- each ``.po`` compiled to its ``.mo`` (fuzzy entries left out);
* ``check`` -- what is missing, untranslated, fuzzy or stale, placeholders that differ, a ``.mo``
  that is not its ``.po`` compiled, and the scenario sidecars (missing, unreadable, of another
  shape than their English, not stamped or stale); exit status 1 if anything is found;
* ``stamp`` -- write ``english_sha256`` into each sidecar whose shape matches its English file.

Adding a language: see the README, "Languages".
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from sim.i18n import DEFAULT, DOMAIN, LOCALE_DIR, SHIPPED, placeholders

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
#: Babel's default keywords (gettext, ngettext, pgettext, ...) and the project's own.
KEYWORDS_OWN = {"_": None, "N_": None, "n_": (1, 2), "p_": ((1, "c"), 2)}
#: The folder and Babel locale of each translated language.
TRANSLATED = {s.folder: s for s in SHIPPED.values() if s.code != DEFAULT}
PROJECT = "coregulation-lab"
#: The %-fields argparse's messages use (``%s``, ``%r``, ``%(prog)s``): stricter than Babel's guess,
#: which also takes "43% less" for a field (``% le``) and flags such a message python-format.
_PERCENT = re.compile(r"%(?:\((\w+)\))?([sdr%])")


def keywords() -> dict:
    from babel.messages.extract import DEFAULT_KEYWORDS

    return {**DEFAULT_KEYWORDS, **KEYWORDS_OWN}


def method_map(root: Path = ROOT) -> list[tuple[str, str]]:
    """The file patterns to extract from (``babel.cfg``; the default when it is missing, as in a wheel)."""
    cfg = root / "babel.cfg"
    if cfg.is_file():
        from babel.messages.frontend import parse_mapping_cfg

        with cfg.open(encoding="utf-8") as fh:
            return list(parse_mapping_cfg(fh)[0])
    return [("sim/**.py", "python"), ("dashboards/**.py", "python")]


def po_path(folder: str) -> Path:
    return LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(folder: str) -> Path:
    return LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.mo"


# ---- reading and writing ----------------------------------------------------------------------

def extracted(root: Path = ROOT):
    """A template catalog of every message the code marks, extracted now."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project=PROJECT, copyright_holder="Co-Regulation Lab", msgid_bugs_address="",
                      charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), method_map=method_map(root), keywords=keywords(), comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for m in catalog:
        _fix_format_flag(m)
    return catalog


def _fix_format_flag(message) -> None:
    """Only a message with real %-fields (argparse's) is python-format: "94% said" is prose, and a
    translation of it must not be held to Babel's guess of a field there."""
    ids_ = message.id if isinstance(message.id, tuple) else (message.id,)
    if "python-format" in message.flags and not any(percent_fields(i) for i in ids_ if i):
        message.flags.discard("python-format")


def read(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def po_bytes(catalog) -> bytes:
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True,
             include_previous=False)
    return buf.getvalue()


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def key_of(message) -> tuple:
    return (message.context, message.id)


def ids(catalog) -> set[tuple]:
    return {key_of(m) for m in catalog if m.id}


def _write_if_changed(path: Path, data: bytes, same=None) -> bool:
    """Write ``data`` to ``path`` unless it holds the same (``same(old, new)`` decides; default: bytes)."""
    if path.exists():
        old = path.read_bytes()
        if (same(old, data) if same else old == data):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _without_dates(data: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", data)


# ---- the commands -----------------------------------------------------------------------------

def extract(root: Path = ROOT) -> int:
    catalog = extracted(root)
    changed = _write_if_changed(TEMPLATE, po_bytes(catalog), lambda a, b: _without_dates(a) == _without_dates(b))
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(ids(catalog))} messages" + ("" if changed else " (unchanged)"))
    return 0


def update() -> int:
    from babel.messages.catalog import Catalog

    template = read(TEMPLATE)
    for folder, shipped in TRANSLATED.items():
        path = po_path(folder)
        if path.exists():
            catalog = read(path, locale=folder)
            catalog.update(template, update_creation_date=False)
            for m in catalog:
                _fix_format_flag(m)
            what = "updated"
        else:
            catalog = Catalog(locale=folder, domain=DOMAIN, project=PROJECT, copyright_holder="Co-Regulation Lab",
                              msgid_bugs_address="", charset="utf-8", fuzzy=False,
                              language_team=f"{shipped.name} <>", last_translator="")
            for m in template:
                if m.id:
                    catalog.add(m.id, None, auto_comments=m.auto_comments, flags=m.flags, context=m.context)
            what = "created"
        changed = _write_if_changed(path, po_bytes(catalog), lambda a, b: _without_dates(a) == _without_dates(b))
        print(f"{path.relative_to(ROOT)}: {what}" + ("" if changed else " (unchanged)"))
    return 0


def compile_all() -> int:
    for folder in TRANSLATED:
        catalog = read(po_path(folder), locale=folder)
        changed = _write_if_changed(mo_path(folder), mo_bytes(catalog))
        done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy and
                   (all(m.string) if isinstance(m.string, tuple) else True))
        print(f"{mo_path(folder).relative_to(ROOT)}: {done} of {len(ids(catalog))} messages translated"
              + ("" if changed else " (unchanged)"))
    return 0


def percent_fields(text: str) -> list[str]:
    """The %-style fields of ``text`` (argparse's messages), ``%%`` left out."""
    return sorted(f"{name or ''}:{conv}" for name, conv in _PERCENT.findall(text) if conv != "%")


def message_problems(message, num_plurals: int) -> list[str]:
    """What is wrong with one entry of a language's catalog (empty: nothing)."""
    out = []
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    ids_ = message.id if isinstance(message.id, tuple) else (message.id,)
    if message.fuzzy:
        out.append("fuzzy")
    if not all(strings):
        out.append("untranslated")
    if isinstance(message.id, tuple) and len(strings) != num_plurals:
        out.append(f"{len(strings)} plural forms, the language has {num_plurals}")
    for s in strings:
        if not s:
            continue
        want = placeholders(ids_[-1])
        # a plural form may write its number as a word ("eine Nacht"): only {n} may be left out there
        if (placeholders(s) != want) if not isinstance(message.id, tuple) else (
                placeholders(s) - want or want - {"n"} - placeholders(s)):
            out.append(f"placeholders differ: {sorted(placeholders(ids_[-1]))} vs {sorted(placeholders(s))}")
            break
        if "python-format" in message.flags and percent_fields(s) != percent_fields(ids_[-1]):
            out.append(f"%-placeholders differ: {percent_fields(ids_[-1])} vs {percent_fields(s)}")
            break
    return out


def catalog_report() -> list[str]:
    """Every problem of the catalogs, one line each."""
    lines = []
    template = read(TEMPLATE) if TEMPLATE.exists() else None
    if template is None:
        return [f"{TEMPLATE.relative_to(ROOT)}: missing (run extract)"]
    code_ids, shipped_ids = ids(extracted()), ids(template)
    for ctx, mid in sorted(code_ids - shipped_ids, key=str):
        lines.append(f"messages.pot: not extracted yet (run extract): {mid!r}")
    for ctx, mid in sorted(shipped_ids - code_ids, key=str):
        lines.append(f"messages.pot: stale, no longer in the code (run extract): {mid!r}")
    for folder in TRANSLATED:
        path = po_path(folder)
        where = str(path.relative_to(ROOT))
        if not path.exists():
            lines.append(f"{where}: missing (run update)")
            continue
        catalog = read(path, locale=folder)
        have = ids(catalog)
        for ctx, mid in sorted(shipped_ids - have, key=str):
            lines.append(f"{where}: missing (run update): {mid!r}")
        for ctx, mid in sorted(have - shipped_ids, key=str):
            lines.append(f"{where}: stale, not in the template (run update): {mid!r}")
        for m in catalog:
            if m.id:
                for problem in message_problems(m, catalog.num_plurals):
                    lines.append(f"{where}: {problem}: {m.id if isinstance(m.id, str) else m.id[0]!r}")
        mo = mo_path(folder)
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            lines.append(f"{mo.relative_to(ROOT)}: not the .po compiled (run compile)")
    return lines


def library_names() -> list[str]:
    from sim.scenario.library import library_names as names

    return names()


def sidecar_report() -> list[str]:
    """Every problem of the library's scenario sidecars, one line each."""
    from sim.scenario.texts import TRANSLATED_CODES, read_sidecar

    lines = []
    for name in library_names():
        for code in TRANSLATED_CODES:
            s = read_sidecar(name, code)
            where = f"scenarios/i18n/{code}/{name}.toml"
            if not s.exists:
                lines.append(f"{where}: missing")
            for problem in s.problems:
                lines.append(f"{where}: {problem}")
            if s.exists and not s.problems and not s.stamped:
                lines.append(f"{where}: not stamped (run stamp once it is translated)")
            elif s.stamped and not s.current:
                lines.append(f"{where}: stale: its English changed since it was stamped (English is shown)")
            if s.exists and not s.problems:
                lines += [f"{where}: {problem}" for problem in untranslated(s.data, s.english)]
    return lines


def untranslated(data, english) -> list[str]:
    """Texts of a sidecar still empty (a skeleton's English left in place cannot be told from a
    name that stays the same, so only empty texts count)."""
    out = []
    for key, value in english.items():
        if key not in data:
            out.append(f"{key}: missing")
        elif isinstance(value, str) and value.strip() and not str(data[key]).strip():
            out.append(f"{key}: empty")
    return out


def check() -> int:
    lines = catalog_report() + sidecar_report()
    for line in lines:
        print(line)
    print(f"{len(lines)} problem(s)" if lines else "catalogs and sidecars: complete and current")
    return 1 if lines else 0


def stamp() -> int:
    import tomllib

    from sim.scenario.library import library_dir
    from sim.scenario.texts import STAMP_KEY, TRANSLATED_CODES, english_data, english_sha256, structure_problems

    for name in library_names():
        english_raw = tomllib.loads((library_dir() / f"{name}.toml").read_text(encoding="utf-8"))
        for code in TRANSLATED_CODES:
            path = library_dir() / "i18n" / code / f"{name}.toml"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                print(f"scenarios/i18n/{code}/{name}.toml: not stamped: {e}")
                continue
            problems = structure_problems(data, english_data(english_raw))
            if problems or set(data) - {STAMP_KEY} != set(english_data(english_raw)):
                print(f"scenarios/i18n/{code}/{name}.toml: not stamped: its shape differs from the English")
                continue
            line = f'{STAMP_KEY} = "{english_sha256(english_raw)}"\n'
            pattern = re.compile(rf"^{STAMP_KEY}\s*=.*\n?", re.M)
            new = pattern.sub(line, text, count=1) if pattern.search(text) else line + text
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"scenarios/i18n/{code}/{name}.toml: stamped")
    return 0


COMMANDS = {"extract": extract, "update": update, "compile": compile_all, "check": check, "stamp": stamp}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.i18n.catalogs", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=tuple(COMMANDS))
    args = parser.parse_args(list(argv) if argv is not None else None)
    return COMMANDS[args.command]()


if __name__ == "__main__":
    sys.exit(main())
