"""Across nights: crying per night against the hidden cost per night and expectancy."""

from __future__ import annotations

import panel as pn
import param

from dashboards import figures
from dashboards.nights_view import NightsPlots, key_html, table_html
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import POLICY_LABEL, REPAIR, REPAIR_PLAN, escape, hidden_words, minutes, reach_words
from sim.params import Setup
from sim.presets import BEDTIME_MIN, REPAIR_ABSENT_NIGHTS, bedtime, repair
from sim.engine.simulate import RunResult
from sim.vocabulary import READING, READINGS

#: The plans on offer, by their label (the policies' labels from the vocabulary).
PLANS = {
    f"{POLICY_LABEL['absent']} every night": "absent",
    f"{REPAIR_PLAN} (repair)": "repair",
    f"{POLICY_LABEL['graduated']} every night": "graduated",
    f"{POLICY_LABEL['responsive']} every night": "responsive",
}

INTRO = (
    "Several bedtimes in a row under one plan. Crying per night and the time to fall asleep are what a "
    "parent sees; the peak stress load and the hidden minutes are what lies under the surface; expectancy "
    "is how strongly the baby still expects its signals to be answered. What lies under the surface is "
    "where the two readings disagree: tick <strong>Show both readings</strong> to see them side by side. "
    "Randomised trials of graduated check-ins found no lasting harm (E2, robust); a hidden cost that "
    "stays after the crying stops rests on one small uncontrolled study (E1, contested). " + escape(REPAIR)
)


def plan_setup(plan: str, nights: int) -> Setup:
    """The documented bedtime, ``nights`` of them, under ``plan``: a policy every night, or the
    repair (absent for its first nights, or all but the last when there are fewer, then attuned)."""
    if plan == "repair":
        return repair(nights=nights, absent_nights=min(REPAIR_ABSENT_NIGHTS, nights - 1) if nights > 1 else 1)
    return bedtime(plan, nights=nights)


def describe(label: str, results: dict[str, RunResult]) -> str:
    """The nights in words: per reading, the behaviour and what lies under the surface; with both
    readings, where they agree and where they differ."""
    parts = [f"{label}."]
    for reading, result in results.items():
        first, last = result.nights[0].summary, result.nights[-1].summary
        n = len(result.nights)
        parts.append(
            f"\u201c{READING[reading].label}\u201d: crying went from {minutes(first['crying_min'], never='0 min')} "
            f"on night 1 to {minutes(last['crying_min'], never='0 min')} on night {n}; time to fall asleep from "
            f"{minutes(first['time_to_sleep_min'])} to {minutes(last['time_to_sleep_min'])}; the peak stress load "
            f"from {first['peak_load']:.2f} to {last['peak_load']:.2f}; on night {n} the baby "
            f"{hidden_words(last)}; expecting an answer from {first['final_expectancy']:.2f} to "
            f"{last['final_expectancy']:.2f}."
        )
    if len(results) > 1:
        n = min(len(r.nights) for r in results.values())
        nights = {r: res.nights[n - 1].summary for r, res in results.items()}

        def side_by_side(key: str, fmt) -> str:
            return " against ".join(fmt(s[key]) for s in nights.values())

        parts.append(
            f"Night {n} side by side, in the order above: crying "
            f"{side_by_side('crying_min', lambda v: minutes(v, never='0 min'))}; time to fall asleep "
            f"{side_by_side('time_to_sleep_min', minutes)}; peak stress load "
            f"{side_by_side('peak_load', lambda v: f'{v:.2f}')}; hidden minutes asleep "
            f"{side_by_side('hidden_asleep_min', lambda v: minutes(v, never='0 min'))}, awake "
            f"{side_by_side('hidden_awake_min', lambda v: minutes(v, never='0 min'))}."
        )
    return " ".join(parts)


