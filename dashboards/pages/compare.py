"""Compare responses (the landing page): one baby, one stressor, three caregivers side by side."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import param

from dashboards import figures, library
from dashboards.lesson_download import lesson_file_button
from dashboards.lessonfile.compare import compare_file
from dashboards.lessonfile.document import Origin
from dashboards.links import UrlSetting
from dashboards.pagemodel.compare import (
    COLUMNS,
    INTRO,
    SLIDERS,
    bases,
    column_setups,
    describe,
    intro_html,
    reading_remark,
    results_html,
    slider_start,
)
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import policy_label
from dashboards.widgets import release_slider, shown_in_minutes
from sim.i18n import _


class ComparePage(PageView):
    """Three caregivers for the same baby; three sliders that apply to all three when released."""

    key = "compare"
    intro = INTRO
    #: ``wait`` in a link: the delayed caregiver's wait in seconds, as the model keeps it
    url_settings = (UrlSetting("latency_s", "wait"), UrlSetting("reactivity"), UrlSetting("stress"))

    latency_s = param.Number(300.0, bounds=SLIDERS["latency_s"].bounds, step=SLIDERS["latency_s"].step,
                             label=SLIDERS["latency_s"].label)
    reactivity = param.Number(1.0, bounds=SLIDERS["reactivity"].bounds, step=SLIDERS["reactivity"].step,
                              label=SLIDERS["reactivity"].label)
    stress = param.Number(0.0, bounds=SLIDERS["stress"].bounds, step=SLIDERS["stress"].step,
                          label=SLIDERS["stress"].label)
    results = param.Dict(default={}, doc="Caregiver policy -> the last run of its column.")

    def __init__(self, **params):
        self.bases = bases()
        for name, value in slider_start(self.bases).items():
            params.setdefault(name, value)
        super().__init__(**params)
        self.duration = self.bases[COLUMNS[0]].run.duration_min
        # the live summary carries the numbers table too (one change per slider release)
        self.live = QuickHtml("", css_classes=["coreg-live", "compare-results"], fast=True)
        xr, yr = figures.shared_ranges(self.duration)
        self.views = {
            p: figures.run_view(
                policy_label(p), x_range=xr, y_range=yr, legend=(i == 0), duration_min=self.duration
            )
            for i, p in enumerate(COLUMNS)
        }
        self.sliders = [
            release_slider(self.param.latency_s, "ctl-latency", format=shown_in_minutes()),
            release_slider(self.param.reactivity, "ctl-reactivity"),
            release_slider(self.param.stress, "ctl-stress"),
        ]
        self.download = lesson_file_button(self, self.lesson_file, "compare-lesson.html")
        self._refresh()

    @param.depends("latency_s", "reactivity", "stress", "reading", watch=True)
    def _refresh(self) -> None:
        results = self.run_within_budget(
            lambda: column_setups(self.bases, self.latency_s, self.reactivity, self.stress, self.reading),
            keep=self.results)
        if results is None:
            return
        with pn.io.hold():
            for p, res in results.items():
                if res is not self.results.get(p):
                    self.views[p].update(res.nights[0])
                    reg = res.setup.regimes
                    self.views[p].set_thresholds(reg.crying, reg.arousal, reg.load)
            self.param.update(results=results, said=describe(results, self.duration), error="")

    @param.depends("results", watch=True)
    def _show_results(self) -> None:
        self.live.object = self.live_html()

    def intro_html(self) -> str:
        return intro_html()

    def live_html(self) -> str:
        return results_html(self.results, self.duration) if self.results else ""

    def lesson_file(self) -> Callable[[], str]:
        """The page as it is now, as a lesson file (made when the returned function is called)."""
        origin = Origin.of(library.load(library.DEFAULT_SCENARIO), _("the app's Compare responses page"))
        columns = dict(self.bases)
        settings = {"latency_s": self.latency_s, "reactivity": self.reactivity, "stress": self.stress,
                    "reading": self.reading}
        return lambda: compare_file(columns, origin, **settings)

    def reading_remark(self) -> str:
        return reading_remark(self.bases)

    def restyle(self, projector: bool) -> None:
        for view in self.views.values():
            view.restyle(projector)

    def controls(self) -> pn.FlexBox:
        return flex(*self.sliders, min_item=260)

    def body(self) -> list:
        columns = [
            pn.Column(
                pn.pane.Bokeh(self.views[p].layout(), sizing_mode="stretch_width"),
                sizing_mode="stretch_width",
                css_classes=[f"column-{p}"],
            )
            for p in COLUMNS
        ]
        key = QuickHtml(figures.regime_legend_html())
        return [flex(*columns, min_item=300), key, self.download]
