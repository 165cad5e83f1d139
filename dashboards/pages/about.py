"""About the model & evidence: equations, a switch per assumption, the evidence registry, caveats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import panel as pn
import param
from bokeh.models import ColumnDataSource, Range1d

from dashboards import figures, model_text, theme
from dashboards.quick_html import QuickHtml
from dashboards.widgets import setting_name
from dashboards.shell import PageView, flex
from dashboards.text import caveat, escape, scroll_box, metric_heading, number, reading_label, repair as repair_words, repair_plan, status_word
from sim.declare import declarations
from sim.checks import robustness
from sim.checks.claims import MECHANISM_CLAIMS
from sim.evidence import EVIDENCE, NOT_CLAIMED
from sim.params import Mechanisms, Setup
from sim.presets import bedtime, hungry_waking, repair, still_face_session
from sim.engine.simulate import RunResult
from sim.i18n import N_, _, current, n_
from sim.vocabulary import DEFAULT_READING, READING_LIST

INTRO = N_(
    "What the model assumes, written out. Each assumption can be switched off: the table and the plot "
    "show what changes. The evidence table says how sure research is about each idea, with the honest "
    "label (robust, mixed or contested)."
)


@dataclass(frozen=True)
class Demo:
    """A small experiment that shows what one mechanism governs: the case of a claim it carries
    (which claims, per reading: :data:`sim.checks.claims.MECHANISM_CLAIMS`)."""

    what: str
    setup: Callable[[], Setup]
    metric: str
    label: Callable[[], str]
    night: int = -1

    def value(self, res: RunResult) -> float | None:
        night = res.nights[self.night]
        if self.metric == "self_soothing_first":
            return night.carry_in.self_soothing
        return night.summary.get(self.metric)


def _on_night(key: str, night: int) -> Callable[[], str]:
    return lambda: _("{measure} on night {n}", measure=metric_heading(key), n=current().number(night))


def _heading(key: str) -> Callable[[], str]:
    return lambda: metric_heading(key)


ABSENT_7 = N_("absent caregiver, 7 bedtimes")
ABSENT_1 = N_("absent caregiver, one bedtime")
DEMOS = {
    "expectancy_gates_crying": Demo(ABSENT_7, lambda: bedtime("absent", nights=7), "crying_min",
                                    _on_night("crying_min", 7)),
    "energy_depletes": Demo(ABSENT_1, lambda: bedtime("absent"), "time_to_sleep_min", _heading("time_to_sleep_min")),
    "uncontrollability_amplifies_load": Demo(ABSENT_1, lambda: bedtime("absent"), "quiet_dysregulated_min",
                                             _heading("quiet_dysregulated_min")),
    "noncontingent_presence_stresses": Demo(
        N_("still face: play, still face, reunion"), still_face_session, "peak_arousal", _heading("peak_arousal"),
    ),
    "caregiver_arousal_lowers_capacity": Demo(
        N_("stressed caregiver (0.8) answering a hungry waking"),
        lambda: hungry_waking("responsive", stress=0.8, response_probability=1.0),
        "time_to_settle_min", _heading("time_to_settle_min"),
    ),
    "supported_practice_builds_self_soothing": Demo(
        N_("a two-year-old's first bedtime"), lambda: bedtime("responsive").with_values(infant={"age_months": 24.0}),
        "self_soothing_first", lambda: _("self-soothing it starts with"), night=0,
    ),
    "settling_habituates": Demo(ABSENT_7, lambda: bedtime("absent", nights=7), "peak_load", _on_night("peak_load", 7)),
    "settling_is_learned": Demo(ABSENT_7, lambda: bedtime("absent", nights=7), "time_to_sleep_min",
                                _on_night("time_to_sleep_min", 7)),
    "alone_baby_calls": Demo(
        "", repair, "final_expectancy",
        lambda: _("{measure} of night {n}", measure=metric_heading("final_expectancy"), n=current().number(8)),
    ),
}


def demo_what(name: str) -> str:
    """The experiment of a demo, in words."""
    return repair_plan() if name == "alone_baby_calls" else _(DEMOS[name].what)


def carried_claims(name: str) -> str:
    """Which claims fail without a mechanism, per reading, in words."""
    parts = []
    for reading in READING_LIST:
        found = MECHANISM_CLAIMS[name][reading.name]
        if found:
            parts.append(n_("{reading}: claim {claims}", "{reading}: claims {claims}", len(found),
                            reading=reading_label(reading.name), claims=current().list(current().number(n) for n in found)))
        else:
            parts.append(_("{reading}: none", reading=reading_label(reading.name)))
    return _("Claims that fail without it \u2014 {claims}.", claims=current().list(parts))


#: Long equations scroll sideways on a phone instead of widening the page.
EQUATION_CSS = """
:host { max-width: 100%; }
.katex-display { display: block; max-width: 100%; overflow-x: auto; overflow-y: hidden; padding: 2px 0; }
"""

REGIME_TEXT = N_(
    "<ul><li><strong>settled</strong>: quiet (crying below its threshold) and regulated (arousal and "
    "load below theirs).</li><li><strong>quiet but dysregulated</strong>: quiet, yet arousal or load is "
    "high \u2014 the hidden quadrant.</li><li><strong>releasing</strong>: crying while held by an attuned "
    "caregiver, arousal falling, load low \u2014 tears cried together.</li><li><strong>protest"
    "</strong>: all other crying.</li></ul>"
)

CAVEATS = (
    N_("Functional forms and numbers were chosen so the model shows the patterns in the evidence table; "
    "they are not measured in any baby. Heart rate is illustrative."),
    N_("Some patterns are built in: crying does not feed the stress load, and the caregiver's arousal "
    "follows the crying. The switches above make such assumptions visible."),
    N_("Contested evidence is labelled contested wherever it appears. Trials of graduated check-ins found "
    "no lasting harm (E2); the model shows that too (Across nights, graduated)."),
)


def caveats_html() -> str:
    """The caveats as a list, in the language in force."""
    items = [caveat(), *(_(c) for c in CAVEATS), repair_words()]
    return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in items) + "</ul>"


def evidence_table() -> str:
    rows = []
    for key, e in EVIDENCE.items():
        rows.append(
            f"<tr class='evidence-row' data-key='{escape(key)}' data-status='{escape(e.status)}'>"
            f"<th scope='row' class='nowrap'>{escape(key)}</th><td>{escape(e.shown_text)}</td><td translate='no'>{escape(e.citation)}</td>"
            f"<td><span class='badge status-{escape(e.status)}'>{escape(status_word(e.status))}</span><br>"
            f"{escape(_(e.qualifier))}</td></tr>"
        )
    heads = "".join(f"<th scope='col'>{escape(w)}</th>" for w in (
        _("Key"), _("What research shows"), _("Source"), _("How sure")))
    return scroll_box(
        f"<table class='coreg evidence'><caption>" + escape(_('Evidence registry')) + f"</caption><thead><tr>{heads}</tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>", _("Evidence registry"))


def robustness_table() -> str:
    """The shipped robustness report as a table: per claim and reading, the one-at-a-time share,
    the population's share in the per-baby form and in the strict form."""
    report = robustness.shipped()
    if report is None or "readings" not in report:
        return "<p>" + _("The robustness report is not available in this installation; run "
                         "<code>coreg robustness</code>.") + "</p>"
    readings = [r for r in READING_LIST if r.name in report["readings"]]
    pct = current().percent
    head = "".join(f"<th scope='col' colspan='3'>{escape(reading_label(r.name))}</th>" for r in readings)
    sub = "".join(f"<th scope='col'>" + escape(_('one at a time')) + f"</th><th scope='col'>" + escape(_('babies')) + f"</th>"
                  f"<th scope='col'>" + escape(_('strict')) + f"</th>" for _r in readings)
    rows = []
    for i, first in enumerate(report["readings"][readings[0].name]["one_at_a_time"]):
        cells = ""
        for r in readings:
            rr = report["readings"][r.name]
            a, p, s = rr["one_at_a_time"][i], rr["population"][i], rr["population_strict"][i]
            cells += (f"<td class='nowrap'>{pct(a['share'])}</td><td class='nowrap'>{pct(p['share'])}</td>"
                      f"<td class='nowrap'>{pct(s['share'])}</td>")
        rows.append(f"<tr data-claim='{first['claim']}'><th scope='row'>"
                    + escape(_("{claim}. {name}", claim=first["claim"], name=_(first["name"]))) + f"</th>{cells}</tr>")
    forms = "".join("<li>" + escape(_("Claim {claim}: {form}", claim=k, form=_(v))) + "</li>"
                    for k, v in report["per_baby_form"].items())
    t = report["targets"]
    num = current().number
    intro = _("A lesson must hold for babies, not for one parameter set. Each claim is checked in both readings "
              "with every continuous setting of the baby moved one at a time (\u00d7{f1}, {f2}, {f3}, {f4}) and for "
              "{babies} babies of the documented population, whose every setting and age vary (targets: {one} one "
              "at a time, {population} of the babies, {strict} in the strict form).",
              f1=num(0.75, 2), f2=num(0.9, 1), f3=num(1.1, 1), f4=num(1.25, 2), babies=num(report["babies"]),
              one=pct(t["one_at_a_time"]), population=pct(t["population"]), strict=pct(t["population_strict"]))
    return (
        f"<p>{escape(intro)}</p>"
        + scroll_box("<table class='coreg robustness'><caption>" + escape(_("Does each claim hold for other babies?"))
                     + f"</caption><thead><tr><th scope='col' rowspan='2'>" + escape(_('Claim')) + f"</th>{head}</tr>"
                     f"<tr>{sub}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>",
                     _("Does each claim hold for other babies?"))
        + "<p>" + escape(_("Judged for each baby as for the default one (the strict form), except in the per-baby "
                         "form:")) + f"</p><ul>{forms}</ul>"
        "<p>" + _("Run it yourself: <code>coreg robustness</code>.") + "</p>"
    )


