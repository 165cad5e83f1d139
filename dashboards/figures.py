"""Bokeh figures shared by the app and the standalone report.

Figures are built once per session (or per report) and then only their data sources
change, which is what keeps a slider release quick. Nothing here holds state between
sessions: every function returns new objects.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, FixedTicker, Range1d, Span
from bokeh.plotting import figure

from dashboards import language, theme
from dashboards.text import regime_label
from sim.engine.simulate import NightResult
from sim.i18n import _
from sim.params import Regimes
from sim.vocabulary import REGIMES

MAX_POINTS = 720
TOOLS = "xpan,xwheel_zoom,xbox_zoom,reset,save"


# ---- data ------------------------------------------------------------------------


def stride_for(n: int, max_points: int = MAX_POINTS) -> int:
    return max(1, math.ceil(n / max_points))


def trace_data(night: NightResult, max_points: int = MAX_POINTS) -> dict[str, np.ndarray]:
    """The night's traces, thinned to at most ``max_points``, time in minutes."""
    n = night.record.shape[0]
    rows = np.arange(0, n, stride_for(n, max_points))
    if rows[-1] != n - 1:
        rows = np.append(rows, n - 1)
    data = {"t": rows / 60.0}
    for name in ("crying", "arousal", "load", "expectancy"):
        data[name] = np.asarray(night.column(name)[rows], dtype=float)
    return data


