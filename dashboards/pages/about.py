"""About the model & evidence: equations, a switch per assumption, the evidence registry, caveats."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import panel as pn
import param
from bokeh.models import ColumnDataSource, Range1d

from dashboards import figures, theme
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import REPAIR, escape, metric_heading
from sim.budget import check_runs
from sim.declare import declarations
from sim.errors import CoregError
from sim.evidence import EVIDENCE
from sim.params import CaregiverParams, Mechanisms, RunParams, Setup
from sim.presets import bedtime, hungry_waking
from sim.simulate import RunResult, simulate
from sim.vocabulary import CAVEAT

INTRO = (
    "What the model assumes, written out. Each assumption can be switched off: the table and the plot "
    "show what changes. The evidence table says how sure research is about each idea, with the honest "
    "label (robust, mixed or contested)."
)


@dataclass(frozen=True)
class Demo:
    """A small experiment that shows what one mechanism governs."""

    what: str
    setup: Callable[[], Setup]
    metric: str
    label: str
    night: int = -1

    def value(self, res: RunResult) -> float | None:
        night = res.nights[self.night]
        if self.metric == "self_soothing_next":
            return night.carry_in.self_soothing
        if self.metric == "habituation_next":
            return night.carry_in.habituation
        return night.summary.get(self.metric)


def _still_face() -> Setup:
    return Setup(
        run=RunParams(duration_min=8.0), caregiver=CaregiverParams.for_policy("still_face"), stressors=()
    )


DEMOS = {
    "expectancy_gates_crying": Demo(
        "absent caregiver, hungry night",
        lambda: hungry_waking("absent"),
        "crying_min",
        metric_heading("crying_min"),
    ),
    "energy_depletes": Demo(
        "absent caregiver, hungry night",
        lambda: hungry_waking("absent"),
        "crying_min",
        metric_heading("crying_min"),
    ),
    "uncontrollability_amplifies_load": Demo(
        "absent caregiver, hungry night",
        lambda: hungry_waking("absent"),
        "peak_load",
        metric_heading("peak_load"),
    ),
    "noncontingent_presence_stresses": Demo(
        "still face: play, still face, reunion", _still_face, "peak_arousal", metric_heading("peak_arousal")
    ),
    "caregiver_arousal_lowers_capacity": Demo(
        "stressed caregiver (0.8) who comes after 5 min",
        lambda: hungry_waking("delayed", latency_s=300.0, stress=0.8),
        "time_to_settle_min",
        metric_heading("time_to_settle_min"),
    ),
    "supported_practice_builds_self_soothing": Demo(
        "graduated check-ins, 7 bedtimes",
        lambda: bedtime("graduated", nights=7),
        "self_soothing_next",
        "self-soothing capacity on night 7",
    ),
    "settling_habituates": Demo(
        "graduated check-ins, 7 bedtimes",
        lambda: bedtime("graduated", nights=7),
        "crying_min",
        metric_heading("crying_min") + " on night 7",
    ),
}

EQUATIONS = (
    (
        "Arousal A (sympathetic, hidden)",
        r"\frac{dA}{dt} = (A^{*} - A)\,r, \qquad A^{*} = \frac{D}{D + C}, \qquad "
        r"r = \begin{cases} r_{rise} & A^{*} > A \\ r_{fall}\,C/C_{ref} & A^{*} < A \end{cases}",
        "Arousal moves toward drive over drive plus calming; it rises at its own pace and falls faster "
        "the more calming there is (the switch between the two rates is smooth).",
    ),
    (
        "Drive D and calming C",
        r"D = \rho\,\min\!\left(d_{s} + (1-Z)\,(d_{w} + B\,d_{a}) + k_{nc}\,p\,(1-c)\,X,\ 1\right) + d_0, \quad "
        r"C = c_0 + c_V V + c_{co}\,u\,c\,\kappa + c_Z Z + c_S S",
        "Needs drive arousal, scaled by reactivity \u03c1: one that wakes the baby (d_s), ones felt while awake "
        "(d_w), and the need for company, felt as aloneness B builds (d_a). A present caregiver who ignores "
        "cues adds drive when the baby expects an answer. Vagal tone V, contingent contact u\u00b7c times the "
        "caregiver's capacity \u03ba, sleep Z and self-soothing S calm it.",
    ),
    (
        "Crying Y (the signal you hear)",
        r"\frac{dY}{dt} = \frac{\sigma\!\left(\frac{A-\theta_{cry}}{w}\right)\,g(E)\,\left(f + (1-f)X\right)"
        r"\,(1 - 0.5\,u c \kappa) - Y}{\tau_Y}",
        "Crying follows arousal above a threshold, gated by crying energy E and by expectancy X (f is the "
        "fussing floor); being held contingently softens it, so tears cried together are quieter tears.",
    ),
    (
        "Crying energy E and expectancy X",
        r"\frac{dE}{dt} = -\frac{Y E}{\tau_{dep}} + \frac{(1-E)(1-Y)}{\tau_{rec}}, \quad "
        r"\frac{dX}{dt} = s(Y)\left[\frac{u c\,(1-X)}{\tau_{learn}} - \frac{(1-uc)\,X}{\tau_{erode}}\right]",
        "Sustained crying uses up energy. Any visible signal s(Y) teaches the baby: answered signals build "
        "expectancy, unanswered ones erode it.",
    ),
    (
        "Stress load L (slow, cortisol-like)",
        r"\frac{dG}{dt} = \frac{g\,[A - A_0]_{+}\,\left(1 + k_{u}(1-u)\right) - G}{\tau_{lag}}, \quad "
        r"\frac{dL}{dt} = \frac{G(1-L) - L}{\tau_L}",
        "Arousal above a baseline feeds the load through a two-stage delay; arousal with nobody responding "
        "(1 \u2212 u) feeds it more. Crying itself does not feed the load.",
    ),
    (
        "Vagal tone V, sleep Z",
        r"\frac{dV}{dt} = \frac{(1 + k\,u c \kappa + k_S S (1-A))(1-V)}{\tau_{rec}} - \frac{0.9\,A^2 V}{\tau_{wd}}, \quad "
        r"\frac{dZ}{dt} = \left(\sigma\!\left(\frac{s(t) - 0.4A - 0.5 d_{s} - 0.45}{w}\right) - Z\right) r_Z",
        "Vagal tone is withdrawn by high arousal and restored by contingent contact. The baby falls asleep when "
        "sleep pressure s(t) outweighs arousal and a waking need.",
    ),
    (
        "Felt aloneness B",
        r"\frac{dB}{dt} = \frac{(1-p)(1-B)}{\tau_{B}} - r_{back}\,p\,B",
        "While nobody is there (p = 0) the baby's sense of being alone builds over minutes; a caregiver's "
        "presence resets it quickly.",
    ),
    (
        "Caregiver arousal M and capacity \u03ba",
        r"\frac{dM}{dt} = \frac{Y^2 (1-M)}{60\,\mathrm{s}} - \frac{M - M_0}{\tau_M}, \quad "
        r"\kappa = (1 - 0.6\,M)(1 - 0.6\,F)",
        "The caregiver's own arousal follows the crying heard, not the baby's physiology; a stressed or tired "
        "caregiver (fatigue F) lends less regulation.",
    ),
)

#: Long equations scroll sideways on a phone instead of widening the page.
EQUATION_CSS = """
:host { max-width: 100%; }
.katex-display { display: block; max-width: 100%; overflow-x: auto; overflow-y: hidden; padding: 2px 0; }
"""

REGIME_TEXT = (
    "<ul><li><strong>settled</strong>: quiet (crying below its threshold) and regulated (arousal and "
    "load below theirs).</li><li><strong>quiet but dysregulated</strong>: quiet, yet arousal or load is "
    "high \u2014 the hidden quadrant.</li><li><strong>releasing</strong>: crying while held by an attuned "
    "caregiver, arousal falling, load low \u2014 tears cried together.</li><li><strong>protest"
    "</strong>: all other crying.</li></ul>"
)

CAVEATS = (
    "<ul>"
    f"<li>{escape(CAVEAT)}</li>"
    "<li>Functional forms and numbers were chosen so the model shows the patterns in the evidence table; "
    "they are not measured in any baby. Heart rate is illustrative.</li>"
    "<li>Some patterns are built in: crying does not feed the stress load, and the caregiver's arousal "
    "follows the crying. The switches above make such assumptions visible.</li>"
    "<li>Contested evidence is labelled contested wherever it appears. Trials of graduated check-ins found "
    "no lasting harm (E2); the model shows that too (Across nights, graduated).</li>"
    f"<li>{escape(REPAIR)}</li>"
    "</ul>"
)


def evidence_table() -> str:
    rows = []
    for key, e in EVIDENCE.items():
        rows.append(
            f"<tr class='evidence-row' data-key='{escape(key)}' data-status='{escape(e.status)}'>"
            f"<th scope='row'>{escape(key)}</th><td>{escape(e.text)}</td><td>{escape(e.citation)}</td>"
            f"<td><span class='badge status-{escape(e.status)}'>{escape(e.status)}</span><br>"
            f"{escape(e.qualifier)}</td></tr>"
        )
    return (
        "<table class='coreg evidence'><caption>Evidence registry</caption><thead><tr>"
        "<th scope='col'>Key</th>"
        "<th scope='col'>What research shows</th><th scope='col'>Source</th>"
        "<th scope='col'>How sure</th></tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def run_demos(mechanisms: dict[str, bool], reference: dict) -> dict:
    """Each demo with every assumption on (cached in ``reference``) and with ``mechanisms``."""
    setups = [demo.setup().with_values(mechanisms=mechanisms) for demo in DEMOS.values()]
    check_runs(setups + [demo.setup() for name, demo in DEMOS.items() if name not in reference])
    out = {}
    for (name, demo), mine in zip(DEMOS.items(), setups):
        if name not in reference:
            reference[name] = simulate(demo.setup())
        out[name] = (reference[name], simulate(mine))
    return out


def changes_table(runs: dict, mechanisms: dict[str, bool]) -> tuple[str, list[str]]:
    """The table of what each assumption governs, and the changes in words."""
    rows, changed = [], []
    for name, (ref, mine) in runs.items():
        demo = DEMOS[name]
        a, b = demo.value(ref), demo.value(mine)
        fa = "\u2014" if a is None else f"{a:.2f}"
        fb = "\u2014 (never)" if b is None else f"{b:.2f}"
        differs = (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > 1e-9)
        if differs:
            changed.append(f"{demo.label} {fa} \u2192 {fb}")
        rows.append(
            f"<tr data-mech='{name}' data-on='{'' if a is None else a}' data-mine='{'' if b is None else b}'>"
            f"<th scope='row'>{escape(name.replace('_', ' '))}{'' if mechanisms[name] else ' (off)'}</th>"
            f"<td>{escape(demo.what)}</td><td>{escape(demo.label)}</td><td>{fa}</td><td>{fb}</td>"
            f"<td>{'<strong>changed</strong>' if differs else 'same'}</td></tr>"
        )
    table = (
        "<table class='coreg'><caption>What each assumption governs</caption><thead><tr>"
        "<th scope='col'>Assumption</th><th scope='col'>Experiment</th><th scope='col'>Measure"
        "</th><th scope='col'>All on</th><th scope='col'>Your switches</th><th scope='col'>Changed?"
        "</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )
    return table, changed


def equations_column() -> pn.Column:
    items = [
        QuickHtml(
            "<h2>The equations</h2><p>Nine infant states and the caregiver's arousal, "
            "each between 0 and 1, advanced "
            "in steps of one second (RK4). \u03c3 is a smooth step. "
            "Full details: <code>sim/model.py</code>.</p>"
        )
    ]
    for title, tex, words in EQUATIONS:
        items.append(QuickHtml(f"<h3 style='margin:0.6em 0 0.1em 0'>{escape(title)}</h3>"))
        items.append(
            pn.pane.LaTeX(
                f"$${tex}$$", renderer="katex", sizing_mode="stretch_width", stylesheets=[EQUATION_CSS]
            )
        )
        items.append(QuickHtml(f"<p style='margin:0'>{escape(words)}</p>"))
    items.append(QuickHtml("<h3>The four regimes</h3>" + REGIME_TEXT))
    return pn.Column(*items, sizing_mode="stretch_width")


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
                label=name.replace("_", " ").capitalize(), value=True, css_classes=[f"mech-{name}"]
            )
            for name in decls
        }
        for name, box in self.switches.items():
            box.param.watch(lambda e, n=name: self.switch(n, e.new), "value")
        self.helps = {
            name: QuickHtml(
                f"<p style='margin:0 0 0.6em 1.6em;font-size:0.9em'>{escape(decls[name].help)}"
                f"<br><em>Shown by:</em> {escape(DEMOS[name].what)} \u2192 {escape(DEMOS[name].label)}.</p>"
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
            "All on (solid), your switches (dashed)",
            300,
            Range1d(0, 120),
            Range1d(-0.02, 1.05),
            tools="xpan,xwheel_zoom,reset,save",
            xlabel="minutes into the night",
        )
        for name in ("crying", "arousal", "load"):
            color = theme.SERIES[name][0]
            r1 = fig.line(
                "t", name, source=self.src_on, color=color, line_width=2.5, legend_label=f"{name}: all on"
            )
            r2 = fig.line(
                "t",
                name,
                source=self.src_off,
                color=color,
                line_width=2.5,
                line_dash="dashed",
                legend_label=f"{name}: your switches",
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

    @param.depends("mechanisms", watch=True)
    async def _refresh(self) -> None:
        self._request += 1
        request, mechanisms = self._request, dict(self.mechanisms)
        self.busy_note.object = "<p role='status'>Running the experiments\u2026</p>"
        try:
            runs = await asyncio.to_thread(run_demos, mechanisms, self._reference)
        except CoregError as exc:
            with pn.io.unlocked():
                self.refuse(exc)
            return
        if request != self._request:
            return
        table, changed = changes_table(runs, mechanisms)
        shown = self.last_switched
        ref, mine = runs[shown]
        night = DEMOS[shown].night
        off = [n.replace("_", " ") for n, v in mechanisms.items() if not v]
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            self.table.object = table
            self.fig.x_range.end = ref.setup.run.duration_min
            self.src_on.data = figures.trace_data(ref.nights[night])
            self.src_off.data = figures.trace_data(mine.nights[night])
            self.fig.title.text = DEMOS[shown].what.capitalize()  # solid: all on; dashed: yours (legend)
            self.busy_note.object = f"<p data-done='{request}'>Up to date.</p>"
            self.param.update(
                error="",
                said=(
                    ("Switched off: " + ", ".join(off) + ". " if off else "All assumptions are on. ")
                    + ("What changed: " + "; ".join(changed) + "." if changed else "Nothing changed.")
                ),
            )

    def restyle(self, projector: bool) -> None:
        figures.apply_look(self.fig, projector)

    def body(self) -> list:
        switch_list = [QuickHtml("<h2>Switch an assumption off</h2>")]
        for name, box in self.switches.items():
            switch_list += [box, self.helps[name]]
        switches = pn.Column(*switch_list, self.busy_note, sizing_mode="stretch_width")
        demo = pn.Column(
            pn.pane.Bokeh(self.fig, sizing_mode="stretch_width"), self.table, sizing_mode="stretch_width"
        )
        evidence = QuickHtml("<h2>The evidence</h2>" + evidence_table(), css_classes=["evidence-pane"])
        caveats = QuickHtml("<h2>Caveats</h2>" + CAVEATS)
        return [flex(switches, demo, min_item=300), equations_column(), evidence, caveats]
