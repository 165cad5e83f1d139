"""Across nights: the plans, their setups and the nights in words."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from dashboards.text import REPAIR_PLAN, escape, hidden_words, minutes, number, reach_words, reading_label, repair as repair_words, zero_minutes
from sim.i18n import N_, _, current
from sim.params import Setup
from sim.presets import bedtime, repair
from sim.engine.simulate import RunResult
from sim.vocabulary import READING, READINGS

PLANS = {
    N_("Absent every night"): "absent",
    REPAIR_PLAN: "repair",
    N_("Graduated check-ins every night"): "graduated",
    N_("Attuned every night"): "responsive",
}

INTRO = N_(
    "Several bedtimes in a row under one plan. Crying per night and the time to fall asleep are what a "
    "parent sees; the peak stress load and the hidden minutes are what lies under the surface; expectancy "
    "is how strongly the baby still expects its signals to be answered. What lies under the surface is "
    "where the two readings disagree: tick <strong>Show both readings</strong> to see them side by side. "
    "Randomised trials of graduated check-ins found no lasting harm (E2, robust); a hidden cost that "
    "stays after the crying stops rests on one small uncontrolled study (E1, contested)."
)


def intro_html() -> str:
    """The page's introduction (HTML) in the language in force."""
    return current().sentences(_(INTRO), escape(repair_words()))


#: The plan the page opens with.
DEFAULT_PLAN = "absent"
#: How many nights the page shows: (fewest, most, at first).
NIGHTS = (2, 14, 8)


def plan_setup(plan: str, nights: int, baby: Setup | None = None) -> Setup:
    """The documented bedtime, ``nights`` of them, under ``plan``: a policy every night, or the
    repair (absent for five nights, or all but the last when there are fewer, then attuned).

    With ``baby``, that setup's night (its baby, sleep, needs, length, thresholds, assumptions and
    reading) under the plan's caregivers instead of the documented bedtime's.
    """
    if plan == "repair":
        chosen = repair(nights=nights, absent_nights=min(5, nights - 1) if nights > 1 else 1)
    else:
        chosen = bedtime(plan, nights=nights)
    if baby is None:
        return chosen
    return dataclasses.replace(baby, run=dataclasses.replace(baby.run, nights=nights),
                               caregiver=chosen.caregiver, schedule=chosen.schedule)


def plan_label(plan: str) -> str:
    """The plan's name on the page."""
    return _(next(k for k, v in PLANS.items() if v == plan))


def readings_shown(reading: str, both: bool) -> tuple[str, ...]:
    """The reading in force first, and the other one too when both are shown."""
    return (reading, *(r for r in READINGS if r != reading)) if both else (reading,)


def describe(label: str, results: dict[str, RunResult]) -> str:
    """The nights in words: per reading, the behaviour and what lies under the surface; with both
    readings, where they agree and where they differ."""
    num = current().number
    parts = [_("{plan}.", plan=label)]
    for reading, result in results.items():
        first, last = result.nights[0].summary, result.nights[-1].summary
        n = len(result.nights)
        parts.append(_(
            "\u201c{reading}\u201d: crying went from {crying_first} on night 1 to {crying_last} on night {n}; "
            "time to fall asleep from {sleep_first} to {sleep_last}; the peak stress load from {load_first} to "
            "{load_last}; expecting an answer from {expect_first} to {expect_last}.",
            reading=reading_label(reading), n=num(n),
            crying_first=minutes(first["crying_min"], never=zero_minutes()),
            crying_last=minutes(last["crying_min"], never=zero_minutes()),
            sleep_first=minutes(first["time_to_sleep_min"]), sleep_last=minutes(last["time_to_sleep_min"]),
            load_first=num(first["peak_load"], 2), load_last=num(last["peak_load"], 2),
            expect_first=num(first["final_expectancy"], 2), expect_last=num(last["final_expectancy"], 2),
            ))
        parts.append(hidden_words(last, night=n))
    if len(results) > 1:
        n = min(len(r.nights) for r in results.values())
        nights = [res.nights[n - 1].summary for res in results.values()]
        if len(nights) == 2:
            a, b = nights

            def both(key: str, fmt) -> dict[str, str]:
                return {f"{key}_a": fmt(a[key]), f"{key}_b": fmt(b[key])}

            def zero_ok(v):
                return minutes(v, never=zero_minutes())

            parts.append(_(
                "Night {n} side by side, in the order above: crying {crying_min_a} against {crying_min_b}; time "
                "to fall asleep {time_to_sleep_min_a} against {time_to_sleep_min_b}; peak stress load "
                "{peak_load_a} against {peak_load_b}; hidden minutes asleep {hidden_asleep_min_a} against "
                "{hidden_asleep_min_b}, awake {hidden_awake_min_a} against {hidden_awake_min_b}.",
                n=num(n), **both("crying_min", zero_ok), **both("time_to_sleep_min", minutes),
                **both("peak_load", lambda v: num(v, 2)), **both("hidden_asleep_min", zero_ok),
                **both("hidden_awake_min", zero_ok)))
    return current().sentences(*parts)


def night_titles(night: int, policy: str) -> tuple[str, str, str]:
    """The titles of the chosen night's three figures."""
    n = current().number(night)
    return (_("Night {n} ({caregiver}): what you hear", n=n, caregiver=policy),
            _("Night {n}: under the surface", n=n), _("Night {n}: regime", n=n))


def night_note(night: int, reading: str) -> str:
    """Which night is shown in full, and under which reading (HTML)."""
    return "<p>" + _("Night {n} in full, under the reading in force: \u201c{reading}\u201d.",
                     n=current().number(night), reading=escape(reading_label(reading))) + "</p>"


def reach_html(readings: Iterable[str], nights: int) -> str:
    """How far each reading's evidence reaches over ``nights`` nights, a paragraph each."""
    return "".join(f"<p class='reach' data-reading='{r}'>{escape(reach_words(r, nights))}</p>"
                   for r in readings)
