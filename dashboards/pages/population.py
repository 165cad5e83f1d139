"""Population: many babies of varied temperament; outcomes per policy and the latency "dose" curve.

The page opens with a default population already computed (off the event loop, with
progress). Each caregiver's babies come from one :func:`sim.engine.population.simulate_population`
call on the default scenario's base with that policy and the page's seed, exactly what
``coreg sweep <scenario> --population N --seed S --set caregiver.policy=P`` runs: the same
seed gives the same babies in both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import numpy as np
import panel as pn
import param
from bokeh.models import ColumnDataSource, Range1d, Span

from dashboards import figures, library, theme, warmup
from dashboards.links import UrlSetting
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import HIDDEN_SPLIT, ONE_NIGHT, POLICY_LABEL, escape, scroll_box, metric_heading, number, number_text, policy_label
from dashboards.widgets import release_slider
from sim.budget import check_population
from sim.errors import CoregError
from sim.i18n import N_, _, current, n_, use
from sim.params import Setup
from sim.engine.population import PopulationResult, simulate_population
from sim.vocabulary import POLICIES

#: Every policy a population can use (a scripted caregiver needs a timeline from a file).
OFFERED = tuple(p for p in POLICIES if p != "scripted")
DEFAULT_POLICIES = ("responsive", "delayed", "graduated", "absent")
DOSE_LATENCIES_S = (10, 30, 60, 120, 300, 600, 1200, 2400)
DOSE_BABIES = 100
OUTCOMES = ("quiet_dysregulated_min", *HIDDEN_SPLIT, "crying_min", "peak_load", "time_to_settle_min")
BINS = 24

INTRO = N_(
    "Many babies, each with its own temperament (reactivity, crying threshold, expectancy, crying energy "
    "and self-soothing drawn around typical values), under each caregiver. The distributions show how "
    "varied outcomes are; the dose curve shows how the outcome changes as the wait before answering "
    "grows. Change the settings and press <strong>Run</strong>; a progress bar shows how far it has got, "
    "and the page stays usable."
)


def policy_setup(base: Setup, policy: str, seed: int) -> Setup:
    """The default scenario's base with ``policy`` and ``seed`` (as ``coreg sweep --set/--seed`` do);
    the page's reading is applied to ``base`` beforehand."""
    return base.with_values(run={"seed": seed}, caregiver={"policy": policy})


def dose_setup(base: Setup, latency_s: float, seed: int) -> Setup:
    return base.with_values(
        run={"seed": seed},
        caregiver={"policy": "delayed", "latency_s": float(latency_s), "response_probability": 1.0},
    )


def split_medians(results: dict[str, PopulationResult]) -> dict[str, list[float | None]]:
    """Caregiver -> the medians over babies of the two parts of the hidden minutes (``HIDDEN_SPLIT``)."""
    return {p: [percentiles(pop.metric(k))[1] for k in HIDDEN_SPLIT] for p, pop in results.items()}


def split_words(medians: dict[str, list[float | None]]) -> str:
    """The medians of the two parts of the hidden minutes, per caregiver, in words."""
    parts = []
    for p, (asleep, awake) in medians.items():
        asleep, awake = asleep or 0.0, awake or 0.0
        parts.append(_("{policy}: {asleep} min asleep with the slow load still high and {awake} min awake, quiet "
                       "and still aroused.", policy=policy_label(p), asleep=number(asleep, 1), awake=number(awake, 1)))
    return current().sentences(_("Of the hidden minutes, the medians:"), *parts)


def population_runs(
    base: Setup,
    policies,
    babies: int,
    spread: float,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, PopulationResult], dict[int, PopulationResult]]:
    """Every population the page shows: one per chosen policy, one per latency of the dose curve.

    Checks the whole request against the app's budget before anything runs; ``progress(done,
    total)`` is called (from this thread) after each population, in babies.
    """
    jobs = [("policy", p, policy_setup(base, p, seed), babies) for p in policies]
    jobs += [("dose", L, dose_setup(base, L, seed), DOSE_BABIES) for L in DOSE_LATENCIES_S]
    for _kind, _key, setup, n in jobs:
        check_population(setup, n)
    total, done = sum(n for *_, n in jobs), 0
    results: dict[str, PopulationResult] = {}
    dose: dict[int, PopulationResult] = {}
    for kind, key, setup, n in jobs:
        pop = simulate_population(setup, n, spread=spread)
        (results if kind == "policy" else dose)[key] = pop
        done += n
        if progress is not None:
            progress(done, total)
    return results, dose


