"""Scenario files: read, check once at the edge, run, check what they demonstrate, write back.

A scenario is a TOML file (``scenarios/*.toml``, format in CONTRACT.md and the README):
text for the learner and instructor, evidence keys and an honest status, a base setup,
``[[compare]]`` variants that override parts of it, ``[[expect]]`` entries stating what
it demonstrates, and optional ``[[lesson]]`` steps.

Everything is checked once, when the file is read; every problem is a
:class:`~sim.errors.CoregError` naming the file, the dotted key (``compare.2.caregiver.latency_s``,
list items 1-based) and what is allowed. Bounds and types come from the model's own
declarations (:mod:`sim.declare`), never from a copy here. A :class:`Scenario` that
exists is one that runs.

Writing back (:func:`scenario_to_toml`) uses tomli-w; the file it writes loads back to
a scenario with identical setups, so identical results.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from sim.declare import Declaration, check_value, declarations, did_you_mean, param, validate_fields
from sim.errors import CoregError
from sim.evidence import EVIDENCE, STATUS_ORDER, allowed_statuses, least_certain
from sim.params import (
    CAREGIVER_OWN_KEYS,
    MAX_ACTIONS,
    MAX_STRESSORS,
    CaregiverParams,
    InfantParams,
    Mechanisms,
    Regimes,
    RunParams,
    ScheduleEntry,
    ScriptedAction,
    Setup,
    SleepParams,
    Stressor,
    default_stressors,
)
from sim.summary import SUMMARY_KEYS

# ---- limits on what a file may hold (hostile or mistaken input stays cheap) ---------
MAX_FILE_CHARS = 1_000_000
MAX_DEPTH = 12
MAX_INT = 2**53
MAX_VARIANTS = 12
MAX_EXPECTS = 60
MAX_LESSONS = 40
MAX_QUESTIONS = 40
MAX_SCHEDULE = 64
MAX_LIST_ITEMS = 1000
TEXT_LIMITS = {
    "title": 200, "summary": 500, "learning_goal": 4000, "notes": 20_000, "questions": 2000,
    "label": 60, "lesson.title": 200, "lesson.text": 8000, "expect.why": 1000,
    "stressor.label": 60,
}
MAX_SET_CHARS = 20_000

OPS = (">", ">=", "<", "<=", "~=")
#: Metrics that measure "how long until": a value that does not exist means "never".
NEVER_MEANS_INFINITE = ("time_to_settle_min", "quiet_to_settled_min", "time_to_sleep_min")

META_KEYS = ("title", "summary", "learning_goal", "notes", "questions", "evidence", "status", "label")
GROUP_KEYS = ("run", "infant", "sleep", "caregiver", "stressors", "regimes", "mechanisms", "schedule")
TOP_KEYS = META_KEYS + GROUP_KEYS + ("compare", "expect", "lesson")
VARIANT_KEYS = ("label", "run", "infant", "sleep", "caregiver", "stressors", "schedule", "mechanisms")
SCHEDULE_KEYS = ("first_night", "last_night", "caregiver")
LIST_KEYS = ("questions", "evidence", "stressors", "schedule", "compare", "expect", "lesson", "actions")
GROUP_CLASSES = {"run": RunParams, "infant": InfantParams, "sleep": SleepParams,
                 "regimes": Regimes, "mechanisms": Mechanisms}
DEFAULT_LABEL = "Base"


# ---- value objects ---------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    """One thing a scenario demonstrates, as a comparison the test suite checks.

    ``metric`` of ``variant`` (``""`` = the base) on ``night`` (``None`` = the last) is
    compared by ``op`` with ``factor`` times either a fixed ``value`` or the same (or
    ``than_metric``) of ``than_variant`` / ``than_night``. ``~=`` means equal within
    ``tol``. A "time to ..." metric that never happened counts as infinitely long.
    """

    metric: str = param("crying_min", kind="choice", choices=SUMMARY_KEYS, help="Summary metric compared.")
    op: str = param(">", kind="choice", choices=OPS, help="Comparison.")
    variant: str = param("", help="Label of the variant measured (empty: the base).")
    night: int | None = param(None, 1, 365, kind="int", optional=True, help="Night measured (empty: the last).")
    value: float | None = param(None, -1e9, 1e9, kind="float", optional=True, help="A fixed number to compare with.")
    than_variant: str = param("", help="Label of the variant compared with.")
    than_night: int | None = param(None, 1, 365, kind="int", optional=True, help="Night compared with.")
    than_metric: str = param("", help="Another summary metric compared with (default: the same).")
    factor: float = param(1.0, 1e-6, 1e6, help="Compare with factor x the other.")
    tol: float | None = param(None, 0.0, 1e9, kind="float", optional=True, help="Tolerance of ~= (required there).")
    why: str = param("", help="One sentence: what this shows.")

    def __post_init__(self) -> None:
        validate_fields(self, "expect")
        _check_text_length(self.why, "why", TEXT_LIMITS["expect.why"])
        if self.than_metric and self.than_metric not in SUMMARY_KEYS:
            raise CoregError("than_metric", f"unknown metric {self.than_metric!r}"
                             f"{did_you_mean(self.than_metric, SUMMARY_KEYS)}", " | ".join(SUMMARY_KEYS))
        compares = bool(self.than_variant or self.than_night is not None or self.than_metric)
        if self.value is not None and compares:
            raise CoregError("value", "give either value or than_variant/than_night/than_metric, not both",
                             "value = a number, or a comparison with another variant, night or metric")
        if self.value is None and not compares:
            raise CoregError("value", "nothing to compare with",
                             "value = a number, or than_variant, than_night or than_metric")
        if self.op == "~=" and self.tol is None:
            raise CoregError("tol", "the ~= comparison needs a tolerance", "tol = a number >= 0")
        if (not self.than_variant or self.than_variant == self.variant) and (
                self.than_night is None or self.than_night == self.night) and (
                not self.than_metric or self.than_metric == self.metric) and self.value is None:
            raise CoregError("than_variant", "compares a metric with itself",
                             "another variant, another night or another metric")

    def describe(self, base_label: str = DEFAULT_LABEL) -> str:
        """``Absent: quiet_dysregulated_min (last night) > Attuned's`` in words."""
        left = f"{self.variant or base_label}: {self.metric} ({_night_text(self.night)})"
        if self.value is not None:
            right = f"{_num(self.factor)} x {_num(self.value)}" if self.factor != 1 else _num(self.value)
        else:
            who = self.than_variant or self.variant or base_label
            right = f"{who}'s {self.than_metric or self.metric} ({_night_text(self.than_night or self.night)})"
            if self.factor != 1:
                right = f"{_num(self.factor)} x {right}"
        tol = f" within {_num(self.tol)}" if self.op == "~=" else ""
        return f"{left} {self.op} {right}{tol}"

    def evaluate(self, results: Mapping[str, Any], base_label: str = DEFAULT_LABEL) -> tuple[bool, str]:
        """Whether it holds in ``results`` (label -> RunResult), and what was measured."""
        label = self.variant or base_label
        other = self.than_variant or label
        for who in (label,) + ((other,) if self.value is None else ()):
            if who not in results:
                return False, f"variant {who!r} was not run"
        left_night = self.night or len(results[label].nights)
        left = _measure(results[label], left_night, self.metric)
        if self.value is not None:
            right, right_text = self.value, _num(self.value)
        else:
            right_night = self.than_night or self.night or len(results[other].nights)
            metric = self.than_metric or self.metric
            right = _measure(results[other], right_night, metric)
            right_text = f"{other} night {right_night} {metric} = {_value_text(right)}"
        left_text = f"{label} night {left_night} {self.metric} = {_value_text(left)}"
        if left is None or right is None:
            return False, f"{left_text}; {right_text}: a value does not exist, so nothing to compare"
        target = self.factor * right
        ok = _compare(left, self.op, target, self.tol or 0.0)
        factor = f"{_num(self.factor)} x " if self.factor != 1 else ""
        return ok, f"{left_text} {self.op} {factor}({right_text})"


