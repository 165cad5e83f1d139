"""A scenario's translations checked: what a ``[translations.<code>]`` table of a scenario file (or
a library sidecar, :mod:`sim.scenario.texts`) may hold, and the English it translates.

Keys: ``title``, ``summary``, ``learning_goal``, ``notes`` (text), ``questions`` and ``expect_why``
(one item per question and per ``[[expect]]``, in order), ``lesson`` (one ``{title, text}`` per
``[[lesson]]`` step), ``labels`` (English variant label = shown label); a sidecar also holds
``english_sha256``, the hash of the English it translates (:func:`english_sha256`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sim.errors import CoregError, Problems
from sim.i18n import DEFAULT, SHIPPED, _, current
from sim.scenario.checks import check_text, key_name, kind_of
from sim.scenario.limits import TEXT_LIMITS

#: The texts a translation may hold (and a sidecar's stamp).
TEXT_KEYS = ("title", "summary", "learning_goal", "notes")
LIST_KEYS = ("questions", "expect_why", "lesson")
TRANSLATION_KEYS = TEXT_KEYS + LIST_KEYS + ("labels",)
STAMP_KEY = "english_sha256"
#: The languages a translation may be written for (English is the file itself).
TRANSLATED_CODES = tuple(code for code in SHIPPED if code != DEFAULT)
_LIMITS = {"title": TEXT_LIMITS["title"], "summary": TEXT_LIMITS["summary"],
           "learning_goal": TEXT_LIMITS["learning_goal"], "notes": TEXT_LIMITS["notes"]}
_ONE_LINE = ("title", "summary")


# ---- the English side -------------------------------------------------------------------------

def english_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The English texts of a scenario file's data, shaped as a translation is (the shape the
    translators' skeleton writes, and what ``english_sha256`` hashes)."""
    def listed(key: str) -> list[Any]:
        value = data.get(key)
        return value if isinstance(value, list) else []

    out: dict[str, Any] = {k: data[k] for k in TEXT_KEYS if k in data}
    if listed("questions"):
        out["questions"] = list(listed("questions"))
    labels = [data.get("label")] + [c.get("label") for c in listed("compare") if isinstance(c, dict)]
    labels = [label for label in labels if label and isinstance(label, str)]
    if labels:
        out["labels"] = {label: label for label in dict.fromkeys(labels)}
    if listed("expect"):
        out["expect_why"] = [e.get("why", "") for e in listed("expect") if isinstance(e, dict)]
    if listed("lesson"):
        out["lesson"] = [{"title": s.get("title", ""), "text": s.get("text", "")}
                         for s in listed("lesson") if isinstance(s, dict)]
    return out


