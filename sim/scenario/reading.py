"""Reading scenario text: TOML data (:mod:`~sim.scenario.toml_text`), limits on its structure, and
building a checked Scenario.

Everything is checked once, here, when a file is read (not again when it runs). Every problem
names the file, the dotted key (``compare.2.caregiver.latency_s``, list items 1-based)
and what is allowed, and a file with several mistakes hears about each of them at once
(one :class:`~sim.errors.CoregError` holding them all). Bounds and types come from the
model's own declarations, never from a copy here. A :class:`Scenario` that exists is
one that runs.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from sim.errors import CoregError, Problems, at_most
from sim.i18n import _, current, n_
from sim.evidence import EVIDENCE, least_certain
from sim.printable import one_line
from sim.scenario.checks import join_key, key_name, kind_of, short, slug
from sim.scenario.limits import (
    DEFAULT_LABEL,
    MAX_DEPTH,
    MAX_EXPECTS,
    MAX_INT,
    MAX_LESSONS,
    MAX_LIST_ITEMS,
    MAX_NUMBER_CHARS,
    MAX_QUESTIONS,
    MAX_VARIANTS,
    TEXT_LIMITS,
    TOP_KEYS,
    TRANSLATIONS_KEY,
    UNTITLED,
    VARIANT_KEYS,
    VARIANT_SETTINGS,
)
from sim.scenario.objects import (
    Expect,
    LessonStep,
    Scenario,
    Variant,
    check_labels,
    check_meta,
    check_references,
)
from sim.scenario.setups import build_setup
from sim.scenario.tables import as_tables, check_keys, declared
from sim.scenario.toml_text import LongNumber, toml_data


def load_scenario_text(text: str, source: str = "<text>", name: str | None = None) -> Scenario:
    """Parse and check scenario TOML ``text``; every problem is in one :class:`CoregError`.

    ``name`` defaults to the stem of ``source``; a missing title defaults to ``name``
    when given, else to the stem of a ``.toml`` source, else "Untitled scenario".
    """
    default_title = one_line(name or (Path(source).stem if source.endswith(".toml") else UNTITLED))
    try:
        data = toml_data(text)
        return build_scenario(data, source, name or (slug(Path(source).stem) if source else "scenario"),
                              default_title=default_title)
    except CoregError as e:
        raise e.with_source(source) from None
    except (RecursionError, MemoryError):
        raise CoregError("file", _("too deeply nested or too large to read"),
                         _("a scenario as described in the README")).with_source(source) from None
    except Exception as e:  # a safety net: a user must see a message, never a traceback
        error = f"{type(e).__name__}: {short(str(e))}"
        raise CoregError("file", _("could not be read ({error})", error=error),
                         _("a scenario as described in the README")).with_source(source) from e


def check_structure(data: Any) -> None:
    """Refuse structures no scenario has (deep nesting, huge integers, endless lists), all at once."""
    problems = Problems()
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        node, key, depth = stack.pop()
        if depth > MAX_DEPTH:
            problems.add(CoregError(key, _("nested too deeply"), _("at most {n} levels", n=current().number(MAX_DEPTH))))
        elif isinstance(node, dict):
            stack.extend((v, join_key(key, key_name(k)), depth + 1) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            if len(node) > MAX_LIST_ITEMS:
                problems.add(CoregError(key, n_("a list of {n} item", "a list of {n} items", len(node)),
                                        at_most(MAX_LIST_ITEMS)))
            else:
                stack.extend((v, join_key(key, str(i)), depth + 1) for i, v in reversed(list(enumerate(node, 1))))
        elif isinstance(node, LongNumber):
            problems.add(CoregError(key, node.problem(),
                                    _("numbers of at most {chars} characters; whole numbers within +-{limit}",
                                      chars=current().number(MAX_NUMBER_CHARS), limit=MAX_INT)))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INT:
            problems.add(CoregError(key, _("the number is too large"),
                                    _("whole numbers within +-{limit}", limit=MAX_INT)))
        elif isinstance(node, str) and len(node) > TEXT_LIMITS["notes"]:
            problems.add(CoregError(key, _("a text of {n} characters", n=current().number(len(node))),
                                    at_most(TEXT_LIMITS["notes"])))
    problems.raise_any()


def build_scenario(data: dict[str, Any], source: str, name: str, *, default_title: str = UNTITLED,
                   drop_unfit_expects: bool = False) -> Scenario:
    """A checked Scenario from parsed TOML ``data``; every problem found is raised together.

    ``drop_unfit_expects``: leave out expectations about nights that no longer exist
    (after ``--set run.nights=...``) instead of refusing them.
    """
    check_structure(data)
    problems = Problems()
    check_keys(data, TOP_KEYS, "", problems)
    meta = _meta(data, default_title, problems)
    base = build_setup(data, "", None, problems)
    variants = []
    label_keys = []
    for i, table in enumerate(problems.attempt(as_tables, data.get("compare", []), "compare", MAX_VARIANTS) or [], 1):
        key = f"compare.{i}"
        check_keys(table, VARIANT_KEYS, key, problems)
        if "label" not in table:
            problems.add(CoregError(f"{key}.label", _("every [[compare]] variant needs a label"),
                                    _("a short unique name")))
        else:
            label_keys.append((f"{key}.label", table["label"]))
        overrides = {k: copy.deepcopy(v) for k, v in table.items() if k in VARIANT_SETTINGS}
        setup = build_setup(overrides, key, base, problems, values_only=base is None)
        variants.append((table.get("label"), setup, overrides))
    mark = len(problems)
    check_labels(meta["label"], label_keys, problems)
    labels_known = len(problems) == mark and len(label_keys) == len(variants) and isinstance(meta["label"], str)
    expects = _items(Expect, data, "expect", MAX_EXPECTS, problems)
    lessons = _items(LessonStep, data, "lesson", MAX_LESSONS, problems)
    translations = {}
    if TRANSLATIONS_KEY in data:
        from sim.scenario.translations import check_translations, english_data

        translations = check_translations(data[TRANSLATIONS_KEY], english_data(data), problems)
    if labels_known:
        nights = {meta["label"]: base.run.nights if base is not None else None}
        nights.update((label, setup.run.nights if setup is not None else None) for label, setup, _ in variants)
        if drop_unfit_expects:
            expects = [(i, e) for i, e in expects if _fits(e, nights, meta["label"])]
        check_references(nights, meta["label"], expects, lessons, problems)
    problems.raise_any()
    return Scenario(name=name, base=base, variants=tuple(Variant(*v) for v in variants),
                    expects=tuple(e for _, e in expects), lessons=tuple(s for _, s in lessons), source=source,
                    translations=translations, **meta)


def _meta(data: dict[str, Any], default_title: str, problems: Problems) -> dict[str, Any]:
    """The scenario's texts, evidence and status, checked (``evidence`` None if unreadable)."""
    questions = problems.attempt(_string_list, data.get("questions", []), "questions", MAX_QUESTIONS)
    evidence = problems.attempt(_string_list, data.get("evidence", []), "evidence", len(EVIDENCE) + 5)
    if "status" in data:
        status = data["status"]
    elif evidence is not None and all(k in EVIDENCE for k in evidence):
        status = least_certain(evidence)
    else:
        status = "illustrative"
    meta = {"title": data.get("title", default_title), "summary": data.get("summary", ""),
            "learning_goal": data.get("learning_goal", ""), "notes": data.get("notes", ""),
            "questions": tuple(questions or ()), "evidence": None if evidence is None else tuple(evidence),
            "status": status, "label": data.get("label", DEFAULT_LABEL)}
    check_meta(meta, problems)
    return meta


