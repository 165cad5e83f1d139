"""Lesson mode: a scenario's steps, its variants under the reading, and its evidence in words."""

from __future__ import annotations

import html

from dashboards.text import ONE_NIGHT, escape, status_word
from sim.i18n import N_, _, current
from sim.evidence import EVIDENCE
from sim.printable import shown
from sim.scenario import LessonStep, Scenario, scenario_texts

INTRO = N_(
    "Step through a scenario at the pace of the room: each step's text sits next to the live plot, and "
    "the column it talks about is outlined. Use <strong>Next</strong> and <strong>Back</strong> (or Tab to "
    "the buttons and press Enter)."
)

HIGHLIGHT = {"border": "4px solid #0072B2", "border-radius": "6px", "padding": "4px"}
PLAIN = {"border": "4px solid transparent", "padding": "4px"}


def evidence_html(keys) -> str:
    items = []
    for k in keys:
        e = EVIDENCE.get(k)
        if e is None:
            items.append(f"<li>{escape(k)}</li>")
            continue
        items.append(
            f"<li><strong>{escape(k)}</strong> <span class='badge status-{escape(e.status)}'>"
            f"{escape(status_word(e.status))}</span> {escape(_(e.qualifier))} \u2014 <cite translate='no'>{escape(e.citation)}</cite></li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else f"<p>" + escape(_('No evidence keys: illustrative.')) + f"</p>"


def steps_of(scenario: Scenario) -> tuple[LessonStep, ...]:
    """The scenario's lesson steps in the language in force (:func:`sim.scenario.scenario_texts`); a
    scenario with no goal, notes or questions is one step of its summary."""
    texts = scenario_texts(scenario)
    return texts.lesson or (LessonStep(title=texts.title, text=texts.summary),)


def own_readings(scenario: Scenario) -> bool:
    """Whether the scenario's variants differ in reading among themselves (a lesson about the
    disagreement): then each keeps its own."""
    return len({s.reading for s in scenario.setups().values()}) > 1


def lesson_setups(scenario: Scenario, reading: str) -> dict:
    """The scenario's variants under the page's reading, unless they keep their own (:func:`own_readings`)."""
    setups = scenario.setups()
    if own_readings(scenario):
        return setups
    return {k: s.with_values(reading=reading) for k, s in setups.items()}


#: The reading note's remark on a lesson whose variants each name their own reading.
OWN_READINGS = N_("This lesson's variants each name their own reading (shown above each column): the "
                "switch applies to the other lessons.")


def reading_remark(own_readings: bool, one_night: bool) -> str:
    """What the page adds to the reading note."""
    if own_readings:
        return _(OWN_READINGS)
    return _(ONE_NIGHT) if one_night else ""


def column_heading(label: str, reading_label: str | None) -> str:
    """A variant's heading above its column (with its own reading, when the variants differ in it)."""
    own = f" \u2014 \u201c{escape(reading_label)}\u201d" if reading_label else ""
    return f"<h3 style='margin:0.2em 0'>{escape(label)}{own}</h3>"


def counter_html(k: int, n: int) -> str:
    """Where the lesson is: ``Step 2 of 5`` (``k`` = 0 is the first)."""
    num = current().number
    words = escape(_("Step {k} of {n}", k=num(k + 1), n=num(n)))
    return f"<p data-step='{k + 1}' data-steps='{n}'><strong>{words}</strong></p>"


def step_title_html(step: LessonStep, shown_label=None) -> str:
    """A step's heading, and which column it talks about (if one; ``shown_label`` gives a variant's shown
    label, :meth:`sim.scenario.ScenarioTexts.label`)."""
    variant = (shown_label or str)(step.variant) if step.variant else ""
    look = _("Look at the <strong>{variant}</strong> column.", variant=escape(variant)) if variant else ""
    return f"<h2 style='margin:0.2em 0'>{escape(step.title)}</h2>" + (f"<p>{look}</p>" if look else "")


def step_markdown(step: LessonStep) -> str:
    """A step's text as Markdown to render: notes are written by instructors, shown escaped (no raw
    HTML, every character that cannot be shown written as its escape)."""
    return html.escape(shown(step.text), quote=False)


def step_words(step: LessonStep, k: int, n: int, shown_label=None) -> str:
    """Step ``k`` (0 = the first) of ``n`` in words: the live summary (``shown_label`` as in
    :func:`step_title_html`)."""
    num = current().number
    words = _("Step {k} of {n}: {title}. {text}", k=num(k + 1), n=num(n), title=step.title, text=shown(step.text))
    if step.variant:
        words = current().sentences(words, _("Look at the \u201c{variant}\u201d column.", variant=(shown_label or str)(step.variant)))
    return words
