"""Build your own: every setting, generated from its declaration; load, upload, download, reset."""

from __future__ import annotations

import asyncio
import io

import panel as pn

from dashboards import figures, library
from dashboards.shell import Page, flex, html_pane
from dashboards.text import METRIC_LABELS, TABLE_METRICS, escape, fmt
from dashboards.widgets import Group
from sim.errors import CoregError
from sim.export import csv_text
from sim.params import (
    MAX_STRESSORS,
    CaregiverParams,
    InfantParams,
    Mechanisms,
    Regimes,
    RunParams,
    Setup,
    SleepParams,
    Stressor,
)
from sim.simulate import RunResult, simulate

GROUPS = (
    ("run", RunParams, "The run"),
    ("infant", InfantParams, "The baby"),
    ("sleep", SleepParams, "Sleep pressure"),
    ("caregiver", CaregiverParams, "The caregiver"),
    ("regimes", Regimes, "Regime thresholds"),
    ("mechanisms", Mechanisms, "Mechanisms (assumptions)"),
)
BIG_RUN_MIN = 600.0

INTRO = (
    "Every setting of the model, with its bounds and meaning from one place. Change a value (press Enter "
    "or leave the box) and the plot follows. Load a scenario from the library or your own file; download "
    "the current setup as a scenario file, or the run as CSV for a spreadsheet."
)


