"""The app's words: numbers in plain language, and the labels it takes from :mod:`sim.vocabulary`.

Policy, metric and regime labels and the caveat are declared once in ``sim.vocabulary``
(the command line says the same words); this module only formats values and writes the
few sentences the app adds for people who would rather read than look.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from sim.evidence import EVIDENCE, Evidence
from sim.presets import REPAIR_ABSENT_NIGHTS
from sim.printable import shown
from sim.reach import REACH
from sim.vocabulary import ASLEEP_AT, METRICS, POLICY_LABEL, READING, metric_heading

__all__ = [
    "HIDDEN_SPLIT",
    "ONE_NIGHT",
    "POLICY_LABEL",
    "REPAIR",
    "REPAIR_PLAN",
    "escape",
    "headline_text",
    "ASLEEP_AT",
    "hidden_moment_words",
    "hidden_words",
    "metric_heading",
    "minutes",
    "number_text",
    "numbers_html",
    "plain_numbers",
    "reach_words",
    "reading_choice",
    "reading_evidence",
    "reading_note_html",
    "with_hidden_split",
]

#: The documented repair in words: how the Across nights page offers it.
REPAIR_PLAN = (f"{POLICY_LABEL['absent']} for {REPAIR_ABSENT_NIGHTS} nights, "
               f"then {POLICY_LABEL['responsive'].lower()}")
REPAIR = (
    "Repair is always part of the story: every caregiver misses cues, and a baby's "
    "expectation of being answered can be rebuilt (see Across nights, "
    f"\u201c{REPAIR_PLAN[0].lower()}{REPAIR_PLAN[1:]}\u201d)."
)


def minutes(value: float | None, *, never: str = "never") -> str:
    """A duration in minutes as people say it: ``45 s``, ``3.5 min``, ``12 min``."""
    if value is None:
        return never
    if value < 1:
        return f"{value * 60:.0f} s"
    if value < 10:
        return f"{value:.1f} min"
    return f"{value:.0f} min"


def number_text(value: Any) -> str:
    """A table cell: a dash where a value does not exist, two decimals for small numbers."""
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def headline_text(key: str, value: float | None, duration_min: float) -> str:
    """One of the headline numbers of a night (``HEADLINE_METRICS``) as words."""
    if key == "time_to_settle_min" and value is None:
        return f"not within {duration_min:g} min"
    if METRICS[key].unit == "min":
        return minutes(value, never="0 min")
    return number_text(value)


def plain_numbers(summary: Mapping[str, Any], duration_min: float) -> list[str]:
    """Three or four short sentences about one night, for people who would rather read."""
    tts = summary.get("time_to_settle_min")
    settle = (
        f"settled after {minutes(tts)}"
        if tts is not None
        else f"did not settle within the {duration_min:g}-min night"
    )
    return [
        f"cried for {minutes(summary['crying_min'], never='0 min')}",
        hidden_words(summary),
        settle,
        f"hidden stress load peaked at {summary['peak_load']:.2f}",
    ]


# ---- what is hidden ---------------------------------------------------------------------------

#: The two parts of the hidden minutes (``quiet_dysregulated_min``): asleep with the slow load
#: still high, and awake, quiet and still aroused.
HIDDEN_SPLIT = ("hidden_asleep_min", "hidden_awake_min")


def with_hidden_split(keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` with the two parts of the hidden minutes right after ``quiet_dysregulated_min``."""
    out: list[str] = []
    for key in keys:
        if key not in HIDDEN_SPLIT:
            out.append(key)
        if key == "quiet_dysregulated_min":
            out.extend(HIDDEN_SPLIT)
    return tuple(out)


