"""Across nights, per reading: the per-night figures, the "beyond what was measured" band, the key
and the table.

Each reading of the contested core (:data:`sim.vocabulary.READINGS`) has one line style on every
figure (colour, dash and marker: never colour alone), so both readings can be drawn on the same
axes: what a parent sees (crying, time to fall asleep), where the readings agree, and what lies
under the surface (peak load, the hidden minutes asleep and awake, expectancy), where they
differ. Nights past the last one a reading's evidence measured (:mod:`sim.reach`) are shaded
and labelled. Figures are built once per session; only their sources, band and titles change.
"""

from __future__ import annotations

from collections.abc import Mapping

from bokeh.models import BoxAnnotation, ColumnDataSource, DataRange1d, Label, Node, Range1d
from bokeh.plotting import figure

from dashboards import figures, theme
from dashboards.text import escape, metric_heading, number_text, policy_label, reading_label
from sim.i18n import N_, _, current
from sim.reach import REACH, beyond_measured
from sim.engine.simulate import RunResult
from sim.vocabulary import READING, READINGS

#: Each reading's look on every figure: colour, dash, marker, and the dash as CSS for the key.
READING_STYLE = {
    "stress_stays": (theme.VERMILLION, "solid", "circle"),
    "learns_to_settle": (theme.BLUE, "dashed", "triangle"),
}
assert tuple(READING_STYLE) == READINGS, "every reading has a line style"
CSS_DASH = {"solid": "solid", "dashed": "dashed"}
#: The line styles in words (the key says them: never colour alone).
LINE_WORDS = {"solid": N_("solid line"), "dashed": N_("dashed line")}

#: The two groups of figures: (heading, [(metric, title, y label, fixed 0..1 range)]). The first is
#: behaviour, where the evidence (E2) is robust: the "beyond what was measured" band marks the second
#: only, what the contested reading says lies under the surface.
GROUPS = (
    (N_("What a parent sees"), (
        ("crying_min", N_("Crying per night"), N_("minutes"), False),
        ("time_to_sleep_min", N_("Time to fall asleep"), N_("minutes"), False),
    )),
    (N_("Under the surface"), (
        ("peak_load", N_("Peak stress load (hidden cost)"), N_("load (0-1)"), True),
        ("hidden_asleep_min", N_("Hidden, asleep: load still high"), N_("minutes"), False),
        ("hidden_awake_min", N_("Hidden, awake: still aroused"), N_("minutes"), False),
        ("final_expectancy", N_("Expects an answer, end of night"), N_("expectancy (0-1)"), True),
    )),
)
PLOTTED = tuple(key for _, specs in GROUPS for key, *_ in specs)
#: The numbers of each night in the table.
TABLE_COLUMNS = ("crying_min", "time_to_sleep_min", "peak_load", "quiet_dysregulated_min",
                 "hidden_asleep_min", "hidden_awake_min", "final_expectancy")
BAND_TEXT = N_("beyond what was measured")
#: Figure height, normal and projector mode (large fonts take room from the plot area: give it back).
HEIGHTS = (230, 340)


def per_night(result: RunResult) -> dict[str, list]:
    """The plotted metrics of every night (a time that never came: no point)."""
    data: dict[str, list] = {"night": [n.night for n in result.nights]}
    for key in PLOTTED:
        data[key] = [float("nan") if n.summary[key] is None else n.summary[key] for n in result.nights]
    return data


def empty() -> dict[str, list]:
    return {"night": [], **{key: [] for key in PLOTTED}}


class NightsPlots:
    """The per-night figures of one page, a line per reading, and the beyond-measured band."""

    def __init__(self, projector: bool = False):
        self.sources = {r: ColumnDataSource(empty()) for r in READINGS}
        self.x_range = DataRange1d(start=0.5)
        self.figures: dict[str, figure] = {}
        self.bands: list[BoxAnnotation] = []
        self.labels: list[Label] = []
        for i, (_heading, specs) in enumerate(GROUPS):
            for key, title, ylabel, unit_range in specs:
                self.figures[key] = self._figure(key, _(title), _(ylabel), unit_range, projector, band=i > 0)

    def _figure(self, key: str, title: str, ylabel: str, unit_range: bool, projector: bool,
                band: bool) -> figure:
        y = Range1d(0, 1.05) if unit_range else DataRange1d(start=0)
        fig = figures.plot(title, HEIGHTS[0], self.x_range, y, xlabel=_("night"), ylabel=ylabel)
        fig.outline_line_color = None
        if band:
            shade = BoxAnnotation(left=0, fill_color="#e0e0e0", fill_alpha=0.6, hatch_pattern="/",
                                  hatch_color="#9a9a9a", hatch_alpha=0.45, line_color=None, visible=False,
                                  level="underlay")
            label = Label(x=0, y=Node(target="frame", symbol="top"), y_offset=-4, text=_(BAND_TEXT),
                          text_baseline="top", text_font_size="12px", text_color="#333333",
                          background_fill_color="#ffffff", background_fill_alpha=0.7, visible=False)
            fig.add_layout(shade)
            fig.add_layout(label)
            self.bands.append(shade)
            self.labels.append(label)
        for reading in READINGS:
            color, dash, marker = READING_STYLE[reading]
            r = fig.line("night", key, source=self.sources[reading], color=color, line_dash=dash, line_width=2)
            r.tags = [{"base_width": 2.0}]
            fig.scatter("night", key, source=self.sources[reading], color=color, marker=marker, size=9)
        figures.apply_look(fig, projector)
        return fig

    def show(self, results: Mapping[str, RunResult]) -> None:
        """Draw the readings in ``results`` (the others empty) and the band where one goes beyond
        what its evidence measured."""
        for reading, source in self.sources.items():
            source.data = per_night(results[reading]) if reading in results else empty()
        beyond = beyond_readings(results)
        start = min(REACH[r].last_measured_night for r in beyond) + 0.5 if beyond else 0.0
        text = band_text(results)
        for band, label in zip(self.bands, self.labels):
            band.left = start
            band.visible = label.visible = bool(beyond)
            label.x = start + 0.05
            label.text = text

    def restyle(self, projector: bool) -> None:
        for fig in self.figures.values():
            figures.apply_look(fig, projector)
            fig.height = HEIGHTS[projector]
        for label in self.labels:
            label.text_font_size = "16px" if projector else "12px"

    def groups(self) -> list[tuple[str, list[figure]]]:
        """(heading, figures) of each group, in order."""
        return [(_(heading), [self.figures[key] for key, *_rest in specs]) for heading, specs in GROUPS]


