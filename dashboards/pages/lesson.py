"""Lesson mode: a scenario's steps (goal, notes, questions) beside the live plot, with next/back."""

from __future__ import annotations

import html

import panel as pn

from dashboards import figures, library
from dashboards.shell import Page, html_pane
from dashboards.text import escape, numbers_html
from sim.errors import CoregError
from sim.simulate import simulate

INTRO = (
    "Step through a scenario at the pace of the room: each step's text sits next to the live plot, and "
    "the column it talks about is outlined. Use <strong>Next</strong> and <strong>Back</strong> (or Tab to "
    "the buttons and press Enter)."
)

HIGHLIGHT = {"border": "4px solid #0072B2", "border-radius": "6px", "padding": "4px"}
PLAIN = {"border": "4px solid transparent", "padding": "4px"}


def evidence_html(keys) -> str:
    registry = library.evidence_registry()
    items = []
    for k in keys:
        e = registry.get(k)
        if e is None:
            items.append(f"<li>{escape(k)}</li>")
            continue
        items.append(
            f"<li><strong>{escape(k)}</strong> <span class='badge status-{escape(e.status)}'>"
            f"{escape(e.status)}</span> {escape(e.qualifier)} \u2014 {escape(e.citation)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>No evidence keys: illustrative.</p>"


def build() -> pn.Column:
    page = Page("lesson", intro=INTRO)
    names = library.names()
    args = pn.state.session_args if pn.state.curdoc is not None else {}
    wanted = (args.get("scenario", [b""])[0] or b"").decode("utf-8", "replace") if args else ""
    first = (
        wanted
        if wanted in names
        else (library.DEFAULT_SCENARIO if library.DEFAULT_SCENARIO in names else (names[0] if names else ""))
    )
    pick = pn.widgets.Select(
        label="Scenario",
        options=names or ["(library not available)"],
        value=first or None,
        width=300,
        css_classes=["ctl-scenario"],
        disabled=not names,
    )
    back = pn.widgets.Button(label="\u2190 Back", width=120, css_classes=["ctl-back"])
    nxt = pn.widgets.Button(label="Next \u2192", button_type="primary", width=120, css_classes=["ctl-next"])
    counter = html_pane("", css_classes=["step-counter"])
    step_title = html_pane("", sizing_mode="stretch_width", css_classes=["step-title"])
    step_text = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["step-text"])
    about = html_pane("", sizing_mode="stretch_width", css_classes=["lesson-about"])
    plots = pn.FlexBox(flex_wrap="wrap", gap="12px", sizing_mode="stretch_width")
    state: dict = {"lesson": None, "step": 0, "columns": {}, "views": {}}

    def show_step() -> None:
        lesson = state["lesson"]
        if lesson is None:
            return
        n = len(lesson.steps)
        k = max(0, min(state["step"], n - 1))
        state["step"] = k
        step = lesson.steps[k]
        with pn.io.hold():
            counter.object = (
                f"<p data-step='{k + 1}' data-steps='{n}'><strong>Step {k + 1} of {n}</strong></p>"
            )
            step_title.object = f"<h2 style='margin:0.2em 0'>{escape(step.title)}</h2>"
            # notes are Markdown written by instructors: shown escaped (no raw HTML)
            step_text.object = html.escape(step.text, quote=False)
            back.disabled = k == 0
            nxt.disabled = k == n - 1
            for label, col in state["columns"].items():
                col.styles = {**(col.styles or {}), **(HIGHLIGHT if step.variant == label else PLAIN)}
            look = f" Look at the <strong>{escape(step.variant)}</strong> column." if step.variant else ""
            page.say(
                f"Step {k + 1} of {n}: {step.title}. {step.text}"
                + (f" Look at the {step.variant} column." if step.variant else "")
            )
            step_title.object += f"<p>{look}</p>" if look else ""

    def load(*_):
        if not pick.value or pick.value not in names:
            page.show_error("The scenario library is not available, so there is no lesson to show.")
            return
        try:
            scenario = library.load(pick.value)
            lesson = library.lesson_of(scenario, pick.value)
            results = {label: simulate(s) for label, s in lesson.setups.items()}
        except (CoregError, LookupError) as exc:
            page.show_error(str(exc))
            return
        duration = max(r.setup.run.duration_min for r in results.values())
        xr, yr = figures.shared_ranges(duration)
        columns, views = {}, {}
        for i, (label, res) in enumerate(results.items()):
            view = figures.run_view(
                label,
                x_range=xr,
                y_range=yr,
                legend=(i == 0),
                duration_min=duration,
                projector=page.projector.value,
            )
            night = res.nights[-1]
            view.update(night)
            reg = res.setup.regimes
            view.set_thresholds(reg.crying, reg.arousal, reg.load)
            col = pn.Column(
                html_pane(f"<h3 style='margin:0.2em 0'>{escape(label)}</h3>"),
                pn.pane.Bokeh(view.layout(), sizing_mode="stretch_width"),
                html_pane(numbers_html(night.summary, res.setup.run.duration_min)),
                sizing_mode="stretch_width",
                styles={"flex": "1 1 300px", "min-width": "0", **PLAIN},
                css_classes=[f"variant-{label.lower().replace(' ', '-')}"],
            )
            columns[label] = col
            views[label] = view
        state.update(lesson=lesson, step=0, columns=columns, views=views)
        with pn.io.hold():
            page.clear_error()
            plots.objects = list(columns.values())
            about.object = (
                f"<p><strong>{escape(lesson.title)}</strong> \u2014 status: <span class='badge "
                f"status-{escape(lesson.status)}'>{escape(lesson.status)}</span></p>"
                f"<details><summary>Evidence behind it</summary>{evidence_html(lesson.evidence)}"
                f"</details>"
            )
        show_step()

    def move(delta: int):
        def _(_event):
            state["step"] += delta
            show_step()

        return _

    pick.param.watch(load, "value")
    back.on_click(move(-1))
    nxt.on_click(move(1))

    def restyle(on: bool) -> None:
        for v in state["views"].values():
            v.restyle(on)

    page.on_projector(restyle)
    load()
    steps = pn.Column(
        counter,
        step_title,
        step_text,
        pn.Row(back, nxt),
        about,
        sizing_mode="stretch_width",
        styles={"background": "#f7f9fb", "border-radius": "8px", "padding": "8px"},
    )
    key = html_pane(figures.regime_legend_html(), sizing_mode="stretch_width")
    body = pn.FlexBox(
        steps,
        pn.Column(plots, key, sizing_mode="stretch_width"),
        flex_wrap="wrap",
        gap="12px",
        sizing_mode="stretch_width",
    )
    steps.styles = {**steps.styles, "flex": "1 1 300px", "max-width": "520px", "min-width": "0"}
    body.objects[1].styles = {"flex": "3 1 420px", "min-width": "0"}
    return page.layout(body, controls=pn.FlexBox(pick, sizing_mode="stretch_width"))
