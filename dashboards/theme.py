"""Colours, dash patterns, hatches and the projector style, in one place.

The palette is Okabe & Ito's colour-blind-safe set; every series also differs by dash
pattern (lines), hatch pattern (regime band) or marker (phase path), so no meaning
rests on colour alone. Styles are keyed by the names of :mod:`sim.vocabulary`, which
also gives every label.
"""

from __future__ import annotations

from sim.i18n import N_

from dataclasses import dataclass

from sim.vocabulary import REGIMES

# Okabe-Ito
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#7a7a7a"

#: What the three traces of a night look like: (colour, dash, legend label).
SERIES = {
    "crying": (VERMILLION, "solid", N_("crying (what you hear)")),
    "arousal": (BLUE, "dashed", N_("arousal (hidden)")),
    "load": (BLACK, "dotdash", N_("stress load (hidden, slow)")),
    "expectancy": (GREEN, "dotted", N_("expects an answer")),
}

#: Regime colour and hatch pattern (the band under every time series).
REGIME_STYLE = {
    "settled": (SKY, " "),
    "releasing": (GREEN, "/"),
    "protest": (ORANGE, "x"),
    "quiet_dysregulated": (PURPLE, "dot"),
}
REGIME_COLORS = tuple(REGIME_STYLE[r][0] for r in REGIMES)
REGIME_HATCHES = tuple(REGIME_STYLE[r][1] for r in REGIMES)
REGIME_MARKERS = {
    "settled": "circle",
    "releasing": "triangle",
    "protest": "square",
    "quiet_dysregulated": "diamond",
}

#: Caregiver policies in comparisons: colour and dash.
POLICY_STYLE = {
    "responsive": (BLUE, "solid"),
    "delayed": (ORANGE, "dashed"),
    "graduated": (GREEN, "dotdash"),
    "absent": (BLACK, "dotted"),
    "inconsistent": (PURPLE, "dashdot"),
    "still_face": (VERMILLION, "dashed"),
    "rupture_repair": (SKY, "solid"),
    "scripted": (GREY, "solid"),
}
VARIANT_CYCLE = (
    (BLUE, "solid"),
    (ORANGE, "dashed"),
    (BLACK, "dotted"),
    (GREEN, "dotdash"),
    (PURPLE, "dashdot"),
    (VERMILLION, "solid"),
    (SKY, "dashed"),
)

PRESENCE_FILL = "#9a9a9a"


@dataclass(frozen=True)
class Look:
    """Sizes that change with projector mode."""

    line: float
    font: str
    title_font: str
    tick_font: str
    band_alpha: float
    presence_alpha: float
    text_color: str
    grid_alpha: float


NORMAL = Look(line=2.0, font="12px", title_font="14px", tick_font="11px",
              band_alpha=0.75, presence_alpha=0.18, text_color="#222222", grid_alpha=0.5)
PROJECTOR = Look(line=4.5, font="20px", title_font="24px", tick_font="18px",
                 band_alpha=1.0, presence_alpha=0.28, text_color="#000000", grid_alpha=0.9)


def look(projector: bool) -> Look:
    return PROJECTOR if projector else NORMAL


#: The app's own CSS: frame, navigation, caveat, error box, tables, badges. Every component
#: carries it (each renders in its own shadow root).
APP_CSS = """
:host { display: block; }
.coreg-header-title { font-size: 1.35em; font-weight: 700; margin: 0; }
nav.coreg-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3em 0.6em; margin: 0; padding: 0; }
nav.coreg-nav a { display: inline-block; padding: 0.3em 0.6em; border-radius: 6px; color: #0b4f94;
  text-decoration: none; border: 1px solid #c9d6e3; background: #f5f8fb; }
nav.coreg-nav a[aria-current=page] { background: #0b4f94; color: #ffffff; border-color: #0b4f94; font-weight: 700; }
nav.coreg-nav a:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.caveat { border-left: 6px solid #E69F00; background: #fff7e6; padding: 0.5em 0.8em; margin: 0; }
.error { border-left: 6px solid #D55E00; background: #fdecea; padding: 0.5em 0.8em; margin: 0;
  color: #7a1e00; white-space: pre-wrap; }
.live { background: #f3f6f9; padding: 0.5em 0.8em; border-radius: 6px; margin: 0; }
.numbers .num { margin: 0.15em 0; }
.numbers .k { color: #333; }
.lead { margin: 0.2em 0 0.4em 0; max-width: 70em; }
.status-robust { background: #d8efe6; } .status-mixed { background: #fdf1cf; }
.status-contested { background: #f7dde9; } .status-illustrative { background: #e8e8e8; }
.badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 0.8em; border: 1px solid #555;
  font-size: 0.85em; white-space: nowrap; }
.table-scroll { max-width: 100%; overflow-x: auto; }
.table-scroll:focus-visible { outline: 3px solid #e69f00; outline-offset: 2px; }
.table-scroll th, .table-scroll td { overflow-wrap: break-word; }
.table-scroll table.coreg th, .table-scroll table.coreg td { min-width: 4em; }
.nowrap, table.coreg .nowrap { white-space: nowrap; }
.bk-clearfix { display: block !important; max-width: 100%; }
.coreg-slot { max-width: 100%; overflow-x: auto; }
table.coreg { border-collapse: collapse; width: 100%; }
table.coreg tr.hidden-part th { padding-left: 1.6em; font-weight: normal; }
.reading-note { margin: 0.2em 0.4em 0.3em 0.4em; }
.reading-ask { margin: 0.2em 0.2em; }
.nights-key .reading-key { display: inline-block; margin-right: 1.2em; }
.nights-group { font-size: 1.1em; margin: 0.4em 0 0 0; }
.reach { margin: 0.2em 0; }
.nights-tables { display: flex; flex-wrap: wrap; gap: 12px; }
.nights-tables > .nights-table-box { flex: 1 1 520px; min-width: 0; overflow-x: auto; }
tr.beyond-row td { background: #efefef; }
table.nights-table th { min-width: 5.5em; }
.reading-cards { display: flex; flex-wrap: wrap; gap: 12px; }
.reading-card { flex: 1 1 300px; min-width: 0; border: 1px solid #c9d6e3; border-radius: 8px; padding: 0 0.8em; }
.beyond { font-size: 0.85em; font-style: italic; white-space: nowrap; }
table.coreg th, table.coreg td { border-bottom: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }
"""

NORMAL_STYLES = {
    "font-size": "16px",
    "--bokeh-font-size": "14px",
    "--font-size": "14px",
    "--pn-font-size": "14px",
    "background": "#ffffff",
    "color": "#1a1a1a",
}
PROJECTOR_STYLES = {
    "font-size": "26px",
    "--bokeh-font-size": "22px",
    "--font-size": "22px",
    "--pn-font-size": "22px",
    "background": "#ffffff",
    "color": "#000000",
    "font-weight": "500",
}


def root_styles(projector: bool) -> dict[str, str]:
    return dict(PROJECTOR_STYLES if projector else NORMAL_STYLES)
