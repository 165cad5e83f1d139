"""Across nights: crying per night against the hidden cost per night and expectancy."""

from __future__ import annotations

import asyncio
import html

import panel as pn

from dashboards import figures
from dashboards.shell import Page, flex, html_pane
from dashboards.text import REPAIR, escape
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


def table_html(result: RunResult) -> str:
    rows = []
    for n in result.nights:
        s = n.summary
        rows.append(
            f"<tr data-night='{n.night}' data-crying='{s['crying_min']}' data-peak-load='{s['peak_load']}' "
            f"data-expectancy='{s['final_expectancy']}'><td>{n.night}</td><td>{escape(n.policy)}</td><td>{s['crying_min']:.1f}</td>"
            f"<td>{s['quiet_dysregulated_min']:.1f}</td><td>{s['peak_load']:.2f}</td>"
            f"<td>{s['final_expectancy']:.2f}</td></tr>"
        )
    return (
        "<table class='coreg nights-table'><caption>Per night</caption><thead><tr><th scope='col'>Night</th>"
        "<th scope='col'>Caregiver</th><th scope='col'>Crying (min)</th><th scope='col'>Quiet but "
        "dysregulated (min)</th><th scope='col'>Peak stress load</th><th scope='col'>Expects an answer"
        "</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def build() -> pn.Column:
    page = Page("nights", intro=INTRO)
    plan = pn.widgets.Select(label="Plan", options=PLANS, value="absent", width=330, css_classes=["ctl-plan"])
    nights = pn.widgets.IntSlider(
        label="Nights", start=2, end=14, value=8, width=260, css_classes=["ctl-nights"]
    )
    night_pick = pn.widgets.IntSlider(
        label="Show night", start=1, end=8, value=1, width=260, css_classes=["ctl-show-night"]
    )
    progress = pn.indicators.Progress(
        name="Computing nights", active=False, value=-1, width=200, visible=False, sizing_mode="fixed"
    )
    busy = html_pane("", css_classes=["busy"])
    figs, src = figures.nights_figures(page.projector.value)
    view = figures.run_view("Selected night", duration_min=90.0)
    table = html_pane("", sizing_mode="stretch_width", css_classes=["nights-table-pane"])
    state: dict = {"result": None, "token": 0}

    def show_night(*_):
        res = state["result"]
        if res is None:
            return
        k = min(night_pick.value, len(res.nights))
        n = res.nights[k - 1]
        with pn.io.unlocked():
            _show(k, n)

    def _show(k, n):
        view.signal.title.text = f"Night {k} ({n.policy}): what you hear"
        view.hidden.title.text = f"Night {k}: under the surface"
        view.band.title.text = f"Night {k}: regime"
        view.update(n)

    async def run(*_):
        state["token"] += 1
        token = state["token"]
        progress.visible = True
        progress.active = True
        busy.object = "<p role='status'>Computing the nights\u2026</p>"
        try:
            setup = plan_setup(plan.value, nights.value)
            loop = asyncio.get_running_loop()
            res = await loop.run_in_executor(None, simulate, setup)
        except CoregError as exc:
            page.show_error(str(exc))
            progress.active = False
            progress.visible = False
            busy.object = ""
            return
        if token != state["token"]:
            return  # a newer request is on its way
        state["result"] = res
        first, last = res.nights[0].summary, res.nights[-1].summary
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            page.clear_error()
            src.data = figures.nights_data(res)
            table.object = table_html(res)
            night_pick.end = len(res.nights)
            night_pick.value = min(night_pick.value, len(res.nights))
            show_night()
            progress.active = False
            progress.visible = False
            busy.object = f"<p data-done='{token}'>Done: {len(res.nights)} nights.</p>"
            page.say(
                f"{html.unescape([k for k, v in PLANS.items() if v == plan.value][0])}: crying went from "
                f"{first['crying_min']:.1f} min on night 1 to {last['crying_min']:.1f} min on night "
                f"{len(res.nights)}; the peak stress load went from {first['peak_load']:.2f} to "
                f"{last['peak_load']:.2f}; expecting an answer from {first['final_expectancy']:.2f} to "
                f"{last['final_expectancy']:.2f}."
            )

    plan.param.watch(run, "value")
    nights.param.watch(run, "value_throttled")
    night_pick.param.watch(show_night, "value_throttled")

    def restyle(on: bool) -> None:
        for f in figs:
            figures.apply_look(f, on)
        view.restyle(on)

    page.on_projector(restyle)
    if pn.state.curdoc is not None:
        pn.state.onload(run)
    controls = pn.FlexBox(
        plan, nights, progress, busy, flex_wrap="wrap", align_items="flex-end", sizing_mode="stretch_width"
    )
    plots = flex(*(pn.pane.Bokeh(f, sizing_mode="stretch_width") for f in figs), min_item=300)
    key = html_pane(figures.regime_legend_html(), sizing_mode="stretch_width")
    return page.layout(
        plots,
        table,
        night_pick,
        pn.pane.Bokeh(view.layout(), sizing_mode="stretch_width"),
        key,
        controls=controls,
    )
