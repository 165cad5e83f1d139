"""Quiet is not regulated: one night replayed, a cursor on the time series and a phase view."""

from __future__ import annotations

import numpy as np
import panel as pn
from bokeh.models import BoxAnnotation, CDSView, ColumnDataSource, GroupFilter, Label, Range1d, Span
from bokeh.plotting import figure

from dashboards import figures, library, theme
from dashboards.shell import Page, flex, html_pane
from dashboards.text import POLICY_LABELS, escape
from sim.errors import CoregError
from sim.simulate import simulate
from sim.summary import REGIMES

PATH_STEP_S = 10
SPEEDS = {
    "1 minute per second": 1.0,
    "2 minutes per second": 2.0,
    "5 minutes per second": 5.0,
    "10 minutes per second": 10.0,
}
TICK_MS = 200
POLICIES = ("absent", "delayed", "responsive", "graduated", "inconsistent")

INTRO = (
    "Replay one night. The cursor moves along the time series while the phase view on the right "
    "traces the baby's path: <strong>crying</strong> (what you hear) against <strong>arousal</strong> "
    "(what you cannot see). Below the crying line and right of the arousal line is the hidden quadrant: "
    "quiet, but not calm. The path is coloured and marked by regime (a high stress load also counts as "
    "not regulated, so a point can be purple left of the line)."
)


def path_data(night, step_s: int = PATH_STEP_S) -> dict[str, list]:
    rows = np.arange(0, night.record.shape[0], step_s)
    arousal = night.column("arousal")[rows]
    crying = night.column("crying")[rows]
    codes = night.regime[rows]
    names = [REGIMES[c] for c in codes]
    return {
        "t": rows / 60.0,
        "arousal": arousal,
        "crying": crying,
        "x1": np.append(arousal[1:], arousal[-1]),
        "y1": np.append(crying[1:], crying[-1]),
        "regime": names,
        "color": [theme.REGIME_STYLE[r][0] for r in names],
        "marker": [theme.REGIME_MARKERS[r] for r in names],
        "load": night.column("load")[rows],
    }


def phase_figure(projector: bool) -> tuple[figure, dict]:
    fig = figures.plot("Phase view: crying against arousal", 420, Range1d(0, 1), Range1d(0, 1),
                       xlabel="arousal (hidden)", ylabel="crying (heard)")
    hidden = BoxAnnotation(
        left=0.5,
        bottom=0,
        top=0.2,
        fill_color=theme.PURPLE,
        fill_alpha=0.22,
        hatch_pattern="dot",
        hatch_alpha=0.35,
        hatch_color=theme.PURPLE,
        line_color=None,
    )
    fig.add_layout(hidden)
    label_hidden = Label(
        x=0.98,
        y=0.02,
        text="quiet but dysregulated: hidden",
        text_align="right",
        text_font_size="13px",
        text_color="#5a1f45",
        text_font_style="bold",
    )
    label_settled = Label(x=0.02, y=0.02, text="settled", text_font_size="13px", text_color="#1d5a80")
    label_cry = Label(
        x=0.98, y=0.95, text="crying: heard", text_align="right", text_font_size="13px", text_color="#8a3a00"
    )
    for lab in (label_hidden, label_settled, label_cry):
        fig.add_layout(lab)
    th_cry = Span(
        location=0.2, dimension="width", line_color=theme.VERMILLION, line_dash="dashed", line_width=2
    )
    th_ar = Span(location=0.5, dimension="height", line_color=theme.BLUE, line_dash="dashed", line_width=2)
    fig.add_layout(th_cry)
    fig.add_layout(th_ar)
    full = ColumnDataSource({"arousal": [], "crying": []})
    traced = ColumnDataSource(
        {k: [] for k in ("t", "arousal", "crying", "x1", "y1", "regime", "color", "marker", "load")}
    )
    now = ColumnDataSource({"arousal": [], "crying": []})
    fig.line("arousal", "crying", source=full, color="#bbbbbb", line_width=1, line_dash="dotted")
    seg = fig.segment("arousal", "crying", "x1", "y1", source=traced, color="color", line_width=2.5)
    seg.tags = [{"base_width": 2.5}]
    for name in REGIMES:
        view = CDSView(filter=GroupFilter(column_name="regime", group=name))
        fig.scatter(
            "arousal",
            "crying",
            source=traced,
            view=view,
            color=theme.REGIME_STYLE[name][0],
            marker=theme.REGIME_MARKERS[name],
            size=8,
            legend_label=theme.REGIME_STYLE[name][2],
        )
    fig.scatter(
        "arousal",
        "crying",
        source=now,
        size=18,
        marker="circle",
        fill_color="#ffffff",
        line_color=theme.BLACK,
        line_width=3,
    )
    fig.legend.location = "top_left"
    fig.legend.background_fill_alpha = 0.8
    fig.legend.label_text_font_size = "11px"
    figures.apply_look(fig, projector)
    return fig, {
        "full": full,
        "traced": traced,
        "now": now,
        "th_cry": th_cry,
        "th_ar": th_ar,
        "hidden": hidden,
        "labels": (label_hidden, label_settled, label_cry),
    }