class NightsPage(PageView):
    """Nights 1..N under one plan; the per-night figures, a table, and one chosen night in full."""

    key = "nights"
    intro = INTRO

    plan = param.Selector(default="absent", objects=PLANS, label="Plan")
    nights = param.Integer(8, bounds=(2, 14), label="Nights")
    both = param.Boolean(False, label="Show both readings side by side")
    shown_night = param.Integer(1, bounds=(1, None), label="Show night")
    result = param.ClassSelector(class_=RunResult, allow_None=True, doc="The run of the reading in force.")
    results = param.Dict(default={}, doc="Reading -> its run (both readings when ``both``).")
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
        self.both_box = pn.widgets.Checkbox.from_param(self.param.both, css_classes=["ctl-both"], align="end")
        self.busy_note = QuickHtml("", css_classes=["busy"])
        self.plots = NightsPlots(self.projector)
        self.key = QuickHtml("", css_classes=["nights-key-pane"])
        self.reach = QuickHtml("", css_classes=["reach-note"])
        self.view = figures.run_view("Selected night", duration_min=BEDTIME_MIN)
        self.table = QuickHtml("", css_classes=["nights-table-pane"])
        self.night_note = QuickHtml("", css_classes=["night-note"])
        if pn.state.curdoc is not None:
            pn.state.onload(self._run)

    def readings_shown(self) -> tuple[str, ...]:
        """The reading in force first, and the other one too when both are shown."""
        return (self.reading, *(r for r in READINGS if r != self.reading)) if self.both else (self.reading,)

    @param.depends("plan", "nights", "reading", "both", watch=True)
    async def _run(self) -> None:
        self._request += 1
        request = self._request
        results = await self.run_within_budget_off_loop(
            lambda: {r: plan_setup(self.plan, self.nights).with_values(reading=r) for r in self.readings_shown()},
            started=lambda: setattr(self, "busy", True))
        if results is None:
            self.busy = False
            return
        if request != self._request:
            return  # a newer request is on its way
        result = results[self.reading]
        label = next(k for k, v in PLANS.items() if v == self.plan)
        n = len(result.nights)
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            self.plots.show(results)
            self.key.object = key_html(results)
            self.reach.object = "".join(
                f"<p class='reach' data-reading='{r}'>{escape(reach_words(r, n))}</p>" for r in results
            )
            self.table.object = "<div class='nights-tables'>" + "".join(
                table_html(res) for res in results.values()) + "</div>"
            self.night_slider.end = n
            self.param.update(
                result=result,
                results=results,
                shown_night=min(self.shown_night, n),
                busy=False,
                error="",
                said=describe(label, results),
            )
            self.busy_note.object = f"<p data-done='{request}'>Done: {n} nights.</p>"
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
            self.night_note.object = (
                f"<p>Night {k} in full, under the reading in force: "
                f"\u201c{escape(READING[self.result.setup.reading].label)}\u201d.</p>"
            )
            self.view.hidden.title.text = f"Night {k}: under the surface"
            self.view.band.title.text = f"Night {k}: regime"
            self.view.update(night)

    def restyle(self, projector: bool) -> None:
        self.plots.restyle(projector)
        self.view.restyle(projector)

    def controls(self) -> pn.FlexBox:
        return pn.FlexBox(
            self.plan_select,
            self.nights_slider,
            self.both_box,
            self.progress,
            self.busy_note,
            flex_wrap="wrap",
            align_items="flex-end",
            sizing_mode="stretch_width",
        )

    def body(self) -> list:
        groups = []
        for heading, figs in self.plots.groups():
            groups.append(QuickHtml(f"<h2 class='nights-group'>{escape(heading)}</h2>"))
            groups.append(flex(*(pn.pane.Bokeh(f, sizing_mode="stretch_width") for f in figs), min_item=280))
        key = QuickHtml(figures.regime_legend_html())
        return [
            self.key,
            self.reach,
            *groups,
            self.table,
            self.night_slider,
            self.night_note,
            pn.pane.Bokeh(self.view.layout(), sizing_mode="stretch_width"),
            key,
        ]
