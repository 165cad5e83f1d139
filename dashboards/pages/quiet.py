"""Quiet is not regulated: one night replayed, a cursor on the time series and two phase views
(crying against arousal, and against the slow load)."""

from __future__ import annotations

import numpy as np
import panel as pn
import param
from bokeh.models import BoxAnnotation, CDSView, ColumnDataSource, GroupFilter, Label, Range1d, Span
from bokeh.plotting import figure

from dashboards import figures, language, library, theme
from dashboards.links import UrlSetting
from dashboards.quick_html import QuickHtml
from dashboards.shell import PageView, flex
from dashboards.text import (
    ASLEEP_AT,
    ONE_NIGHT,
    POLICY_LABEL,
    escape,
    hidden_moment_words,
    hidden_words,
    number,
    policy_label,
    regime_label,
)
from sim.i18n import N_, _, current
from sim.engine.simulate import NightResult
from sim.params import Regimes
from sim.vocabulary import REGIMES

PATH_STEP_S = 10
SPEEDS = {
    N_("1 minute per second"): 1.0,
    N_("2 minutes per second"): 2.0,
    N_("5 minutes per second"): 5.0,
    N_("10 minutes per second"): 10.0,
}
TICK_MS = 200
#: Play, step back, step forward: widths in normal mode (projector mode: half as wide again).
BUTTON_WIDTHS = (110, 170, 190)
POLICIES = ("absent", "delayed", "responsive", "graduated", "inconsistent")

INTRO = N_(
    "Replay one night. The cursor moves along the time series while two phase views trace the baby's "
    "path: <strong>crying</strong> (what you hear) against <strong>arousal</strong> (fast, hidden) and "
    "against the <strong>stress load</strong> (slow, hidden). Below the crying line and right of the "
    "arousal or the load line is the hidden quadrant: quiet, but not calm. A baby awake and stirred up "
    "sits in the first view's shaded corner; a baby asleep whose slow load has not yet come down sits in "
    "the second's. The path is coloured and marked by regime, and the words under the controls say which "
    "it is at the cursor."
)
#: The two phase views: the hidden state on the x axis, its axis label, the view's title, and the
#: words in its hidden corner and left of its line.
PHASE_VIEWS = {
    "arousal": (N_("arousal (hidden, fast)"), N_("Crying against arousal"), N_("quiet, aroused: hidden"),
                N_("arousal calm")),
    "load": (N_("stress load (hidden, slow)"), N_("Crying against the stress load"), N_("quiet, load high: hidden"),
             N_("load low")),
}
#: The next point of each hidden state along the path (the end of each segment).
NEXT = {"arousal": "x1", "load": "l1"}


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
        "l1": np.append(night.column("load")[rows][1:], night.column("load")[rows][-1]),
        "asleep": night.column("asleep")[rows],
    }