@dataclass(frozen=True)
class Lesson:
    """One step of a stepped lesson: a title, a text, and optionally the variant to show."""

    title: str = param("", help="Heading of the step.")
    text: str = param("", help="What to say or ask (Markdown).")
    variant: str = param("", help="Label of the variant to show (empty: all).")

    def __post_init__(self) -> None:
        validate_fields(self, "lesson")
        _check_text_length(self.title, "title", TEXT_LIMITS["lesson.title"])
        _check_text_length(self.text, "text", TEXT_LIMITS["lesson.text"])
        if not self.title.strip():
            raise CoregError("title", "a lesson step needs a title", "a short non-empty string")


@dataclass(frozen=True)
class Variant:
    """A ``[[compare]]`` variant: its label, its full setup, and the table it was built from.

    ``overrides`` is the variant's table as written (without the label); it is merged
    over the base again whenever the base changes (:meth:`Scenario.with_base`). Treat
    it as read-only.
    """

    label: str
    setup: Setup
    overrides: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Scenario:
    """A case to show: text, evidence and status, a base setup, variants, expectations.

    Checks its own consistency when built (labels unique, evidence known, status no more
    certain than its evidence, expectations and lessons naming existing variants and
    nights); field types are checked by the loader.
    """

    name: str
    title: str
    summary: str = ""
    learning_goal: str = ""
    notes: str = ""
    questions: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    status: str = "illustrative"
    label: str = DEFAULT_LABEL
    base: Setup = field(default_factory=Setup)
    variants: tuple[Variant, ...] = ()
    expects: tuple[Expect, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("questions", "evidence", "variants", "expects", "lessons"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        _check_consistency(self)

    # -- views --------------------------------------------------------------------
    @property
    def labels(self) -> tuple[str, ...]:
        """The base label first, then each variant's."""
        return (self.label,) + tuple(v.label for v in self.variants)

    def setups(self) -> dict[str, Setup]:
        """Label -> setup, the base first."""
        out = {self.label: self.base}
        out.update((v.label, v.setup) for v in self.variants)
        return out

    def setup_of(self, label: str) -> Setup:
        """The setup of ``label`` (``""`` = the base)."""
        return self.setups()[label or self.label]

    def lesson_steps(self) -> tuple[Lesson, ...]:
        """The ``[[lesson]]`` steps, or by default: the goal, the notes, each question."""
        if self.lessons:
            return self.lessons
        steps = []
        if self.learning_goal:
            steps.append(Lesson(title="What to look for", text=self.learning_goal))
        if self.notes:
            steps.append(Lesson(title="Notes", text=self.notes))
        for i, q in enumerate(self.questions, 1):
            steps.append(Lesson(title=f"Question {i}", text=q))
        return tuple(steps)

    def evidence_entries(self) -> list[Any]:
        """The registry entries of this scenario's evidence keys."""
        return [EVIDENCE[k] for k in self.evidence]

    # -- building -------------------------------------------------------------------
    @classmethod
    def from_setup(cls, setup: Setup, title: str = "My scenario", **meta: Any) -> "Scenario":
        """A one-variant scenario around ``setup`` (the app's "download as scenario file")."""
        name = meta.pop("name", None) or _slug(title)
        return cls(name=name, title=title, base=setup, **meta)

    def with_base(self, setup: Setup) -> "Scenario":
        """The same scenario on a new base; variants are merged over it again."""
        variants = tuple(Variant(v.label, _build_setup(v.overrides, f"compare.{i}", setup), v.overrides)
                         for i, v in enumerate(self.variants, 1))
        return dataclasses.replace(self, base=setup, variants=variants)


def _check_consistency(sc: Scenario) -> None:
    _check_text(sc.title, "title", TEXT_LIMITS["title"], required=True)
    for key in ("summary", "learning_goal", "notes"):
        _check_text(getattr(sc, key), key, TEXT_LIMITS[key])
    _check_label(sc.label, "label")
    if len(sc.questions) > MAX_QUESTIONS:
        raise CoregError("questions", f"{len(sc.questions)} questions", f"at most {MAX_QUESTIONS}")
    for i, q in enumerate(sc.questions, 1):
        _check_text(q, f"questions.{i}", TEXT_LIMITS["questions"], required=True)
    seen: set[str] = set()
    for i, key in enumerate(sc.evidence, 1):
        if not isinstance(key, str) or key not in EVIDENCE:
            shown = _short(key)
            raise CoregError(f"evidence.{i}", f"unknown evidence key {shown}{did_you_mean(str(key), EVIDENCE)}",
                             ", ".join(EVIDENCE))
        if key in seen:
            raise CoregError(f"evidence.{i}", f"{key} is listed twice", "each key once")
        seen.add(key)
    if sc.status not in STATUS_ORDER:
        raise CoregError("status", f"unknown status {_short(sc.status)}{did_you_mean(str(sc.status), STATUS_ORDER)}",
                         " | ".join(STATUS_ORDER))
    allowed = allowed_statuses(sc.evidence)
    if sc.status not in allowed:
        if not sc.evidence:
            problem = f"{sc.status!r} needs evidence keys; a scenario without evidence is illustrative"
        else:
            weakest = [k for k in sc.evidence if EVIDENCE[k].status == least_certain(sc.evidence)]
            problem = (f"{sc.status!r} is more certain than its evidence allows "
                       f"({', '.join(weakest)} {'is' if len(weakest) == 1 else 'are'} {least_certain(sc.evidence)})")
        raise CoregError("status", problem, " | ".join(allowed))
    if len(sc.variants) > MAX_VARIANTS:
        raise CoregError("compare", f"{len(sc.variants)} variants", f"at most {MAX_VARIANTS}")
    labels: dict[str, str] = {sc.label.casefold(): "label"}
    for i, v in enumerate(sc.variants, 1):
        _check_label(v.label, f"compare.{i}.label")
        if v.label.casefold() in labels:
            raise CoregError(f"compare.{i}.label", f"duplicate label {v.label!r} (also {labels[v.label.casefold()]})",
                             "a label used once in the scenario (the base's label included)")
        labels[v.label.casefold()] = f"compare.{i}.label"
    nights = {sc.label: sc.base.run.nights}
    nights.update((v.label, v.setup.run.nights) for v in sc.variants)
    if len(sc.expects) > MAX_EXPECTS:
        raise CoregError("expect", f"{len(sc.expects)} expectations", f"at most {MAX_EXPECTS}")
    for i, e in enumerate(sc.expects, 1):
        key = f"expect.{i}"
        for attr in ("variant", "than_variant"):
            who = getattr(e, attr)
            if who and who not in nights:
                raise CoregError(f"{key}.{attr}", f"no variant labelled {_short(who)}{did_you_mean(who, nights)}",
                                 " | ".join(nights))
        left = e.variant or sc.label
        right = e.than_variant or left
        if (e.value is None and left == right and (e.than_night or e.night) == e.night
                and (e.than_metric or e.metric) == e.metric):
            raise CoregError(f"{key}.than_variant", "compares a metric with itself",
                             "another variant, another night or another metric")
        if e.night is not None and e.night > nights[left]:
            raise CoregError(f"{key}.night", f"night {e.night} but {left!r} runs {nights[left]} night(s)",
                             f"1 to {nights[left]}")
        right_night = e.than_night or e.night
        if e.value is None and right_night is not None and right_night > nights[right]:
            raise CoregError(f"{key}.than_night", f"night {right_night} but {right!r} runs {nights[right]} night(s)",
                             f"1 to {nights[right]}")
    if len(sc.lessons) > MAX_LESSONS:
        raise CoregError("lesson", f"{len(sc.lessons)} steps", f"at most {MAX_LESSONS}")
    for i, lesson in enumerate(sc.lessons, 1):
        if lesson.variant and lesson.variant not in nights:
            raise CoregError(f"lesson.{i}.variant",
                             f"no variant labelled {_short(lesson.variant)}{did_you_mean(lesson.variant, nights)}",
                             " | ".join(nights))


# ---- reading ---------------------------------------------------------------------------

def library_dir() -> Path:
    """The folder of the scenario library (package data of ``scenarios``).

    ``scenarios`` is installed next to ``sim`` (and sits next to it in a checkout), so it is
    found there first; a user's own ``scenarios/`` folder in the working directory cannot
    shadow it.
    """
    beside = Path(__file__).resolve().parent.parent / "scenarios"
    if (beside / "__init__.py").is_file():
        return beside
    import scenarios

    return Path(scenarios.__file__).resolve().parent


def library_names() -> list[str]:
    """Names (file stems) of the library's scenarios, sorted."""
    return sorted(p.stem for p in library_dir().glob("*.toml"))


def is_path(name_or_path: str) -> bool:
    """A SCENARIO argument is a path if it has a slash or ends in ``.toml``."""
    return "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith(".toml")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A library scenario by name, or a scenario file by path (see :func:`is_path`)."""
    text_arg = str(name_or_path)
    if isinstance(name_or_path, Path) or is_path(text_arg):
        path = Path(text_arg)
        source = text_arg
    else:
        names = library_names()
        if text_arg not in names:
            raise CoregError("scenario", f"no library scenario named {_short(text_arg)}{did_you_mean(text_arg, names)}",
                             "a name from `coreg list`, or a path to a .toml file")
        path = library_dir() / f"{text_arg}.toml"
        source = f"scenarios/{text_arg}.toml"
    text = _read_text(path, source)
    return load_scenario_text(text, source, name=path.stem)


def _read_text(path: Path, source: str) -> str:
    try:
        if not path.exists():
            raise CoregError("file", f"{_short(str(path))} does not exist", "an existing .toml file")
        if not path.is_file():
            raise CoregError("file", f"{_short(str(path))} is not a file", "a .toml file")
        if path.stat().st_size > MAX_FILE_CHARS * 4:
            raise CoregError("file", "the file is too large for a scenario", f"at most {MAX_FILE_CHARS} characters")
        return path.read_text(encoding="utf-8")
    except CoregError as e:
        raise e.with_source(source)
    except UnicodeDecodeError:
        raise CoregError("file", "is not UTF-8 text", "a UTF-8 encoded TOML file").with_source(source) from None
    except OSError as e:
        raise CoregError("file", f"cannot be read ({e.strerror or e})", "a readable file").with_source(source) from None


def load_scenario_text(text: str, source: str = "<text>", name: str | None = None) -> Scenario:
    """Parse and check scenario TOML ``text``; every problem is a :class:`CoregError`."""
    try:
        data = _parse_toml(text)
        return _build(data, source, name or (_slug(Path(source).stem) if source else "scenario"))
    except CoregError as e:
        raise e.with_source(source)
    except (RecursionError, MemoryError):
        raise CoregError("file", "too deeply nested or too large to read", "a scenario as described in the README"
                         ).with_source(source) from None
    except Exception as e:  # a safety net: a user must see a message, never a traceback
        raise CoregError("file", f"could not be read ({type(e).__name__}: {_short(str(e))})",
                         "a scenario as described in the README").with_source(source) from e


def _parse_toml(text: str) -> dict[str, Any]:
    if not isinstance(text, str):
        raise CoregError("file", "expected text", "TOML text")
    if len(text) > MAX_FILE_CHARS:
        raise CoregError("file", f"{len(text)} characters is too long for a scenario", f"at most {MAX_FILE_CHARS}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CoregError("syntax", f"not valid TOML: {e}", "TOML as in the README's example") from None
    return data


def _scan(data: Any) -> None:
    """Refuse structures no scenario has: deep nesting, huge integers, endless lists."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        node, key, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CoregError(key, "nested too deeply", f"at most {MAX_DEPTH} levels")
        if isinstance(node, dict):
            for k, v in node.items():
                stack.append((v, _join(key, _short_key(k)), depth + 1))
        elif isinstance(node, list):
            if len(node) > MAX_LIST_ITEMS:
                raise CoregError(key, f"a list of {len(node)} items", f"at most {MAX_LIST_ITEMS}")
            for i, v in enumerate(node, 1):
                stack.append((v, _join(key, str(i)), depth + 1))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INT:
            raise CoregError(key, "the number is too large", f"whole numbers within +-{MAX_INT}")
        elif isinstance(node, str) and len(node) > TEXT_LIMITS["notes"]:
            raise CoregError(key, f"a text of {len(node)} characters", f"at most {TEXT_LIMITS['notes']}")


def _build(data: dict[str, Any], source: str, name: str, *, drop_unfit_expects: bool = False) -> Scenario:
    _scan(data)
    _check_keys(data, TOP_KEYS, "")
    evidence = _string_list(data.get("evidence", []), "evidence", len(EVIDENCE) + 5)
    meta = {
        "title": _text(data.get("title"), "title", TEXT_LIMITS["title"], required=True),
        "summary": _text(data.get("summary", ""), "summary", TEXT_LIMITS["summary"]),
        "learning_goal": _text(data.get("learning_goal", ""), "learning_goal", TEXT_LIMITS["learning_goal"]),
        "notes": _text(data.get("notes", ""), "notes", TEXT_LIMITS["notes"]),
        "questions": tuple(_string_list(data.get("questions", []), "questions", MAX_QUESTIONS)),
        "evidence": tuple(evidence),
        "label": _text(data.get("label", DEFAULT_LABEL), "label", TEXT_LIMITS["label"], required=True),
    }
    if "status" in data:
        meta["status"] = _text(data["status"], "status", 40, required=True)
    else:
        unknown = [k for k in evidence if k not in EVIDENCE]
        meta["status"] = least_certain(evidence) if not unknown else "illustrative"
    base = _build_setup(data, "", None)
    variants = []
    for i, table in enumerate(_tables(data.get("compare", []), "compare", MAX_VARIANTS), 1):
        key = f"compare.{i}"
        _check_keys(table, VARIANT_KEYS, key)
        if "label" not in table:
            raise CoregError(f"{key}.label", "every [[compare]] variant needs a label", "a short unique name")
        label = _text(table["label"], f"{key}.label", TEXT_LIMITS["label"], required=True)
        overrides = {k: copy.deepcopy(v) for k, v in table.items() if k != "label"}
        variants.append(Variant(label, _build_setup(overrides, key, base), overrides))
    expects = [_declared(Expect, t, f"expect.{i}")
               for i, t in enumerate(_tables(data.get("expect", []), "expect", MAX_EXPECTS), 1)]
    lessons = [_declared(Lesson, t, f"lesson.{i}")
               for i, t in enumerate(_tables(data.get("lesson", []), "lesson", MAX_LESSONS), 1)]
    if drop_unfit_expects:
        nights = {meta["label"]: base.run.nights, **{v.label: v.setup.run.nights for v in variants}}
        expects = [e for e in expects if _fits(e, nights, meta["label"])]
    return Scenario(name=name, base=base, variants=tuple(variants), expects=tuple(expects),
                    lessons=tuple(lessons), source=source, **meta)


def _fits(e: Expect, nights: dict[str, int], base_label: str) -> bool:
    left = nights.get(e.variant or base_label)
    right = nights.get(e.than_variant or e.variant or base_label)
    if left is None or right is None:
        return True  # let the consistency check name the missing variant
    right_night = e.than_night or e.night
    return (e.night is None or e.night <= left) and (right_night is None or right_night <= right)


def _build_setup(data: Mapping[str, Any], prefix: str, base: Setup | None) -> Setup:
    """A Setup from the group tables in ``data``, merged over ``base`` if given."""
    groups: dict[str, Any] = {}
    for name, cls in GROUP_CLASSES.items():
        start = getattr(base, name) if base is not None else None
        if name in data:
            groups[name] = _declared(cls, data[name], _join(prefix, name), start=start)
        elif start is not None:
            groups[name] = start
    if "caregiver" in data:
        caregiver = _caregiver(data["caregiver"], _join(prefix, "caregiver"),
                               base.caregiver if base is not None else None)
    else:
        caregiver = base.caregiver if base is not None else CaregiverParams()
    if "stressors" in data:
        stressors = tuple(_declared(Stressor, t, _join(prefix, f"stressors.{i}"))
                          for i, t in enumerate(_tables(data["stressors"], _join(prefix, "stressors"),
                                                        MAX_STRESSORS), 1))
    else:
        stressors = base.stressors if base is not None else default_stressors()
    if "schedule" in data:
        schedule = tuple(_schedule_entry(t, _join(prefix, f"schedule.{i}"), caregiver)
                         for i, t in enumerate(_tables(data["schedule"], _join(prefix, "schedule"),
                                                       MAX_SCHEDULE), 1))
    else:
        schedule = base.schedule if base is not None else ()
    try:
        setup = Setup(caregiver=caregiver, stressors=stressors, schedule=schedule, **groups)
    except CoregError as e:
        raise e.with_prefix(prefix) if prefix else e
    _check_combinations(setup, prefix)
    return setup


def _caregiver(table: Any, key: str, over: CaregiverParams | None) -> CaregiverParams:
    t = _table(table, key)
    decls = {d.name: d for d in declarations(CaregiverParams)}
    _check_keys(t, tuple(decls) + ("actions",), key)
    clean: dict[str, Any] = {}
    for name, value in t.items():
        if name == "actions":
            clean[name] = tuple(_declared(ScriptedAction, a, f"{key}.actions.{i}")
                                for i, a in enumerate(_tables(value, f"{key}.actions", MAX_ACTIONS), 1))
        else:
            clean[name] = check_value(decls[name], value, f"{key}.{name}")
    try:
        if over is None:
            return CaregiverParams.for_policy(clean.pop("policy", "responsive"), **clean)
        return over.merged(clean)
    except CoregError as e:
        raise _rekey(e, "caregiver", key)


def _schedule_entry(table: Any, key: str, caregiver: CaregiverParams) -> ScheduleEntry:
    t = _table(table, key)
    _check_keys(t, SCHEDULE_KEYS, key)
    for name in SCHEDULE_KEYS:
        if name not in t:
            raise CoregError(f"{key}.{name}", "is required in every [[schedule]] entry",
                             "first_night, last_night and a caregiver table, e.g. caregiver = { policy = \"absent\" }")
    decls = {d.name: d for d in declarations(ScheduleEntry)}
    nights = {n: check_value(decls[n], t[n], f"{key}.{n}") for n in ("first_night", "last_night")}
    entry_caregiver = _caregiver(t["caregiver"], f"{key}.caregiver", caregiver)
    try:
        return ScheduleEntry(caregiver=entry_caregiver, **nights)
    except CoregError as e:
        raise _rekey(e, "schedule", key)


def _declared(cls: type, table: Any, key: str, start: Any = None) -> Any:
    """An instance of a declared dataclass from a table, every value checked by its declaration."""
    t = _table(table, key)
    decls = {d.name: d for d in declarations(cls)}
    _check_keys(t, tuple(decls), key)
    clean = {}
    for name, value in t.items():
        clean[name] = check_value(decls[name], value, f"{key}.{name}")
        if decls[name].kind == "text":
            _check_text_length(clean[name], f"{key}.{name}", _text_limit(cls, name))
    own = _own_prefix(cls)
    try:
        return dataclasses.replace(start, **clean) if start is not None else cls(**clean)
    except CoregError as e:
        raise _rekey(e, own, key)


def _own_prefix(cls: type) -> str:
    return {RunParams: "run", InfantParams: "infant", SleepParams: "sleep", Regimes: "regimes",
            Mechanisms: "mechanisms", Stressor: "stressor", ScriptedAction: "action",
            Expect: "expect", Lesson: "lesson"}.get(cls, "")


def _text_limit(cls: type, name: str) -> int:
    return TEXT_LIMITS.get(f"{_own_prefix(cls)}.{name}", TEXT_LIMITS["label"] if name in ("variant", "than_variant")
                           else 200)


def _rekey(e: CoregError, own: str, key: str) -> CoregError:
    """Re-root an error a dataclass raised about itself (``stressor.x``) at ``key`` (``stressors.2.x``)."""
    if e.key == own:
        new = key
    elif e.key.startswith(own + "."):
        new = key + e.key[len(own):]
    elif e.key and not e.key.startswith(key):
        new = f"{key}.{e.key}"
    else:
        new = e.key or key
    return CoregError(new, e.problem, e.allowed, e.source)


def _check_combinations(setup: Setup, prefix: str) -> None:
    """Settings that are each allowed but together cannot mean what they say."""
    minutes = setup.run.duration_min
    if setup.run.output_step_s > minutes * 60:
        raise CoregError(_join(prefix, "run.output_step_s"),
                         f"{setup.run.output_step_s} s is longer than the night ({minutes:g} min)",
                         "an output step no longer than run.duration_min")
    for i, s in enumerate(setup.stressors, 1):
        if s.onset_min >= minutes:
            raise CoregError(_join(prefix, f"stressors.{i}.onset_min"),
                             f"starts at minute {s.onset_min:g}, when the night ({minutes:g} min) is over",
                             f"an onset before run.duration_min = {minutes:g}")
    caregivers = [("caregiver", setup.caregiver)]
    caregivers += [(f"schedule.{i}.caregiver", e.caregiver) for i, e in enumerate(setup.schedule, 1)]
    for key, cg in caregivers:
        if cg.policy == "still_face" and cg.play_min + cg.still_min > minutes:
            raise CoregError(_join(prefix, f"{key}.still_min"),
                             f"play ({cg.play_min:g} min) and still face ({cg.still_min:g} min) "
                             f"do not fit in the night ({minutes:g} min)",
                             "play_min + still_min within run.duration_min")
        if cg.policy == "scripted" and cg.actions and cg.actions[-1].at_min >= minutes:
            raise CoregError(_join(prefix, f"{key}.actions.{len(cg.actions)}.at_min"),
                             f"at minute {cg.actions[-1].at_min:g}, when the night ({minutes:g} min) is over",
                             f"times before run.duration_min = {minutes:g}")


# ---- small checks ----------------------------------------------------------------------

def _check_keys(table: Mapping[str, Any], allowed: Iterable[str], prefix: str) -> None:
    allowed = tuple(allowed)
    for k in table:
        if k not in allowed:
            raise CoregError(_join(prefix, _short_key(k)), f"unknown key{did_you_mean(str(k)[:100], allowed)}",
                             ", ".join(allowed))


def _table(value: Any, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CoregError(key, f"expected a table, got {_kind(value)}", "a table: [name] or name = { ... }")
    return value


def _tables(value: Any, key: str, limit: int) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise CoregError(key, f"expected a list of tables, got {_kind(value)}", f"[[{key.split('.')[-1]}]] tables")
    if len(value) > limit:
        raise CoregError(key, f"{len(value)} items", f"at most {limit}")
    for i, item in enumerate(value, 1):
        _table(item, f"{key}.{i}")
    return value


def _string_list(value: Any, key: str, limit: int) -> list[str]:
    if not isinstance(value, list):
        raise CoregError(key, f"expected a list of strings, got {_kind(value)}", '["...", "..."]')
    if len(value) > limit:
        raise CoregError(key, f"{len(value)} items", f"at most {limit}")
    for i, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise CoregError(f"{key}.{i}", f"expected a string, got {_kind(item)}", "a string in quotes")
    return list(value)


def _text(value: Any, key: str, limit: int, required: bool = False) -> str:
    if value is None and required:
        raise CoregError(key, "is required", "a string in quotes")
    _check_text(value, key, limit, required)
    return value


def _check_text(value: Any, key: str, limit: int, required: bool = False) -> None:
    if not isinstance(value, str):
        raise CoregError(key, f"expected a string, got {_kind(value)}", "a string in quotes")
    _check_text_length(value, key, limit)
    if required and not value.strip():
        raise CoregError(key, "is empty", "a non-empty string")


def _check_text_length(value: str, key: str, limit: int) -> None:
    if len(value) > limit:
        raise CoregError(key, f"{len(value)} characters is too long", f"at most {limit} characters")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_label(value: Any, key: str) -> None:
    _check_text(value, key, TEXT_LIMITS["label"], required=True)
    if _CONTROL.search(value) or value != value.strip():
        raise CoregError(key, f"{_short(value)} has control characters or surrounding spaces",
                         "a short one-line name")


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a table"}
    for t, n in names.items():
        if type(value) is t:
            return f"{n} ({_short(value)})" if t in (bool, int, float, str) else n
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, (list, dict)) else f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _short_key(key: Any) -> str:
    key = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(key)[:200])
    return key if len(key) <= 60 else key[:57] + "..."


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:60] or "scenario"


# ---- evaluating expectations ------------------------------------------------------------

def _measure(result: Any, night: int, metric: str) -> float | None:
    value = result.night(night).summary.get(metric)
    if value is None and metric in NEVER_MEANS_INFINITE:
        return math.inf
    return None if value is None else float(value)


def _compare(left: float, op: str, right: float, tol: float) -> bool:
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if math.isinf(left) or math.isinf(right):
        return left == right
    return abs(left - right) <= tol


def _num(x: float | None) -> str:
    return "none" if x is None else f"{x:g}"


def _value_text(x: float | None) -> str:
    if x is None:
        return "does not exist"
    if math.isinf(x):
        return "never"
    return f"{x:.4g}"


def _night_text(night: int | None) -> str:
    return "last night" if night is None else f"night {night}"


# ---- running ---------------------------------------------------------------------------

def run_scenario(scenario: Scenario, only_base: bool = False) -> dict[str, Any]:
    """Run the base (and, unless ``only_base``, every variant): label -> RunResult."""
    from sim.simulate import simulate

    setups = scenario.setups()
    if only_base:
        setups = {scenario.label: setups[scenario.label]}
    return {label: simulate(setup) for label, setup in setups.items()}


def check_expectations(scenario: Scenario, results: Mapping[str, Any]) -> list[tuple[Expect, bool, str]]:
    """Each expectation with whether it holds in ``results`` and what was measured."""
    return [(e, *e.evaluate(results, scenario.label)) for e in scenario.expects]


# ---- overriding from the command line ----------------------------------------------------

def parse_value(text: str) -> Any:
    """A ``--set`` value: a TOML value (``1.5``, ``true``, ``[2, 4]``, ``"x"``), else the bare string."""
    if "\n" in text or "\r" in text:
        return text
    try:
        parsed = tomllib.loads(f"v = {text}")
    except Exception:
        return text
    return parsed["v"] if list(parsed) == ["v"] else text


def parse_assignment(assignment: str) -> tuple[str, Any]:
    """``"infant.reactivity=1.5"`` -> ``("infant.reactivity", 1.5)``."""
    if not isinstance(assignment, str) or "=" not in assignment:
        raise CoregError("--set", f"expected key=value, got {_short(assignment)}",
                         "a dotted key, '=', and a value, e.g. infant.reactivity=1.5")
    if len(assignment) > MAX_SET_CHARS:
        raise CoregError("--set", f"{len(assignment)} characters is too long", f"at most {MAX_SET_CHARS}")
    key, value = assignment.split("=", 1)
    key = key.strip()
    parts = key.split(".")
    if not key or any(not p.strip() for p in parts) or len(parts) > MAX_DEPTH:
        raise CoregError("--set", f"{_short(key)} is not a dotted key",
                         "names joined by dots, list items numbered from 1, e.g. stressors.1.intensity")
    return key, parse_value(value.strip())


def apply_overrides(scenario: Scenario, assignments: Iterable[str]) -> Scenario:
    """The scenario with ``--set key=value`` overrides applied to its base, then re-checked.

    Dotted keys (``caregiver.policy``, ``stressors.1.intensity``; list items 1-based, one
    past the end adds an item); a changed ``caregiver.policy`` resets the policy's own
    keys to its defaults unless they are set too (as in ``[[compare]]``). Variants are
    merged over the new base. Expectations about nights that no longer exist are dropped.
    """
    texts = list(assignments)
    parsed = [parse_assignment(a) for a in texts]
    return _apply(scenario, [(k, v, f"--set {_short_key(t)}") for (k, v), t in zip(parsed, texts)])


def override_values(scenario: Scenario, values: Mapping[str, Any], source: str = "value") -> Scenario:
    """Like :func:`apply_overrides` with values already parsed: ``{"infant.reactivity": 1.5}``.

    ``source`` names where the values came from in error messages (``--vary``).
    """
    items = []
    for key, value in values.items():
        parse_assignment(f"{key}=0")  # the key's shape
        items.append((key, value, f"{source} {_short_key(key)}={_short(value)}"))
    return _apply(scenario, items)


def _apply(scenario: Scenario, items: list[tuple[str, Any, str]]) -> Scenario:
    if not items:
        return scenario
    data = scenario_to_data(scenario)
    caregiver_sets = {}
    for key, value, where in items:
        if key.startswith("caregiver.") and key.count(".") == 1:
            caregiver_sets[key.split(".", 1)[1]] = value
            continue
        try:
            _assign(data, key.split("."), value, key)
        except CoregError as e:
            raise e.with_source(where) from None
    if caregiver_sets:
        data["caregiver"] = _merge_caregiver_table(data.get("caregiver", {}), caregiver_sets)
    try:
        return _build(data, scenario.source, scenario.name, drop_unfit_expects=True)
    except CoregError as e:
        for key, _, where in items:
            if e.key == key or e.key.startswith(key + ".") or key.startswith(e.key + "."):
                raise e.with_source(where) from None
        raise e.with_source(f"{scenario.source or scenario.name} with --set") from None
    except (RecursionError, MemoryError):
        raise CoregError("--set", "too deeply nested or too large", "a plain value").with_source("--set") from None


def _merge_caregiver_table(table: Any, sets: dict[str, Any]) -> Any:
    if not isinstance(table, dict):
        return table
    new_policy = sets.get("policy")
    if new_policy is not None and new_policy != table.get("policy", "responsive"):
        kept = {k: v for k, v in table.items() if k in CAREGIVER_OWN_KEYS}
        return {**kept, **sets}
    return {**table, **sets}


def _assign(data: dict[str, Any], parts: list[str], value: Any, key: str) -> None:
    node: Any = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[:depth]) or "the scenario"
        if isinstance(node, list):
            if not part.isdigit():
                raise CoregError(key, f"{where} is a list: name an item by its number",
                                 f"{where}.1 ... {where}.{len(node) + 1} (one past the end adds an item)")
            index = int(part)
            if not 1 <= index <= len(node) + 1:
                raise CoregError(key, f"{where} has {len(node)} item(s)",
                                 f"1 to {len(node)}, or {len(node) + 1} to add one")
            if index == len(node) + 1:
                node.append({} if not last else value)
            if last:
                node[index - 1] = value
                return
            node = node[index - 1]
        elif isinstance(node, dict):
            if last:
                node[part] = value
                return
            if part not in node:
                node[part] = [] if part in LIST_KEYS else {}
            node = node[part]
        else:
            raise CoregError(key, f"{where} is a single value, not a table or list",
                             f"a key that ends at {where}")


# ---- writing back ------------------------------------------------------------------------

def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain TOML-ready data (lists, dicts, str, numbers, booleans)."""
    data: dict[str, Any] = {"title": scenario.title}
    for key in ("summary", "learning_goal", "notes"):
        if getattr(scenario, key):
            data[key] = getattr(scenario, key)
    if scenario.questions:
        data["questions"] = list(scenario.questions)
    data["evidence"] = list(scenario.evidence)
    data["status"] = scenario.status
    data["label"] = scenario.label
    data.update(_setup_data(scenario.base))
    if scenario.variants:
        data["compare"] = [{"label": v.label, **copy.deepcopy(v.overrides)} for v in scenario.variants]
    if scenario.expects:
        data["expect"] = [_declared_data(e, keep=("metric", "op")) for e in scenario.expects]
    if scenario.lessons:
        data["lesson"] = [_declared_data(le, keep=("title", "text")) for le in scenario.lessons]
    return data


def _setup_data(setup: Setup) -> dict[str, Any]:
    out: dict[str, Any] = {"run": _declared_data(setup.run, keep=("duration_min", "nights", "seed"))}
    for name in ("infant", "sleep"):
        table = _declared_data(getattr(setup, name))
        if table:
            out[name] = table
    out["caregiver"] = _caregiver_data(setup.caregiver, None)
    out["stressors"] = [_declared_data(s, keep=("kind", "onset_min", "intensity", "resolved_by"))
                        for s in setup.stressors]
    for name in ("regimes", "mechanisms"):
        table = _declared_data(getattr(setup, name))
        if table:
            out[name] = table
    if setup.schedule:
        out["schedule"] = [{"first_night": e.first_night, "last_night": e.last_night,
                            "caregiver": _caregiver_data(e.caregiver, setup.caregiver)} for e in setup.schedule]
    return out


def _caregiver_data(cg: CaregiverParams, over: CaregiverParams | None) -> dict[str, Any]:
    """The smallest table that rebuilds ``cg``: alone (policy defaults) or merged over ``over``."""
    table: dict[str, Any] = {"policy": cg.policy}
    base_values = {"actions": cg.actions} if cg.actions else {}
    if over is None:
        rebuilt = CaregiverParams.for_policy(cg.policy, **base_values)
    else:
        rebuilt = over.merged({**table, **base_values})
    for decl in declarations(CaregiverParams):
        value = getattr(cg, decl.name)
        if decl.name != "policy" and value != getattr(rebuilt, decl.name):
            if value is None and decl.name == "latency_max_s":
                value = cg.latency_s  # TOML has no "not set": a range of zero width is the same fixed wait
            elif value is None:
                raise CoregError(f"caregiver.{decl.name}", "cannot be written as 'not set' in a scenario file",
                                 "a number")
            table[decl.name] = _plain(value)
    if cg.actions:
        table["actions"] = [_declared_data(a, keep=("at_min", "present", "contact", "contingency"))
                            for a in cg.actions]
    return table


def _declared_data(obj: Any, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Declared fields that differ from their defaults (and those in ``keep``), as plain data."""
    out = {}
    for decl in declarations(obj):
        value = getattr(obj, decl.name)
        if value is None or (decl.kind == "text" and value == "" and decl.name not in keep):
            continue
        if decl.name in keep or value != decl.default:
            out[decl.name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as a TOML file that loads back to identical setups (tomli-w)."""
    import tomli_w

    head = "# Co-Regulation Lab scenario. Format: see the README, section \"Scenario files\".\n"
    return head + tomli_w.dumps(scenario_to_data(scenario), multiline_strings=True)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario to ``path`` whole or not at all."""
    from sim.export import write_atomic

    write_atomic(path, scenario_to_toml(scenario))


# ---- looking up a setting by its dotted key (for sweeps and widgets) ----------------------

def declaration_at(key: str) -> Declaration:
    """The declaration behind a dotted base key: ``infant.reactivity``, ``stressors.1.intensity``."""
    parts = key.split(".")
    classes: dict[str, type] = {**GROUP_CLASSES, "caregiver": CaregiverParams}
    if len(parts) == 2 and parts[0] in classes:
        cls, name = classes[parts[0]], parts[1]
    elif len(parts) == 3 and parts[0] == "stressors" and parts[1].isdigit():
        cls, name = Stressor, parts[2]
    else:
        raise CoregError(key, "is not a setting of the base",
                         "group.name (e.g. infant.reactivity) or stressors.N.name")
    decls = {d.name: d for d in declarations(cls)}
    if name not in decls:
        raise CoregError(key, f"unknown setting{did_you_mean(name, decls)}", ", ".join(decls))
    return decls[name]
