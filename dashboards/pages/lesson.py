"""Lesson mode: a scenario's steps (goal, notes, questions) beside the live plot, with next/back."""

from __future__ import annotations

import html

import panel as pn
import param

from dashboards import figures, library
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView
from dashboards.text import ONE_NIGHT, escape, numbers_html, with_hidden_split
from sim.evidence import EVIDENCE
from sim.printable import shown
from sim.scenario import LessonStep, Scenario
from sim.vocabulary import HEADLINE_METRICS, READING

INTRO = (
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
            f"{escape(e.status)}</span> {escape(e.qualifier)} \u2014 {escape(e.citation)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>No evidence keys: illustrative.</p>"


def steps_of(scenario: Scenario) -> tuple[LessonStep, ...]:
    """The scenario's lesson steps; a scenario with no goal, notes or questions is one step of its summary."""
    return scenario.lesson_steps() or (LessonStep(title=scenario.title, text=scenario.summary),)


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


def scenario_in_url(names: list[str]) -> str:
    """The scenario asked for with ``?scenario=NAME``, else the default one."""
    args = pn.state.session_args if pn.state.curdoc is not None else {}
    wanted = (args.get("scenario", [b""])[0] or b"").decode("utf-8", "replace") if args else ""
    return wanted if wanted in names else library.DEFAULT_SCENARIO


class LessonPage(PageView):
    """One scenario's steps, one at a time, beside a column per variant."""

    key = "lesson"
    intro = INTRO

    scenario_name = param.Selector(default=None, objects=[], label="Scenario")
    step = param.Integer(0, bounds=(0, None), doc="The step shown (0 = the first).")
    steps = param.List(default=[], item_type=LessonStep, doc="The lesson's steps.")

    def __init__(self, **params):
        super().__init__(**params)
        names = library.names()
        self.param.scenario_name.objects = names
        self.scenario_select = pn.widgets.Select.from_param(
            self.param.scenario_name, width=300, css_classes=["ctl-scenario"]
        )
        self.back_button = pn.widgets.Button(label="\u2190 Back", width=120, css_classes=["ctl-back"])
        self.next_button = pn.widgets.Button(
            label="Next \u2192", color="primary", width=120, css_classes=["ctl-next"]
        )
        self.back_button.on_click(lambda _e: self._move(-1))
        self.next_button.on_click(lambda _e: self._move(1))
        self.counter = QuickHtml("", css_classes=["step-counter"])
        self.step_title = QuickHtml("", css_classes=["step-title"])
        self.step_text = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["step-text"])
        self.about = QuickHtml("", css_classes=["lesson-about"])
        self.plots = pn.FlexBox(flex_wrap="wrap", gap="12px", sizing_mode="stretch_width")
        self.columns: dict[str, pn.Column] = {}
        self.views: dict = {}
        self._own_readings = self._one_night = False
        self._loaded_name = None
        self.scenario_name = scenario_in_url(names)

    def _move(self, delta: int) -> None:
        self.step = max(0, min(self.step + delta, len(self.steps) - 1))

    @param.depends("scenario_name", "reading", watch=True)
    def _load(self) -> None:
        scenario = self.refusing(lambda: library.load(self.scenario_name))
        if scenario is None:
            return
        results = self.run_within_budget(lambda: lesson_setups(scenario, self.reading))
        if results is None:
            return
        self._own_readings = own_readings(scenario)
        duration = max(r.setup.run.duration_min for r in results.values())
        xr, yr = figures.shared_ranges(duration)
        self.columns, self.views = {}, {}
        for i, (label, res) in enumerate(results.items()):
            view = figures.run_view(
                label,
                x_range=xr,
                y_range=yr,
                legend=(i == 0),
                duration_min=duration,
                projector=self.projector,
            )
            night = res.nights[-1]
            view.update(night)
            reg = res.setup.regimes
            view.set_thresholds(reg.crying, reg.arousal, reg.load)
            own = f" \u2014 \u201c{escape(READING[res.setup.reading].label)}\u201d" if self._own_readings else ""
            self.columns[label] = pn.Column(
                QuickHtml(f"<h3 style='margin:0.2em 0'>{escape(label)}{own}</h3>"),
                pn.pane.Bokeh(view.layout(), sizing_mode="stretch_width"),
                QuickHtml(numbers_html(night.summary, res.setup.run.duration_min, with_hidden_split(HEADLINE_METRICS))),
                sizing_mode="stretch_width",
                styles={"flex": "1 1 300px", "min-width": "0", **PLAIN},
                css_classes=[f"variant-{label.lower().replace(' ', '-')}"],
            )
            self.views[label] = view
        self._one_night = all(r.setup.run.nights == 1 for r in results.values())
        with pn.io.hold():
            self.show_reading()
            self.plots.objects = list(self.columns.values())
            self.about.object = (
                f"<p><strong>{escape(scenario.title)}</strong> \u2014 status: <span class='badge "
                f"status-{escape(scenario.status)}'>{escape(scenario.status)}</span></p>"
                f"<details><summary>Evidence behind it</summary>{evidence_html(scenario.evidence)}</details>"
            )
            steps = list(steps_of(scenario))
            # the same lesson in another reading keeps its step
            step = min(self.step, len(steps) - 1) if self._loaded_name == self.scenario_name else 0
            self._loaded_name = self.scenario_name
            self.param.update(steps=steps, step=step, error="")
            self._show_step()

    @param.depends("step", watch=True)
    def _show_step(self) -> None:
        if not self.steps:
            return
        n, k = len(self.steps), self.step
        step = self.steps[k]
        look = f" Look at the <strong>{escape(step.variant)}</strong> column." if step.variant else ""
        with pn.io.hold():
            self.counter.object = (
                f"<p data-step='{k + 1}' data-steps='{n}'><strong>Step {k + 1} of {n}</strong></p>"
            )
            self.step_title.object = f"<h2 style='margin:0.2em 0'>{escape(step.title)}</h2>" + (
                f"<p>{look}</p>" if look else ""
            )
            # notes are Markdown written by instructors: shown escaped (no raw HTML)
            self.step_text.object = html.escape(shown(step.text), quote=False)
            self.back_button.disabled = k == 0
            self.next_button.disabled = k == n - 1
            for label, col in self.columns.items():
                col.styles = {**(col.styles or {}), **(HIGHLIGHT if step.variant == label else PLAIN)}
            self.said = f"Step {k + 1} of {n}: {step.title}. {shown(step.text)}" + (
                f" Look at the {step.variant} column." if step.variant else ""
            )

    def reading_remark(self) -> str:
        if self._own_readings:
            return ("This lesson's variants each name their own reading (shown above each column): the "
                    "switch applies to the other lessons.")
        return ONE_NIGHT if self._one_night else ""

    def restyle(self, projector: bool) -> None:
        for view in self.views.values():
            view.restyle(projector)

    def controls(self) -> pn.FlexBox:
        return pn.FlexBox(self.scenario_select, sizing_mode="stretch_width")

    def body(self) -> list:
        steps = pn.Column(
            self.counter,
            self.step_title,
            self.step_text,
            pn.Row(self.back_button, self.next_button),
            self.about,
            sizing_mode="stretch_width",
            styles={
                "background": "#f7f9fb",
                "border-radius": "8px",
                "padding": "8px",
                "flex": "1 1 300px",
                "max-width": "520px",
                "min-width": "0",
            },
        )
        key = QuickHtml(figures.regime_legend_html())
        plots = pn.Column(
            self.plots, key, sizing_mode="stretch_width", styles={"flex": "3 1 420px", "min-width": "0"}
        )
        return [pn.FlexBox(steps, plots, flex_wrap="wrap", gap="12px", sizing_mode="stretch_width")]