def not_claimed_list() -> str:
    return "<ul>" + "".join(f"<li>{escape(_(text))}</li>" for text in NOT_CLAIMED) + "</ul>"


def demo_setups(mechanisms: dict[str, bool], reference: dict, reading: str = DEFAULT_READING) -> dict:
    """The runs the experiments need in ``reading``: each demo with ``mechanisms`` (key ``("mine",
    name)``) and, unless ``reference`` holds it already for that reading, with every assumption on
    (``("reference", name)``)."""
    known = reference.get(reading, {})
    mine = {("mine", name): demo.setup().with_values(mechanisms=mechanisms, reading=reading)
            for name, demo in DEMOS.items()}
    return mine | {("reference", name): demo.setup().with_values(reading=reading)
                   for name, demo in DEMOS.items() if name not in known}


def changes_table(runs: dict, mechanisms: dict[str, bool]) -> tuple[str, list[str]]:
    """The table of what each assumption governs, and the changes in words."""
    rows, changed = [], []
    for name, (ref, mine) in runs.items():
        demo = DEMOS[name]
        a, b = demo.value(ref), demo.value(mine)
        fa = "\u2014" if a is None else number(a, 2)
        fb = _("\u2014 (never)") if b is None else number(b, 2)
        differs = (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > 1e-9)
        label = demo.label()
        if differs:
            changed.append(_("{measure}: {before} \u2192 {after}", measure=label, before=fa, after=fb))
        title = mechanism_name(name) if mechanisms[name] else _("{assumption} (off)", assumption=mechanism_name(name))
        verdict = f"<strong>" + escape(_('changed')) + f"</strong>" if differs else escape(_("same"))
        rows.append(
            f"<tr data-mech='{name}' data-on='{'' if a is None else a}' data-mine='{'' if b is None else b}'>"
            f"<th scope='row'>{escape(title)}</th>"
            f"<td>{escape(demo_what(name))}</td><td>{escape(label)}</td><td class='nowrap'>{fa}</td>"
            f"<td class='nowrap'>{escape(fb)}</td><td>{verdict}</td></tr>"
        )
    heads = "".join(f"<th scope='col'>{escape(w)}</th>" for w in (
        _("Assumption"), _("Experiment"), _("Measure"), _("All on"), _("Your switches"), _("Changed?")))
    table = scroll_box(
        f"<table class='coreg'><caption>" + escape(_('What each assumption governs')) + f"</caption><thead><tr>{heads}"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>", _("What each assumption governs"))
    return table, changed


def latex_items(rows) -> list:
    """A heading, the typeset equation and its words, for each (title, LaTeX, words)."""
    items = []
    for title, tex, words in rows:
        items.append(QuickHtml(f"<h3 style='margin:0.6em 0 0.1em 0'>{escape(title)}</h3>"))
        items.append(
            pn.pane.LaTeX(
                f"$${tex}$$", renderer="katex", sizing_mode="stretch_width", stylesheets=[EQUATION_CSS]
            )
        )
        items.append(QuickHtml(f"<p style='margin:0'>{escape(words)}</p>"))
    return items


def equations_column() -> pn.Column:
    """The equations and the between-night rules, rendered from the model's own constants."""
    items = [
        QuickHtml(
            f"<h2>" + escape(_('The equations')) + f"</h2><p>"
            + _("Ten infant states and the caregiver's arousal, each between 0 and 1 (the load's first stage G is "
                "not capped), advanced in steps of one second (RK4, with equal sub-steps where a setting needs "
                "them). Every number below is the model's own constant, read from <code>sim/engine/model.py</code> "
                "when this page is built.")
            + f"</p><p>{escape(model_text.notation())}</p>"
        ),
        *latex_items(model_text.equations()),
        QuickHtml(f"<h3>" + escape(_('The four regimes')) + f"</h3>" + _(REGIME_TEXT)),
        QuickHtml(
            "<h2 id='between-nights'>" + escape(_("Between nights: settling credit, habituation, self-settling"))
            + "</h2><p>"
            + _("What one night leaves for the next (<code>sim/engine/nights.py</code>; the seconds are counted in "
                "<code>sim/engine/kernel.py</code>). Settling credit and habituation follow what the baby "
                "experiences, never the name of the caregiver's policy.") + "</p>"
        ),
        *latex_items(model_text.between_nights()),
    ]
    return pn.Column(*items, sizing_mode="stretch_width")


#: The traces of the experiment's plot, in words.
SERIES_WORDS = {"crying": N_("crying"), "arousal": N_("arousal"), "load": N_("load")}


def mechanism_name(name: str, capital: bool = True) -> str:
    """An assumption's name in words (its key is ``snake_case``; shown as the Build page shows it,
    :data:`dashboards.setting_labels.SETTING_LABELS`)."""
    return setting_name(name)


class AboutPage(PageView):
    """The equations, a switch per assumption with the experiment it changes, the evidence, the caveats."""

    key = "about"
    intro = INTRO

    mechanisms = param.Dict(default={}, doc="Assumption -> on (True) or switched off.")
    last_switched = param.String("energy_depletes", doc="The assumption whose experiment the plot shows.")

    def __init__(self, **params):
        decls = {d.name: d for d in declarations(Mechanisms)}
        params.setdefault("mechanisms", {name: True for name in decls})
        super().__init__(**params)
        self._request = 0
        self._reference: dict = {}
        self.switches = {
            name: pn.widgets.Checkbox(
                label=mechanism_name(name, capital=True), value=True, css_classes=[f"mech-{name}"]
            )
            for name in decls
        }
        for name, box in self.switches.items():
            box.param.watch(lambda e, n=name: self.switch(n, e.new), "value")
        self.helps = {
            name: QuickHtml(
                f"<p style='margin:0 0 0.6em 1.6em;font-size:0.9em'>{escape(decls[name].help_text())}<br>"
                + current().sentences(
                    _("<em>Shown by:</em> {experiment} \u2192 {measure}.", experiment=escape(demo_what(name)),
                      measure=escape(DEMOS[name].label())),
                    escape(carried_claims(name)))
                + "</p>"
            )
            for name in decls
        }
        self.table = QuickHtml("", css_classes=["mech-table"])
        self.busy_note = QuickHtml("", css_classes=["mech-busy"])
        self._build_figure()
        if pn.state.curdoc is not None:
            pn.state.onload(self._refresh)

    def _build_figure(self) -> None:
        self.src_on = ColumnDataSource({"t": [], "crying": [], "arousal": [], "load": [], "expectancy": []})
        self.src_off = ColumnDataSource({"t": [], "crying": [], "arousal": [], "load": [], "expectancy": []})
        fig = figures.plot(
            _("All on (solid), your switches (dashed)"),
            300,
            Range1d(0, 120),
            Range1d(-0.02, 1.05),
            tools="xpan,xwheel_zoom,reset,save",
            xlabel=_("minutes into the night"),
        )
        for name in ("crying", "arousal", "load"):
            color = theme.SERIES[name][0]
            r1 = fig.line(
                "t", name, source=self.src_on, color=color, line_width=2.5, legend_label=_("{series}: all on", series=_(SERIES_WORDS[name]))
            )
            r2 = fig.line(
                "t",
                name,
                source=self.src_off,
                color=color,
                line_width=2.5,
                line_dash="dashed",
                legend_label=_("{series}: your switches", series=_(SERIES_WORDS[name])),
            )
            r1.tags = [{"base_width": 2.5}]
            r2.tags = [{"base_width": 2.5}]
        fig.legend.location = "top_right"
        fig.legend.label_text_font_size = "10px"
        fig.legend.background_fill_alpha = 0.7
        self.fig = fig

    def switch(self, name: str, on: bool) -> None:
        """Switch one assumption on or off (the experiments then run again)."""
        self.param.update(mechanisms={**self.mechanisms, name: bool(on)}, last_switched=name)

    @param.depends("mechanisms", "reading", watch=True)
    async def _refresh(self) -> None:
        self._request += 1
        request, mechanisms, reading = self._request, dict(self.mechanisms), self.reading
        self.busy_note.object = "<p role='status'>" + escape(_("Running the experiments\u2026")) + "</p>"
        done = await self.run_within_budget_off_loop(
            lambda: demo_setups(mechanisms, self._reference, reading))
        if done is None or request != self._request:
            return
        reference = self._reference.setdefault(reading, {})
        reference.update({name: run for (kind, name), run in done.items() if kind == "reference"})
        runs = {name: (reference[name], done[("mine", name)]) for name in DEMOS}
        table, changed = changes_table(runs, mechanisms)
        shown = self.last_switched
        ref, mine = runs[shown]
        night = DEMOS[shown].night
        off = [mechanism_name(n) for n, v in mechanisms.items() if not v]
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            self.table.object = table
            self.fig.x_range.end = ref.setup.run.duration_min
            self.src_on.data = figures.trace_data(ref.nights[night])
            self.src_off.data = figures.trace_data(mine.nights[night])
            what = demo_what(shown)
            figures.set_title(self.fig, what[:1].upper() + what[1:])  # solid: all on; dashed: yours (legend)
            self.busy_note.object = f"<p data-done='{request}'>" + escape(_('Up to date.')) + f"</p>"
            # the changes joined with "; ": their values may have a decimal comma
            said = [_("Switched off: {assumptions}.", assumptions=current().list(off)) if off
                    else _("All assumptions are on."),
                    _("What changed: {changes}.", changes="; ".join(changed)) if changed else _("Nothing changed.")]
            self.param.update(error="", said=current().sentences(*said))

    def restyle(self, projector: bool) -> None:
        figures.apply_look(self.fig, projector)

    def body(self) -> list:
        switch_list = [QuickHtml(f"<h2>" + escape(_('Switch an assumption off')) + f"</h2>")]
        for name, box in self.switches.items():
            switch_list += [box, self.helps[name]]
        switches = pn.Column(*switch_list, self.busy_note, sizing_mode="stretch_width")
        demo = pn.Column(
            pn.pane.Bokeh(self.fig, sizing_mode="stretch_width"), self.table, sizing_mode="stretch_width"
        )
        held = QuickHtml(f"<h2>" + escape(_('Does it hold for other babies?')) + f"</h2>" + robustness_table(),
                         css_classes=["robustness-pane"])
        evidence = QuickHtml(
            f"<h2>" + escape(_('The evidence')) + f"</h2>" + evidence_table()
            + f"<h3>" + escape(_('What this tool does not claim')) + f"</h3>" + not_claimed_list(),
            css_classes=["evidence-pane"],
        )
        caveats = QuickHtml(f"<h2>" + escape(_('Caveats')) + f"</h2>" + caveats_html())
        readings = QuickHtml(model_text.readings_html(), css_classes=["readings-pane"])
        return [flex(switches, demo, min_item=300), readings, equations_column(), held, evidence, caveats]