def english_sha256(data: Mapping[str, Any]) -> str:
    """The hash of a scenario file's English texts (a sidecar's ``english_sha256``)."""
    text = json.dumps(english_data(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _scenario_english(scenario: Any) -> dict[str, Any]:
    """:func:`english_data` of a Scenario object."""
    data: dict[str, Any] = {k: getattr(scenario, k) for k in TEXT_KEYS if getattr(scenario, k)}
    data["questions"] = list(scenario.questions)
    data["label"] = scenario.label
    data["compare"] = [{"label": v.label} for v in scenario.variants]
    data["expect"] = [{"why": e.why} for e in scenario.expects]
    data["lesson"] = [{"title": s.title, "text": s.text} for s in scenario.lessons]
    return english_data(data)


# ---- checking a translation -------------------------------------------------------------------

def structure_problems(translation: Mapping[str, Any], english: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """How ``translation``'s shape differs from ``english``'s (as :func:`english_data` gives it):
    ``(key, problem, allowed)`` triples, in the language in force; none when they match."""
    found: list[tuple[str, str, str]] = []
    for key in translation:
        if key not in TRANSLATION_KEYS and key != STAMP_KEY:
            found.append((key_name(key), _("unknown key"), ", ".join(TRANSLATION_KEYS)))
    for key in LIST_KEYS:
        if key not in translation:
            continue
        value, want = translation[key], len(english.get(key, []))
        if not isinstance(value, list):
            found.append((key, _("expected a list, got {value}", value=kind_of(value)),
                          _("a list of {n} items, one for each in English", n=current().number(want))))
        elif len(value) != want:
            found.append((key, _("{n} items, but the English has {want}", n=current().number(len(value)),
                                 want=current().number(want)),
                          _("a list of {n} items, one for each in English", n=current().number(want))))
    labels = translation.get("labels")
    if labels is not None:
        known = tuple(english.get("labels", {}))
        if not isinstance(labels, dict):
            found.append(("labels", _("expected a table, got {value}", value=kind_of(labels)),
                          _("a table: English label = shown label")))
        else:
            for label in labels:
                if label not in known:
                    found.append((f"labels.{key_name(label)}", _("no variant labelled {label}", label=repr(label)),
                                  " | ".join(known)))
    return found


def check_translation(translation: Any, english: Mapping[str, Any], prefix: str, problems: Problems) -> dict[str, Any]:
    """Record every problem of one language's translation (its keys, its lists' lengths, its labels,
    each text's type and length); the translation, or ``{}`` if it is not a table."""
    if not isinstance(translation, dict):
        problems.add(CoregError(prefix, _("expected a table, got {value}", value=kind_of(translation)),
                                _("a table of translated texts: {keys}", keys=", ".join(TRANSLATION_KEYS))))
        return {}
    for key, problem, allowed in structure_problems(translation, english):
        problems.add(CoregError(f"{prefix}.{key}", problem, allowed))
    for key in TEXT_KEYS:
        if key in translation:
            problems.attempt(check_text, translation[key], f"{prefix}.{key}", _LIMITS[key], False, key in _ONE_LINE)
    for key in ("questions", "expect_why"):
        if isinstance(translation.get(key), list):
            limit = TEXT_LIMITS["questions"] if key == "questions" else TEXT_LIMITS["expect.why"]
            for i, text in enumerate(translation[key], 1):
                problems.attempt(check_text, text, f"{prefix}.{key}.{i}", limit, False, key == "expect_why")
    if isinstance(translation.get("lesson"), list):
        for i, step in enumerate(translation["lesson"], 1):
            where = f"{prefix}.lesson.{i}"
            if not isinstance(step, dict):
                problems.add(CoregError(where, _("expected a table, got {value}", value=kind_of(step)),
                                        _("a table with title and text")))
                continue
            for k in step:
                if k not in ("title", "text"):
                    problems.add(CoregError(f"{where}.{key_name(k)}", _("unknown key"), ", ".join(("title", "text"))))
            if "title" in step:
                problems.attempt(check_text, step["title"], f"{where}.title", TEXT_LIMITS["lesson.title"], False, True)
            if "text" in step:
                problems.attempt(check_text, step["text"], f"{where}.text", TEXT_LIMITS["lesson.text"])
    if isinstance(translation.get("labels"), dict):
        for label, shown in translation["labels"].items():
            problems.attempt(check_text, shown, f"{prefix}.labels.{key_name(label)}", TEXT_LIMITS["label"], False, True)
    if STAMP_KEY in translation and not isinstance(translation[STAMP_KEY], str):
        problems.add(CoregError(f"{prefix}.{STAMP_KEY}", _("expected a string, got {value}",
                                                           value=kind_of(translation[STAMP_KEY])),
                                _("the hash `python -m sim.i18n.catalogs stamp` writes")))
    return translation


def check_translations(value: Any, english: Mapping[str, Any], problems: Problems) -> dict[str, dict[str, Any]]:
    """A scenario file's ``[translations]`` table: one table per language code, each checked."""
    if not isinstance(value, dict):
        problems.add(CoregError("translations", _("expected a table, got {value}", value=kind_of(value)),
                                _("[translations.CODE] tables, CODE one of {codes}", codes=", ".join(TRANSLATED_CODES))))
        return {}
    out = {}
    for code, table in value.items():
        if code not in TRANSLATED_CODES:
            problems.add(CoregError(f"translations.{key_name(code)}", _("unknown language code"),
                                    ", ".join(TRANSLATED_CODES)))
            continue
        out[code] = check_translation(table, english, f"translations.{code}", problems)
    return out
