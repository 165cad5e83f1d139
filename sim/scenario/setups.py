"""Building a :class:`~sim.params.Setup` from the setting tables of a scenario file.

The base is built over the defaults, each ``[[compare]]`` variant over the base (its
``reading`` too), each ``[[schedule]]`` caregiver over its variant's caregiver (a caregiver table
merges key by key; a new policy resets the policy's own keys). Independent tables and
keys each record their problems; a part that failed leaves the setup unbuilt (``None``)
and what would merge over it is checked key by key only, so no problem is reported
twice or made up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.errors import CoregError, Problems
from sim.i18n import _, current
from sim.params import (
    MAX_ACTIONS,
    MAX_STRESSORS,
    CaregiverParams,
    ScheduleEntry,
    ScriptedAction,
    Setup,
    Stressor,
    default_stressors,
)
from sim.declare import check_value
from sim.scenario.checks import join_key
from sim.scenario.limits import MAX_SCHEDULE, READING_KEY, SCHEDULE_KEYS
from sim.scenario.tables import (
    READING_SETTING,
    SETTING_CLASSES,
    as_table,
    as_tables,
    checked_values,
    declared,
    made,
)
from sim.vocabulary import SETTING_GROUPS

#: Groups read as one table of declared settings (the others are built below).
PLAIN_GROUPS = tuple(g for g in SETTING_GROUPS if g not in ("caregiver", "stressors", "schedule"))


def build_setup(data: Mapping[str, Any], prefix: str, base: Setup | None, problems: Problems, *,
                values_only: bool = False) -> Setup | None:
    """A Setup from the group tables in ``data``, merged over ``base`` (or the defaults).

    ``None`` after recording problems, or when only the values were to be checked
    (``values_only``, for a variant whose base could not be built).
    """
    mark = len(problems)
    groups: dict[str, Any] = {}
    if READING_KEY in data:
        groups[READING_KEY] = problems.attempt(check_value, READING_SETTING, data[READING_KEY],
                                               join_key(prefix, READING_KEY))
    elif base is not None:
        groups[READING_KEY] = base.reading
    for name in PLAIN_GROUPS:
        start = getattr(base, name) if base is not None else None
        if name in data:
            groups[name] = declared(SETTING_CLASSES[name], data[name], join_key(prefix, name), problems,
                                    own=name, start=start, values_only=values_only)
        elif start is not None:
            groups[name] = start
    caregiver = base.caregiver if base is not None else CaregiverParams()
    if "caregiver" in data:
        caregiver = build_caregiver(data["caregiver"], join_key(prefix, "caregiver"),
                                    base.caregiver if base is not None else None, problems, values_only=values_only)
    stressors = base.stressors if base is not None else default_stressors()
    if "stressors" in data:
        stressors = _stressors(data["stressors"], join_key(prefix, "stressors"), problems, values_only)
    schedule = base.schedule if base is not None else ()
    if "schedule" in data:
        key = join_key(prefix, "schedule")
        tables = problems.attempt(as_tables, data["schedule"], key, MAX_SCHEDULE) or []
        schedule = tuple(build_schedule_entry(t, f"{key}.{i}", caregiver, problems, values_only=values_only)
                         for i, t in enumerate(tables, 1))
    if values_only or len(problems) > mark:
        return None
    try:
        setup = Setup(caregiver=caregiver, stressors=stressors, schedule=schedule, **groups)
    except CoregError as e:
        problems.add(e.with_prefix(prefix) if prefix else e)
        return None
    check_combinations(setup, prefix, problems)
    return setup if len(problems) == mark else None


def _stressors(value: Any, key: str, problems: Problems, values_only: bool) -> tuple[Stressor | None, ...]:
    tables = problems.attempt(as_tables, value, key, MAX_STRESSORS) or []
    return tuple(declared(Stressor, t, f"{key}.{i}", problems, own="stressor", values_only=values_only)
                 for i, t in enumerate(tables, 1))


def build_caregiver(table: Any, key: str, over: CaregiverParams | None, problems: Problems, *,
                    values_only: bool = False) -> CaregiverParams | None:
    """A caregiver from its table: alone (the policy's defaults for keys left out) or merged over ``over``."""
    mark = len(problems)
    checked = problems.attempt(as_table, table, key)
    if checked is None:
        return None
    clean = checked_values(CaregiverParams, checked, key, problems, own="caregiver", extra=("actions",))
    if "actions" in checked:
        tables = problems.attempt(as_tables, checked["actions"], f"{key}.actions", MAX_ACTIONS) or []
        clean["actions"] = tuple(declared(ScriptedAction, a, f"{key}.actions.{i}", problems, own="action",
                                          values_only=values_only) for i, a in enumerate(tables, 1))
    if values_only or len(problems) > mark:
        return None
    if over is None:
        return made(lambda: CaregiverParams.for_policy(clean.pop("policy", "responsive"), **clean), problems,
                    own="caregiver", key=key)
    return made(lambda: over.merged(clean), problems, own="caregiver", key=key)


def build_schedule_entry(table: dict[str, Any], key: str, caregiver: CaregiverParams | None, problems: Problems,
                         *, values_only: bool = False) -> ScheduleEntry | None:
    """A ``[[schedule]]`` entry (a table, as :func:`as_tables` checked); its caregiver merges over
    ``caregiver`` (``None``: that one failed)."""
    mark = len(problems)
    nights = checked_values(ScheduleEntry, table, key, problems, own="schedule", extra=("caregiver",))
    for name in SCHEDULE_KEYS:
        if name not in table:
            problems.add(CoregError(f"{key}.{name}", _("is required in every [[schedule]] entry"),
                                    _("first_night, last_night and a caregiver table, "
                                      "e.g. caregiver = { policy = \"absent\" }")))
    entry_caregiver = None
    if "caregiver" in table:
        entry_caregiver = build_caregiver(table["caregiver"], f"{key}.caregiver", caregiver, problems,
                                          values_only=values_only or caregiver is None)
    if values_only or caregiver is None or len(problems) > mark:
        return None
    return made(lambda: ScheduleEntry(caregiver=entry_caregiver, **nights), problems, own="schedule", key=key)


def check_combinations(setup: Setup, prefix: str, problems: Problems) -> None:
    """Record settings that are each allowed but together cannot mean what they say."""
    minutes = setup.run.duration_min
    num = current().decimal
    if setup.run.output_step_s > minutes * 60:
        problems.add(CoregError(join_key(prefix, "run.output_step_s"),
                                _("{step} s is longer than the night ({minutes} min)",
                                  step=num(setup.run.output_step_s), minutes=num(minutes)),
                                _("an output step no longer than run.duration_min")))
    for i, s in enumerate(setup.stressors, 1):
        if s.onset_min >= minutes:
            problems.add(CoregError(join_key(prefix, f"stressors.{i}.onset_min"),
                                    _("starts at minute {onset}, when the night ({minutes} min) is over",
                                      onset=num(s.onset_min), minutes=num(minutes)),
                                    _("an onset before run.duration_min = {minutes}", minutes=num(minutes))))
    caregivers = [("caregiver", setup.caregiver)]
    caregivers += [(f"schedule.{i}.caregiver", e.caregiver) for i, e in enumerate(setup.schedule, 1)]
    for key, cg in caregivers:
        if cg.policy == "still_face" and cg.play_min + cg.still_min > minutes:
            problems.add(CoregError(join_key(prefix, f"{key}.still_min"),
                                    _("play ({play} min) and still face ({still} min) do not fit in the night "
                                      "({minutes} min)", play=num(cg.play_min), still=num(cg.still_min),
                                      minutes=num(minutes)),
                                    _("play_min + still_min within run.duration_min")))
        if cg.policy == "scripted" and cg.actions and cg.actions[-1].at_min >= minutes:
            problems.add(CoregError(join_key(prefix, f"{key}.actions.{len(cg.actions)}.at_min"),
                                    _("at minute {at}, when the night ({minutes} min) is over",
                                      at=num(cg.actions[-1].at_min), minutes=num(minutes)),
                                    _("times before run.duration_min = {minutes}", minutes=num(minutes))))
