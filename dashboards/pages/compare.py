"""Compare responses (the landing page): one baby, one stressor, three caregivers."""

from __future__ import annotations

import panel as pn

from dashboards import figures, library
from dashboards.shell import Page, flex, html_pane
from dashboards.widgets import ReleaseSlider
from dashboards.text import POLICY_LABELS, REPAIR, escape, minutes, numbers_html, plain_numbers
from sim.declare import declaration
from sim.errors import CoregError
from sim.params import CaregiverParams, InfantParams, Setup
from sim.simulate import RunResult, simulate

COLUMNS = ("responsive", "delayed", "absent")

INTRO = ("One baby, one hungry waking, three caregivers side by side. The top plot of each column is "
         "<strong>what you hear</strong> (crying); the middle plot is <strong>what you cannot see</strong>: "
         "arousal and a slow, cortisol-like stress load. Grey shading: the caregiver is with the baby. "
         "The band underneath names the regime. Move a slider and let go: all three columns update. "
         + escape(REPAIR))


def column_setups(bases: dict[str, Setup], latency_min: float, reactivity: float,
                  stress: float) -> dict[str, Setup]:
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
        return f"Attuned: answers after ~{setup.caregiver.latency_s:g} s"
    if policy == "delayed":
        return f"Delayed: waits {minutes(setup.caregiver.latency_s / 60.0)}"
    return "Absent: no answer tonight"


def describe(results: dict[str, RunResult], duration: float) -> str:
    parts = []
    for policy, res in results.items():
        words = ", ".join(plain_numbers(res.nights[0].summary, duration))
        parts.append(f"{POLICY_LABELS[policy]} caregiver: the baby {words}.")
    return " ".join(parts)


def build() -> pn.Column:
    page = Page("compare", intro=INTRO)
    bases = library.compare_setups(COLUMNS)
    base = bases["responsive"]
    duration = base.run.duration_min
    r_decl = declaration(InfantParams, "reactivity")
    s_decl = declaration(CaregiverParams, "stress")
    l_decl = declaration(CaregiverParams, "latency_s")
    latency = ReleaseSlider(name="Delayed caregiver's wait (minutes)", start=0.5,
                                     end=min(30.0, l_decl.hi / 60.0), step=0.5, value=round(bases["delayed"].caregiver.latency_s / 60.0 * 2) / 2,
                                     sizing_mode="stretch_width", css_classes=["ctl-latency"])
    reactivity = ReleaseSlider(name="Baby's reactivity (1 = typical)", start=r_decl.lo, end=r_decl.hi,
                                        step=0.1, value=base.infant.reactivity, sizing_mode="stretch_width",
                                        css_classes=["ctl-reactivity"])
    stress = ReleaseSlider(name="Caregivers' own stress (0 = calm, 1 = very stressed)", start=s_decl.lo,
                                    end=s_decl.hi, step=0.05, value=base.caregiver.stress,
                                    sizing_mode="stretch_width", css_classes=["ctl-stress"])
    xr, yr = figures.shared_ranges(duration)
    views = {p: figures.run_view(POLICY_LABELS[p], x_range=xr, y_range=yr, legend=(i == 0), duration_min=duration)
             for i, p in enumerate(COLUMNS)}
    # one Div per column for its heading and numbers: each Div change costs the browser a re-layout
    numbers = {p: html_pane("", sizing_mode="stretch_width", css_classes=[f"numbers-{p}"], margin=(0, 5))
               for p in COLUMNS}

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
                night = res.nights[0]
                views[p].update(night)
                views[p].set_thresholds(res.setup.regimes.crying, res.setup.regimes.arousal, res.setup.regimes.load)
                numbers[p].object = (f"<h2 style='margin:0.2em 0;font-size:1.15em'>"
                                     f"{escape(column_title(p, res.setup))}</h2>") + numbers_html(
                    night.summary, duration).replace(
                    "<div class='numbers'>",
                    f"<div class='numbers' data-crying='{night.summary['crying_min']}' "
                    f"data-hidden='{night.summary['quiet_dysregulated_min']}' "
                    f"data-peak-load='{night.summary['peak_load']}'>")
            page.say(describe(results, duration))

    for w in (latency, reactivity, stress):
        w.param.watch(refresh, "value_throttled")

    def restyle(on: bool) -> None:
        for v in views.values():
            v.restyle(on)

    page.on_projector(restyle)
    refresh()
    controls = flex(latency, reactivity, stress, min_item=260)
    columns = [pn.Column(numbers[p], pn.pane.Bokeh(views[p].layout(), sizing_mode="stretch_width"),
                         sizing_mode="stretch_width") for p in COLUMNS]
    key = html_pane(figures.regime_legend_html(), sizing_mode="stretch_width")
    return page.layout(flex(*columns, min_item=330), key, controls=controls)
