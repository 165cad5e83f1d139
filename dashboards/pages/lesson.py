"""Lesson mode: a scenario's steps (goal, notes, questions) beside the live plot, with next/back."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import param

from dashboards import figures, library
from dashboards.lesson_download import lesson_file_button
from dashboards.lessonfile.document import Origin
from dashboards.lessonfile.lesson import lesson_file
from dashboards.links import Refused, UrlSetting
from dashboards.pagemodel.lesson import (
    HIGHLIGHT,
    INTRO,
    PLAIN,
    column_heading,
    counter_html,
    evidence_html,
    lesson_setups,
    own_readings,
    reading_remark,
    step_markdown,
    step_title_html,
    step_words,
    steps_of,
)
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView
from dashboards.text import escape, numbers_html, reading_label, status_word, with_hidden_split
from sim.i18n import N_, _, n_
from sim.scenario import LessonStep, scenario_texts
from sim.vocabulary import HEADLINE_METRICS


class LessonPage(PageView):
    """One scenario's steps, one at a time, beside a column per variant."""

    key = "lesson"
    intro = INTRO
    url_settings = (UrlSetting("scenario_name", "scenario"), UrlSetting("step", shift=1))

    scenario_name = param.Selector(default=library.DEFAULT_SCENARIO, objects=library.names(), label=N_("Scenario"))
    step = param.Integer(0, bounds=(0, None), doc="The step shown (0 = the first).")
    steps = param.List(default=[], item_type=LessonStep, doc="The lesson's steps.")

    def __init__(self, **params):
        super().__init__(**params)
        self.scenario_select = pn.widgets.Select.from_param(
            self.param.scenario_name, width=300, css_classes=["ctl-scenario"]
        )
        self.back_button = pn.widgets.Button(label=_("\u2190 Back"), width=120, css_classes=["ctl-back"])
        self.next_button = pn.widgets.Button(
            label=_("Next \u2192"), color="primary", width=120, css_classes=["ctl-next"]
        )
        self.download = lesson_file_button(self, self.lesson_file, "lesson.html")
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
        self._texts = None
        self._loaded_name = None
        self._load()

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
        texts = self._texts = scenario_texts(scenario)
        duration = max(r.setup.run.duration_min for r in results.values())
        xr, yr = figures.shared_ranges(duration)
        self.columns, self.views = {}, {}
        for i, (label, res) in enumerate(results.items()):
            view = figures.run_view(
                texts.label(label),
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
            own = reading_label(res.setup.reading) if self._own_readings else None
            self.columns[label] = pn.Column(
                QuickHtml(column_heading(texts.label(label), own)),
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
            badge = (f"<span class='badge status-{escape(scenario.status)}'>"
                     f"{escape(status_word(scenario.status))}</span>")
            self.about.object = (
                "<p>" + _("<strong>{title}</strong> \u2014 status: {status}", title=escape(texts.title),
                          status=badge) + "</p>"
                f"<details><summary>" + escape(_('Evidence behind it')) + f"</summary>{evidence_html(scenario.evidence)}"
                "</details>"
            )
            steps = list(steps_of(scenario))
            if self._loaded_name is None and self.step >= len(steps):  # a link's step past the last
                self.refuse_link("step", self.step + 1, Refused(lambda **shown: n_(
                    "The link's value {value} for {setting} is past the end: this lesson has {n} step; the page's "
                    "own value {default} is used.",
                    "The link's value {value} for {setting} is past the end: this lesson has {n} steps; the page's "
                    "own value {default} is used.", len(steps), **shown)))
            # the same lesson in another reading keeps its step, and the first one a link's step
            step = min(self.step, len(steps) - 1) if self._loaded_name in (None, self.scenario_name) else 0
            self._loaded_name = self.scenario_name
            self.param.update(steps=steps, step=step, error="")
            self._show_step()

    @param.depends("step", watch=True)
    def _show_step(self) -> None:
        if not self.steps:
            return
        n, k = len(self.steps), self.step
        step = self.steps[k]
        with pn.io.hold():
            self.counter.object = counter_html(k, n)
            self.step_title.object = step_title_html(step, self._texts.label)
            self.step_text.object = step_markdown(step)
            self.back_button.disabled = k == 0
            self.next_button.disabled = k == n - 1
            for label, col in self.columns.items():
                col.styles = {**(col.styles or {}), **(HIGHLIGHT if step.variant == label else PLAIN)}
            self.said = step_words(step, k, n, self._texts.label)

    def lesson_file(self) -> Callable[[], str]:
        """The lesson as it is now (scenario, step, reading), as a lesson file (made when the returned
        function is called)."""
        scenario = library.load(self.scenario_name)
        origin = Origin.of(scenario, _("the app's Lesson mode (scenario \u201c{name}\u201d)", name=scenario.name))
        step, reading = self.step, self.reading
        return lambda: lesson_file(scenario, origin, reading=reading, step=step)

    def reading_remark(self) -> str:
        return reading_remark(self._own_readings, self._one_night)

    def restyle(self, projector: bool) -> None:
        for view in self.views.values():
            view.restyle(projector)

    def controls(self) -> pn.FlexBox:
        return pn.FlexBox(self.scenario_select, self.download, gap="12px", sizing_mode="stretch_width")

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
