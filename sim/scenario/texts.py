"""A scenario's texts in the reader's language: the library's sidecars and a file's own translations.

The English texts are the scenario's (its file). A translation of them lives

* for the library, beside it: ``scenarios/i18n/<code>/<name>.toml`` (a *sidecar*), stamped with
  ``english_sha256``, the hash of the English texts it translates (``python -m sim.i18n.catalogs
  stamp``). A sidecar whose hash no longer matches its English file (the English changed since)
  is ignored, so the English is shown, and ``catalogs check`` reports it; a sidecar that is not
  stamped yet is used;
* in any scenario file, under ``[translations.<code>]`` (checked when the file is read, like every
  other key).

Both hold the same keys: ``title``, ``summary``, ``learning_goal``, ``notes`` (text), ``questions``
and ``expect_why`` (lists, one item per question and per ``[[expect]]``, in order), ``lesson`` (a
list of ``{title, text}``, one per ``[[lesson]]`` step) and ``labels`` (English variant label =
shown label). Whatever is missing is shown in English, field by field. A translation is matched
to the English it translates (not only to its position), so a scenario changed by ``--set`` (an
expectation dropped) still shows the rest translated.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim.errors import CoregError, Problems
from sim.i18n import DEFAULT, SHIPPED, _, current, use
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


@dataclass(frozen=True)
class ScenarioTexts:
    """What a reader sees of a scenario, in one language (English where no translation is)."""

    code: str
    title: str
    summary: str
    learning_goal: str
    notes: str
    questions: tuple[str, ...]
    expect_why: tuple[str, ...]
    lesson: tuple[Any, ...]  # LessonStep, as Scenario.lesson_steps()
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)

    def label(self, english_label: str) -> str:
        """A variant's shown label (its English label is its key everywhere else)."""
        return self.labels.get(english_label) or english_label


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


# ---- the library's sidecars -------------------------------------------------------------------

def sidecar_path(name: str, code: str) -> Path:
    """Where the library scenario ``name``'s translation into ``code`` lives."""
    from sim.scenario.library import library_dir

    return library_dir() / "i18n" / code / f"{name}.toml"


def is_library_scenario(scenario: Any) -> bool:
    """Whether ``scenario`` was read from the library (by name), so its sidecars apply."""
    from sim.scenario.library import library_dir

    return scenario.source == f"scenarios/{scenario.name}.toml" and (library_dir() / f"{scenario.name}.toml").is_file()


@dataclass(frozen=True)
class Sidecar:
    """One sidecar as found: its data (``{}`` if missing or unreadable), and what is wrong with it."""

    path: Path
    data: Mapping[str, Any]
    english: Mapping[str, Any]
    exists: bool
    problems: tuple[str, ...]
    stamped: bool
    current: bool

    @property
    def usable(self) -> bool:
        """Shown to readers: exists, reads, matches the English's shape, and is not stale."""
        return self.exists and not self.problems and (self.current or not self.stamped)


def read_sidecar(name: str, code: str) -> Sidecar:
    """The sidecar of library scenario ``name`` in ``code``, checked against its English file."""
    from sim.scenario.library import library_dir

    english_file = library_dir() / f"{name}.toml"
    path = sidecar_path(name, code)
    try:
        stamp = (english_file.stat().st_mtime_ns, path.stat().st_mtime_ns if path.exists() else None)
    except OSError:
        stamp = (None, None)
    return _read_sidecar(str(english_file), str(path), stamp)


@lru_cache(maxsize=256)
def _read_sidecar(english_file: str, path: str, _stamp: tuple) -> Sidecar:
    english_raw = tomllib.loads(Path(english_file).read_text(encoding="utf-8"))
    english = english_data(english_raw)
    sidecar = Path(path)
    if not sidecar.is_file():
        return Sidecar(sidecar, {}, english, False, (), False, False)
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return Sidecar(sidecar, {}, english, True, (str(e),), False, False)
    problems = Problems()
    try:
        with use(DEFAULT):  # what a maintainer reads (catalogs check): English
            check_translation(data, english, "", problems)
    except CoregError:
        pass
    lines = tuple(p.lines()[0].lstrip(".") for p in problems.found)
    stamped = STAMP_KEY in data
    return Sidecar(sidecar, data, english, True, lines, stamped,
                   stamped and data.get(STAMP_KEY) == english_sha256(english_raw))


# ---- the texts a reader sees ------------------------------------------------------------------

def _pairs(english: Sequence[Any], translated: Any) -> dict[Any, Any]:
    """English item -> its translation, position by position (lists of the same length only)."""
    if not isinstance(translated, list) or len(translated) != len(english):
        return {}
    return {e: t for e, t in zip(english, translated) if t}


def scenario_texts(scenario: Any, code: str | None = None) -> ScenarioTexts:
    """``scenario``'s texts in ``code`` (``None``: the language in force); whatever has no
    translation (or only a stale one) in English, field by field."""
    code = code or current().code
    if code not in SHIPPED:
        raise ValueError(f"not a shipped language code: {code!r}")
    translations: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []  # (translation, the English it translates)
    if code != DEFAULT:
        own = getattr(scenario, "translations", {}).get(code)
        if own:
            translations.append((own, _scenario_english(scenario)))
        if is_library_scenario(scenario):
            sidecar = read_sidecar(scenario.name, code)
            if sidecar.usable:
                translations.append((sidecar.data, sidecar.english))

    def text(key: str) -> str:
        english = getattr(scenario, key)
        for tr, eng in translations:
            if tr.get(key) and eng.get(key) == english:
                return tr[key]
        return english

    def items(key: str, english: Sequence[str]) -> tuple[str, ...]:
        maps = [_pairs(eng.get(key, []), tr.get(key)) for tr, eng in translations]
        return tuple(next((m[e] for m in maps if e in m), e) for e in english)

    labels: dict[str, str] = {}
    for tr, _eng in reversed(translations):  # the file's own translation wins
        if isinstance(tr.get("labels"), dict):
            labels.update({k: v for k, v in tr["labels"].items() if isinstance(v, str) and v})
    with use(code):
        title, summary = text("title"), text("summary")
        goal, notes = text("learning_goal"), text("notes")
        questions = items("questions", scenario.questions)
        why = items("expect_why", [e.why for e in scenario.expects])
        if scenario.lessons:
            from sim.scenario.objects import LessonStep

            maps = [_pairs([(s["title"], s["text"]) for s in eng.get("lesson", [])],
                           [(s.get("title", ""), s.get("text", "")) if isinstance(s, dict) else None
                            for s in tr.get("lesson", [])] if isinstance(tr.get("lesson"), list) else None)
                    for tr, eng in translations]
            steps = []
            for step in scenario.lessons:
                found = next((m[(step.title, step.text)] for m in maps if (step.title, step.text) in m), None)
                steps.append(step if found is None else
                             LessonStep(title=found[0] or step.title, text=found[1] or step.text, variant=step.variant))
            lesson = tuple(steps)
        else:
            from sim.scenario.objects import default_lesson_steps

            lesson = default_lesson_steps(goal, notes, questions)
    return ScenarioTexts(code=code, title=title, summary=summary, learning_goal=goal, notes=notes,
                         questions=questions, expect_why=why, lesson=lesson, labels=labels)