def percentiles(values: np.ndarray) -> tuple[float | None, float | None, float | None, int]:
    """10th, 50th and 90th percentile of the values that exist, and how many do not."""
    finite = values[np.isfinite(values)]
    missing = int(values.size - finite.size)
    if finite.size == 0:
        return None, None, None, missing
    p10, p50, p90 = np.percentile(finite, (10, 50, 90))
    return float(p10), float(p50), float(p90), missing


def _p(text: str) -> str:
    """A status line (HTML)."""
    return f"<p>{escape(text)}</p>"


def _computing(total: int, percent: int) -> str:
    """The status while babies are computed."""
    return _p(n_("Computing {n} baby\u2026 {percent}", "Computing {n} babies\u2026 {percent}", total,
                 percent=current().percent(percent / 100)))


class PopulationPage(PageView):
    """Distributions of an outcome per caregiver and the dose curve, over many varied babies."""

    key = "population"
    intro = INTRO
    url_settings = (UrlSetting("size"), UrlSetting("spread"), UrlSetting("seed"), UrlSetting("outcome"))

    size = param.Selector(default=300, objects=[100, 300, 1000], label=N_("Babies per caregiver"))
    spread = param.Number(
        1.0, bounds=(0.0, 2.0), step=0.1, label=N_("Variety of temperament (0 = identical babies)")
    )
    seed = param.Integer(1, bounds=(0, 2**32 - 1), label=N_("Seed (same seed, same babies)"))
    policies = param.ListSelector(
        default=list(DEFAULT_POLICIES), objects={POLICY_LABEL[p]: p for p in OFFERED}, label=N_("Caregivers")
    )
    outcome = param.Selector(
        default="quiet_dysregulated_min", objects={metric_heading(m): m for m in OUTCOMES}, label=N_("Outcome")
    )
    results = param.Dict(default={}, doc="Caregiver policy -> its population.")
    dose = param.Dict(default={}, doc="Latency (s) of the dose curve -> its population.")
    running = param.Boolean(False, doc="Whether a population is being computed.")

    def __init__(self, **params):
        self.base = library.default_base()
        params.setdefault("seed", self.base.run.seed)
        super().__init__(**params)
        self.param.outcome.objects = {metric_heading(m): m for m in OUTCOMES}
        self._request = 0
        self._again = False
        self.size_select = pn.widgets.Select.from_param(self.param.size, width=200, css_classes=["ctl-size"])
        self.spread_slider = release_slider(self.param.spread, "ctl-spread", width=300, sizing_mode="fixed")
        self.seed_input = pn.widgets.IntInput.from_param(self.param.seed, width=260, css_classes=["ctl-seed"])
        self.outcome_select = pn.widgets.Select.from_param(
            self.param.outcome, width=280, css_classes=["ctl-metric"]
        )
        self.policy_boxes = pn.widgets.CheckBoxGroup.from_param(
            self.param.policies,
            inline=True,
            css_classes=["ctl-policies"],
            sizing_mode="stretch_width",
            stylesheets=[".bk-input-group { flex-wrap: wrap; gap: 0 1em; }"],
        )
        self.run_button = pn.widgets.Button(label=_("Run"), color="primary", width=120, css_classes=["ctl-run"])
        self.run_button.on_click(lambda _e: pn.state.execute(self.run) if pn.state.curdoc else None)
        self.progress = pn.indicators.Progress(
            label=_("Progress"), value=0, max=100, width=260, css_classes=["progress"]
        )
        self.status = QuickHtml(_p(_("Preparing the default population\u2026")), css_classes=["pop-status"])
        self.table = QuickHtml("", css_classes=["pop-table"])
        self._build_figures()
        if pn.state.curdoc is not None:
            pn.state.onload(self.run)

    def _build_figures(self) -> None:
        self.dist = figures.plot(_("Distribution of the outcome, per caregiver"), 330, Range1d(0, 1),
                                 Range1d(0, 1), ylabel=_("share of babies"))
        self.dist_sources, self.dist_lines = {}, {}
        for p in OFFERED:
            color, dash = theme.POLICY_STYLE[p]
            src = ColumnDataSource({"x": [], "y": []})
            r = self.dist.step("x", "y", source=src, mode="center", color=color, line_dash=dash,
                               line_width=2.5, legend_label=policy_label(p), visible=p in DEFAULT_POLICIES)
            r.tags = [{"base_width": 2.5}]
            self.dist_sources[p], self.dist_lines[p] = src, r
        self.dist.legend.location = "top_right"
        # the legend names only the caregivers shown
        self.dist_legend = {
            p: next(item for item in self.dist.legend.items if self.dist_lines[p] in item.renderers)
            for p in OFFERED
        }
        for p, item in self.dist_legend.items():
            item.visible = p in DEFAULT_POLICIES
        self.dose_fig = figures.plot(_("Dose curve: wait before answering"), 330, Range1d(8, 3000),
                                     Range1d(0, 1), x_axis_type="log",
                                     xlabel=_("wait before answering (seconds, log scale)"))
        self.dose_source = ColumnDataSource({"latency": [], "p10": [], "p50": [], "p90": []})
        self.dose_fig.varea("latency", "p10", "p90", source=self.dose_source, fill_color=theme.ORANGE,
                            fill_alpha=0.25, legend_label=_("middle 80% of babies"))
        r = self.dose_fig.line("latency", "p50", source=self.dose_source, color=theme.ORANGE, line_width=3,
                               line_dash="dashed", legend_label=_("median"))
        r.tags = [{"base_width": 3.0}]
        self.dose_fig.scatter(
            "latency", "p50", source=self.dose_source, color=theme.ORANGE, size=8, marker="square"
        )
        self.absent_line = Span(
            location=0, dimension="width", line_color=theme.BLACK, line_dash="dotted", line_width=2
        )
        self.dose_fig.add_layout(self.absent_line)
        self.dose_fig.legend.location = "top_left"

    # ---- computing ----
    @param.depends("reading", watch=True)
    def _reading_switched(self) -> None:
        """A new reading: the populations run again (after the one under way, if any)."""
        if self.running:
            self._again = True
        elif pn.state.curdoc is not None:
            pn.state.execute(self.run)

    def reading_remark(self) -> str:
        return _(ONE_NIGHT) if self.base.run.nights == 1 else ""

    async def run(self) -> None:
        """Compute the populations of the current settings (in a worker thread), then show them."""
        if self.running:
            return
        self._again = False
        self._request += 1
        base = self.base.with_values(reading=self.reading)
        request, policies = self._request, [p for p in OFFERED if p in self.policies]
        n, spread, seed = int(self.size), float(self.spread), int(self.seed)
        total = (n * len(policies)) + DOSE_BABIES * len(DOSE_LATENCIES_S)
        self._set_running(True, _computing(total, 0))
        loop = asyncio.get_running_loop()

        def progress(done: int, all_: int) -> None:  # called from the worker thread
            loop.call_soon_threadsafe(self._show_progress, done, all_)

        if not warmup.population_ready(0):  # a first start: its kernel is still being prepared
            self._set_running(True, _p(_("Preparing the population model (a first start on this computer)\u2026")))
            await asyncio.to_thread(warmup.population_ready)
            self._set_running(True, _computing(total, 0))
        done = await self.off_loop(lambda: population_runs(base, policies, n, spread, seed, progress),
                                   refused=(CoregError, ValueError))
        if done is None:
            self._set_running(False, _p(_("Not run: see the message above.")))
            return
        results, dose = done
        with pn.io.unlocked(), use(self.lang):  # an async callback: push the changes ourselves
            self.param.update(results=results, dose=dose, error="")
            done_words = escape(n_("Done: {n} baby.", "Done: {n} babies.", total))
            self._set_running(False, f"<p data-done='{request}' data-reading='{base.reading}'>{done_words}</p>")
        if self._again:
            await self.run()

    def _set_running(self, on: bool, status: str) -> None:
        with pn.io.unlocked():
            self.running = on
            self.run_button.disabled = on
            if on:
                self.progress.value = 0
            self.status.object = status

    def _show_progress(self, done: int, total: int) -> None:
        with pn.io.unlocked(), use(self.lang):
            self.progress.value = int(100 * done / total)
            self.status.object = _computing(total, self.progress.value)

    # ---- showing ----
    def outcome_values(self, pop: PopulationResult) -> np.ndarray:
        return pop.metric(self.outcome)

    @param.depends("results", "dose", "outcome", watch=True)
    def _redraw(self) -> None:
        if not self.results:
            return
        label = metric_heading(self.outcome)
        values = {p: self.outcome_values(pop) for p, pop in self.results.items()}
        every = np.concatenate(list(values.values()))
        finite = every[np.isfinite(every)]
        top = float(finite.max()) if finite.size else 1.0
        edges = np.linspace(0.0, top if top > 0 else 1.0, BINS + 1)
        centers = 0.5 * (edges[1:] + edges[:-1])
        stats = {p: percentiles(v) for p, v in values.items()}
        with pn.io.unlocked(), pn.io.hold():
            for p in OFFERED:
                shown = p in values
                self.dist_lines[p].visible = shown
                self.dist_legend[p].visible = shown
                self.dist_sources[p].data = (
                    {"x": centers, "y": figures.histogram(values[p], edges)} if shown else {"x": [], "y": []}
                )
            self.dist.xaxis.axis_label = label
            self.dist.x_range.start, self.dist.x_range.end = float(edges[0]), float(edges[-1])
            ymax = max(
                (max(s.data["y"]) for s in self.dist_sources.values() if len(s.data["y"])), default=1.0
            )
            self.dist.y_range.end = float(ymax) * 1.08 if ymax > 0 else 1.0
            self._draw_dose(label, stats.get("absent"))
            split = split_medians(self.results) if self.outcome == "quiet_dysregulated_min" else {}
            self.table.object = self._table_html(label, stats, values, split)
            medians = current().list(_("{policy}: median {value}", policy=policy_label(p), value=number(s[1] or 0, 2))
                                     for p, s in stats.items())
            said = [n_("{outcome}, over {n} baby per caregiver: {medians}.",
                       "{outcome}, over {n} babies per caregiver: {medians}.",
                       next(iter(values.values())).size, outcome=label, medians=medians)]
            if split:
                said.append(split_words(split))
            said.append(_("The dotted black line on the dose curve is the absent caregiver's median."))
            self.said = current().sentences(*said)

    def _draw_dose(self, label: str, absent: tuple | None) -> None:
        self.dose_fig.yaxis.axis_label = label
        if self.dose:
            lat = sorted(self.dose)
            stats = [percentiles(self.outcome_values(self.dose[L])) for L in lat]
            self.dose_source.data = {
                "latency": lat,
                "p10": [s[0] for s in stats],
                "p50": [s[1] for s in stats],
                "p90": [s[2] for s in stats],
            }
            tops = [s[2] for s in stats if s[2] is not None]
            ref = absent[1] if absent is not None else None
            top = max(tops + ([ref] if ref is not None else []), default=1.0)
            self.dose_fig.y_range.end = top * 1.1 if top > 0 else 1.0
        absent_median = absent[1] if absent is not None else None
        self.absent_line.location = absent_median if absent_median is not None else 0
        self.absent_line.visible = absent_median is not None

    @staticmethod
    def _table_html(label: str, stats: dict, values: dict, split: dict | None = None) -> str:
        """The percentiles per caregiver; with ``split`` (caregiver -> medians of the two parts of the
        hidden minutes) two more columns."""
        rows = []
        for p, (p10, p50, p90, missing) in stats.items():
            extra = (_("{missing} of {n}", missing=number(missing), n=number(values[p].size)) if missing
                     else number(0))
            parts = "".join(f"<td class='nowrap'>{number_text(v)}</td>" for v in split[p]) if split else ""
            rows.append(
                f"<tr data-policy='{p}' data-median='{'' if p50 is None else p50}'>"
                f"<td>{escape(policy_label(p))}</td><td class='nowrap'>{number_text(p10)}</td>"
                f"<td class='nowrap'>{number_text(p50)}</td><td class='nowrap'>{number_text(p90)}</td>"
                f"<td>{extra}</td>{parts}</tr>"
            )
        split_head = "".join(f"<th scope='col'>" + escape(_('median, {outcome}', outcome=metric_heading(k))) + f"</th>"
                             for k in HIDDEN_SPLIT)
        heads = "".join(f"<th scope='col'>{escape(w)}</th>" for w in (
            _("Caregiver"), _("10th"), _("median"), _("90th"), _("does not exist (e.g. never settled)")))
        caption = escape(_("{outcome} per caregiver (10th, 50th, 90th percentile over babies)", outcome=label))
        return scroll_box(
            f"<table class='coreg'><caption>{caption}</caption><thead><tr>{heads}"
            + (split_head if split else "") + "</tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>", _("{outcome} per caregiver (10th, 50th, 90th "
                                                                    "percentile over babies)", outcome=label))

    # ---- layout ----
    def restyle(self, projector: bool) -> None:
        figures.apply_look(self.dist, projector)
        figures.apply_look(self.dose_fig, projector)

    def controls(self) -> pn.Column:
        return pn.Column(
            pn.FlexBox(self.size_select, self.spread_slider, self.seed_input, self.outcome_select,
                       flex_wrap="wrap", sizing_mode="stretch_width"),
            self.policy_boxes,
            pn.FlexBox(self.run_button, self.progress, self.status,
                       flex_wrap="wrap", align_items="center", sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
        )

    def body(self) -> list:
        plots = flex(
            pn.pane.Bokeh(self.dist, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self.dose_fig, sizing_mode="stretch_width"),
            min_item=300,
        )
        return [plots, self.table]