def _items(cls: type, data: dict[str, Any], name: str, limit: int, problems: Problems) -> list[tuple[int, Any]]:
    """The ``[[expect]]`` or ``[[lesson]]`` entries that are valid, with their 1-based numbers."""
    tables = problems.attempt(as_tables, data.get(name, []), name, limit) or []
    built = [(i, declared(cls, t, f"{name}.{i}", problems, own=name)) for i, t in enumerate(tables, 1)]
    return [(i, item) for i, item in built if item is not None]


def _fits(e: Expect, nights: dict[str, int | None], base_label: str) -> bool:
    left = nights.get(e.variant or base_label)
    right = nights.get(e.than_variant or e.variant or base_label)
    if left is None or right is None:
        return True  # let the reference check name the missing variant
    right_night = e.than_night or e.night
    return (e.night is None or e.night <= left) and (right_night is None or right_night <= right)


def _string_list(value: Any, key: str, limit: int) -> list[str]:
    if not isinstance(value, list):
        raise CoregError(key, _("expected a list of strings, got {value}", value=kind_of(value)), '["...", "..."]')
    if len(value) > limit:
        raise CoregError(key, n_("{n} item", "{n} items", len(value)), at_most(limit))
    problems = Problems()
    for i, item in enumerate(value, 1):
        if not isinstance(item, str):
            problems.add(CoregError(f"{key}.{i}", _("expected a string, got {value}", value=kind_of(item)),
                                    _("a string in quotes")))
    problems.raise_any()
    return list(value)
