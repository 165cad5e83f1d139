"""Compare responses: the three caregivers' setups, column titles, numbers and words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboards import library
from dashboards.text import (
    ONE_NIGHT,
    escape,
    headline_text,
    metric_label,
    minutes,
    number,
    plain_numbers,
    policy_label,
    repair,
    scroll_box,
    with_hidden_split,
    zero_minutes,
)
from sim.i18n import N_, _, current
from sim.declare import declaration
from sim.params import CaregiverParams, InfantParams, Setup
from sim.scenario import Scenario
from sim.engine.simulate import RunResult
from sim.vocabulary import HEADLINE_METRICS

COLUMNS = ("responsive", "delayed", "absent")
#: The numbers under the columns: the headline numbers, the hidden minutes with their two parts.
SHOWN_METRICS = with_hidden_split(HEADLINE_METRICS)

INTRO = N_(
    "One baby at bedtime, fed and tired, put down alone; three practices real families use, side by "
    "side: a caregiver who answers and stays, one who answers after a wait, and one who does not return "
    "until morning. The top plot of each column is "
    "<strong>what you hear</strong> (crying); the middle plot is <strong>what you cannot see</strong>: "
    "arousal and a slow, cortisol-like stress load. Grey shading: the caregiver is with the baby. "
    "The band underneath names the regime. Move a slider and let go: all three columns update, and the "
    "numbers below them too."
)


def intro_html() -> str:
    """The page's introduction (HTML) in the language in force."""
    return current().sentences(_(INTRO), escape(repair()))


@dataclass(frozen=True)
class Slider:
    """One of the page's sliders: its label, bounds and step, and its value in words."""

    label: str
    lo: float
    hi: float
    step: float
    #: ``"seconds shown in minutes"``: the value (bounds, step) is in seconds, the slider shows minutes.
    unit: str = ""

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    def shown(self, value: float) -> float:
        """The value as the slider shows it (minutes for a value kept in seconds)."""
        return value / 60.0 if self.unit == "seconds shown in minutes" else value

    def words(self, value: float) -> str:
        """The value as a screen reader says it: ``5 minutes``."""
        value = self.shown(value)
        shown = number(value, 0 if float(value).is_integer() else (1 if round(value, 1) == value else 2))
        return _("{value} minutes", value=shown) if self.unit == "seconds shown in minutes" else shown


def declared_bounds(cls: type, name: str) -> tuple[float, float]:
    """A model setting's declared (lower, upper) bounds, for a slider of the same setting."""
    decl = declaration(cls, name)
    return (decl.lo, decl.hi)


#: The three sliders (each applies to all three columns); bounds from the model's declarations.
SLIDERS = {
    # the model's wait is in seconds (``latency_s``), and so is the page's: only the slider shows minutes
    "latency_s": Slider(N_("Delayed caregiver's wait (minutes)"), 30.0,
                        min(1800.0, declared_bounds(CaregiverParams, "latency_s")[1]), 30.0, "seconds shown in minutes"),
    "reactivity": Slider(N_("Baby's reactivity (1 = typical)"),
                         *declared_bounds(InfantParams, "reactivity"), 0.1),
    "stress": Slider(N_("Caregivers' own stress (0 = calm, 1 = very stressed)"),
                     *declared_bounds(CaregiverParams, "stress"), 0.05),
}


def bases(scenario: Scenario | None = None) -> dict[str, Setup]:
    """One setup per column for the same baby and stressor (the default scenario's unless given)."""
    return library.compare_setups(COLUMNS, scenario)


def slider_start(columns: Mapping[str, Setup]) -> dict[str, float]:
    """Where the sliders start: the delayed column's wait (in seconds, to the half minute), the baby's
    reactivity and the caregiver's stress of the first column."""
    first = columns[COLUMNS[0]]
    return {
        "latency_s": round(columns["delayed"].caregiver.latency_s / 30.0) * 30.0,
        "reactivity": first.infant.reactivity,
        "stress": first.caregiver.stress,
    }


def reading_remark(columns: Mapping[str, Setup]) -> str:
    """What the page adds to the reading note: with one night, the readings agree."""
    return _(ONE_NIGHT) if all(s.run.nights == 1 for s in columns.values()) else ""


def column_setups(
    bases: dict[str, Setup], latency_s: float, reactivity: float, stress: float, reading: str
) -> dict[str, Setup]:
    """The three caregivers for the same baby and stressor, with the sliders and the reading applied."""
    out = {}
    for policy in COLUMNS:
        given: dict = {"stress": stress}
        if policy == "delayed":
            given["latency_s"] = latency_s
        out[policy] = bases[policy].with_values(
            infant={"reactivity": reactivity}, caregiver=given, reading=reading
        )
    return out


def column_title(policy: str, setup: Setup) -> str:
    if policy == "responsive":
        return _("{attuned} (answers after ~{seconds} s)", attuned=policy_label("responsive"),
                 seconds=number(setup.caregiver.latency_s))
    if policy == "delayed":
        return _("{delayed} (waits {time})", delayed=policy_label("delayed"),
                 time=minutes(setup.caregiver.latency_s / 60.0))
    return _("{absent} (no answer tonight)", absent=policy_label("absent"))


#: Each column's first sentence, one whole message per caregiver (a label inserted into a sentence
#: would stay capitalised in it).
CRIED = {
    "responsive": N_("Attuned caregiver: the baby cried for {time}."),
    "delayed": N_("Delayed caregiver: the baby cried for {time}."),
    "absent": N_("Absent caregiver: the baby cried for {time}."),
}


def column_sentence(policy: str, summary: Mapping[str, Any], duration: float) -> str:
    """One column's night in words: ``Attuned caregiver: the baby cried for ...``."""
    time = minutes(summary["crying_min"], never=zero_minutes())
    first = (_(CRIED[policy], time=time) if policy in CRIED
             else _("Caregiver who is \u201c{policy}\u201d: the baby cried for {time}.", policy=policy_label(policy),
                    time=time))
    return current().sentences(first, *plain_numbers(summary, duration))


def describe(results: dict[str, RunResult], duration: float) -> str:
    return current().sentences(*(column_sentence(p, r.nights[0].summary, duration) for p, r in results.items()))


def results_html(results: dict[str, RunResult], duration: float) -> str:
    """The plain-language numbers of the three columns (a table) and the same in words.

    One piece of HTML on purpose: every separate text change costs the browser a layout
    pass, and this is what keeps a slider release quick. The table is hidden from screen
    readers, which read the sentence (the live summary) instead.
    """
    head = "".join(f"<th scope='col'>{escape(column_title(p, r.setup))}</th>" for p, r in results.items())
    rows = []
    for key in SHOWN_METRICS:
        cells = []
        for p, r in results.items():
            v = r.nights[0].summary[key]
            cells.append(
                f"<td class='nowrap' data-policy='{p}' data-metric='{key}' data-value='{'' if v is None else v}'>"
                f"<strong>{escape(headline_text(key, v, duration))}</strong></td>"
            )
        part = " class='hidden-part'" if key in SHOWN_METRICS and key not in HEADLINE_METRICS else ""
        rows.append(f"<tr{part}><th scope='row'>{escape(metric_label(key))}</th>{''.join(cells)}</tr>")
    table = scroll_box(
        "<table class='coreg compare-numbers' aria-hidden='true'><thead><tr>"
        f"<th scope='col'>" + escape(_('Measure')) + f"</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>", _("Result in numbers"))
    return (
        f"{table}<p class='live'>" + _("<strong>Result in words:</strong> {said}", said=escape(describe(results, duration)))
        + "</p>"
    )
