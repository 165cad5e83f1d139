"""Across nights: the plans, their setups and the nights in words."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from dashboards.text import REPAIR, escape, hidden_words, minutes, reach_words
from sim.params import Setup
from sim.presets import bedtime, repair
from sim.engine.simulate import RunResult
from sim.vocabulary import READING, READINGS

PLANS = {
    "Absent every night": "absent",
    "Absent for 5 nights, then attuned (repair)": "repair",
    "Graduated check-ins every night": "graduated",
    "Attuned every night": "responsive",
}

INTRO = (
    "Several bedtimes in a row under one plan. Crying per night and the time to fall asleep are what a "
    "parent sees; the peak stress load and the hidden minutes are what lies under the surface; expectancy "
    "is how strongly the baby still expects its signals to be answered. What lies under the surface is "
    "where the two readings disagree: tick <strong>Show both readings</strong> to see them side by side. "
    "Randomised trials of graduated check-ins found no lasting harm (E2, robust); a hidden cost that "
    "stays after the crying stops rests on one small uncontrolled study (E1, contested). " + escape(REPAIR)
)


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
    return next(k for k, v in PLANS.items() if v == plan)


def readings_shown(reading: str, both: bool) -> tuple[str, ...]:
    """The reading in force first, and the other one too when both are shown."""
    return (reading, *(r for r in READINGS if r != reading)) if both else (reading,)


def describe(label: str, results: dict[str, RunResult]) -> str:
    """The nights in words: per reading, the behaviour and what lies under the surface; with both
    readings, where they agree and where they differ."""
    parts = [f"{label}."]
    for reading, result in results.items():
        first, last = result.nights[0].summary, result.nights[-1].summary
        n = len(result.nights)
        parts.append(
            f"\u201c{READING[reading].label}\u201d: crying went from {minutes(first['crying_min'], never='0 min')} "
            f"on night 1 to {minutes(last['crying_min'], never='0 min')} on night {n}; time to fall asleep from "
            f"{minutes(first['time_to_sleep_min'])} to {minutes(last['time_to_sleep_min'])}; the peak stress load "
            f"from {first['peak_load']:.2f} to {last['peak_load']:.2f}; on night {n} the baby "
            f"{hidden_words(last)}; expecting an answer from {first['final_expectancy']:.2f} to "
            f"{last['final_expectancy']:.2f}."
        )
    if len(results) > 1:
        n = min(len(r.nights) for r in results.values())
        nights = {r: res.nights[n - 1].summary for r, res in results.items()}

        def side_by_side(key: str, fmt) -> str:
            return " against ".join(fmt(s[key]) for s in nights.values())

        parts.append(
            f"Night {n} side by side, in the order above: crying "
            f"{side_by_side('crying_min', lambda v: minutes(v, never='0 min'))}; time to fall asleep "
            f"{side_by_side('time_to_sleep_min', minutes)}; peak stress load "
            f"{side_by_side('peak_load', lambda v: f'{v:.2f}')}; hidden minutes asleep "
            f"{side_by_side('hidden_asleep_min', lambda v: minutes(v, never='0 min'))}, awake "
            f"{side_by_side('hidden_awake_min', lambda v: minutes(v, never='0 min'))}."
        )
    return " ".join(parts)


def night_titles(night: int, policy: str) -> tuple[str, str, str]:
    """The titles of the chosen night's three figures."""
    return (f"Night {night} ({policy}): what you hear", f"Night {night}: under the surface",
            f"Night {night}: regime")


def night_note(night: int, reading: str) -> str:
    """Which night is shown in full, and under which reading (HTML)."""
    return (f"<p>Night {night} in full, under the reading in force: "
            f"\u201c{escape(READING[reading].label)}\u201d.</p>")


def reach_html(readings: Iterable[str], nights: int) -> str:
    """How far each reading's evidence reaches over ``nights`` nights, a paragraph each."""
    return "".join(f"<p class='reach' data-reading='{r}'>{escape(reach_words(r, nights))}</p>"
                   for r in readings)