def hidden_words(summary: Mapping[str, Any]) -> str:
    """The hidden minutes of a night and what they were: a sleeping baby whose slow stress load
    had not yet come down, or a baby awake, quiet and still aroused.

    Most hidden minutes of a bedtime are the first kind; said plainly, nobody reads them as a
    baby lying silently in distress.
    """
    total = summary.get("quiet_dysregulated_min") or 0.0
    if total < 0.5 / 60.0:
        return "was never quiet but dysregulated"
    asleep = summary.get("hidden_asleep_min") or 0.0
    awake = summary.get("hidden_awake_min") or 0.0
    parts = []
    if asleep >= 0.5 / 60.0:
        parts.append(f"{minutes(asleep)} asleep while the slow stress load was still high "
                     "(a sleeping baby, not one lying awake in distress)")
    if awake >= 0.5 / 60.0:
        parts.append(f"{minutes(awake)} awake, quiet and still aroused")
    return f"was quiet but dysregulated for {minutes(total)}: " + " and ".join(parts)


def hidden_moment_words(asleep: float) -> str:
    """What a hidden second is, in words: a sleeping baby whose slow load is still high, or a baby
    awake, quiet and still aroused (``asleep``: the sleep state, 0..1)."""
    if asleep >= ASLEEP_AT:
        return ("asleep, with the slow stress load still high: a sleeping baby whose stress has not yet "
                "come down, not a baby lying awake in distress")
    return "awake, quiet but still aroused underneath: stirred up without crying"


# ---- the reading in force ---------------------------------------------------------------------

#: Said on pages whose runs last one night (the readings differ in what carries between nights;
#: ``tests/app/test_text.py`` checks that this stays true of the model).
ONE_NIGHT = ("On a single night both readings give the same result: they differ only in what one "
             "night leaves for the next (see Across nights).")


def reading_evidence(name: str) -> Evidence:
    """The evidence a reading rests on (its status and qualifier from the registry)."""
    return EVIDENCE[READING[name].evidence]


def reading_choice(name: str) -> str:
    """A reading as a choice on the switch: its label and evidence label, e.g.
    ``The crying stops, the stress stays (contested, E1)``."""
    ev = reading_evidence(name)
    return f"{READING[name].label} ({ev.status}, {ev.key})"


def reading_note_html(name: str, remark: str = "") -> str:
    """Which reading is in force, what it assumes and how sure its evidence is (and ``remark``)."""
    reading, ev = READING[name], reading_evidence(name)
    extra = f" {escape(remark)}" if remark else ""
    return (
        f"<p class='reading-note' data-reading='{escape(name)}'><strong>Reading in force:</strong> "
        f"\u201c{escape(reading.label)}\u201d \u2014 rests on {escape(ev.key)}, <span class='badge "
        f"status-{escape(ev.status)}'>{escape(ev.status)}</span>: {escape(ev.qualifier)}. "
        f"It assumes that {escape(reading.help)}.{extra}</p>"
    )


def reach_words(name: str, nights: int) -> str:
    """How far the reading's evidence reaches, and whether the nights shown go beyond it."""
    reach, label = REACH[name], READING[name].label
    last = reach.last_measured_night
    if last is None:
        return f"\u201c{label}\u201d: {reach.measured}; the {nights} nights shown lie within what they studied."
    if nights <= last:
        return f"\u201c{label}\u201d: {reach.measured}; the {nights} nights shown do not go beyond it."
    return (
        f"\u201c{label}\u201d: {reach.measured}. After night {last} (the shaded band, \u201cbeyond what "
        "was measured\u201d) what this reading shows under the surface is the model's extrapolation, "
        "not a measurement."
    )


def numbers_html(summary: Mapping[str, Any], duration_min: float, keys: tuple[str, ...]) -> str:
    """A night's numbers as a short list of label and value."""
    items = "".join(
        f"<div class='num'><span class='k'>{escape(METRICS[k].label)}</span> "
        f"<strong class='v'>{escape(headline_text(k, summary.get(k), duration_min))}</strong></div>"
        for k in keys
    )
    return f"<div class='numbers'>{items}</div>"


def escape(text: str) -> str:
    """``text`` for HTML: markup escaped, and every character that cannot be shown written as its
    escape (line breaks ``\n`` kept: the text of a scenario may come from anyone's file)."""
    return html.escape(shown(text), quote=True)
