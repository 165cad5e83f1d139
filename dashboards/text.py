"""The app's words: numbers in plain language, and the labels it takes from :mod:`sim.vocabulary`.

Policy, metric and regime labels and the caveat are declared once in ``sim.vocabulary``
(the command line says the same words); this module only formats values and writes the
few sentences the app adds for people who would rather read than look.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from sim.evidence import EVIDENCE, Evidence, status_word
from sim.i18n import N_, _, current, n_
from sim.printable import shown
from sim.reach import REACH
from sim.vocabulary import (
    ASLEEP_AT,
    METRICS,
    POLICY_LABEL,
    READING,
    caveat,
    metric_heading,
    policy_label,
    reading_label,
    regime_label,
)

__all__ = [
    "HIDDEN_SPLIT",
    "ONE_NIGHT",
    "POLICY_LABEL",
    "ASLEEP_AT",
    "caveat",
    "escape",
    "headline_text",
    "hidden_moment_words",
    "hidden_words",
    "metric_heading",
    "metric_label",
    "minutes",
    "number",
    "number_text",
    "numbers_html",
    "plain_numbers",
    "policy_label",
    "reach_words",
    "reading_choice",
    "reading_evidence",
    "reading_label",
    "reading_note_html",
    "scroll_box",
    "regime_label",
    "repair",
    "REPAIR_PLAN",
    "repair_plan",
    "status_word",
    "with_hidden_split",
]


# ---- the model's words, as the page shows them (declared in English and marked in sim; the helpers
# that translate them where shown are sim's own: caveat, policy_label, regime_label, reading_label,
# metric_heading, status_word) -------------------------------------------------------------------


def metric_label(key: str) -> str:
    """A metric's label (``Crying``) in the language in force."""
    return METRICS[key].shown_label


#: The documented repair as the Across nights page names it: one whole message (a policy's label
#: inserted into it would stay capitalised mid-sentence); its night count is ``sim.presets.REPAIR_ABSENT_NIGHTS``
#: (``tests/app/test_polish.py`` checks they agree).
REPAIR_PLAN = N_("Absent for 5 nights, then attuned (repair)")


def repair_plan() -> str:
    """The documented repair in words: how the Across nights page offers it."""
    return _(REPAIR_PLAN)


def repair() -> str:
    """Repair is always part of the story (said on the pages that show a caregiver who is absent)."""
    return _("Repair is always part of the story: every caregiver misses cues, and a baby's expectation of "
             "being answered can be rebuilt (see Across nights, \u201c{plan}\u201d).", plan=repair_plan())


def number(value: float, digits: int = 0) -> str:
    """``value`` in the reader's number format."""
    return current().number(value, digits)


def minutes(value: float | None, *, never: str | None = None) -> str:
    """A duration in minutes as people say it: ``45 s``, ``3.5 min``, ``12 min`` (``never``, by
    default the word "never", when it never came)."""
    if value is None:
        return _("never") if never is None else never
    if value < 1:
        return _("{seconds} s", seconds=number(value * 60))
    if value < 10:
        return _("{minutes} min", minutes=number(value, 1))
    return _("{minutes} min", minutes=number(value))


def zero_minutes() -> str:
    """What a duration that never happened reads as (``0 min``)."""
    return _("{minutes} min", minutes=number(0))


def number_text(value: Any) -> str:
    """A table cell: a dash where a value does not exist, two decimals for small numbers."""
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return number(value, 2) if abs(value) < 10 else number(value, 1)
    if isinstance(value, int):
        return number(value)
    return str(value)


def headline_text(key: str, value: float | None, duration_min: float) -> str:
    """One of the headline numbers of a night (``HEADLINE_METRICS``) as words."""
    if key == "time_to_settle_min" and value is None:
        return _("not within {minutes} min", minutes=number(duration_min))
    if METRICS[key].unit == "min":
        return minutes(value, never=zero_minutes())
    return number_text(value)


