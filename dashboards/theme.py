"""Colours, dash patterns, hatches and the projector style, in one place.

The palette is Okabe & Ito's colour-blind-safe set; every series also differs by dash
pattern (lines), hatch pattern (regime band) or marker (phase path), so no meaning
rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.summary import REGIMES

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
    "crying": (VERMILLION, "solid", "crying (what you hear)"),
    "arousal": (BLUE, "dashed", "arousal (hidden)"),
    "load": (BLACK, "dotdash", "stress load (hidden, slow)"),
    "expectancy": (GREEN, "dotted", "expects an answer"),
}

#: Regime colours and hatch patterns (the band under every time series).
REGIME_STYLE = {
    "settled": (SKY, " ", "settled"),
    "releasing": (GREEN, "/", "releasing (tears together)"),
    "protest": (ORANGE, "x", "protest (crying)"),
    "quiet_dysregulated": (PURPLE, "dot", "quiet but dysregulated (hidden)"),
}
REGIME_COLORS = tuple(REGIME_STYLE[r][0] for r in REGIMES)
REGIME_HATCHES = tuple(REGIME_STYLE[r][1] for r in REGIMES)
REGIME_LABELS = tuple(REGIME_STYLE[r][2] for r in REGIMES)
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


NORMAL = Look(
    line=2.0,
    font="12px",
    title_font="14px",
    tick_font="11px",
    band_alpha=0.75,
    presence_alpha=0.18,
    text_color="#222222",
    grid_alpha=0.5,
)
PROJECTOR = Look(
    line=4.5,
    font="20px",
    title_font="24px",
    tick_font="18px",
    band_alpha=1.0,
    presence_alpha=0.28,
    text_color="#000000",
    grid_alpha=0.9,
)


def look(projector: bool) -> Look:
    return PROJECTOR if projector else NORMAL


#: Page CSS (applied to the root layout; inherited through the components' shadow roots).
PAGE_CSS = """
:host, .coreg-root { color: #1a1a1a; }
a { color: #0b57a4; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,
[tabindex]:focus-visible { outline: 3px solid #0b57a4 !important; outline-offset: 2px; }
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