def build() -> pn.Column:
    page = Page("quiet", intro=INTRO)
    base = library.default_base()
    duration = base.run.duration_min
    policy = pn.widgets.Select(
        label="Caregiver",
        options={POLICY_LABELS[p]: p for p in POLICIES},
        value="absent",
        width=230,
        css_classes=["ctl-policy"],
    )
    play = pn.widgets.Button(label="\u25b6 Play", button_type="primary", width=110, css_classes=["ctl-play"])
    back = pn.widgets.Button(label="\u25c0 Step back 1 min", width=170, css_classes=["ctl-back"])
    fwd = pn.widgets.Button(label="Step forward 1 min \u25b6", width=190, css_classes=["ctl-forward"])
    speed = pn.widgets.Select(
        label="Speed",
        options=list(SPEEDS),
        value="2 minutes per second",
        width=220,
        css_classes=["ctl-speed"],
    )
    position = pn.widgets.FloatSlider(
        label="Minute of the night",
        start=0,
        end=duration,
        step=PATH_STEP_S / 60.0,
        value=0.0,
        sizing_mode="stretch_width",
        css_classes=["ctl-position"],
    )
    view = figures.run_view("Replay", duration_min=duration)
    cursors = [
        Span(location=0, dimension="height", line_color=theme.BLACK, line_width=2) for _ in view.figures
    ]
    for fig, cur in zip(view.figures, cursors):
        fig.add_layout(cur)
    phase, ph = phase_figure(page.projector.value)
    state: dict = {"path": None, "night": None, "callback": None}
    status = html_pane("", sizing_mode="stretch_width", css_classes=["replay-status"], fast=True)

    def show_position(minute: float) -> None:
        path = state["path"]
        if path is None:
            return
        k = int(min(len(path["t"]) - 1, max(0, round(minute * 60 / PATH_STEP_S))))
        with pn.io.hold():
            for cur in cursors:
                cur.location = minute
            ph["traced"].data = {key: val[: k + 1] for key, val in path.items()}
            ph["now"].data = {"arousal": [path["arousal"][k]], "crying": [path["crying"][k]]}
            regime = path["regime"][k]
            words = theme.REGIME_STYLE[regime][2]
            reg = state["night_setup"].regimes
            status.object = (
                f"<p data-regime='{regime}' data-minute='{minute:.2f}'><strong>Minute {minute:.0f}:</strong> "
                f"crying {path['crying'][k]:.2f} (line at {reg.crying:g}), arousal "
                f"{path['arousal'][k]:.2f} (line at {reg.arousal:g}), stress load {path['load'][k]:.2f} "
                f"\u2014 <strong>{escape(words)}</strong>.</p>"
            )

    def run(*_):
        try:
            setup = base.with_values(caregiver={"policy": policy.value})
            res = simulate(setup)
        except CoregError as exc:
            page.show_error(str(exc))
            return
        night = res.nights[0]
        state["path"] = path_data(night)
        state["night_setup"] = setup
        reg = setup.regimes
        s = night.summary
        with pn.io.hold():
            page.clear_error()
            view.update(night)
            view.set_thresholds(reg.crying, reg.arousal, reg.load)
            ph["full"].data = {"arousal": state["path"]["arousal"], "crying": state["path"]["crying"]}
            ph["th_cry"].location = reg.crying
            ph["th_ar"].location = reg.arousal
            ph["hidden"].left = reg.arousal
            ph["hidden"].top = reg.crying
            show_position(position.value)
            page.say(
                f"{POLICY_LABELS[policy.value]} caregiver: the baby cried {s['crying_min']:.1f} min and was "
                f"quiet but still dysregulated for {s['quiet_dysregulated_min']:.1f} min of the "
                f"{duration:g}-min night; settled {s['settled_min']:.1f} min. The hidden quadrant is the "
                f"purple, dotted one."
            )

    def stop() -> None:
        cb = state["callback"]
        if cb is not None:
            cb.stop()
            state["callback"] = None
        play.name = "\u25b6 Play"

    def tick() -> None:
        step = SPEEDS[speed.value] * TICK_MS / 1000.0
        nxt = position.value + step
        if nxt >= duration:
            position.value = duration
            stop()
            return
        position.value = round(nxt, 4)

    def toggle_play(_):
        if state["callback"] is not None:
            stop()
            return
        if position.value >= duration:
            position.value = 0.0
        state["callback"] = pn.state.add_periodic_callback(tick, period=TICK_MS, start=True)
        play.name = "\u23f8 Pause"

    def step(delta: float):
        def _(_event):
            stop()
            position.value = float(min(duration, max(0.0, round(position.value + delta, 4))))

        return _

    position.param.watch(lambda e: show_position(e.new), "value")
    policy.param.watch(run, "value")
    play.on_click(toggle_play)
    back.on_click(step(-1.0))
    fwd.on_click(step(1.0))

    def restyle(on: bool) -> None:
        view.restyle(on)
        figures.apply_look(phase, on)
        for lab in ph["labels"]:
            lab.text_font_size = "22px" if on else "13px"

    page.on_projector(restyle)
    pn.state.on_session_destroyed(lambda _ctx: stop())
    run()
    controls = pn.FlexBox(
        policy, speed, play, back, fwd, flex_wrap="wrap", align_items="flex-end", sizing_mode="stretch_width"
    )
    series = pn.Column(pn.pane.Bokeh(view.layout(), sizing_mode="stretch_width"), sizing_mode="stretch_width")
    key = html_pane(figures.regime_legend_html(), sizing_mode="stretch_width")
    body = flex(
        series,
        pn.Column(pn.pane.Bokeh(phase, sizing_mode="stretch_width"), sizing_mode="stretch_width"),
        min_item=300,
    )
    return page.layout(position, status, body, key, controls=controls)