def phase_figure(projector: bool, x: str = "arousal") -> tuple[figure, dict]:
    """A phase view: crying against ``x`` (arousal or the load), the hidden corner shaded."""
    xlabel, title, hidden_text, calm_text = (_(t) for t in PHASE_VIEWS[x])
    fig = figures.plot(title, 420, Range1d(0, 1), Range1d(0, 1), xlabel=xlabel, ylabel=_("crying (heard)"))
    drawn = Regimes()  # the documented lines, until the night's own are set
    hidden = BoxAnnotation(
        left=getattr(drawn, x),
        bottom=0,
        top=drawn.crying,
        fill_color=theme.PURPLE,
        fill_alpha=0.22,
        hatch_pattern="dot",
        hatch_alpha=0.35,
        hatch_color=theme.PURPLE,
        line_color=None,
    )
    fig.add_layout(hidden)
    label_hidden = Label(x=0.98, y=0.02, text=hidden_text, text_align="right", text_font_size="13px",
                         text_color="#5a1f45", text_font_style="bold")
    label_settled = Label(x=0.02, y=0.02, text=calm_text, text_font_size="13px", text_color="#1d5a80")
    label_cry = Label(
        x=0.98, y=0.95, text=_("crying: heard"), text_align="right", text_font_size="13px", text_color="#8a3a00"
    )
    for lab in (label_hidden, label_settled, label_cry):
        fig.add_layout(lab)
    th_cry = Span(
        location=drawn.crying, dimension="width", line_color=theme.VERMILLION, line_dash="dashed", line_width=2
    )
    color, dash, _label = theme.SERIES[x]  # the x line looks like that series' threshold everywhere
    th_ar = Span(location=getattr(drawn, x), dimension="height", line_color=color, line_dash=dash, line_width=2)
    fig.add_layout(th_cry)
    fig.add_layout(th_ar)
    full = ColumnDataSource({x: [], "crying": []})
    traced = ColumnDataSource(
        {k: [] for k in ("t", "arousal", "crying", "x1", "y1", "regime", "color", "marker", "load", "l1", "asleep")}
    )
    now = ColumnDataSource({x: [], "crying": []})
    fig.line(x, "crying", source=full, color="#bbbbbb", line_width=1, line_dash="dotted")
    seg = fig.segment(x, "crying", NEXT[x], "y1", source=traced, color="color", line_width=2.5)
    seg.tags = [{"base_width": 2.5}]
    for name in REGIMES:
        view = CDSView(filter=GroupFilter(column_name="regime", group=name))
        fig.scatter(
            x,
            "crying",
            source=traced,
            view=view,
            color=theme.REGIME_STYLE[name][0],
            marker=theme.REGIME_MARKERS[name],
            size=8,
            legend_label=regime_label(name),
        )
    fig.scatter(
        x,
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


def _line(value: float) -> str:
    """A threshold as the status line says it (as many decimals as it has, at most two)."""
    return number(value, 0 if float(value).is_integer() else (1 if round(value, 1) == value else 2))


class QuietPage(PageView):
    """One night replayed: play, pause, step, speed; a cursor and the phase view follow the minute."""

    key = "quiet"
    intro = INTRO
    url_settings = (UrlSetting("policy", "caregiver"),)

    policy = param.Selector(
        default="absent", objects={POLICY_LABEL[p]: p for p in POLICIES}, label=N_("Caregiver")
    )
    speed = param.Selector(default="2 minutes per second", objects={k: k for k in SPEEDS}, label=N_("Speed"))
    minute = param.Number(0.0, bounds=(0.0, None), step=PATH_STEP_S / 60.0, label=N_("Minute of the night"))
    playing = param.Boolean(False, doc="Whether the replay is running.")
    night = param.ClassSelector(class_=NightResult, allow_None=True, doc="The night being replayed.")

    def __init__(self, **params):
        self.base = library.default_base()
        super().__init__(**params)
        self.duration = self.base.run.duration_min
        self.param.minute.bounds = (0.0, self.duration)
        self.path: dict | None = None
        self.night_setup = self.base  # the setup of the night replayed
        self._ticker = None
        self.policy_select = pn.widgets.Select.from_param(
            self.param.policy, width=230, css_classes=["ctl-policy"]
        )
        self.speed_select = pn.widgets.Select.from_param(
            self.param.speed, width=220, css_classes=["ctl-speed"]
        )
        self.play_button = pn.widgets.Button(
            label=_("\u25b6 Play"), color="primary", width=BUTTON_WIDTHS[0], css_classes=["ctl-play"]
        )
        self.back_button = pn.widgets.Button(
            label=_("\u25c0 Step back 1 min"), width=BUTTON_WIDTHS[1], css_classes=["ctl-back"]
        )
        self.forward_button = pn.widgets.Button(
            label=_("Step forward 1 min \u25b6"), width=BUTTON_WIDTHS[2], css_classes=["ctl-forward"]
        )
        self.buttons = (self.play_button, self.back_button, self.forward_button)
        self.position = pn.widgets.FloatSlider.from_param(
            self.param.minute, end=self.duration, sizing_mode="stretch_width", css_classes=["ctl-position"],
            format=language.intl_ticks(2, whole_plain=True),
        )
        self.view = figures.run_view(_("Replay"), duration_min=self.duration)
        self.cursors = [
            Span(location=0, dimension="height", line_color=theme.BLACK, line_width=2)
            for _ in self.view.figures
        ]
        for fig, cur in zip(self.view.figures, self.cursors):
            fig.add_layout(cur)
        self.phases = {x: phase_figure(self.projector, x) for x in PHASE_VIEWS}
        self.phases["load"][0].legend.visible = False  # one regime legend is enough
        self.status = QuickHtml("", css_classes=["replay-status"], fast=True)
        self.play_button.on_click(lambda _e: setattr(self, "playing", not self.playing))
        self.back_button.on_click(lambda _e: self.step(-1.0))
        self.forward_button.on_click(lambda _e: self.step(1.0))
        if pn.state.curdoc is not None:
            pn.state.on_session_destroyed(lambda _ctx: self._stop_ticker())
        self._run()

    # ---- the night ----
    @param.depends("policy", "reading", watch=True)
    def _run(self) -> None:
        runs = self.run_within_budget(
            lambda: {"night": self.base.with_values(caregiver={"policy": self.policy}, reading=self.reading)})
        if runs is None:
            return
        setup, night = runs["night"].setup, runs["night"].nights[0]
        self.path = path_data(night)
        self.night_setup = setup
        reg, s = setup.regimes, night.summary
        with pn.io.hold():
            self.view.update(night)
            self.view.set_thresholds(reg.crying, reg.arousal, reg.load)
            for x, (_fig, ph) in self.phases.items():
                line = getattr(reg, x)
                ph["full"].data = {x: self.path[x], "crying": self.path["crying"]}
                ph["th_cry"].location = reg.crying
                ph["th_ar"].location = line
                ph["hidden"].left = line
                ph["hidden"].top = reg.crying
            self.param.update(
                night=night,
                error="",
                said=current().sentences(*[
                    _("Caregiver who is \u201c{policy}\u201d: of the {duration}-minute night the baby cried {crying} and was settled "
                      "for {settled}.", policy=policy_label(self.policy), duration=number(self.duration),
                      crying=_("{minutes} min", minutes=number(s["crying_min"], 1)),
                      settled=_("{minutes} min", minutes=number(s["settled_min"], 1))),
                    hidden_words(s),
                    _("The hidden quadrant is the purple, dotted one."),
                ]),
            )
            self._show_position()

    @param.depends("minute", watch=True)
    def _show_position(self) -> None:
        path = self.path
        if path is None:
            return
        minute = self.minute
        k = int(min(len(path["t"]) - 1, max(0, round(minute * 60 / PATH_STEP_S))))
        with pn.io.hold():
            for cur in self.cursors:
                cur.location = minute
            traced = {key: val[: k + 1] for key, val in path.items()}
            for x, (_fig, ph) in self.phases.items():
                ph["traced"].data = traced
                ph["now"].data = {x: [path[x][k]], "crying": [path["crying"][k]]}
            regime = path["regime"][k]
            reg = self.night_setup.regimes
            hidden = regime == "quiet_dysregulated"
            kind = ("asleep" if path["asleep"][k] >= ASLEEP_AT else "awake") if hidden else ""
            words = dict(
                minute=number(minute), crying=number(path["crying"][k], 2), crying_line=_line(reg.crying),
                arousal=number(path["arousal"][k], 2), arousal_line=_line(reg.arousal),
                load=number(path["load"][k], 2), load_line=_line(reg.load),
                regime=escape(regime_label(regime)))
            if hidden:
                text = _("<strong>Minute {minute}:</strong> crying {crying} (line at {crying_line}), arousal {arousal} "
                         "(line at {arousal_line}), stress load {load} (line at {load_line}) \u2014 "
                         "<strong>{regime}</strong>: {what}.", what=escape(hidden_moment_words(path["asleep"][k])),
                         **words)
            else:
                text = _("<strong>Minute {minute}:</strong> crying {crying} (line at {crying_line}), arousal {arousal} "
                         "(line at {arousal_line}), stress load {load} (line at {load_line}) \u2014 "
                         "<strong>{regime}</strong>.", **words)
            self.status.object = (
                f"<p data-regime='{regime}' data-hidden='{kind}' data-minute='{minute:.2f}'>{text}</p>"
            )

    def reading_remark(self) -> str:
        return _(ONE_NIGHT) if self.base.run.nights == 1 else ""

    # ---- the replay ----
    def step(self, delta_min: float) -> None:
        """Pause and move the cursor by ``delta_min`` minutes."""
        self.playing = False
        self.minute = float(min(self.duration, max(0.0, round(self.minute + delta_min, 4))))

    @param.depends("playing", watch=True)
    def _play_or_pause(self) -> None:
        if self.playing:
            if self.minute >= self.duration:
                self.minute = 0.0
            self._ticker = pn.state.add_periodic_callback(self._tick, period=TICK_MS, start=True)
            self.play_button.label = _("\u23f8 Pause")
        else:
            self._stop_ticker()
            self.play_button.label = _("\u25b6 Play")

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _tick(self) -> None:
        nxt = self.minute + SPEEDS[self.speed] * TICK_MS / 1000.0
        if nxt >= self.duration:
            self.param.update(minute=self.duration, playing=False)
        else:
            self.minute = round(nxt, 4)

    # ---- layout ----
    def restyle(self, projector: bool) -> None:
        for button, width in zip(self.buttons, BUTTON_WIDTHS):
            button.width = int(width * 1.5) if projector else width  # large text needs wider buttons
        self.view.restyle(projector)
        for fig, ph in self.phases.values():
            figures.apply_look(fig, projector)
            for lab in ph["labels"]:
                lab.text_font_size = "22px" if projector else "13px"

    def controls(self) -> pn.FlexBox:
        return pn.FlexBox(
            self.policy_select,
            self.speed_select,
            self.play_button,
            self.back_button,
            self.forward_button,
            flex_wrap="wrap",
            align_items="flex-end",
            sizing_mode="stretch_width",
        )

    def body(self) -> list:
        series = pn.Column(
            pn.pane.Bokeh(self.view.layout(), sizing_mode="stretch_width"), sizing_mode="stretch_width"
        )
        phases = [pn.Column(pn.pane.Bokeh(fig, sizing_mode="stretch_width"), sizing_mode="stretch_width")
                  for fig, _ in self.phases.values()]
        key = QuickHtml(figures.regime_legend_html())
        return [self.position, self.status, flex(series, *phases, min_item=300), key]
