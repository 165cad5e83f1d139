"""Across nights: crying per night against the hidden cost per night and expectancy."""

from __future__ import annotations

import asyncio

import panel as pn
import param

from dashboards import figures
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import REPAIR, escape, metric_heading
from sim.budget import check_runs
from sim.errors import CoregError
from sim.params import CaregiverParams, RunParams, ScheduleEntry, Setup
from sim.presets import BEDTIME_STRESSORS
from sim.simulate import RunResult, simulate

PLANS = {
    "Absent every night": "absent",
    "Absent for 5 nights, then attuned (repair)": "repair",
    "Graduated check-ins every night": "graduated",
    "Attuned every night": "responsive",
}

INTRO = (
    "Several bedtimes in a row under one plan. Crying per night is what a parent hears; the peak stress "
    "load is the hidden cost; expectancy is how strongly the baby still expects its signals to be answered. "
    "Randomised trials of graduated check-ins found no lasting harm (E2, robust); the hidden-cost "
    "pattern rests mainly on one small uncontrolled study (E1, contested). " + escape(REPAIR)
)


def plan_setup(plan: str, nights: int) -> Setup:
    run = RunParams(duration_min=90.0, nights=nights)
    if plan == "repair":
        absent_until = min(5, nights - 1) if nights > 1 else 1
        schedule = (
            ScheduleEntry(
                first_night=1, last_night=absent_until, caregiver=CaregiverParams.for_policy("absent")
            ),
        )
        return Setup(
            run=run,
            caregiver=CaregiverParams.for_policy("responsive"),
            stressors=BEDTIME_STRESSORS,
            schedule=schedule,
        )
    return Setup(run=run, caregiver=CaregiverParams.for_policy(plan), stressors=BEDTIME_STRESSORS)


#: The numbers of each night in the table.
NIGHT_COLUMNS = ("crying_min", "quiet_dysregulated_min", "peak_load", "final_expectancy")


def table_html(result: RunResult) -> str:
    rows = []
    for n in result.nights:
        s = n.summary
        rows.append(
            f"<tr data-night='{n.night}' data-crying='{s['crying_min']}' data-peak-load='{s['peak_load']}' "
            f"data-expectancy='{s['final_expectancy']}'><td>{n.night}</td><td>{escape(n.policy)}</td>"
            + "".join(f"<td>{s[k]:.{1 if k.endswith('_min') else 2}f}</td>" for k in NIGHT_COLUMNS)
            + "</tr>"
        )
    head = "".join(f"<th scope='col'>{escape(metric_heading(k))}</th>" for k in NIGHT_COLUMNS)
    return (
        "<table class='coreg nights-table'><caption>Per night</caption><thead><tr><th scope='col'>Night</th>"
        f"<th scope='col'>Caregiver</th>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


class NightsPage(PageView):
    """Nights 1..N under one plan; the per-night figures, a table, and one chosen night in full."""

    key = "nights"
    intro = INTRO

    plan = param.Selector(default="absent", objects=PLANS, label="Plan")
    nights = param.Integer(8, bounds=(2, 14), label="Nights")
    shown_night = param.Integer(1, bounds=(1, None), label="Show night")
    result = param.ClassSelector(class_=RunResult, allow_None=True, doc="The last run of every night.")
    busy = param.Boolean(False, doc="Whether nights are being computed.")

    def __init__(self, **params):
        super().__init__(**params)
        self._request = 0
        self.plan_select = pn.widgets.Select.from_param(self.param.plan, width=330, css_classes=["ctl-plan"])
        self.nights_slider = pn.widgets.IntSlider.from_param(
            self.param.nights, throttled=True, width=260, css_classes=["ctl-nights"]
        )
        self.night_slider = pn.widgets.IntSlider.from_param(
            self.param.shown_night, throttled=True, end=self.nights, width=260, css_classes=["ctl-show-night"]
        )
        self.progress = pn.indicators.Progress(
            label="Computing nights", active=False, value=-1, width=200, visible=False, sizing_mode="fixed"
        )
        self.busy_note = QuickHtml("", css_classes=["busy"])
        self.figs, self.source = figures.nights_figures(self.projector)
        self.view = figures.run_view("Selected night", duration_min=90.0)
        self.table = QuickHtml("", css_classes=["nights-table-pane"])
        if pn.state.curdoc is not None:
            pn.state.onload(self._run)

    @param.depends("plan", "nights", watch=True)
    async def _run(self) -> None:
        self._request += 1
        request = self._request
        try:
            setup = plan_setup(self.plan, self.nights)
            check_runs([setup])
        except CoregError as exc:
            self.refuse(exc)
            return
        self.busy = True
        try:
            result = await asyncio.to_thread(simulate, setup)  # off the event loop: other sessions answer
        except CoregError as exc:
            self.busy = False
            self.refuse(exc)
            return
        if request != self._request:
            return  # a newer request is on its way
        first, last = result.nights[0].summary, result.nights[-1].summary
        label = next(k for k, v in PLANS.items() if v == self.plan)
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            self.source.data = figures.nights_data(result)
            self.table.object = table_html(result)
            self.night_slider.end = len(result.nights)
            self.param.update(
                result=result,
                shown_night=min(self.shown_night, len(result.nights)),
                busy=False,
                error="",
                said=(
                    f"{label}: crying went from {first['crying_min']:.1f} min on night 1 to "
                    f"{last['crying_min']:.1f} min on night {len(result.nights)}; "
                    "the peak stress load went from "
                    f"{first['peak_load']:.2f} to {last['peak_load']:.2f}; expecting an answer from "
                    f"{first['final_expectancy']:.2f} to {last['final_expectancy']:.2f}."
                ),
            )
            self.busy_note.object = f"<p data-done='{request}'>Done: {len(result.nights)} nights.</p>"
            self._show_night()

    @param.depends("busy", watch=True)
    def _show_busy(self) -> None:
        with pn.io.unlocked():
            self.progress.param.update(visible=self.busy, active=self.busy)
            if self.busy:
                self.busy_note.object = "<p role='status'>Computing the nights\u2026</p>"

    @param.depends("shown_night", watch=True)
    def _show_night(self) -> None:
        if self.result is None:
            return
        k = min(self.shown_night, len(self.result.nights))
        night = self.result.nights[k - 1]
        with pn.io.unlocked():
            self.view.signal.title.text = f"Night {k} ({night.policy}): what you hear"
            self.view.hidden.title.text = f"Night {k}: under the surface"
            self.view.band.title.text = f"Night {k}: regime"
            self.view.update(night)

    def restyle(self, projector: bool) -> None:
        for fig in self.figs:
            figures.apply_look(fig, projector)
        self.view.restyle(projector)

    def controls(self) -> pn.FlexBox:
        return pn.FlexBox(
            self.plan_select,
            self.nights_slider,
            self.progress,
            self.busy_note,
            flex_wrap="wrap",
            align_items="flex-end",
            sizing_mode="stretch_width",
        )

    def body(self) -> list:
        plots = flex(*(pn.pane.Bokeh(f, sizing_mode="stretch_width") for f in self.figs), min_item=300)
        key = QuickHtml(figures.regime_legend_html())
        return [
            plots,
            self.table,
            self.night_slider,
            pn.pane.Bokeh(self.view.layout(), sizing_mode="stretch_width"),
            key,
        ]
