"""About the model & evidence: equations, a switch per assumption, the evidence registry, caveats."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Callable

import panel as pn
from bokeh.models import ColumnDataSource, Range1d

from dashboards import figures, library, theme
from dashboards.shell import Page, flex, html_pane
from dashboards.text import CAVEAT, REPAIR, escape
from sim.declare import declarations
from sim.errors import CoregError
from sim.params import CaregiverParams, Mechanisms, RunParams, Setup
from sim.presets import bedtime, hungry_waking
from sim.simulate import RunResult, simulate

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
        "absent caregiver, hungry night", lambda: hungry_waking("absent"), "crying_min", "crying (min)"
    ),
    "energy_depletes": Demo(
        "absent caregiver, hungry night", lambda: hungry_waking("absent"), "crying_min", "crying (min)"
    ),
    "uncontrollability_amplifies_load": Demo(
        "absent caregiver, hungry night", lambda: hungry_waking("absent"), "peak_load", "peak stress load"
    ),
    "noncontingent_presence_stresses": Demo(
        "still face: play, still face, reunion", _still_face, "peak_arousal", "peak arousal"
    ),
    "caregiver_arousal_lowers_capacity": Demo(
        "stressed caregiver (0.8) who comes after 5 min",
        lambda: hungry_waking("delayed", latency_s=300.0, stress=0.8),
        "time_to_settle_min",
        "time to settle (min)",
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
        "crying on night 7 (min)",
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
    registry = library.evidence_registry()
    if not registry:
        return "<p>The evidence registry is not available in this installation.</p>"
    rows = []
    for key, e in registry.items():
        rows.append(
            f"<tr class='evidence-row' data-key='{escape(key)}' data-status='{escape(e.status)}'>"
            f"<th scope='row'>{escape(key)}</th><td>{escape(e.text)}</td><td>{escape(e.citation)}</td>"
            f"<td><span class='badge status-{escape(e.status)}'>{escape(e.status)}</span><br>"
            f"{escape(e.qualifier)}</td></tr>"
        )
    return (
        "<table class='coreg evidence'><caption>Evidence registry</caption><thead><tr><th scope='col'>Key</th>"
        "<th scope='col'>What research shows</th><th scope='col'>Source</th><th scope='col'>How sure</th></tr>"
        "</thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def build() -> pn.Column:
    page = Page("about", intro=INTRO)
    decls = {d.name: d for d in declarations(Mechanisms)}
    toggles = {
        name: pn.widgets.Checkbox(
            label=f"{name.replace('_', ' ').capitalize()}", value=True, css_classes=[f"mech-{name}"]
        )
        for name in decls
    }
    helps = {
        name: html_pane(
            f"<p style='margin:0 0 0.6em 1.6em;font-size:0.9em'>{escape(decls[name].help)}"
            f"<br><em>Shown by:</em> {escape(DEMOS[name].what)} \u2192 "
            f"{escape(DEMOS[name].label)}.</p>",
            sizing_mode="stretch_width",
        )
        for name in decls
    }
    table = html_pane("", sizing_mode="stretch_width", css_classes=["mech-table"])
    busy = html_pane("", css_classes=["mech-busy"])
    src_on = ColumnDataSource({"t": [], "crying": [], "arousal": [], "load": [], "expectancy": []})
    src_off = ColumnDataSource({"t": [], "crying": [], "arousal": [], "load": [], "expectancy": []})
    fig = figures.plot("All on (solid), your switches (dashed)", 300, Range1d(0, 120), Range1d(-0.02, 1.05),
                       tools="xpan,xwheel_zoom,reset,save", xlabel="minutes into the night")
    for name in ("crying", "arousal", "load"):
        color = theme.SERIES[name][0]
        r1 = fig.line("t", name, source=src_on, color=color, line_width=2.5, legend_label=f"{name}: all on")
        r2 = fig.line(
            "t",
            name,
            source=src_off,
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
    state: dict = {"last": "energy_depletes", "token": 0, "reference": {}}

    def compute(mechs: dict[str, bool]) -> tuple[dict, dict]:
        ref = state["reference"]
        out = {}
        for name, demo in DEMOS.items():
            if name not in ref:
                ref[name] = simulate(demo.setup())
            mine = simulate(demo.setup().with_values(mechanisms=mechs))
            out[name] = (ref[name], mine)
        return out, ref

    async def refresh(*events) -> None:
        for ev in events:
            for name, w in toggles.items():
                if ev.obj is w:
                    state["last"] = name
        state["token"] += 1
        token = state["token"]
        mechs = {name: bool(w.value) for name, w in toggles.items()}
        busy.object = "<p role='status'>Running the experiments\u2026</p>"
        try:
            runs, _ = await asyncio.get_running_loop().run_in_executor(None, compute, mechs)
        except CoregError as exc:
            page.show_error(str(exc))
            return
        if token != state["token"]:
            return
        rows, changed = [], []
        for name, (ref, mine) in runs.items():
            demo = DEMOS[name]
            a, b = demo.value(ref), demo.value(mine)
            fa = "\u2014" if a is None else f"{a:.2f}"
            fb = "\u2014 (never)" if b is None else f"{b:.2f}"
            differs = (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > 1e-9)
            if differs:
                changed.append(f"{demo.label} {fa} \u2192 {fb}")
            flag = "<strong>changed</strong>" if differs else "same"
            rows.append(
                f"<tr data-mech='{name}' data-on='{'' if a is None else a}' data-mine='{'' if b is None else b}'>"
                f"<th scope='row'>{escape(name.replace('_', ' '))}{'' if mechs[name] else ' (off)'}</th>"
                f"<td>{escape(demo.what)}</td><td>{escape(demo.label)}</td><td>{fa}</td><td>{fb}</td>"
                f"<td>{flag}</td></tr>"
            )
        shown = state["last"]
        ref, mine = runs[shown]
        night = DEMOS[shown].night
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            page.clear_error()
            table.object = (
                "<table class='coreg'><caption>What each assumption governs</caption><thead><tr>"
                "<th scope='col'>Assumption</th><th scope='col'>Experiment</th><th scope='col'>Measure"
                "</th><th scope='col'>All on</th><th scope='col'>Your switches</th><th scope='col'>"
                "</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            )
            fig.x_range.end = ref.setup.run.duration_min
            src_on.data = figures.trace_data(ref.nights[night])
            src_off.data = figures.trace_data(mine.nights[night])
            fig.title.text = DEMOS[shown].what.capitalize()  # solid: all on; dashed: yours (legend)
            busy.object = f"<p data-done='{token}'>Up to date.</p>"
            off = [n.replace("_", " ") for n, v in mechs.items() if not v]
            page.say(
                ("Switched off: " + ", ".join(off) + ". " if off else "All assumptions are on. ")
                + ("What changed: " + "; ".join(changed) + "." if changed else "Nothing changed.")
            )

    for w in toggles.values():
        w.param.watch(refresh, "value")

    def restyle(on: bool) -> None:
        figures.apply_look(fig, on)

    page.on_projector(restyle)
    if pn.state.curdoc is not None:
        pn.state.onload(refresh)

    eq_items = []
    for title, tex, words in EQUATIONS:
        eq_items.append(
            html_pane(f"<h3 style='margin:0.6em 0 0.1em 0'>{escape(title)}</h3>", sizing_mode="stretch_width")
        )
        eq_items.append(
            pn.pane.LaTeX(
                f"$${tex}$$", renderer="katex", sizing_mode="stretch_width", stylesheets=[EQUATION_CSS]
            )
        )
        eq_items.append(html_pane(f"<p style='margin:0'>{escape(words)}</p>", sizing_mode="stretch_width"))
    equations = pn.Column(
        html_pane(
            "<h2>The equations</h2><p>Nine infant states and the caregiver's arousal, "
            "each between 0 and 1, advanced in steps of one second (RK4). \u03c3 is a "
            "smooth step. Full details: <code>sim/model.py</code>.</p>",
            sizing_mode="stretch_width",
        ),
        *eq_items,
        html_pane("<h3>The four regimes</h3>" + REGIME_TEXT, sizing_mode="stretch_width"),
        sizing_mode="stretch_width",
    )
    switch_list = [html_pane("<h2>Switch an assumption off</h2>", sizing_mode="stretch_width")]
    for name in decls:
        switch_list += [toggles[name], helps[name]]
    switches = pn.Column(*switch_list, busy, sizing_mode="stretch_width")
    evidence = html_pane(
        "<h2>The evidence</h2>" + evidence_table(), sizing_mode="stretch_width", css_classes=["evidence-pane"]
    )
    caveats = html_pane("<h2>Caveats</h2>" + CAVEATS, sizing_mode="stretch_width")
    demo_col = pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), table, sizing_mode="stretch_width")
    return page.layout(flex(switches, demo_col, min_item=300), equations, evidence, caveats)
