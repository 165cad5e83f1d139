"""Across nights in one file: every plan under each reading, the nights already computed.

The plan, the reading, "show both readings" and the night shown in full move among runs
computed here (four plans x two readings, the number of nights fixed when the file is made);
the per-night figures, the "beyond what was measured" band, the key, the tables, the chosen
night's figures and the words follow, each as the page draws it.
"""

from __future__ import annotations

import numpy as np

from dashboards import figures
from dashboards.lessonfile.document import Origin, choice_blocks, lesson_page, reading_switch
from dashboards.lessonfile.slots import FILL_JS, Slots, view_models
from dashboards.nights_view import NightsPlots, empty, key_html, per_night, table_html
from dashboards.pages import PAGE
from dashboards.pagemodel.nights import (
    PLANS,
    describe,
    intro_html,
    night_note,
    night_titles,
    plan_label,
    plan_setup,
    reach_html,
    readings_shown,
)
from dashboards.text import escape, policy_label
from sim.i18n import _, current, n_
from sim.budget import check_runs
from sim.params import Setup
from sim.engine.simulate import simulate
from sim.vocabulary import READINGS

SCRIPT = FILL_JS + """
const tables = document.querySelector(".nights-tables"), said = document.querySelector(".lf-said");
function update() {
  const plan = el("ctl-plan").value, both = el("ctl-both").checked, rd = reading();
  const n = +el("ctl-night").value;
  const shown = both ? [rd, ...data.readings.filter(r => r !== rd)] : [rd];
  const combo = rd + (both ? "+both" : "");
  showChoice("reading", rd);
  showChoice("combo", combo);
  data.readings.forEach(r => {
    sources[r].data = {...(shown.includes(r) ? data.per[plan][r] : data.empty)};
  });
  const band = data.bands[combo];
  bands.forEach(b => { b.left = band.left; b.visible = band.visible; });
  labels.forEach(l => { l.x = band.x; l.text = band.text; l.visible = band.visible; });
  tables.querySelectorAll(".lf-choice").forEach(t => { t.hidden = true; });
  shown.forEach(r => { const t = tables.querySelector("[data-table='" + plan + "|" + r + "']");
                       t.hidden = false; tables.appendChild(t); });
  const night = el("ctl-night");
  night.setAttribute("aria-valuetext", data.night_words[n - 1]);
  el("ctl-night-out").textContent = data.night_shown[n - 1];
  const k = data.nights[plan][rd][n - 1];
  fill(view, k);
  view.titles.forEach((t, j) => { t.text = data.info[k][j]; });
  showChoice("note", n + "|" + rd);
  said.textContent = data.words[plan][combo];
}
["ctl-plan", "ctl-both"].forEach(id => el(id).addEventListener("change", update));
el("ctl-night").addEventListener("input", update);
document.querySelectorAll("input[name=reading]").forEach(r => r.addEventListener("change", update));
update();
"""


