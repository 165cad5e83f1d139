"""Lesson mode in one file: a scenario's steps with next and back, beside its variants.

Every step is written into the file (only the one shown is visible); the variants are run
under each reading (once, when they name their own readings), so the reading switch moves
among nights computed here.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from dashboards import figures
from dashboards.lessonfile.document import Origin, choice_blocks, lesson_page, reading_switch
from dashboards.lessonfile.slots import FILL_JS, Slots, view_models
from dashboards.pages import PAGE
from dashboards.pagemodel.lesson import (
    INTRO,
    column_heading,
    counter_html,
    lesson_setups,
    own_readings,
    reading_remark,
    step_markdown,
    step_title_html,
    step_words,
    steps_of,
)
from dashboards.text import escape, numbers_html, reading_label, with_hidden_split
from sim.i18n import _
from sim.budget import check_runs
from sim.scenario import Scenario, scenario_texts
from sim.engine.simulate import simulate
from sim.vocabulary import HEADLINE_METRICS, READINGS

#: Renders a step's text as the app's Markdown pane does; raw HTML is not allowed (escaped).
MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")

SCRIPT = FILL_JS + """
const said = document.querySelector(".lf-said"), columns = [...document.querySelectorAll(".lf-variant")];
let step = data.start;
function showStep() {
  showChoice("step", String(step));
  const back = el("ctl-back"), next = el("ctl-next"), focused = document.activeElement;
  back.disabled = step === 0;
  next.disabled = step === data.steps.length - 1;
  if (focused === back && back.disabled) next.focus();
  if (focused === next && next.disabled) back.focus();
  columns.forEach((col, i) => {
    col.classList.toggle("lf-highlight", data.labels[i] === data.steps[step].variant);
  });
  said.textContent = data.steps[step].words;
}
function showReading() {
  const rd = reading(), set = data.own ? data.readings[0] : rd;
  showChoice("reading", rd);
  showChoice("numbers", set);
  data.slots[set].forEach((k, i) => fill(views[i], k));
}
function move(by) {
  step = Math.max(0, Math.min(data.steps.length - 1, step + by));
  showStep();
}
el("ctl-back").addEventListener("click", () => move(-1));
el("ctl-next").addEventListener("click", () => move(1));
document.querySelectorAll("input[name=reading]").forEach(r => r.addEventListener("change", showReading));
showReading();
showStep();
"""


def step_html(text_markdown: str) -> str:
    """A step's text (already escaped, :func:`~dashboards.pagemodel.lesson.step_markdown`) as HTML."""
    return MARKDOWN.render(text_markdown)


def lesson_file(scenario: Scenario, origin: Origin, *, reading: str, step: int = 0) -> str:
    """Lesson mode for ``scenario`` as one file, opening on ``step`` (0 = the first) and ``reading``."""
    runs = {}
    own = own_readings(scenario)
    for r in READINGS:
        setups = lesson_setups(scenario, r)
        check_runs(setups.values())
        runs[r] = {label: simulate(s) for label, s in setups.items()}
        if own:  # the variants keep their own readings: the switch changes nothing here
            break
    sets = list(runs)
    first = runs[sets[0]]
    labels = list(first)
    duration = max(res.setup.run.duration_min for res in first.values())
    one_night = all(res.setup.run.nights == 1 for res in first.values())
    slots = Slots()
    slot_sets = {}
    for r, results in runs.items():
        slot_sets[r] = []
        for res in results.values():
            reg = res.setup.regimes
            slot_sets[r].append(slots.add(res.nights[-1], (reg.crying, reg.arousal, reg.load)))
    xr, yr = figures.shared_ranges(duration)
    texts = scenario_texts(scenario)
    views = [figures.run_view(texts.label(label), x_range=xr, y_range=yr, legend=(i == 0), duration_min=duration)
             for i, label in enumerate(labels)]
    steps = steps_of(scenario)
    step = min(max(step, 0), len(steps) - 1)
    keys = with_hidden_split(HEADLINE_METRICS)
    opening_set = sets[0] if own else reading

    step_blocks = choice_blocks("step", {
        str(k): counter_html(k, len(steps)) + step_title_html(s, texts.label)
        + f"<div class='step-text'>{step_html(step_markdown(s))}</div>"
        for k, s in enumerate(steps)
    }, str(step))
    steps_panel = (
        "<div class='lf-steps'>" + step_blocks +
        "<div class='lf-buttons'><button type='button' id='ctl-back'>" + escape(_("\u2190 Back")) + "</button>"
        "<button type='button' id='ctl-next' class='lf-primary'>" + escape(_("Next \u2192")) + "</button></div></div>"
    )
    columns = []
    for i, label in enumerate(labels):
        own_label = reading_label(first[label].setup.reading) if own else None
        numbers = choice_blocks("numbers", {
            r: numbers_html(runs[r][label].nights[-1].summary, runs[r][label].setup.run.duration_min, keys)
            for r in sets
        }, opening_set)
        highlight = " lf-highlight" if steps[step].variant == label else ""
        columns += [f"<div class='lf-variant{highlight}'>{column_heading(texts.label(label), own_label)}",
                    views[i].layout(), f"{numbers}</div>"]
    said = f"<span class='lf-said'>{escape(step_words(steps[step], step, len(steps), texts.label))}</span>"
    parts = [
        f"<p class='lead'>{_(INTRO)}</p>",
        reading_switch(reading, reading_remark(own, one_night)),
        "<div class='lf-lesson'>",
        steps_panel,
        "<div class='lf-plots'><div class='lf-columns'>",
        *columns,
        "</div>",
        figures.regime_legend_html(),
        "</div></div>",
        "<p class='live' aria-live='polite'>" + _("<strong>Result in words:</strong> {said}", said=said) + "</p>",
    ]
    args = {
        "data": {"start": step, "own": own, "readings": sets, "labels": labels, "slots": slot_sets,
                 "steps": [{"variant": s.variant, "words": step_words(s, k, len(steps), texts.label)}
                           for k, s in enumerate(steps)]},
        "slots": slots.js(),
        "views": [view_models(v) for v in views],
    }
    return lesson_page(_(PAGE["lesson"].title), origin, parts, script=SCRIPT, args=args)
