"""The app's view of the scenario library and the evidence registry.

``sim.scenario`` and ``sim.evidence`` are imported lazily so that the app still starts
(on the presets) if either is missing or broken; pages say so in the page instead of
failing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sim import presets
from sim.params import Setup

DEFAULT_SCENARIO = "tears_together"


def scenario_module() -> ModuleType | None:
    try:
        return importlib.import_module("sim.scenario")
    except ImportError:
        return None


def evidence_registry() -> dict[str, Any]:
    try:
        return dict(importlib.import_module("sim.evidence").EVIDENCE)
    except (ImportError, AttributeError):
        return {}


def names() -> list[str]:
    mod = scenario_module()
    if mod is None:
        return []
    try:
        return list(mod.library_names())
    except Exception:
        return []


def load(name_or_path: str):
    mod = scenario_module()
    if mod is None:
        raise LookupError("the scenario library is not available in this installation")
    return mod.load_scenario(name_or_path)


def load_text(text: str, source: str):
    mod = scenario_module()
    if mod is None:
        raise LookupError("reading scenario files is not available in this installation")
    return mod.load_scenario_text(text, source)


def to_toml(setup: Setup, title: str):
    mod = scenario_module()
    if mod is None:
        raise LookupError("writing scenario files is not available in this installation")
    return mod.scenario_to_toml(mod.Scenario.from_setup(setup, title=title))


def scenario_toml(scenario) -> str:
    mod = scenario_module()
    if mod is None:
        raise LookupError("writing scenario files is not available in this installation")
    return mod.scenario_to_toml(scenario)


def base_setup(scenario) -> Setup:
    """The base variant's setup of a scenario."""
    setups = scenario.setups()
    label = getattr(scenario, "label", None)
    if label in setups:
        return setups[label]
    return next(iter(setups.values()))


def default_base() -> Setup:
    """The landing page's baby and stressor: the default scenario's base, else the preset."""
    try:
        return base_setup(load(DEFAULT_SCENARIO))
    except Exception:
        return presets.hungry_waking("responsive")


def compare_setups(policies: tuple[str, ...]) -> dict[str, Setup]:
    """One setup per caregiver policy for the same baby and stressor.

    Taken from the default scenario's variants where one has that policy (so its
    documented settings hold), otherwise derived from its base.
    """
    try:
        setups = list(load(DEFAULT_SCENARIO).setups().values())
    except Exception:
        setups = [presets.hungry_waking("responsive")]
    base = setups[0]
    out = {}
    for policy in policies:
        match = next((s for s in setups if s.caregiver.policy == policy), None)
        out[policy] = match if match is not None else base.with_values(caregiver={"policy": policy})
    return out


@dataclass(frozen=True)
class LessonStep:
    title: str
    text: str
    variant: str | None = None


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    status: str
    evidence: tuple[str, ...]
    steps: tuple[LessonStep, ...]
    setups: dict[str, Setup] = field(default_factory=dict)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def lesson_of(scenario, name: str = "") -> Lesson:
    """A scenario's lesson steps: its ``[[lesson]]`` tables, else goal, notes, each question."""
    steps: list[LessonStep] = []
    items = (
        scenario.lesson_steps() if hasattr(scenario, "lesson_steps") else (_get(scenario, "lessons") or ())
    )
    for item in items:
        steps.append(
            LessonStep(
                title=str(_get(item, "title", "") or ""),
                text=str(_get(item, "text", "") or ""),
                variant=_get(item, "variant") or None,
            )
        )
    if not steps:
        goal = _get(scenario, "learning_goal") or ""
        if goal:
            steps.append(LessonStep("What to look for", goal))
        notes = _get(scenario, "notes") or ""
        if notes:
            steps.append(LessonStep("Notes for the instructor", notes))
        for i, q in enumerate(_get(scenario, "questions") or (), start=1):
            steps.append(LessonStep(f"Discussion question {i}", str(q)))
    if not steps:
        steps.append(LessonStep(_get(scenario, "title", name), _get(scenario, "summary", "") or ""))
    return Lesson(
        name=name or _get(scenario, "name", ""),
        title=_get(scenario, "title", name),
        status=_get(scenario, "status", "illustrative"),
        evidence=tuple(_get(scenario, "evidence") or ()),
        steps=tuple(steps),
        setups=dict(scenario.setups()),
    )