def nights_file(origin: Origin, *, nights: int, plan: str, reading: str, both: bool = False,
                shown_night: int = 1, baby: Setup | None = None) -> str:
    """Across nights as one file, opening on these settings (``baby``: see
    :func:`dashboards.pagemodel.nights.plan_setup`)."""
    results = {}
    for name in PLANS.values():
        setups = {r: plan_setup(name, nights, baby).with_values(reading=r) for r in READINGS}
        check_runs(setups.values())  # both readings at once: what the page may ask for
        for r, setup in setups.items():
            results[name, r] = simulate(setup)
    n = len(results[plan, reading].nights)
    duration = results[plan, reading].setup.run.duration_min
    combos = {(r, b): r + ("+both" if b else "") for r in READINGS for b in (False, True)}

    plots = NightsPlots()
    bands = {}
    for (r, b), combo in combos.items():
        plots.show({s: results[plan, s] for s in readings_shown(r, b)})
        label = plots.labels[0]
        bands[combo] = {"left": plots.bands[0].left, "visible": plots.bands[0].visible, "x": label.x,
                        "text": label.text}
    plots.show({s: results[plan, s] for s in readings_shown(reading, both)})
    slots = Slots()
    night_slots: dict[str, dict[str, list[int]]] = {}
    for (p, r), result in results.items():
        reg = result.setup.regimes
        th = (reg.crying, reg.arousal, reg.load)
        night_slots.setdefault(p, {})[r] = [slots.add(n, th, [figures.wrap_title(t) for t in night_titles(n.night, policy_label(n.policy))])
                                            for n in result.nights]
    view = figures.run_view(_("Selected night"), duration_min=duration)
    num = current().number
    opening = combos[reading, both]

    options = "".join(f"<option value='{v}'{' selected' if v == plan else ''}>{escape(_(k))}</option>"
                      for k, v in PLANS.items())
    controls = (
        f"<div class='lf-controls' role='group' aria-label='" + escape(_('Settings')) + f"'>"
        f"<div class='lf-control'><label for='ctl-plan'>" + escape(_('Plan')) + f"</label>"
        f"<select id='ctl-plan'>{options}</select></div>"
        "<div class='lf-control'><p class='lf-fixed'>"
        + escape(n_("{n} night (fixed in this file)", "{n} nights (fixed in this file)", n)) + "</p></div>"
        f"<div class='lf-control'><label class='lf-check'><input type='checkbox' id='ctl-both'"
        f"{' checked' if both else ''}> " + escape(_('Show both readings side by side')) + f"</label></div></div>"
    )
    key = choice_blocks("combo", {c: key_html({s: results[plan, s] for s in readings_shown(r, b)})
                                  for (r, b), c in combos.items()}, opening)
    reach = choice_blocks("combo", {c: reach_html(readings_shown(r, b), n) for (r, b), c in combos.items()},
                          opening)
    groups = []
    for heading, figs in plots.groups():
        groups += [f"<h2 class='nights-group'>{escape(heading)}</h2><div class='lf-columns'>",
                   *(item for fig in figs for item in ("<div class='lf-column'>", fig, "</div>")), "</div>"]
    shown_tables = {f"{plan}|{s}" for s in readings_shown(reading, both)}
    tables = "".join(
        f"<div class='lf-choice lf-table' data-table='{p}|{r}'"
        f"{'' if f'{p}|{r}' in shown_tables else ' hidden'}>{table_html(results[p, r])}</div>"
        for p in PLANS.values() for r in READINGS
    )
    notes = choice_blocks("note", {f"{k}|{r}": night_note(k, r) for k in range(1, n + 1) for r in READINGS},
                          f"{shown_night}|{reading}")
    parts = [
        f"<p class='lead'>{intro_html()}</p>",
        reading_switch(reading),
        controls,
        key,
        reach,
        *groups,
        f"<div class='nights-tables'>{tables}</div>",
        "<div class='lf-controls'><div class='lf-control lf-narrow'>"
        f"<div><label for='ctl-night'>" + escape(_('Show night')) + f"</label>: "
        f"<output id='ctl-night-out' for='ctl-night' aria-hidden='true'>{num(shown_night)}</output></div>"
        f"<input type='range' id='ctl-night' min='1' max='{n}' step='1' value='{shown_night}' "
        f"aria-valuetext='" + escape(_('night {n}', n=num(shown_night))) + f"'></div></div>",
        notes,
        view.layout(),
        figures.regime_legend_html(),
        "<p class='live' aria-live='polite'>" + _(
            "<strong>Result in words:</strong> {said}",
            said="<span class='lf-said'>" + escape(describe(plan_label(plan), {
                s: results[plan, s] for s in readings_shown(reading, both)})) + "</span>") + "</p>",
    ]
    args = {
        "data": {
            "readings": list(READINGS),
            "night_words": [_("night {n}", n=num(k)) for k in range(1, n + 1)],
            "night_shown": [num(k) for k in range(1, n + 1)],
            "per": {p: {r: _columns(per_night(results[p, r])) for r in READINGS} for p in PLANS.values()},
            "empty": empty(),
            "bands": bands,
            "nights": night_slots,
            "info": slots.info,
            "words": {p: {c: describe(plan_label(p), {s: results[p, s] for s in readings_shown(r, b)})
                          for (r, b), c in combos.items()} for p in PLANS.values()},
        },
        "slots": slots.js(),
        "sources": plots.sources,
        "bands": plots.bands,
        "labels": plots.labels,
        "view": view_models(view),
    }
    return lesson_page(_(PAGE["nights"].title), origin, parts, script=SCRIPT, args=args)


def _columns(data: dict[str, list]) -> dict[str, np.ndarray]:
    """A figure source's columns as arrays (a night that never came: NaN, no point)."""
    return {k: np.asarray(v, dtype=float) for k, v in data.items()}