def plain_numbers(summary: Mapping[str, Any], duration_min: float) -> list[str]:
    """A night in three or four short sentences, for people who would rather read."""
    tts = summary.get("time_to_settle_min")
    settle = (
        _("It settled after {time}.", time=minutes(tts))
        if tts is not None
        else _("It did not settle within the {minutes}-minute night.", minutes=number(duration_min))
    )
    return [
        hidden_words(summary),
        settle,
        _("Its hidden stress load peaked at {load}.", load=number(summary["peak_load"], 2)),
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


def hidden_words(summary: Mapping[str, Any], night: int | None = None) -> str:
    """The hidden minutes of a night and what they were, as one sentence about the baby: a sleeping
    baby whose slow stress load had not yet come down, or a baby awake, quiet and still aroused.

    Most hidden minutes of a bedtime are the first kind; said plainly, nobody reads them as a
    baby lying silently in distress. With ``night``, the sentence says which night (``On night 8, the
    baby ...``: one whole message, never a sentence glued after ``On night 8:``).
    """
    total = summary.get("quiet_dysregulated_min") or 0.0
    asleep = summary.get("hidden_asleep_min") or 0.0
    awake = summary.get("hidden_awake_min") or 0.0
    some_asleep, some_awake = asleep >= 0.5 / 60.0, awake >= 0.5 / 60.0
    case = ("never" if total < 0.5 / 60.0 else "both" if some_asleep and some_awake
            else "asleep" if some_asleep else "awake")
    sentences = _HIDDEN_WORDS if night is None else _NIGHT_HIDDEN_WORDS
    return _(sentences[case], n=None if night is None else current().number(night), total=minutes(total),
             asleep=minutes(asleep), awake=minutes(awake))


#: :func:`hidden_words`' sentences, by what the hidden minutes were (whole messages each).
_HIDDEN_WORDS = {
    "never": N_("The baby was never quiet but dysregulated."),
    "both": N_("The baby was quiet but dysregulated for {total}: {asleep} asleep while the slow stress load "
               "was still high (a sleeping baby, not one lying awake in distress) and {awake} awake, quiet "
               "and still aroused."),
    "asleep": N_("The baby was quiet but dysregulated for {total}: {asleep} asleep while the slow stress load "
                 "was still high (a sleeping baby, not one lying awake in distress)."),
    "awake": N_("The baby was quiet but dysregulated for {total}: {awake} awake, quiet and still aroused."),
}
#: The same sentences about night ``{n}``.
_NIGHT_HIDDEN_WORDS = {
    "never": N_("On night {n}, the baby was never quiet but dysregulated."),
    "both": N_("On night {n}, the baby was quiet but dysregulated for {total}: {asleep} asleep while the slow "
               "stress load was still high (a sleeping baby, not one lying awake in distress) and {awake} "
               "awake, quiet and still aroused."),
    "asleep": N_("On night {n}, the baby was quiet but dysregulated for {total}: {asleep} asleep while the slow "
                 "stress load was still high (a sleeping baby, not one lying awake in distress)."),
    "awake": N_("On night {n}, the baby was quiet but dysregulated for {total}: {awake} awake, quiet and still "
                "aroused."),
}


def hidden_moment_words(asleep: float) -> str:
    """What a hidden second is, in words: a sleeping baby whose slow load is still high, or a baby
    awake, quiet and still aroused (``asleep``: the sleep state, 0..1)."""
    if asleep >= ASLEEP_AT:
        return _("asleep, with the slow stress load still high: a sleeping baby whose stress has not yet "
                 "come down, not a baby lying awake in distress")
    return _("awake, quiet but still aroused underneath: stirred up without crying")


# ---- the reading in force ---------------------------------------------------------------------

#: Said on pages whose runs last one night (the readings differ in what carries between nights;
#: ``tests/app/test_text.py`` checks that this stays true of the model).
ONE_NIGHT = N_("On a single night both readings give the same result: they differ only in what one "
             "night leaves for the next (see Across nights).")


def reading_evidence(name: str) -> Evidence:
    """The evidence a reading rests on (its status and qualifier from the registry)."""
    return EVIDENCE[READING[name].evidence]


def reading_choice(name: str) -> str:
    """A reading as a choice on the switch: its label and evidence label, e.g.
    ``The crying stops, the stress stays (contested, E1)``."""
    ev = reading_evidence(name)
    return _("{reading} ({status}, {key})", reading=reading_label(name), status=status_word(ev.status), key=ev.key)


def reading_note_html(name: str, remark: str = "") -> str:
    """Which reading is in force, what it assumes and how sure its evidence is (and ``remark``)."""
    reading, ev = READING[name], reading_evidence(name)
    badge = f"<span class='badge status-{escape(ev.status)}'>{escape(status_word(ev.status))}</span>"
    text = _("<strong>Reading in force:</strong> \u201c{reading}\u201d \u2014 rests on {key}, {status}: "
             "{qualifier}. It assumes that {assumption}.", reading=escape(reading_label(name)), key=escape(ev.key),
             status=badge, qualifier=escape(_(ev.qualifier)), assumption=escape(_(reading.help)))
    return f"<p class='reading-note' data-reading='{escape(name)}'>{current().sentences(text, escape(remark))}</p>"


def reach_words(name: str, nights: int) -> str:
    """How far the reading's evidence reaches, and whether the nights shown go beyond it."""
    reach, label = REACH[name], reading_label(name)
    last = reach.last_measured_night
    measured = _(reach.measured)
    if last is None:
        return n_("\u201c{reading}\u201d: {measured}; the {n} night shown lies within what they studied.",
                  "\u201c{reading}\u201d: {measured}; the {n} nights shown lie within what they studied.",
                  nights, reading=label, measured=measured)
    if nights <= last:
        return n_("\u201c{reading}\u201d: {measured}; the {n} night shown does not go beyond it.",
                  "\u201c{reading}\u201d: {measured}; the {n} nights shown do not go beyond it.",
                  nights, reading=label, measured=measured)
    return _("\u201c{reading}\u201d: {measured}. After night {last} (the shaded band, \u201cbeyond what was "
             "measured\u201d) what this reading shows under the surface is the model's extrapolation, not a "
             "measurement.", reading=label, measured=measured, last=number(last))


def numbers_html(summary: Mapping[str, Any], duration_min: float, keys: tuple[str, ...]) -> str:
    """A night's numbers as a short list of label and value."""
    items = "".join(
        f"<div class='num'><span class='k'>{escape(metric_label(k))}</span> "
        f"<strong class='v'>{escape(headline_text(k, summary.get(k), duration_min))}</strong></div>"
        for k in keys
    )
    return f"<div class='numbers'>{items}</div>"


def scroll_box(table: str, name: str) -> str:
    """A wide table in a box that scrolls sideways on a phone (focusable from the keyboard when it
    does: the shell's script gives it ``tabindex``), named for screen readers by ``name``. Its cells
    never break a word in the middle to fit: keys, badges and numbers (class ``nowrap``) stay whole."""
    return f"<div class='table-scroll' role='region' aria-label='{escape(name)}'>{table}</div>"


def escape(text: str) -> str:
    """``text`` for HTML: markup escaped, and every character that cannot be shown written as its
    escape (line breaks ``\n`` kept: the text of a scenario may come from anyone's file)."""
    return html.escape(shown(text), quote=True)
