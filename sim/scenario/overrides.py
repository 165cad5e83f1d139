"""Changing a scenario by dotted keys: ``--set key=value``, sweep values, and the declaration behind a key.

Overrides apply to the base before variants are merged (a variant's own value wins); the changed
scenario is read again from data, so it is checked exactly as a file is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sim.declare import Declaration, declarations, did_you_mean
from sim.errors import CoregError, at_most
from sim.i18n import _, current, n_
from sim.params import CAREGIVER_OWN_KEYS
from sim.scenario.checks import short, short_key
from sim.scenario.limits import LIST_KEYS, MAX_DEPTH, MAX_SET_CHARS
from sim.scenario.objects import Scenario
from sim.scenario.reading import build_scenario
from sim.scenario.tables import SETTING_CLASSES, allowed_names
from sim.scenario.toml_text import LongNumber, toml_data
from sim.scenario.writing import scenario_to_data


def parse_value(text: str) -> Any:
    """A ``--set`` value: a TOML value (``1.5``, ``true``, ``[2, 4]``, ``"x"``), else the bare string."""
    if "\n" in text or "\r" in text:
        return text
    try:
        parsed = toml_data(f"v = {text}")
    except CoregError:
        return text
    value = parsed["v"] if list(parsed) == ["v"] else text
    return text if isinstance(value, LongNumber) else value


def parse_assignment(assignment: str) -> tuple[str, Any]:
    """``"infant.reactivity=1.5"`` -> ``("infant.reactivity", 1.5)``."""
    if not isinstance(assignment, str) or "=" not in assignment:
        raise CoregError("--set", _("expected key=value, got {value}", value=short(assignment)),
                         _("a dotted key, '=', and a value, e.g. infant.reactivity=1.5"))
    if len(assignment) > MAX_SET_CHARS:
        raise CoregError("--set", _("{n} characters is too long", n=current().number(len(assignment))),
                         at_most(MAX_SET_CHARS))
    key, value = assignment.split("=", 1)
    key = key.strip()
    parts = key.split(".")
    if not key or any(not p.strip() for p in parts) or len(parts) > MAX_DEPTH:
        raise CoregError("--set", _("{key} is not a dotted key", key=short(key)),
                         _("names joined by dots, list items numbered from 1, e.g. stressors.1.intensity"))
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
    return _apply(scenario, [(k, v, f"--set {short_key(t)}") for (k, v), t in zip(parsed, texts)])


def override_values(scenario: Scenario, values: Mapping[str, Any], source: str = "value") -> Scenario:
    """Like :func:`apply_overrides` with values already parsed: ``{"infant.reactivity": 1.5}``.

    ``source`` names where the values came from in error messages (``--vary``).
    """
    items = []
    for key, value in values.items():
        parse_assignment(f"{key}=0")  # the key's shape
        items.append((key, value, f"{source} {short_key(key)}={short(value)}"))
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
        return build_scenario(data, scenario.source, scenario.name, drop_unfit_expects=True)
    except CoregError as e:
        raise CoregError.several([_blame(p, items, scenario) for p in e.problems], e.uncounted) from None
    except (RecursionError, MemoryError):
        raise CoregError("--set", _("too deeply nested or too large"), _("a plain value")).with_source("--set") from None


def _blame(problem: CoregError, items: list[tuple[str, Any, str]], scenario: Scenario) -> CoregError:
    """The problem told about the ``--set`` that caused it (else about the scenario with its changes)."""
    for key, _value, where in items:
        if problem.key == key or problem.key.startswith(key + ".") or key.startswith(problem.key + "."):
            return problem.with_source(where)
    return problem.with_source(_("{scenario} with --set", scenario=scenario.source or scenario.name))


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
        where = ".".join(parts[:depth]) or _("the scenario")
        if isinstance(node, list):
            if not part.isdigit():
                raise CoregError(key, _("{where} is a list: name an item by its number", where=where),
                                 _("{where}.1 ... {where}.{next} (one past the end adds an item)", where=where,
                                   next=len(node) + 1))
            index = int(part)
            if not 1 <= index <= len(node) + 1:
                raise CoregError(key, n_("{where} has {n} item", "{where} has {n} items", len(node), where=where),
                                 _("1 to {n}, or {next} to add one", n=current().number(len(node)),
                                   next=current().number(len(node) + 1)))
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
            raise CoregError(key, _("{where} is a single value, not a table or list", where=where),
                             _("a key that ends at {where}", where=where))


def declaration_at(key: str) -> Declaration:
    """The declaration behind a dotted base key: ``infant.reactivity``, ``stressors.1.intensity``."""
    parts = key.split(".")
    if len(parts) == 2 and parts[0] in SETTING_CLASSES and parts[0] not in ("stressors", "schedule"):
        cls, name = SETTING_CLASSES[parts[0]], parts[1]
    elif len(parts) == 3 and parts[0] == "stressors" and parts[1].isdigit():
        cls, name = SETTING_CLASSES["stressors"], parts[2]
    else:
        raise CoregError(key, _("is not a setting of the base"),
                         _("group.name (e.g. infant.reactivity) or stressors.N.name"))
    decls = {d.name: d for d in declarations(cls)}
    if name not in decls:
        raise CoregError(key, _("unknown setting{hint}", hint=did_you_mean(name, decls)),
                         allowed_names(name, tuple(decls), parts[0]))
    return decls[name]