def stretches(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run-length encoding: (start index, end index exclusive, code) of each stretch."""
    codes = np.asarray(codes)
    if codes.size == 0:
        empty = np.zeros(0, dtype=int)
        return empty, empty, empty
    change = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [codes.size]))
    return starts, ends, codes[starts]


def regime_data(night: NightResult) -> dict[str, list]:
    starts, ends, codes = stretches(night.regime)
    names = [REGIMES[c] for c in codes]
    return {
        "left": starts / 60.0,
        "right": ends / 60.0,
        "regime": names,
        "label": [regime_label(r) for r in names],
        "color": [theme.REGIME_STYLE[r][0] for r in names],
        "hatch": [theme.REGIME_STYLE[r][1] for r in names],
        "minutes": (ends - starts) / 60.0,
    }


def presence_data(night: NightResult) -> dict[str, np.ndarray]:
    present = (night.column("presence") >= 0.5).astype(np.int8)
    starts, ends, codes = stretches(present)
    keep = codes == 1
    return {"x0": starts[keep] / 60.0, "x1": ends[keep] / 60.0}


# ---- figures ---------------------------------------------------------------------

#: The widest a figure's title line may be, in columns (a CJK character counts two): a title is drawn
#: on the canvas and does not wrap by itself, and a longer line would widen a phone's page.
TITLE_COLUMNS = 40


def wrap_title(text: str, columns: int = TITLE_COLUMNS) -> str:
    """``text`` broken into lines of at most ``columns`` (between words; inside a word only where it
    is longer than a line, as Chinese text, which has no spaces, always is)."""
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    lines: list[str] = []
    line = ""
    for word in text.replace("\n", " ").split(" "):
        candidate = f"{line} {word}" if line else word
        if width(candidate) <= columns:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:  # a word longer than a line, or text without spaces
            if width(line + ch) > columns:
                lines.append(line)
                line = ""
            line += ch
    if line:
        lines.append(line)
    return "\n".join(lines)


def set_title(fig: figure, text: str) -> None:
    """Give ``fig`` the title ``text``, wrapped to fit a phone (:func:`wrap_title`)."""
    fig.title.text = wrap_title(text)



def plot(
    title: str,
    height: int,
    x_range,
    y_range,
    *,
    tools: str = "save,reset",
    xlabel: str | None = None,
    ylabel: str | None = None,
    **options,
) -> figure:
    """A figure in this app's style: stretches to its column (at least 240 px wide), a
    toolbar above that hides until hovered, no logo."""
    fig = figure(
        title=wrap_title(title),
        height=height,
        min_width=240,
        sizing_mode="stretch_width",
        x_range=x_range,
        y_range=y_range,
        tools=tools,
        toolbar_location="above" if tools else None,
        **options,
    )
    fig.toolbar.logo = None
    if tools:
        fig.toolbar.autohide = True
    if xlabel:
        fig.xaxis.axis_label = xlabel
    if ylabel:
        fig.yaxis.axis_label = ylabel
    language.localize_axes(fig)  # tick labels in the reader's number format
    return fig


def _base_figure(
    title: str, height: int, x_range, y_range, *, projector: bool, toolbar: bool = True
) -> figure:
    fig = plot(title, height, x_range, y_range, tools=TOOLS if toolbar else "", output_backend="canvas")
    fig.background_fill_color = "#ffffff"
    fig.border_fill_color = "#ffffff"
    fig.outline_line_color = None
    fig.xaxis.axis_label = _("minutes into the night")
    apply_look(fig, projector)
    return fig


def apply_look(fig: figure, projector: bool) -> None:
    """Restyle a figure for projector mode (large fonts, thick lines) or normal."""
    lk = theme.look(projector)
    fig.title.text_font_size = lk.title_font
    fig.title.text_color = lk.text_color
    for ax in (*fig.xaxis, *fig.yaxis):
        ax.axis_label_text_font_size = lk.font
        ax.major_label_text_font_size = lk.tick_font
        ax.axis_label_text_color = lk.text_color
        ax.major_label_text_color = lk.text_color
        ax.axis_line_width = 2 if projector else 1
    for grid in (*fig.xgrid, *fig.ygrid):
        grid.grid_line_alpha = lk.grid_alpha
    for legend in fig.legend:
        legend.label_text_font_size = lk.font
        legend.glyph_width = 40 if projector else 28
    for r in fig.renderers:
        base = next((t for t in r.tags if isinstance(t, dict) and "base_width" in t), None)
        if base is not None and hasattr(r.glyph, "line_width"):
            r.glyph.line_width = base["base_width"] * lk.line / theme.NORMAL.line
    for span in fig.select(Span):
        span.line_width = 3 if projector else 1.5


def _line(fig, source, y, color, dash, label, width=theme.NORMAL.line, projector=False):
    r = fig.line(
        "t",
        y,
        source=source,
        color=color,
        line_dash=dash,
        line_width=width * theme.look(projector).line / theme.NORMAL.line,
        legend_label=_(label),
    )
    r.tags = [{"base_width": width}]
    return r


@dataclass
class RunView:
    """Three stacked figures for one night: the signal, the hidden physiology, the regime band."""

    signal: figure
    hidden: figure
    band: figure
    traces: ColumnDataSource
    regimes: ColumnDataSource
    presence: ColumnDataSource
    thresholds: dict[str, Span] = field(default_factory=dict)

    @property
    def figures(self) -> tuple[figure, figure, figure]:
        return (self.signal, self.hidden, self.band)

    def layout(self):
        return column(*self.figures, sizing_mode="stretch_width")

    def update(self, night: NightResult) -> None:
        self.traces.data = trace_data(night)
        self.regimes.data = regime_data(night)
        self.presence.data = presence_data(night)

    def set_thresholds(self, crying: float, arousal: float, load: float) -> None:
        self.thresholds["crying"].location = crying
        self.thresholds["arousal"].location = arousal
        self.thresholds["load"].location = load

    def restyle(self, projector: bool) -> None:
        for fig in self.figures:
            apply_look(fig, projector)
            base = next(
                (t["base_height"] for t in fig.tags if isinstance(t, dict) and "base_height" in t), fig.height
            )
            fig.tags = [t for t in fig.tags if not (isinstance(t, dict) and "base_height" in t)] + [
                {"base_height": base}
            ]
            # large fonts take room from the plot area: give it back
            fig.height = int(base + (60 if fig is self.band else base * 0.45)) if projector else base


def shared_ranges(duration_min: float) -> tuple[Range1d, Range1d]:
    """An x range (minutes) and a 0..1 y range for views that should be compared."""
    return Range1d(0, duration_min, bounds=(0, duration_min)), Range1d(-0.02, 1.05)


def run_view(
    title: str,
    *,
    x_range=None,
    y_range=None,
    projector: bool = False,
    legend: bool = True,
    duration_min: float = 120.0,
    heights=(170, 210, 70),
) -> RunView:
    """Empty figures for one night; call :meth:`RunView.update` to fill them."""
    if x_range is None or y_range is None:
        xr, yr = shared_ranges(duration_min)
        x_range = x_range or xr
        y_range = y_range or yr
    traces = ColumnDataSource({"t": [], "crying": [], "arousal": [], "load": [], "expectancy": []})
    regimes = ColumnDataSource(
        {k: [] for k in ("left", "right", "regime", "label", "color", "hatch", "minutes")}
    )
    presence = ColumnDataSource({"x0": [], "x1": []})

    signal = _base_figure(_("{column}: what you hear", column=title), heights[0], x_range, y_range,
                          projector=projector)
    hidden = _base_figure(_("{column}: under the surface", column=title), heights[1], x_range, y_range,
                          projector=projector)
    band = _base_figure(
        _("{column}: regime", column=title), heights[2], x_range, Range1d(0, 1), projector=projector, toolbar=False
    )
    for fig in (signal, hidden):
        fig.vstrip(
            x0="x0",
            x1="x1",
            source=presence,
            fill_color=theme.PRESENCE_FILL,
            fill_alpha=theme.look(projector).presence_alpha,
            line_color=None,
            legend_label=_("caregiver with the baby"),
        )
        fig.yaxis.ticker = FixedTicker(ticks=[0, 0.25, 0.5, 0.75, 1.0])
    c, d, lab = theme.SERIES["crying"]
    _line(signal, traces, "crying", c, d, lab, width=2.5, projector=projector)
    for name in ("arousal", "load"):
        c, d, lab = theme.SERIES[name]
        _line(hidden, traces, name, c, d, lab, projector=projector)
    drawn = Regimes()  # the documented lines, until a run's own are set (RunView.set_thresholds)
    thresholds = {
        "crying": Span(
            location=drawn.crying, dimension="width", line_color=theme.VERMILLION, line_dash="dashed", line_alpha=0.7
        ),
        "arousal": Span(
            location=drawn.arousal, dimension="width", line_color=theme.BLUE, line_dash="dashed", line_alpha=0.6
        ),
        "load": Span(
            location=drawn.load, dimension="width", line_color=theme.BLACK, line_dash="dotted", line_alpha=0.6
        ),
    }
    signal.add_layout(thresholds["crying"])
    hidden.add_layout(thresholds["arousal"])
    hidden.add_layout(thresholds["load"])
    signal.yaxis.axis_label = _("crying")
    hidden.yaxis.axis_label = _("level (0-1)")

    band.quad(
        left="left",
        right="right",
        bottom=0,
        top=1,
        source=regimes,
        fill_color="color",
        hatch_pattern="hatch",
        hatch_color="#222222",
        hatch_alpha=0.55,
        hatch_scale=8,
        fill_alpha=theme.look(projector).band_alpha,
        line_color=None,
    )
    band.yaxis.visible = False
    band.ygrid.visible = False
    band.xaxis.axis_label = None
    band.title.text_font_style = "normal"
    for fig in (signal, hidden):
        fig.legend.location = "top_right"
        fig.legend.background_fill_alpha = 0.75
        fig.legend.label_text_font_size = "11px"
        fig.legend.padding = 4
        fig.legend.spacing = 0
        fig.legend.visible = legend
    view = RunView(signal=signal, hidden=hidden, band=band, traces=traces, regimes=regimes,
                   presence=presence, thresholds=thresholds)
    view.restyle(projector)
    return view


HATCH_CSS = {
    " ": "none",
    "/": "repeating-linear-gradient(135deg, rgba(0,0,0,.55) 0 2px, transparent 2px 7px)",
    "x": "repeating-linear-gradient(45deg, rgba(0,0,0,.5) 0 2px, transparent 2px 7px),"
    " repeating-linear-gradient(135deg, rgba(0,0,0,.5) 0 2px, transparent 2px 7px)",
    "dot": "radial-gradient(rgba(0,0,0,.6) 1.5px, transparent 1.6px) 0 0 / 6px 6px",
}


def regime_legend_html() -> str:
    """The regime band's key, as HTML (colour and hatch of each regime, in words)."""
    items = []
    for name in REGIMES:
        color, hatch = theme.REGIME_STYLE[name]
        label = html.escape(regime_label(name))
        pattern = HATCH_CSS[hatch]
        bg = f"background:{pattern}, {color};" if pattern != "none" else f"background:{color};"
        items.append(
            f"<span style='display:inline-flex;align-items:center;margin-right:1em;white-space:nowrap'>"
            f"<span aria-hidden='true' style='display:inline-block;width:2.2em;height:1em;{bg}"
            f"border:1px solid #333;margin-right:0.35em'></span>{label}</span>"
        )
    name = html.escape(_("Regime band key"), quote=True)
    heading = _("<strong>Regime band:</strong>")
    return f"<div class='regime-key' role='group' aria-label='{name}'>{heading} " + "".join(items) + "</div>"


# ---- populations -------------------------------------------------------------------


def histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    vals = values[np.isfinite(values)]
    counts, _edges = np.histogram(vals, bins=edges)
    return counts / max(1, values.size)


def variant_styles(
    labels: Sequence[str], policies: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """A colour and dash per variant: by policy when it is known and unique, else a cycle."""
    pol = list(policies) if policies is not None else [None] * len(labels)
    out: dict[str, tuple[str, str]] = {}
    used: set[tuple[str, str]] = set()
    for i, (label, p) in enumerate(zip(labels, pol)):
        style = theme.POLICY_STYLE.get(p) if p else None
        if style is None or style in used:
            style = (
                next(s for s in theme.VARIANT_CYCLE + (theme.VARIANT_CYCLE[i % 7],) if s not in used)
                if any(s not in used for s in theme.VARIANT_CYCLE)
                else theme.VARIANT_CYCLE[i % 7]
            )
        used.add(style)
        out[label] = style
    return out
