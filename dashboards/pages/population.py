"""Population: many babies of varied temperament; outcomes per policy and the latency "dose" curve."""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Range1d, Span

from dashboards import figures, library, theme
from dashboards.shell import Page, flex, html_pane
from dashboards.text import METRIC_LABELS, POLICY_LABELS, escape
from sim.errors import CoregError
from sim.params import Setup
from sim.population import simulate_population

CHUNK = 100
POLICIES = ("responsive", "delayed", "graduated", "absent")
DOSE_LATENCIES_S = (10, 30, 60, 120, 300, 600, 1200, 2400)
DOSE_BABIES = 100
METRICS = ("quiet_dysregulated_min", "crying_min", "peak_load", "time_to_settle_min")
BINS = 24

INTRO = (
    "Many babies, each with its own temperament (reactivity, crying threshold, expectancy, crying energy "
    "and self-soothing drawn around typical values), under each caregiver. The distributions show how "
    "varied outcomes are; the dose curve shows how the outcome changes as the wait before answering "
    "grows. Press <strong>Run</strong>; a progress bar shows how far it has got, and the page stays usable."
)


def chunk_setups(setup: Setup, n: int, chunk: int = CHUNK) -> list[tuple[Setup, int]]:
    """Split ``n`` babies into chunks, each with its own seed (so each chunk is a new sample)."""
    out = []
    k = 0
    while n > 0:
        m = min(chunk, n)
        seed = (setup.run.seed + 7919 * k) % (2**32)
        out.append((dataclasses.replace(setup, run=dataclasses.replace(setup.run, seed=seed)), m))
        n -= m
        k += 1
    return out


def metric_values(results, metric: str) -> np.ndarray:
    """One metric over every baby of a list of population results (NaN: does not exist)."""
    return np.concatenate([r.metric(metric) for r in results]) if results else np.zeros(0)


def fmt(v: float | None) -> str:
    return "\u2014" if v is None else f"{v:.2f}"


def summary_row(values: np.ndarray) -> tuple[float | None, float | None, float | None, int]:
    finite = values[np.isfinite(values)]
    missing = int(values.size - finite.size)
    if finite.size == 0:
        return None, None, None, missing
    p10, p50, p90 = np.percentile(finite, (10, 50, 90))
    return float(p10), float(p50), float(p90), missing


