"""The scenario's value objects: Scenario, Variant, Expect and LessonStep, each checking itself.

A :class:`Scenario` is a case to show (text, evidence and an honest status, a base
setup, ``[[compare]]`` variants, ``[[expect]]`` entries, optional lesson steps). It
checks its own consistency when built, reporting every problem at once; the checks are
public so the reader can run them on a file that is only partly valid.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.declare import did_you_mean, param, validate_fields
from sim.errors import CoregError, Problems, at_most
from sim.i18n import N_, _, current, n_
from sim.evidence import EVIDENCE, STATUS_ORDER, allowed_statuses, least_certain
from sim.params import Setup
from sim.scenario.checks import check_label, check_text, check_text_length, number_text, short, slug
from sim.scenario.limits import (
    DEFAULT_LABEL,
    MAX_EXPECTS,
    MAX_LESSONS,
    MAX_QUESTIONS,
    MAX_VARIANTS,
    TEXT_LIMITS,
)
from sim.scenario.setups import build_setup
from sim.vocabulary import SUMMARY_KEYS

#: The comparisons an ``[[expect]]`` may make (``~=``: equal within ``tol``).
OPS = (">", ">=", "<", "<=", "~=")


@dataclass(frozen=True)
class Expect:
    """One thing a scenario demonstrates, as a comparison the test suite checks.

    ``metric`` of ``variant`` (``""`` = the base) on ``night`` (``None`` = the last) is
    compared by ``op`` with ``factor`` times either a fixed ``value`` or the same (or
    ``than_metric``) of ``than_variant`` / ``than_night``. ``~=`` means equal within
    ``tol``. A "time to ..." metric that never happened counts as infinitely long.
    """

    metric: str = param("crying_min", kind="choice", choices=SUMMARY_KEYS, help=N_("Summary metric compared."))
    op: str = param(">", kind="choice", choices=OPS, help=N_("Comparison."))
    variant: str = param("", help=N_("Label of the variant measured (empty: the base)."))
    night: int | None = param(None, 1, 365, kind="int", optional=True, help=N_("Night measured (empty: the last)."))
    value: float | None = param(None, -1e9, 1e9, kind="float", optional=True, help=N_("A fixed number to compare with."))
    than_variant: str = param("", help=N_("Label of the variant compared with."))
    than_night: int | None = param(None, 1, 365, kind="int", optional=True, help=N_("Night compared with."))
    than_metric: str = param("", help=N_("Another summary metric compared with (default: the same)."))
    factor: float = param(1.0, 1e-6, 1e6, help=N_("Compare with factor x the other."))
    tol: float | None = param(None, 0.0, 1e9, kind="float", optional=True, help=N_("Tolerance of ~= (required there)."))
    why: str = param("", one_line=True, help=N_("One sentence: what this shows."))

    def __post_init__(self) -> None:
        validate_fields(self, "expect")
        problems = Problems()
        problems.attempt(check_text_length, self.why, "why", TEXT_LIMITS["expect.why"])
        if self.than_metric and self.than_metric not in SUMMARY_KEYS:
            problems.add(CoregError("than_metric", _("unknown metric {value}{hint}", value=repr(self.than_metric),
                                                     hint=did_you_mean(self.than_metric, SUMMARY_KEYS)),
                                    " | ".join(SUMMARY_KEYS)))
        compares = bool(self.than_variant or self.than_night is not None or self.than_metric)
        if self.value is not None and compares:
            problems.add(CoregError("value", _("give either value or than_variant/than_night/than_metric, not both"),
                                    _("value = a number, or a comparison with another variant, night or metric")))
        if self.value is None and not compares:
            problems.add(CoregError("value", _("nothing to compare with"),
                                    _("value = a number, or than_variant, than_night or than_metric")))
        if self.op == "~=" and self.tol is None:
            problems.add(CoregError("tol", _("the ~= comparison needs a tolerance"), _("tol = a number >= 0")))
        if compares and self.value is None and (not self.than_variant or self.than_variant == self.variant) and (
                self.than_night is None or self.than_night == self.night) and (
                not self.than_metric or self.than_metric == self.metric):
            problems.add(CoregError("than_variant", _("compares a metric with itself"),
                                    _("another variant, another night or another metric")))
        problems.raise_any()

    def describe(self, base_label: str = DEFAULT_LABEL, shown: Callable[[str], str] = str) -> str:
        """``Absent: quiet_dysregulated_min (last night) > Attuned's`` in words (the language in force;
        each variant named by ``shown(label)``, metric keys as the file writes them)."""
        left = _("{variant}: {metric} ({night})", variant=shown(self.variant or base_label), metric=self.metric,
                 night=_night_text(self.night))
        if self.value is not None:
            right = (_("{factor} x {value}", factor=number_text(self.factor), value=number_text(self.value))
                     if self.factor != 1 else number_text(self.value))
        else:
            who = self.than_variant or self.variant or base_label
            right = _("{variant}'s {metric} ({night})", variant=shown(who), metric=self.than_metric or self.metric,
                      night=_night_text(self.than_night or self.night))
            if self.factor != 1:
                right = _("{factor} x {value}", factor=number_text(self.factor), value=right)
        if self.op == "~=":
            return _("{left} {op} {right} within {tol}", left=left, op=self.op, right=right,
                     tol=number_text(self.tol))
        return _("{left} {op} {right}", left=left, op=self.op, right=right)


def _night_text(night: int | None) -> str:
    return _("last night") if night is None else _("night {n}", n=current().number(night))


@dataclass(frozen=True)
class LessonStep:
    """One step of a stepped lesson: a title, a text, and optionally the variant to show."""

    title: str = param("", one_line=True, help=N_("Heading of the step."))
    text: str = param("", help=N_("What to say or ask (Markdown)."))
    variant: str = param("", help=N_("Label of the variant to show (empty: all)."))

    def __post_init__(self) -> None:
        validate_fields(self, "lesson")
        problems = Problems()
        problems.attempt(check_text_length, self.title, "title", TEXT_LIMITS["lesson.title"])
        problems.attempt(check_text_length, self.text, "text", TEXT_LIMITS["lesson.text"])
        if not self.title.strip():
            problems.add(CoregError("title", _("a lesson step needs a title"), _("a short non-empty string")))
        problems.raise_any()


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
    nights); field types are checked by the reader.
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
    lessons: tuple[LessonStep, ...] = ()
    source: str = ""
    #: The file's own translations of its texts, ``{code: {key: text}}`` (checked by the reader;
    #: shown through :func:`sim.scenario.scenario_texts`).
    translations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        for name in ("questions", "evidence", "variants", "expects", "lessons"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        problems = Problems()
        check_meta({k: getattr(self, k) for k in ("title", "summary", "learning_goal", "notes", "label",
                                                  "questions", "evidence", "status")}, problems)
        check_labels(self.label, [(f"compare.{i}.label", v.label) for i, v in enumerate(self.variants, 1)],
                     problems)
        if len(self.expects) > MAX_EXPECTS:
            problems.add(CoregError("expect", n_("{n} expectation", "{n} expectations", len(self.expects)),
                                    at_most(MAX_EXPECTS)))
        if len(self.lessons) > MAX_LESSONS:
            problems.add(CoregError("lesson", n_("{n} step", "{n} steps", len(self.lessons)), at_most(MAX_LESSONS)))
        if not problems:
            nights = {label: setup.run.nights for label, setup in self.setups().items()}
            check_references(nights, self.label, enumerate(self.expects, 1), enumerate(self.lessons, 1), problems)
        problems.raise_any()

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

    def lesson_steps(self) -> tuple[LessonStep, ...]:
        """The ``[[lesson]]`` steps, or by default: the goal, the notes, each question (the default
        steps' titles in the language in force; the texts as the file writes them -- for the
        reader's language see :func:`sim.scenario.scenario_texts`)."""
        if self.lessons:
            return self.lessons
        return default_lesson_steps(self.learning_goal, self.notes, self.questions)

    def evidence_entries(self) -> list[Any]:
        """The registry entries of this scenario's evidence keys."""
        return [EVIDENCE[k] for k in self.evidence]

    # -- building -------------------------------------------------------------------
    @classmethod
    def from_setup(cls, setup: Setup, title: str = "My scenario", **meta: Any) -> Scenario:
        """A one-variant scenario around ``setup`` (the app's "download as scenario file")."""
        name = meta.pop("name", None) or slug(title)
        return cls(name=name, title=title, base=setup, **meta)

    def with_base(self, setup: Setup) -> Scenario:
        """The same scenario on a new base; variants are merged over it again."""
        problems = Problems()
        setups = [build_setup(v.overrides, f"compare.{i}", setup, problems) for i, v in enumerate(self.variants, 1)]
        problems.raise_any()
        variants = tuple(Variant(v.label, s, v.overrides) for v, s in zip(self.variants, setups))
        return dataclasses.replace(self, base=setup, variants=variants)


def default_lesson_steps(learning_goal: str, notes: str, questions: Sequence[str]) -> tuple[LessonStep, ...]:
    """The lesson of a scenario without ``[[lesson]]`` steps: the goal, the notes, each question."""
    steps = []
    if learning_goal:
        steps.append(LessonStep(title=_("What to look for"), text=learning_goal))
    if notes:
        steps.append(LessonStep(title=_("Notes"), text=notes))
    for i, q in enumerate(questions, 1):
        steps.append(LessonStep(title=_("Question {n}", n=current().number(i)), text=q))
    return tuple(steps)


# ---- consistency: each check records every problem it finds ---------------------------------

def check_meta(meta: Mapping[str, Any], problems: Problems) -> None:
    """The texts, evidence keys and status of a scenario (``evidence`` None: unreadable, not checked)."""
    problems.attempt(check_text, meta["title"], "title", TEXT_LIMITS["title"], True, True)
    problems.attempt(check_text, meta["summary"], "summary", TEXT_LIMITS["summary"], False, True)
    for key in ("learning_goal", "notes"):
        problems.attempt(check_text, meta[key], key, TEXT_LIMITS[key])
    problems.attempt(check_label, meta["label"], "label")
    questions = meta["questions"]
    if len(questions) > MAX_QUESTIONS:
        problems.add(CoregError("questions", n_("{n} question", "{n} questions", len(questions)),
                                at_most(MAX_QUESTIONS)))
    for i, q in enumerate(questions[:MAX_QUESTIONS], 1):
        problems.attempt(check_text, q, f"questions.{i}", TEXT_LIMITS["questions"], True)
    evidence = meta["evidence"]
    if evidence is not None:
        evidence = _check_evidence_keys(evidence, problems)
    status = meta["status"]
    try:
        check_text(status, "status", 40, required=True)
    except CoregError as e:
        problems.add(e)
        return
    if status not in STATUS_ORDER:
        problems.add(CoregError("status", _("unknown status {value}{hint}", value=short(status),
                                            hint=did_you_mean(status, STATUS_ORDER)),
                                " | ".join(STATUS_ORDER)))
    elif evidence is not None:
        _check_status(status, evidence, problems)


def _check_evidence_keys(evidence: Sequence[Any], problems: Problems) -> Sequence[str] | None:
    """The keys, or None after recording an unknown or repeated one."""
    mark = len(problems)
    seen: set[str] = set()
    for i, key in enumerate(evidence, 1):
        if not isinstance(key, str) or key not in EVIDENCE:
            problems.add(CoregError(f"evidence.{i}",
                                    _("unknown evidence key {value}{hint}", value=short(key),
                                      hint=did_you_mean(str(key), EVIDENCE)),
                                    ", ".join(EVIDENCE)))
        elif key in seen:
            problems.add(CoregError(f"evidence.{i}", _("{key} is listed twice", key=key), _("each key once")))
        seen.add(str(key))
    return evidence if len(problems) == mark else None


def _check_status(status: str, evidence: Sequence[str], problems: Problems) -> None:
    allowed = allowed_statuses(evidence)
    if status in allowed:
        return
    if not evidence:
        problem = _("{status} needs evidence keys; a scenario without evidence is illustrative", status=repr(status))
    else:
        weakest = [k for k in evidence if EVIDENCE[k].status == least_certain(evidence)]
        problem = n_("{status} is more certain than its evidence allows ({keys} is {weakest})",
                     "{status} is more certain than its evidence allows ({keys} are {weakest})", len(weakest),
                     status=repr(status), keys=", ".join(weakest), weakest=least_certain(evidence))
    problems.add(CoregError("status", problem, " | ".join(allowed)))


def check_labels(base_label: Any, labels: Sequence[tuple[str, Any]], problems: Problems) -> None:
    """The variants' labels (``(key, label)`` pairs): well formed and each used once, the base's included."""
    if len(labels) > MAX_VARIANTS:
        problems.add(CoregError("compare", n_("{n} variant", "{n} variants", len(labels)), at_most(MAX_VARIANTS)))
    used: dict[str, str] = {base_label.casefold(): "label"} if isinstance(base_label, str) else {}
    for key, label in labels:
        try:
            check_label(label, key)
        except CoregError as e:
            problems.add(e)
            continue
        if label.casefold() in used:
            problems.add(CoregError(key, _("duplicate label {label} (also {other})", label=repr(label),
                                           other=used[label.casefold()]),
                                    _("a label used once in the scenario (the base's label included)")))
        used.setdefault(label.casefold(), key)


def check_references(nights: Mapping[str, int | None], base_label: str, expects: Iterable[tuple[int, Expect]],
                     lessons: Iterable[tuple[int, LessonStep]], problems: Problems) -> None:
    """Expectations and lessons name existing variants, and nights those variants run.

    ``nights``: label -> nights it runs (``None``: unknown, its setup failed; not checked).
    """
    for i, e in expects:
        key = f"expect.{i}"
        missing = False
        for attr in ("variant", "than_variant"):
            who = getattr(e, attr)
            if who and who not in nights:
                missing = True
                problems.add(CoregError(f"{key}.{attr}", _("no variant labelled {label}{hint}", label=short(who),
                                                           hint=did_you_mean(who, nights)),
                                        " | ".join(nights)))
        if missing:
            continue
        left = e.variant or base_label
        right = e.than_variant or left
        if (e.value is None and left == right and (e.than_night or e.night) == e.night
                and (e.than_metric or e.metric) == e.metric):
            problems.add(CoregError(f"{key}.than_variant", _("compares a metric with itself"),
                                    _("another variant, another night or another metric")))
        if e.night is not None and nights[left] is not None and e.night > nights[left]:
            problems.add(CoregError(f"{key}.night", n_("night {night} but {label} runs {n} night",
                                                       "night {night} but {label} runs {n} nights", nights[left],
                                                       night=e.night, label=repr(left)),
                                    _("1 to {n}", n=current().number(nights[left]))))
        right_night = e.than_night or e.night
        if (e.value is None and right_night is not None and nights[right] is not None
                and right_night > nights[right]):
            problems.add(CoregError(f"{key}.than_night",
                                    n_("night {night} but {label} runs {n} night",
                                       "night {night} but {label} runs {n} nights", nights[right],
                                       night=right_night, label=repr(right)),
                                    _("1 to {n}", n=current().number(nights[right]))))
    for i, step in lessons:
        if step.variant and step.variant not in nights:
            problems.add(CoregError(f"lesson.{i}.variant",
                                    _("no variant labelled {label}{hint}", label=short(step.variant),
                                      hint=did_you_mean(step.variant, nights)),
                                    " | ".join(nights)))
