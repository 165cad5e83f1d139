"""Across nights: crying per night against the hidden cost per night and expectancy."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import param

from dashboards import figures
from dashboards.lesson_download import lesson_file_button
from dashboards.lessonfile.document import Origin
from dashboards.lessonfile.nights import nights_file
from dashboards.links import Refused, UrlSetting
from dashboards.nights_view import NightsPlots, key_html, table_html
from dashboards.pagemodel.nights import (
    DEFAULT_PLAN,
    INTRO,
    intro_html,
    NIGHTS,
    PLANS,
    describe,
    night_note,
    night_titles,
    plan_label,
    plan_setup,
    reach_html,
    readings_shown,
)
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import escape, policy_label
from sim.i18n import N_, _, current, n_
from sim.presets import BEDTIME_MIN
from sim.engine.simulate import RunResult

class NightsPage(PageView):
    """Nights 1..N under one plan; the per-night figures, a table, and one chosen night in full."""

    key = "nights"
    intro = INTRO
    url_settings = (UrlSetting("plan"), UrlSetting("nights"), UrlSetting("both"), UrlSetting("shown_night", "night"))

    plan = param.Selector(default=DEFAULT_PLAN, objects=PLANS, label=N_("Plan"))
    nights = param.Integer(NIGHTS[2], bounds=NIGHTS[:2], label=N_("Nights"))
    both = param.Boolean(False, label=N_("Show both readings side by side"))
    shown_night = param.Integer(1, bounds=(1, None), label=N_("Show night"))
    result = param.ClassSelector(class_=RunResult, allow_None=True, doc="The run of the reading in force.")
    results = param.Dict(default={}, doc="Reading -> its run (both readings when ``both``).")
    busy = param.Boolean(False, doc="Whether nights are being computed.")

    def __init__(self, **params):
        super().__init__(**params)
        if self.shown_night > self.nights:
            self.refuse_link("shown_night", self.shown_night, Refused(lambda **shown: n_(
                "The link's value {value} for {setting} is past the last of the {n} night shown; the page's own "
                "value {default} is used.",
                "The link's value {value} for {setting} is past the last of the {n} nights shown; the page's own "
                "value {default} is used.", self.nights, **shown)))
        self._request = 0
        self.plan_select = pn.widgets.Select.from_param(self.param.plan, width=330, css_classes=["ctl-plan"])
        self.nights_slider = pn.widgets.IntSlider.from_param(
            self.param.nights, throttled=True, width=260, css_classes=["ctl-nights"]
        )
        self.night_slider = pn.widgets.IntSlider.from_param(
            self.param.shown_night, throttled=True, end=self.nights, width=260, css_classes=["ctl-show-night"]
        )
        self.progress = pn.indicators.Progress(
            label=_("Computing nights"), active=False, value=-1, width=200, visible=False, sizing_mode="fixed"
        )
        self.both_box = pn.widgets.Checkbox.from_param(self.param.both, css_classes=["ctl-both"], align="end")
        self.busy_note = QuickHtml("", css_classes=["busy"])
        self.plots = NightsPlots(self.projector)
        self.key = QuickHtml("", css_classes=["nights-key-pane"])
        self.reach = QuickHtml("", css_classes=["reach-note"])
        self.view = figures.run_view(_("Selected night"), duration_min=BEDTIME_MIN)
        self.table = QuickHtml("", css_classes=["nights-table-pane"])
        self.night_note = QuickHtml("", css_classes=["night-note"])
        self.download = lesson_file_button(self, self.lesson_file, "nights-lesson.html")
        if pn.state.curdoc is not None:
            pn.state.onload(self._run)

    def readings_shown(self) -> tuple[str, ...]:
        """The reading in force first, and the other one too when both are shown."""
        return readings_shown(self.reading, self.both)

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
        label = plan_label(self.plan)
        n = len(result.nights)
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            self.plots.show(results)
            self.key.object = key_html(results)
            self.reach.object = reach_html(results, n)
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
            done = n_("Done: {n} night.", "Done: {n} nights.", n)
            self.busy_note.object = f"<p data-done='{request}'>{escape(done)}</p>"
            self._show_night()

    @param.depends("busy", watch=True)
    def _show_busy(self) -> None:
        with pn.io.unlocked():
            self.progress.param.update(visible=self.busy, active=self.busy)
            if self.busy:
                self.busy_note.object = "<p role='status'>" + escape(_("Computing the nights\u2026")) + "</p>"

    @param.depends("shown_night", watch=True)
    def _show_night(self) -> None:
        if self.result is None:
            return
        k = min(self.shown_night, len(self.result.nights))
        night = self.result.nights[k - 1]
        with pn.io.unlocked():
            for fig, title in zip(self.view.figures, night_titles(k, policy_label(night.policy))):
                figures.set_title(fig, title)
            self.night_note.object = night_note(k, self.result.setup.reading)
            self.view.update(night)

    def lesson_file(self) -> Callable[[], str]:
        """The page as it is now, as a lesson file (made when the returned function is called)."""
        origin = Origin.of_readings(_("the documented bedtime"), _("the app's Across nights page"))
        settings = {"nights": self.nights, "plan": self.plan, "reading": self.reading, "both": self.both,
                    "shown_night": min(self.shown_night, self.nights)}
        return lambda: nights_file(origin, **settings)

    def intro_html(self) -> str:
        return intro_html()

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
            self.download,
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
