"""Compare responses (the landing page): one baby, one stressor, three caregivers."""

from __future__ import annotations

import panel as pn

from dashboards import figures, library
from dashboards.shell import Html, Page, flex, html_pane
from dashboards.text import POLICY_LABELS, REPAIR, escape, minutes, plain_numbers
from dashboards.widgets import ReleaseSlider
from sim.declare import declaration
from sim.errors import CoregError
from sim.params import CaregiverParams, InfantParams, Setup
from sim.simulate import RunResult, simulate

COLUMNS = ("responsive", "delayed", "absent")

INTRO = (
    "One baby, one hungry waking, three caregivers side by side. The top plot of each column is "
    "<strong>what you hear</strong> (crying); the middle plot is <strong>what you cannot see</strong>: "
    "arousal and a slow, cortisol-like stress load. Grey shading: the caregiver is with the baby. "
    "The band underneath names the regime. Move a slider and let go: all three columns update, and the "
    "numbers below them too. " + escape(REPAIR)
)


def column_setups(
    bases: dict[str, Setup], latency_min: float, reactivity: float, stress: float
) -> dict[str, Setup]:
    """The three caregivers for the same baby and stressor, with the sliders applied."""
    out = {}
    for policy in COLUMNS:
        given: dict = {"stress": stress}
        if policy == "delayed":
            given["latency_s"] = latency_min * 60.0
        out[policy] = bases[policy].with_values(infant={"reactivity": reactivity}, caregiver=given)
    return out


def column_title(policy: str, setup: Setup) -> str:
    if policy == "responsive":
        return f"Attuned (answers after ~{setup.caregiver.latency_s:g} s)"
    if policy == "delayed":
        return f"Delayed (waits {minutes(setup.caregiver.latency_s / 60.0)})"
    return "Absent (no answer tonight)"


def describe(results: dict[str, RunResult], duration: float) -> str:
    parts = []
    for policy, res in results.items():
        words = ", ".join(plain_numbers(res.nights[0].summary, duration))
        parts.append(f"{POLICY_LABELS[policy]} caregiver: the baby {words}.")
    return " ".join(parts)


def results_html(results: dict[str, RunResult], duration: float) -> str:
    """The plain-language numbers of the three columns (a table) and the same in words.

    One piece of HTML on purpose: every separate text change costs the browser a layout
    pass, and this is what keeps a slider release quick. The table is hidden from screen
    readers, which read the sentence (the live summary) instead.
    """
    head = "".join(f"<th scope='col'>{escape(column_title(p, r.setup))}</th>" for p, r in results.items())
    rows = []
    labels = (
        ("crying_min", "Crying"),
        ("quiet_dysregulated_min", "Quiet but dysregulated"),
        ("time_to_settle_min", "Time to settle"),
        ("peak_load", "Peak hidden stress load"),
    )
    for key, label in labels:
        cells = []
        for p, r in results.items():
            v = r.nights[0].summary[key]
            if key == "peak_load":
                text = f"{v:.2f}"
            elif key == "time_to_settle_min" and v is None:
                text = f"not within {duration:g} min"
            else:
                text = minutes(v, never="0 min")
            cells.append(
                f"<td data-policy='{p}' data-metric='{key}' data-value='{'' if v is None else v}'>"
                f"<strong>{escape(text)}</strong></td>"
            )
        rows.append(f"<tr><th scope='row'>{escape(label)}</th>{''.join(cells)}</tr>")
    table = (
        f"<table class='coreg compare-numbers' aria-hidden='true'><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        f"{table}<p class='live'><strong>Result in words:</strong> {escape(describe(results, duration))}</p>"
    )


def build() -> pn.Column:
    page = Page("compare", intro=INTRO)
    bases = library.compare_setups(COLUMNS)
    base = bases["responsive"]
    duration = base.run.duration_min
    r_decl = declaration(InfantParams, "reactivity")
    s_decl = declaration(CaregiverParams, "stress")
    l_decl = declaration(CaregiverParams, "latency_s")
    latency = ReleaseSlider(
        label="Delayed caregiver's wait (minutes)",
        start=0.5,
        end=min(30.0, l_decl.hi / 60.0),
        step=0.5,
        value=round(bases["delayed"].caregiver.latency_s / 30.0) / 2,
        sizing_mode="stretch_width",
        css_classes=["ctl-latency"],
    )
    reactivity = ReleaseSlider(
        label="Baby's reactivity (1 = typical)",
        start=r_decl.lo,
        end=r_decl.hi,
        step=0.1,
        value=base.infant.reactivity,
        sizing_mode="stretch_width",
        css_classes=["ctl-reactivity"],
    )
    stress = ReleaseSlider(
        label="Caregivers' own stress (0 = calm, 1 = very stressed)",
        start=s_decl.lo,
        end=s_decl.hi,
        step=0.05,
        value=base.caregiver.stress,
        sizing_mode="stretch_width",
        css_classes=["ctl-stress"],
    )
    xr, yr = figures.shared_ranges(duration)
    views = {
        p: figures.run_view(POLICY_LABELS[p], x_range=xr, y_range=yr, legend=(i == 0), duration_min=duration)
        for i, p in enumerate(COLUMNS)
    }
    summary = Html("", css_classes=["coreg-live", "compare-results"], fast=True)
    page.live = summary
    cache: dict[str, tuple[Setup, RunResult]] = {}  # this session's last run per column

    def refresh(*_events) -> None:
        try:
            setups = column_setups(bases, latency.value, reactivity.value, stress.value)
            results, changed = {}, []
            for p, setup in setups.items():
                hit = cache.get(p)
                if hit is not None and hit[0] == setup:
                    results[p] = hit[1]
                else:
                    results[p] = simulate(setup)
                    changed.append(p)
        except CoregError as exc:
            page.show_error(str(exc))
            return
        with pn.io.hold():
            page.clear_error()
            for p in changed:
                res = results[p]
                cache[p] = (setups[p], res)
                views[p].update(res.nights[0])
                reg = res.setup.regimes
                views[p].set_thresholds(reg.crying, reg.arousal, reg.load)
            summary.object = results_html(results, duration)

    for w in (latency, reactivity, stress):
        w.param.watch(refresh, "value_throttled")

    def restyle(on: bool) -> None:
        for v in views.values():
            v.restyle(on)

    page.on_projector(restyle)
    refresh()
    controls = flex(latency, reactivity, stress, min_item=260)
    columns = [
        pn.Column(
            pn.pane.Bokeh(views[p].layout(), sizing_mode="stretch_width"),
            sizing_mode="stretch_width",
            css_classes=[f"column-{p}"],
        )
        for p in COLUMNS
    ]
    key = html_pane(figures.regime_legend_html(), sizing_mode="stretch_width")
    return page.layout(flex(*columns, min_item=300), key, controls=controls)
