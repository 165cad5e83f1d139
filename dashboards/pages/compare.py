"""Compare responses (the landing page): one baby, one stressor, three caregivers side by side."""

from __future__ import annotations

import panel as pn
import param

from dashboards import figures, library
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import (
    ONE_NIGHT,
    POLICY_LABEL,
    REPAIR,
    escape,
    headline_text,
    minutes,
    plain_numbers,
    with_hidden_split,
)
from dashboards.widgets import declared_bounds, release_slider, shown_in_minutes
from sim.params import CaregiverParams, InfantParams, Setup
from sim.engine.simulate import RunResult
from sim.vocabulary import HEADLINE_METRICS, METRICS

COLUMNS = ("responsive", "delayed", "absent")
#: The wait slider's step (and its shortest wait): half a minute.
LATENCY_STEP_S = 30.0
#: The numbers under the columns: the headline numbers, the hidden minutes with their two parts.
SHOWN_METRICS = with_hidden_split(HEADLINE_METRICS)

INTRO = (
    "One baby at bedtime, fed and tired, put down alone; three practices real families use, side by "
    "side: a caregiver who answers and stays, one who answers after a wait, and one who does not return "
    "until morning. The top plot of each column is "
    "<strong>what you hear</strong> (crying); the middle plot is <strong>what you cannot see</strong>: "
    "arousal and a slow, cortisol-like stress load. Grey shading: the caregiver is with the baby. "
    "The band underneath names the regime. Move a slider and let go: all three columns update, and the "
    "numbers below them too. " + escape(REPAIR)
)


def column_setups(
    bases: dict[str, Setup], latency_s: float, reactivity: float, stress: float, reading: str
) -> dict[str, Setup]:
    """The three caregivers for the same baby and stressor, with the sliders and the reading applied."""
    out = {}
    for policy in COLUMNS:
        given: dict = {"stress": stress}
        if policy == "delayed":
            given["latency_s"] = latency_s
        out[policy] = bases[policy].with_values(
            infant={"reactivity": reactivity}, caregiver=given, reading=reading
        )
    return out


def column_title(policy: str, setup: Setup) -> str:
    """A column's heading: the policy's label and what its caregiver does tonight."""
    wait = setup.caregiver.latency_s
    does = {"responsive": f"answers after ~{wait:g} s", "delayed": f"waits {minutes(wait / 60.0)}"}
    return f"{POLICY_LABEL[policy]} ({does.get(policy, 'no answer tonight')})"


def describe(results: dict[str, RunResult], duration: float) -> str:
    parts = []
    for policy, res in results.items():
        words = ", ".join(plain_numbers(res.nights[0].summary, duration))
        parts.append(f"{POLICY_LABEL[policy]} caregiver: the baby {words}.")
    return " ".join(parts)


def results_html(results: dict[str, RunResult], duration: float) -> str:
    """The plain-language numbers of the three columns (a table) and the same in words.

    One piece of HTML on purpose: every separate text change costs the browser a layout
    pass, and this is what keeps a slider release quick. The table is hidden from screen
    readers, which read the sentence (the live summary) instead.
    """
    head = "".join(f"<th scope='col'>{escape(column_title(p, r.setup))}</th>" for p, r in results.items())
    rows = []
    for key in SHOWN_METRICS:
        cells = []
        for p, r in results.items():
            v = r.nights[0].summary[key]
            cells.append(
                f"<td data-policy='{p}' data-metric='{key}' data-value='{'' if v is None else v}'>"
                f"<strong>{escape(headline_text(key, v, duration))}</strong></td>"
            )
        part = " class='hidden-part'" if key in SHOWN_METRICS and key not in HEADLINE_METRICS else ""
        rows.append(f"<tr{part}><th scope='row'>{escape(METRICS[key].label)}</th>{''.join(cells)}</tr>")
    table = (
        "<table class='coreg compare-numbers' aria-hidden='true'><thead><tr><th scope='col'>Measure</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        f"{table}<p class='live'><strong>Result in words:</strong> {escape(describe(results, duration))}</p>"
    )


class ComparePage(PageView):
    """Three caregivers for the same baby; three sliders that apply to all three when released."""

    key = "compare"
    intro = INTRO

    latency_s = param.Number(
        300.0,
        bounds=(LATENCY_STEP_S, min(30 * 60.0, declared_bounds(CaregiverParams, "latency_s")[1])),
        step=LATENCY_STEP_S,
        label="Delayed caregiver's wait (minutes)",
        doc="The delayed caregiver's latency in seconds, as the model declares it; its slider shows minutes.",
    )
    reactivity = param.Number(
        1.0,
        bounds=declared_bounds(InfantParams, "reactivity"),
        step=0.1,
        label="Baby's reactivity (1 = typical)",
    )
    stress = param.Number(
        0.0,
        bounds=declared_bounds(CaregiverParams, "stress"),
        step=0.05,
        label="Caregivers' own stress (0 = calm, 1 = very stressed)",
    )
    results = param.Dict(default={}, doc="Caregiver policy -> the last run of its column.")

    def __init__(self, **params):
        self.bases = library.compare_setups(COLUMNS)
        base = self.bases["responsive"]
        wait = self.bases["delayed"].caregiver.latency_s
        params.setdefault("latency_s", round(wait / LATENCY_STEP_S) * LATENCY_STEP_S)
        params.setdefault("reactivity", base.infant.reactivity)
        params.setdefault("stress", base.caregiver.stress)
        super().__init__(**params)
        self.duration = base.run.duration_min
        # the live summary carries the numbers table too (one change per slider release)
        self.live = QuickHtml("", css_classes=["coreg-live", "compare-results"], fast=True)
        xr, yr = figures.shared_ranges(self.duration)
        self.views = {
            p: figures.run_view(
                POLICY_LABEL[p], x_range=xr, y_range=yr, legend=(i == 0), duration_min=self.duration
            )
            for i, p in enumerate(COLUMNS)
        }
        self.sliders = [
            release_slider(self.param.latency_s, "ctl-latency", format=shown_in_minutes()),
            release_slider(self.param.reactivity, "ctl-reactivity"),
            release_slider(self.param.stress, "ctl-stress"),
        ]
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

    def live_html(self) -> str:
        return results_html(self.results, self.duration) if self.results else ""

    def reading_remark(self) -> str:
        return ONE_NIGHT if all(s.run.nights == 1 for s in self.bases.values()) else ""

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
        return [flex(*columns, min_item=300), key]
