"""Writing a scenario back: to plain data, to TOML text (tomli-w), to a file.

The file written loads back to a scenario with identical setups, so identical results;
it holds only what differs from the defaults (and the keys a reader expects to see).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from sim.declare import declarations
from sim.errors import CoregError
from sim.i18n import _
from sim.params import CaregiverParams, Setup
from sim.printable import is_printable
from sim.scenario.limits import READING_KEY
from sim.scenario.objects import Scenario


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
    data.update(setup_data(scenario.base))
    if scenario.variants:
        data["compare"] = [{"label": v.label, **copy.deepcopy(v.overrides)} for v in scenario.variants]
    if scenario.expects:
        data["expect"] = [declared_data(e, keep=("metric", "op")) for e in scenario.expects]
    if scenario.lessons:
        data["lesson"] = [declared_data(step, keep=("title", "text")) for step in scenario.lessons]
    if scenario.translations:
        data["translations"] = copy.deepcopy({code: dict(table) for code, table in scenario.translations.items()})
    return data


def setup_data(setup: Setup) -> dict[str, Any]:
    """The settings of ``setup``: its reading (always: a file says which one it shows), then each
    group as its non-default values."""
    out: dict[str, Any] = {READING_KEY: setup.reading,
                           "run": declared_data(setup.run, keep=("duration_min", "nights", "seed"))}
    for name in ("infant", "sleep"):
        table = declared_data(getattr(setup, name))
        if table:
            out[name] = table
    out["caregiver"] = caregiver_table(setup.caregiver)
    out["stressors"] = [declared_data(s, keep=("kind", "onset_min", "intensity", "resolved_by"))
                        for s in setup.stressors]
    for name in ("regimes", "mechanisms"):
        table = declared_data(getattr(setup, name))
        if table:
            out[name] = table
    if setup.schedule:
        out["schedule"] = [{"first_night": e.first_night, "last_night": e.last_night,
                            "caregiver": caregiver_table(e.caregiver, setup.caregiver)} for e in setup.schedule]
    return out


def caregiver_table(cg: CaregiverParams, over: CaregiverParams | None = None) -> dict[str, Any]:
    """The smallest table that rebuilds ``cg``: alone (over its policy's defaults) or merged over ``over``.

    Its keys besides ``policy`` are the settings that differ from those defaults.
    """
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
                raise CoregError(f"caregiver.{decl.name}", _("cannot be written as 'not set' in a scenario file"),
                                 _("a number"))
            table[decl.name] = toml_ready(value)
    if cg.actions:
        table["actions"] = [declared_data(a, keep=("at_min", "present", "contact", "contingency"))
                            for a in cg.actions]
    return table


def declared_data(obj: Any, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Declared fields that differ from their defaults (and those in ``keep``), as plain data."""
    out = {}
    for decl in declarations(obj):
        value = getattr(obj, decl.name)
        if value is None or (decl.kind == "text" and value == "" and decl.name not in keep):
            continue
        if decl.name in keep or value != decl.default:
            out[decl.name] = toml_ready(value)
    return out


def toml_ready(value: Any) -> Any:
    """A setting's value as TOML can hold it (a tuple becomes a list)."""
    return list(value) if isinstance(value, tuple) else value


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as a TOML file that loads back to identical setups (tomli-w)."""
    import tomli_w

    head = "# Co-Regulation Lab scenario. Format: see the README, section \"Scenario files\".\n"
    return head + _ESCAPED.sub(_escape, tomli_w.dumps(scenario_to_data(scenario), multiline_strings=True))


#: Characters tomli-w may leave raw inside a string (it escapes ASCII controls only).
_ESCAPED = re.compile(r"[^\x20-\x7e\t\n]")


def _escape(m: re.Match) -> str:
    """A character that cannot be shown (U+0085, U+2028, ...) as its TOML escape: the same value,
    and a file a terminal shows as it is."""
    ch = m.group()
    if is_printable(ch):
        return ch
    return f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write the scenario to ``path`` whole or not at all."""
    from sim.export import write_atomic

    write_atomic(path, scenario_to_toml(scenario))