def build() -> pn.Column:
    page = Page("population", intro=INTRO)
    base = library.default_base()
    size = pn.widgets.Select(
        label="Babies per caregiver", options=[100, 300, 1000], value=300, width=200, css_classes=["ctl-size"]
    )
    spread = pn.widgets.FloatSlider(
        label="Variety of temperament (0 = identical babies)",
        start=0.0,
        end=2.0,
        step=0.1,
        value=1.0,
        width=300,
        css_classes=["ctl-spread"],
    )
    metric = pn.widgets.Select(
        label="Outcome",
        options={METRIC_LABELS[m]: m for m in METRICS},
        value="quiet_dysregulated_min",
        width=280,
        css_classes=["ctl-metric"],
    )
    policies = pn.widgets.CheckBoxGroup(
        label="Caregivers",
        options={POLICY_LABELS[p]: p for p in POLICIES},
        value=list(POLICIES),
        inline=True,
        css_classes=["ctl-policies"],
    )
    run_btn = pn.widgets.Button(label="Run", button_type="primary", width=120, css_classes=["ctl-run"])
    progress = pn.indicators.Progress(name="Progress", value=0, max=100, width=260, css_classes=["progress"])
    status = html_pane("<p>Not run yet.</p>", css_classes=["pop-status"], sizing_mode="stretch_width")

    dist = figures.plot("Distribution of the outcome, per caregiver", 330, Range1d(0, 1), Range1d(0, 1),
                        ylabel="share of babies")
    dist_src = {}
    for p in POLICIES:
        color, dash = theme.POLICY_STYLE[p]
        src = ColumnDataSource({"x": [], "y": []})
        r = dist.step(
            "x",
            "y",
            source=src,
            mode="center",
            color=color,
            line_dash=dash,
            line_width=2.5,
            legend_label=POLICY_LABELS[p],
        )
        r.tags = [{"base_width": 2.5}]
        dist_src[p] = src
    dist.legend.location = "top_right"
    dist.legend.label_text_font_size = "11px"

    dose = figures.plot("Dose curve: wait before answering", 330, Range1d(8, 3000), Range1d(0, 1),
                        x_axis_type="log", xlabel="wait before answering (seconds, log scale)")
    dose_src = ColumnDataSource({"latency": [], "p10": [], "p50": [], "p90": []})
    dose.varea(
        "latency",
        "p10",
        "p90",
        source=dose_src,
        fill_color=theme.ORANGE,
        fill_alpha=0.25,
        legend_label="middle 80% of babies",
    )
    r = dose.line(
        "latency",
        "p50",
        source=dose_src,
        color=theme.ORANGE,
        line_width=3,
        line_dash="dashed",
        legend_label="median",
    )
    r.tags = [{"base_width": 3.0}]
    dose.scatter("latency", "p50", source=dose_src, color=theme.ORANGE, size=8, marker="square")
    absent_line = Span(
        location=0, dimension="width", line_color=theme.BLACK, line_dash="dotted", line_width=2
    )
    dose.add_layout(absent_line)
    dose.legend.location = "top_left"
    dose.legend.label_text_font_size = "11px"
    table = html_pane("", sizing_mode="stretch_width", css_classes=["pop-table"])
    state: dict = {"results": {}, "dose": {}, "running": False}

    def redraw() -> None:
        key = metric.value
        results = state["results"]
        if not results:
            return
        all_vals = np.concatenate([metric_values(r, key) for r in results.values()])
        finite = all_vals[np.isfinite(all_vals)]
        hi = float(finite.max()) if finite.size else 1.0
        edges = np.linspace(0.0, hi if hi > 0 else 1.0, BINS + 1)
        centers = 0.5 * (edges[1:] + edges[:-1])
        rows = []
        label = METRIC_LABELS[key]
        with pn.io.unlocked():  # also called from an async callback
            for p in POLICIES:
                if p in results:
                    vals = metric_values(results[p], key)
                    dist_src[p].data = {"x": centers, "y": figures.histogram(vals, edges)}
                    p10, p50, p90, missing = summary_row(vals)
                    extra = f"{missing} of {vals.size}" if missing else "0"
                    rows.append(
                        f"<tr data-policy='{p}' data-median='{'' if p50 is None else p50}'>"
                        f"<td>{escape(POLICY_LABELS[p])}</td><td>{fmt(p10)}</td><td>{fmt(p50)}</td>"
                        f"<td>{fmt(p90)}</td><td>{extra}</td></tr>"
                    )
                else:
                    dist_src[p].data = {"x": [], "y": []}
            dist.xaxis.axis_label = label
            dist.x_range.start, dist.x_range.end = float(edges[0]), float(edges[-1])
            ymax = max((max(src.data["y"]) for src in dist_src.values() if len(src.data["y"])), default=1.0)
            dist.y_range.end = float(ymax) * 1.08 if ymax > 0 else 1.0
            dose.yaxis.axis_label = label
            dose.title.text = "Dose curve: wait before answering"
            if state["dose"]:
                lat = sorted(state["dose"])
                stats = [summary_row(metric_values(state["dose"][L], key)) for L in lat]
                dose_src.data = {
                    "latency": lat,
                    "p10": [s[0] for s in stats],
                    "p50": [s[1] for s in stats],
                    "p90": [s[2] for s in stats],
                }
                tops = [s[2] for s in stats if s[2] is not None]
                ref = summary_row(metric_values(results["absent"], key))[1] if "absent" in results else None
                top = max(tops + ([ref] if ref is not None else []), default=1.0)
                dose.y_range.end = top * 1.1 if top > 0 else 1.0
            if "absent" in results:
                absent_med = summary_row(metric_values(results["absent"], key))[1]
                absent_line.location = absent_med if absent_med is not None else 0
                absent_line.visible = absent_med is not None
            table.object = (
                "<table class='coreg'><caption>" + escape(label) + " per caregiver "
                "(10th, 50th, 90th percentile over babies)</caption><thead><tr><th scope='col'>Caregiver"
                "</th><th scope='col'>10th</th><th scope='col'>median</th><th scope='col'>90th</th>"
                "<th scope='col'>does not exist (e.g. never settled)</th></tr></thead><tbody>"
                + "".join(rows)
                + "</tbody></table>"
            )
            words = "; ".join(
                f"{POLICY_LABELS[p]} median {summary_row(metric_values(results[p], key))[1] or 0:.2f}"
                for p in POLICIES
                if p in results
            )
            page.say(
                f"{label}, over {size.value} babies per caregiver: {words}. The dotted black line on the dose "
                f"curve is the absent caregiver's median."
            )

    async def run(_=None) -> None:
        if state["running"]:
            return
        state["running"] = True
        run_btn.disabled = True
        chosen = [p for p in POLICIES if p in policies.value]
        n = int(size.value)
        jobs = []
        try:
            for p in chosen:
                setup = base.with_values(caregiver={"policy": p})
                jobs += [("policy", p, s, m) for s, m in chunk_setups(setup, n)]
            for L in DOSE_LATENCIES_S:
                setup = base.with_values(
                    caregiver={"policy": "delayed", "latency_s": float(L), "response_probability": 1.0}
                )
                jobs += [("dose", L, s, m) for s, m in chunk_setups(setup, DOSE_BABIES)]
        except CoregError as exc:
            page.show_error(str(exc))
            state["running"] = False
            run_btn.disabled = False
            return
        results: dict = {p: [] for p in chosen}
        dose_res: dict = {L: [] for L in DOSE_LATENCIES_S}
        total = sum(m for *_, m in jobs)
        done = 0
        progress.value = 0
        status.object = f"<p>Computing {total} babies\u2026 0%</p>"
        loop = asyncio.get_running_loop()
        try:
            for kind, key, setup, m in jobs:
                res = await loop.run_in_executor(
                    None, lambda s=setup, k=m: simulate_population(s, k, spread=spread.value)
                )
                (results if kind == "policy" else dose_res)[key].append(res)
                done += m
                progress.value = int(100 * done / total)
                status.object = f"<p>Computing {total} babies\u2026 {progress.value}%</p>"
        except (CoregError, ValueError) as exc:
            page.show_error(str(exc))
            return
        finally:
            state["running"] = False
            run_btn.disabled = False
        state["results"] = results
        state["dose"] = dose_res
        page.clear_error()
        status.object = f"<p data-done='1'>Done: {total} babies.</p>"
        redraw()

    run_btn.on_click(run)
    metric.param.watch(lambda e: redraw(), "value")

    def restyle(on: bool) -> None:
        figures.apply_look(dist, on)
        figures.apply_look(dose, on)

    page.on_projector(restyle)
    controls = pn.Column(
        pn.FlexBox(size, spread, metric, flex_wrap="wrap", sizing_mode="stretch_width"),
        policies,
        pn.FlexBox(
            run_btn, progress, status, flex_wrap="wrap", align_items="center", sizing_mode="stretch_width"
        ),
        sizing_mode="stretch_width",
    )
    plots = flex(
        pn.pane.Bokeh(dist, sizing_mode="stretch_width"),
        pn.pane.Bokeh(dose, sizing_mode="stretch_width"),
        min_item=300,
    )
    return page.layout(plots, table, controls=controls)