def beyond_readings(results: Mapping[str, RunResult]) -> list[str]:
    """The readings drawn whose nights go beyond what their evidence measured."""
    nights = max((len(r.nights) for r in results.values()), default=0)
    return [r for r in results if beyond_measured(r, nights)]


def band_text(results: Mapping[str, RunResult]) -> str:
    """The band's label: ``beyond what was measured (E1)``."""
    return _("beyond what was measured ({keys})", keys=current().list(READING[r].evidence for r in beyond_readings(results)))


def key_html(results: Mapping[str, RunResult]) -> str:
    """The key of the figures: each reading's line, and the band (when shown), in words."""
    items = []
    for reading in results:
        color, dash, marker = READING_STYLE[reading]
        shape = "\u25cf" if marker == "circle" else "\u25b2"
        items.append(
            f"<span class='reading-key' data-reading='{reading}'><span aria-hidden='true' style='display:inline-block;"
            f"width:2.4em;border-top:3px {CSS_DASH[dash]} {color};vertical-align:middle'></span>"
            f"<span aria-hidden='true' style='color:{color}'>{shape}</span> "
            + escape(_("{reading} ({style})", reading=reading_label(reading), style=_(LINE_WORDS[dash])))
            + "</span>"
        )
    if beyond_readings(results):
        items.append(
            "<span class='reading-key band-key'><span aria-hidden='true' style='display:inline-block;width:2.2em;"
            "height:1em;vertical-align:middle;border:1px solid #888;background:repeating-linear-gradient("
            "135deg,#9a9a9a 0 2px,#e6e6e6 2px 7px)'></span> "
            + escape(_("shaded, under the surface: {band}", band=band_text(results))) + "</span>"
        )
    name = escape(_("Key of the figures"))
    return (f"<div class='nights-key' role='group' aria-label='{name}'>" + _("<strong>Key:</strong>") + " "
            + " ".join(items) + "</div>")


def table_html(result: RunResult) -> str:
    """One reading's nights as a table (each row's numbers also as data attributes)."""
    reading = result.setup.reading
    rows = []
    never = _("never")
    for n in result.nights:
        s = n.summary
        beyond = beyond_measured(reading, n.night)
        mark = f" <span class='beyond'>" + escape(_('(beyond what was measured)')) + f"</span>" if beyond else ""
        attrs = "".join(
            f" data-{key.removesuffix('_min').replace('_', '-')}='{'' if s[key] is None else s[key]}'"
            for key in TABLE_COLUMNS
        )
        rows.append(
            f"<tr data-night='{n.night}' data-reading='{reading}' data-beyond='{str(beyond).lower()}'"
            f"{attrs}{' class=beyond-row' if beyond else ''}><td>{current().number(n.night)}{mark}</td>"
            f"<td>{escape(policy_label(n.policy))}</td>"
            + "".join(f"<td>{escape(number_text(s[k]) if s[k] is not None else never)}</td>" for k in TABLE_COLUMNS)
            + "</tr>"
        )
    head = "".join(f"<th scope='col'>{escape(metric_heading(k))}</th>" for k in TABLE_COLUMNS)
    return (
        f"<div class='nights-table-box'><table class='coreg nights-table' data-reading='{reading}'><caption>"
        + escape(_("Per night: \u201c{reading}\u201d", reading=reading_label(reading)))
        + f"</caption><thead><tr><th scope='col'>" + escape(_('Night')) + f"</th>"
        f"<th scope='col'>" + escape(_('Caregiver')) + f"</th>{head}</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )
