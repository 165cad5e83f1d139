"""One table of a scenario file into a declared settings object, every key checked.

Each key of a table is checked on its own against its declaration (:mod:`sim.declare`):
an unknown key, a wrong type and a value out of bounds are each recorded in a
:class:`~sim.errors.Problems`, so one reading reports all of them. Only a table whose
keys all pass is turned into its object (whose own cross-checks then run).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sim import params
from sim.declare import Declaration, check_value, declarations, did_you_mean
from sim.errors import CoregError, Problems, at_most
from sim.i18n import N_, _, current, n_
from sim.scenario.checks import check_text_length, join_key, key_name, kind_of
from sim.scenario.limits import READING_KEY, TEXT_LIMITS
from sim.vocabulary import DEFAULT_READING, READING_LIST, READINGS

T = TypeVar("T")

#: The class that declares each setting group of a scenario file (of a list group: one item's).
SETTING_CLASSES: dict[str, type] = {
    "run": params.RunParams, "infant": params.InfantParams, "sleep": params.SleepParams,
    "caregiver": params.CaregiverParams, "stressors": params.Stressor, "regimes": params.Regimes,
    "mechanisms": params.Mechanisms, "schedule": params.ScheduleEntry,
}

#: The one setting given as a single value, not in a table: the reading of the contested core
#: (its names, labels and evidence keys are declared in :mod:`sim.vocabulary`).
READING_SETTING = Declaration(
    READING_KEY, DEFAULT_READING, "choice", choices=READINGS,
    help=N_("What lies under the surface when crying falls night after night: stress_stays = the crying stops, "
            "the stress stays (E1); learns_to_settle = the baby learns to settle (E2)."))
assert [r.name for r in READING_LIST] == ["stress_stays", "learns_to_settle"], "READING_SETTING's help names them"

#: An unknown key's message lists the allowed names when there are at most this many.
MAX_NAMES_LISTED = 20
#: The `coreg settings` group of a declared table, where it differs from the name the table gives itself.
_SETTINGS_GROUP = {"stressor": "stressors", "action": "actions"}


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], prefix: str, problems: Problems,
               group: str = "") -> None:
    """Record every key of ``table`` that is not ``allowed``, with a did-you-mean; ``group`` is
    the `coreg settings` group that lists the allowed names."""
    allowed = tuple(allowed)
    for k in table:
        if k not in allowed:
            name = str(k)[:100]
            problems.add(CoregError(join_key(prefix, key_name(k)), _("unknown key{hint}", hint=did_you_mean(name, allowed)),
                                    allowed_names(name, allowed, group)))


def allowed_names(name: str, allowed: tuple[str, ...], group: str) -> str:
    """The names allowed instead of ``name``: all of them, or of a long list the nearest and
    where to find the rest (`coreg settings GROUP`)."""
    if len(allowed) <= MAX_NAMES_LISTED:
        return ", ".join(allowed)
    near = difflib.get_close_matches(name, allowed, n=3, cutoff=0.3)
    n = current().number(len(allowed))
    if group:
        command = f"`coreg settings {_SETTINGS_GROUP.get(group, group)}`"
        if near:
            return _("{names} or another of the {n} names listed by {command}", names=", ".join(near), n=n,
                     command=command)
        return _("one of the {n} names listed by {command}", n=n, command=command)
    if near:
        return _("{names} or another of the {n} names listed by the README", names=", ".join(near), n=n)
    return _("one of the {n} names listed by the README", n=n)


def as_table(value: Any, key: str) -> dict[str, Any]:
    """``value`` if it is a table (``[name]`` or ``name = { ... }``)."""
    if not isinstance(value, dict):
        raise CoregError(key, _("expected a table, got {value}", value=kind_of(value)),
                         _("a table: [name] or name = { ... }"))
    return value


def as_tables(value: Any, key: str, limit: int) -> list[dict[str, Any]]:
    """``value`` if it is a list of at most ``limit`` tables (``[[name]]``); every wrong item is named."""
    if not isinstance(value, list):
        raise CoregError(key, _("expected a list of tables, got {value}", value=kind_of(value)),
                         _("[[{name}]] tables", name=key.split('.')[-1]))
    if len(value) > limit:
        raise CoregError(key, n_("{n} item", "{n} items", len(value)), at_most(limit))
    problems = Problems()
    for i, item in enumerate(value, 1):
        problems.attempt(as_table, item, f"{key}.{i}")
    problems.raise_any()
    return value


def checked_values(cls: type, table: Mapping[str, Any], key: str, problems: Problems, *, own: str,
                   extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """The declared values of ``table``, each in its canonical type; problems are recorded
    and their keys left out. ``extra`` keys are allowed but left to the caller."""
    decls = {d.name: d for d in declarations(cls)}
    allowed = tuple(decls) + extra
    clean = {}
    for name, value in table.items():
        decl = decls.get(name)
        if decl is None:
            check_keys({name: value}, allowed, key, problems, group=own)
            continue
        try:
            clean[name] = check_value(decl, value, f"{key}.{name}")
            if decl.kind == "text":
                check_text_length(clean[name], f"{key}.{name}", text_limit(own, name))
        except CoregError as e:
            problems.add(e)
    return clean


def declared(cls: type, table: Any, key: str, problems: Problems, *, own: str, start: Any = None,
             values_only: bool = False) -> Any:
    """An instance of ``cls`` from ``table`` (replacing fields of ``start``, if given).

    ``None`` when a problem was recorded, or when only the values were to be checked
    (``values_only``: the object it would merge over could not be built). ``own`` is the
    prefix ``cls`` uses in its own messages (``stressor``), re-rooted at ``key``.
    """
    mark = len(problems)
    checked = problems.attempt(as_table, table, key)
    if checked is None:
        return None
    clean = checked_values(cls, checked, key, problems, own=own)
    if values_only or len(problems) > mark:
        return None
    return made(lambda: dataclasses.replace(start, **clean) if start is not None else cls(**clean), problems,
                own=own, key=key)


def made(make: Callable[[], T], problems: Problems, *, own: str, key: str) -> T | None:
    """``make()``, an object that checks itself; or ``None`` after recording its problems,
    re-rooted from ``own`` (how it names itself) at ``key`` (where it is in the file)."""
    try:
        return make()
    except CoregError as e:
        problems.add(rekey(e, own, key))
        return None


def text_limit(own: str, name: str) -> int:
    """The longest text the field ``name`` of a ``own`` table may hold."""
    default = TEXT_LIMITS["label"] if name in ("variant", "than_variant") else 200
    return TEXT_LIMITS.get(f"{own}.{name}", default)


def rekey(error: CoregError, own: str, key: str) -> CoregError:
    """Re-root problems an object raised about itself (``stressor.x``) at ``key`` (``stressors.2.x``)."""
    def one(e: CoregError) -> CoregError:
        if e.key == own:
            new = key
        elif e.key.startswith(own + "."):
            new = key + e.key[len(own):]
        elif e.key and not e.key.startswith(key):
            new = f"{key}.{e.key}"
        else:
            new = e.key or key
        return CoregError(new, e.problem, e.allowed, e.source)

    return CoregError.several([one(e) for e in error.problems], error.uncounted)