def summary_html(result: RunResult) -> str:
    nights = result.nights if len(result.nights) <= 7 else (result.nights[0], result.nights[-1])
    head = "".join(f"<th scope='col'>Night {n.night}</th>" for n in nights)
    body = []
    for key in TABLE_METRICS:
        cells = "".join(
            f"<td data-metric='{key}' data-night='{n.night}'>{fmt(n.summary.get(key))}</td>" for n in nights
        )
        body.append(f"<tr><th scope='row'>{escape(METRIC_LABELS.get(key, key))}</th>{cells}</tr>")
    return (
        f"<table class='coreg build-summary'><caption>Summary</caption><thead><tr><th scope='col'>Metric</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def build() -> pn.Column:
    page = Page("build", intro=INTRO)
    names = library.names()
    state: dict = {
        "base": library.default_base(),
        "title": "My scenario",
        "result": None,
        "token": 0,
        "quiet": False,
    }
    base: Setup = state["base"]
    groups = {key: Group(cls, key, getattr(base, key)) for key, cls, _ in GROUPS}
    stressor_groups: list[Group] = [
        Group(Stressor, f"stressors.{i + 1}", s) for i, s in enumerate(base.stressors)
    ]
    stressor_box = pn.Column(sizing_mode="stretch_width")

    pick = pn.widgets.Select(
        label="Scenario from the library",
        options=names or ["(library not available)"],
        value=(
            library.DEFAULT_SCENARIO
            if library.DEFAULT_SCENARIO in names
            else (names[0] if names else "(library not available)")
        ),
        width=260,
        css_classes=["ctl-library"],
        disabled=not names,
    )
    load_btn = pn.widgets.Button(
        label="Load scenario", width=150, css_classes=["ctl-load"], disabled=not names
    )
    upload = pn.widgets.FileInput(
        label="Upload a scenario file (.toml)",
        accept=".toml",
        multiple=False,
        css_classes=["ctl-upload"],
        width=300,
    )
    title = pn.widgets.TextInput(
        label="Title of the downloaded scenario", value=state["title"], width=280, css_classes=["ctl-title"]
    )
    reset = pn.widgets.Button(label="Reset all", button_type="warning", width=120, css_classes=["ctl-reset"])
    add_st = pn.widgets.Button(label="Add a stressor", width=160, css_classes=["ctl-add-stressor"])
    del_st = pn.widgets.Button(
        label="Remove the last stressor", width=220, css_classes=["ctl-remove-stressor"]
    )
    schedule_note = html_pane("", sizing_mode="stretch_width")
    busy = pn.indicators.Progress(name="Computing", active=False, value=-1, width=160, visible=False)
    loaded = html_pane("", sizing_mode="stretch_width", css_classes=["loaded-note"])
    view = figures.run_view("Last night", duration_min=base.run.duration_min)
    summary = html_pane("", sizing_mode="stretch_width", css_classes=["build-summary-pane"])

    def current_setup() -> Setup:
        vals = {key: g.values() for key, g in groups.items()}
        cg = dict(vals["caregiver"])
        cg_base = state["base"].caregiver
        caregiver = CaregiverParams(**cg, actions=cg_base.actions if cg["policy"] == "scripted" else ())
        stressors = tuple(Stressor(**g.values()) for g in stressor_groups)
        return Setup(
            run=RunParams(**vals["run"]),
            infant=InfantParams(**vals["infant"]),
            sleep=SleepParams(**vals["sleep"]),
            caregiver=caregiver,
            stressors=stressors,
            regimes=Regimes(**vals["regimes"]),
            mechanisms=Mechanisms(**vals["mechanisms"]),
            schedule=state["base"].schedule,
        )

    def csv_file():
        res = state["result"]
        return io.StringIO(csv_text(res) if res is not None else "")

    def scenario_file():
        try:
            text = library.to_toml(current_setup(), title.value.strip() or "My scenario")
        except (CoregError, LookupError) as exc:
            page.show_error(str(exc))
            return io.StringIO("")
        return io.StringIO(text)

    dl_csv = pn.widgets.FileDownload(
        callback=csv_file,
        filename="coreg_run.csv",
        label="Download CSV",
        css_classes=["ctl-download-csv"],
        width=170,
    )
    dl_toml = pn.widgets.FileDownload(
        callback=scenario_file,
        filename="my_scenario.toml",
        label="Download scenario file",
        css_classes=["ctl-download-scenario"],
        width=230,
    )

    def render_stressors() -> None:
        cards = []
        for i, g in enumerate(stressor_groups):
            cards.append(
                pn.Card(
                    g.panel(columns=2),
                    title=f"Stressor {i + 1}",
                    collapsed=False,
                    sizing_mode="stretch_width",
                )
            )
        stressor_box.objects = cards
        add_st.disabled = len(stressor_groups) >= MAX_STRESSORS
        del_st.disabled = len(stressor_groups) <= 1

    async def recompute(*_events) -> None:
        if state["quiet"]:
            return
        state["token"] += 1
        token = state["token"]
        try:
            setup = current_setup()
        except CoregError as exc:
            page.show_error(str(exc))
            return
        except (TypeError, ValueError) as exc:
            page.show_error(str(exc))
            return
        big = setup.run.duration_min * setup.run.nights > BIG_RUN_MIN
        if big:
            busy.visible = True
            busy.active = True
        try:
            if big:
                res = await asyncio.get_running_loop().run_in_executor(None, simulate, setup)
            else:
                res = simulate(setup)
        except CoregError as exc:
            page.show_error(str(exc))
            return
        finally:
            busy.active = False
            busy.visible = False
        if token != state["token"]:
            return
        state["result"] = res
        last = res.nights[-1]
        with pn.io.unlocked():  # an async callback: push the changes ourselves
            page.clear_error()
            view.signal.x_range.end = setup.run.duration_min
            view.signal.x_range.bounds = (0, setup.run.duration_min)
            view.update(last)
            view.set_thresholds(setup.regimes.crying, setup.regimes.arousal, setup.regimes.load)
            view.signal.title.text = f"Night {last.night} ({last.policy}): what you hear"
            summary.object = summary_html(res)
            s = last.summary
            page.say(
                f"Night {last.night} with a {setup.caregiver.policy} caregiver: crying {s['crying_min']:.1f} "
                f"min, quiet but dysregulated {s['quiet_dysregulated_min']:.1f} min, peak stress load "
                f"{s['peak_load']:.2f}, settled "
                + (
                    f"after {s['time_to_settle_min']:.1f} min."
                    if s["time_to_settle_min"] is not None
                    else "not at all within the night."
                )
            )

    def apply_setup(setup: Setup, note: str) -> None:
        """Show ``setup`` in every widget, then run it once."""
        state["quiet"] = True
        try:
            state["base"] = setup
            for key, g in groups.items():
                g.set_values(getattr(setup, key))
            stressor_groups[:] = [
                Group(Stressor, f"stressors.{i + 1}", s) for i, s in enumerate(setup.stressors)
            ]
            for g in stressor_groups:
                g.watch(schedule_recompute)
            render_stressors()
            schedule_note.object = schedule_html(setup)
            loaded.object = f"<p class='loaded'>{escape(note)}</p>" if note else ""
        finally:
            state["quiet"] = False
        schedule_recompute()

    def schedule_html(setup: Setup) -> str:
        if not setup.schedule:
            return (
                "<p><em>Per-night schedule:</em> none (every night uses the caregiver above). Schedules and "
                "scripted caregivers come from scenario files; upload one to use them.</p>"
            )
        items = "".join(
            f"<li>nights {e.first_night}-{e.last_night}: {escape(e.caregiver.policy)}</li>"
            for e in setup.schedule
        )
        return (
            f"<p><em>Per-night schedule from the loaded scenario</em> (kept as loaded):</p><ul>{items}</ul>"
        )

    def schedule_recompute(*_):
        if not state["quiet"]:
            pn.state.execute(recompute) if pn.state.curdoc is not None else None

    def on_policy(event) -> None:
        if state["quiet"]:
            return
        try:
            merged = state["base"].caregiver.merged({"policy": event.new})
        except CoregError as exc:
            page.show_error(str(exc))
            return
        state["quiet"] = True
        try:
            groups["caregiver"].set_values(merged)
        finally:
            state["quiet"] = False

    def on_load(_):
        try:
            scenario = library.load(pick.value)
            setup = library.base_setup(scenario)
        except Exception as exc:  # a library file that fails to load is reported, not raised
            page.show_error(f"Could not load {pick.value}: {exc}")
            return
        title.value = getattr(scenario, "title", pick.value)
        page.clear_error()
        apply_setup(
            setup,
            f"Loaded from the library: {getattr(scenario, 'title', pick.value)} "
            f"(status: {getattr(scenario, 'status', 'illustrative')}).",
        )

    def on_upload(event) -> None:
        data = event.new
        if not data:
            return
        fname = upload.filename or "uploaded.toml"
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
            scenario = library.load_text(text, fname)
            setup = library.base_setup(scenario)
        except UnicodeDecodeError:
            page.show_error(
                f"Could not read {fname}: it is not a text (UTF-8) file. A scenario file is TOML text."
            )
            return
        except Exception as exc:
            page.show_error(f"Could not read {fname}: {exc}")
            return
        title.value = getattr(scenario, "title", fname)
        page.clear_error()
        apply_setup(setup, f"Loaded from your file {fname}: {getattr(scenario, 'title', '')}")

    def on_reset(_):
        page.clear_error()
        setup = library.default_base()
        title.value = "My scenario"
        apply_setup(setup, "Reset: every setting is back to the default scenario.")

    def on_add(_):
        if len(stressor_groups) >= MAX_STRESSORS:
            return
        g = Group(Stressor, f"stressors.{len(stressor_groups) + 1}", Stressor())
        g.watch(schedule_recompute)
        stressor_groups.append(g)
        render_stressors()
        schedule_recompute()

    def on_del(_):
        if len(stressor_groups) > 1:
            stressor_groups.pop()
            render_stressors()
            schedule_recompute()

    for g in groups.values():
        g.watch(schedule_recompute)
    for g in stressor_groups:
        g.watch(schedule_recompute)
    groups["caregiver"].widgets["policy"].param.watch(on_policy, "value", precedence=1)
    load_btn.on_click(on_load)
    upload.param.watch(on_upload, "value")
    reset.on_click(on_reset)
    add_st.on_click(on_add)
    del_st.on_click(on_del)
    render_stressors()
    schedule_note.object = schedule_html(base)

    def restyle(on: bool) -> None:
        view.restyle(on)

    page.on_projector(restyle)
    if pn.state.curdoc is not None:
        pn.state.onload(recompute)

    cards = [
        pn.Card(
            groups[key].panel(columns=2),
            title=label,
            collapsed=key not in ("caregiver", "infant"),
            sizing_mode="stretch_width",
        )
        for key, _, label in GROUPS
    ]
    stress_card = pn.Card(
        stressor_box, pn.Row(add_st, del_st), title="Stressors", collapsed=True, sizing_mode="stretch_width"
    )
    settings = pn.Column(*cards[:4], stress_card, *cards[4:], schedule_note, sizing_mode="stretch_width")
    results = pn.Column(
        pn.pane.Bokeh(view.layout(), sizing_mode="stretch_width"),
        html_pane(figures.regime_legend_html(), sizing_mode="stretch_width"),
        summary,
        sizing_mode="stretch_width",
    )
    controls = pn.Column(
        pn.FlexBox(
            pick, load_btn, upload, flex_wrap="wrap", align_items="flex-end", sizing_mode="stretch_width"
        ),
        pn.FlexBox(
            title,
            dl_toml,
            dl_csv,
            reset,
            busy,
            flex_wrap="wrap",
            align_items="flex-end",
            sizing_mode="stretch_width",
        ),
        loaded,
        sizing_mode="stretch_width",
    )
    return page.layout(flex(settings, results, min_item=300), controls=controls)
