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

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sim.errors import CoregError, Problems
from sim.i18n import DEFAULT, SHIPPED, current, use
import sim.scenario.library as library
from sim.scenario.translations import (  # noqa: F401 - the names catalogs and the tests use, from one place
    STAMP_KEY,
    TRANSLATED_CODES,
    TRANSLATION_KEYS,
    _scenario_english,
    check_translation,
    english_data,
    english_sha256,
    structure_problems,
)

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


# ---- the library's sidecars -------------------------------------------------------------------

def sidecar_path(name: str, code: str) -> Path:
    """Where the library scenario ``name``'s translation into ``code`` lives."""
    return library.library_dir() / "i18n" / code / f"{name}.toml"


def is_library_scenario(scenario: Any) -> bool:
    """Whether ``scenario`` was read from the library (by name), so its sidecars apply."""
    return scenario.source == f"scenarios/{scenario.name}.toml" and (library.library_dir() / f"{scenario.name}.toml").is_file()


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
    english_file = library.library_dir() / f"{name}.toml"
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
