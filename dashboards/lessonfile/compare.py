"""Compare responses in one file: three caregivers, three sliders over precomputed values.

Each slider moves among a few values (the page's own settings among them); the reading
switch among the readings. Every combination is computed here, once per distinct night: the
attuned and absent columns do not depend on the delayed caregiver's wait, and on a single
night both readings agree (stored once, :class:`~dashboards.lessonfile.slots.Slots`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from dashboards import figures
from dashboards.lessonfile.document import Origin, lesson_page, reading_switch
from dashboards.lessonfile.slots import FILL_JS, Slots, view_models
from dashboards.pages import PAGE
from dashboards.pagemodel.compare import (
    COLUMNS,
    SHOWN_METRICS,
    SLIDERS,
    column_sentence,
    column_setups,
    column_title,
    intro_html,
    reading_remark,
    results_html,
)
from dashboards.text import escape, headline_text, number, policy_label
from sim.i18n import _, current
from sim.budget import check_runs
from sim.params import Setup
from sim.engine.simulate import RunResult, iter_nights
from sim.vocabulary import READINGS

#: The values each slider offers in a file (the page's current value is added).
VALUES = {
    "latency_s": (60.0, 120.0, 180.0, 300.0, 480.0, 720.0, 1200.0, 1800.0),  # seconds (the slider: minutes)
    "reactivity": (0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
    "stress": (0.0, 0.25, 0.5, 0.75, 1.0),
}
#: The id of each slider's input in the file.
IDS = {"latency_s": "ctl-wait", "reactivity": "ctl-reactivity", "stress": "ctl-stress"}

SCRIPT = FILL_JS + """
const table = document.querySelector(".compare-numbers");
const said = document.querySelector(".compare-results .live");
const last = data.columns.map(() => -1);
function update() {
  let state = 0;
  data.controls.forEach(c => {
    const input = el(c.id), words = c.words[+input.value];
    input.setAttribute("aria-valuetext", words);
    el(c.id + "-out").textContent = c.shown[+input.value];
    state = state * c.words.length + (+input.value);
  });
  const rd = reading();
  state = state * data.readings.length + data.readings.indexOf(rd);
  showChoice("reading", rd);
  const ks = data.states[state];
  ks.forEach((k, c) => {
    if (last[c] === k) return;   // e.g. the wait leaves the attuned and absent columns as they are
    last[c] = k;
    fill(views[c], k);
    const info = data.info[k], policy = data.columns[c];
    table.querySelectorAll("thead th")[c + 1].textContent = info.title;
    data.metrics.forEach((m, i) => {
      const td = table.querySelector("td[data-policy=" + policy + "][data-metric=" + m + "]");
      td.firstChild.textContent = info.cells[i];
      td.dataset.value = info.values[i] === null ? "" : String(info.values[i]);
    });
  });
  said.lastChild.textContent = data.lead + ks.map(k => data.info[k].words).join(data.sep);
}
data.controls.forEach(c => el(c.id).addEventListener("input", update));
document.querySelectorAll("input[name=reading]").forEach(r => r.addEventListener("change", update));
update();
"""


def slider_values(name: str, current: float) -> list[float]:
    """The values a slider offers: :data:`VALUES` within the slider's bounds, and ``current``."""
    slider = SLIDERS[name]
    return sorted({v for v in VALUES[name] if slider.lo <= v <= slider.hi} | {float(current)})


def compare_file(columns: Mapping[str, Setup], origin: Origin, *, latency_s: float, reactivity: float,
                 stress: float, reading: str) -> str:
    """The Compare page as one file, opening on these settings (``columns``: a setup per caregiver;
    the wait in seconds)."""
    start = {"latency_s": latency_s, "reactivity": reactivity, "stress": stress}
    axes = {name: slider_values(name, value) for name, value in start.items()}
    duration = columns[COLUMNS[0]].run.duration_min
    slots, done, states = Slots(), {}, []
    opening: dict[str, RunResult] = {}
    for *values, rd in itertools.product(*axes.values(), READINGS):
        setups = column_setups(dict(columns), *values, rd)
        check_runs(setups.values())
        row = []
        for policy, setup in setups.items():
            if setup not in done:
                night = next(iter_nights(setup))  # the page shows the first night
                done[setup] = (night, _slot(slots, policy, setup, night, duration))
            night, slot = done[setup]
            row.append(slot)
            if list(values) == list(start.values()) and rd == reading:
                opening[policy] = RunResult(setup=setup, nights=(night,), engine="numba")
        states.append(row)

    xr, yr = figures.shared_ranges(duration)
    views = [figures.run_view(policy_label(p), x_range=xr, y_range=yr, legend=(i == 0), duration_min=duration)
             for i, p in enumerate(COLUMNS)]
    controls = [{"id": IDS[name], "words": [SLIDERS[name].words(v) for v in values],
                 "shown": [_shown(SLIDERS[name].shown(v)) for v in values]} for name, values in axes.items()]
    sliders = "".join(
        f"<div class='lf-control'><div><label for='{IDS[name]}'>{escape(_(SLIDERS[name].label))}</label>: "
        f"<output id='{IDS[name]}-out' for='{IDS[name]}' aria-hidden='true'>"
        f"{_shown(SLIDERS[name].shown(start[name]))}</output></div>"
        f"<input type='range' id='{IDS[name]}' min='0' max='{len(values) - 1}' step='1' "
        f"value='{values.index(float(start[name]))}' "
        f"aria-valuetext='{escape(SLIDERS[name].words(start[name]))}'>"
        "</div>"
        for name, values in axes.items()
    )
    parts = [
        f"<p class='lead'>{intro_html()}</p>",
        reading_switch(reading, reading_remark(columns)),
        f"<div class='lf-controls' role='group' aria-label='" + escape(_('Settings')) + f"'>{sliders}</div>",
        "<div class='lf-columns'>",
        *(item for i, p in enumerate(COLUMNS)
          for item in (f"<div class='lf-column column-{p}'>", views[i].layout(), "</div>")),
        "</div>",
        figures.regime_legend_html(),
        f"<div class='compare-results lf-scroll' aria-live='polite'>{results_html(opening, duration)}</div>",
    ]
    args = {
        "data": {"columns": list(COLUMNS), "readings": list(READINGS), "metrics": list(SHOWN_METRICS),
                 "controls": controls, "states": states, "info": slots.info,
                 "lead": words_lead(), "sep": current().sentences(".", ".")[1:-1]},
        "slots": slots.js(),
        "views": [view_models(v) for v in views],
    }
    return lesson_page(_(PAGE["compare"].title), origin, parts, script=SCRIPT, args=args)


def words_lead() -> str:
    """What the translated "Result in words" heading puts between itself and the sentences (a space,
    or none after a full-width colon)."""
    template = _("<strong>Result in words:</strong> {said}")
    return template.partition("</strong>")[2].partition("{said}")[0]


def _shown(value: float) -> str:
    """A slider's value as its output shows it (the reader's number format)."""
    v = float(value)
    return number(v, 0 if v.is_integer() else (1 if round(v, 1) == v else 2))


def _slot(slots: Slots, policy: str, setup: Setup, night, duration: float) -> int:
    summary = night.summary
    reg = setup.regimes
    info = {
        "title": column_title(policy, setup),
        "cells": [headline_text(k, summary[k], duration) for k in SHOWN_METRICS],
        "values": [summary[k] for k in SHOWN_METRICS],
        "words": column_sentence(policy, summary, duration),
    }
    return slots.add(night, (reg.crying, reg.arousal, reg.load), info)
