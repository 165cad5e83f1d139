"""The app's words: numbers in plain language, and the labels it takes from :mod:`sim.vocabulary`.

Policy, metric and regime labels and the caveat are declared once in ``sim.vocabulary``
(the command line says the same words); this module only formats values and writes the
few sentences the app adds for people who would rather read than look.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from sim.printable import shown
from sim.vocabulary import METRICS, POLICY_LABEL, metric_heading

__all__ = [
    "POLICY_LABEL",
    "REPAIR",
    "escape",
    "headline_text",
    "metric_heading",
    "minutes",
    "number_text",
    "numbers_html",
    "plain_numbers",
]

REPAIR = (
    "Repair is always part of the story: every caregiver misses cues, and a baby's "
    "expectation of being answered can be rebuilt (see Across nights, "
    "\u201cabsent for 5 nights, then attuned\u201d)."
)


def minutes(value: float | None, *, never: str = "never") -> str:
    """A duration in minutes as people say it: ``45 s``, ``3.5 min``, ``12 min``."""
    if value is None:
        return never
    if value < 1:
        return f"{value * 60:.0f} s"
    if value < 10:
        return f"{value:.1f} min"
    return f"{value:.0f} min"


def number_text(value: Any) -> str:
    """A table cell: a dash where a value does not exist, two decimals for small numbers."""
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def headline_text(key: str, value: float | None, duration_min: float) -> str:
    """One of the headline numbers of a night (``HEADLINE_METRICS``) as words."""
    if key == "time_to_settle_min" and value is None:
        return f"not within {duration_min:g} min"
    if METRICS[key].unit == "min":
        return minutes(value, never="0 min")
    return number_text(value)


def plain_numbers(summary: Mapping[str, Any], duration_min: float) -> list[str]:
    """Three or four short sentences about one night, for people who would rather read."""
    tts = summary.get("time_to_settle_min")
    settle = (
        f"settled after {minutes(tts)}"
        if tts is not None
        else f"did not settle within the {duration_min:g}-min night"
    )
    return [
        f"cried for {minutes(summary['crying_min'], never='0 min')}",
        f"quiet but still dysregulated for {minutes(summary['quiet_dysregulated_min'], never='0 min')}",
        settle,
        f"hidden stress load peaked at {summary['peak_load']:.2f}",
    ]


def numbers_html(summary: Mapping[str, Any], duration_min: float, keys: tuple[str, ...]) -> str:
    """A night's numbers as a short list of label and value."""
    items = "".join(
        f"<div class='num'><span class='k'>{escape(METRICS[k].label)}</span> "
        f"<strong class='v'>{escape(headline_text(k, summary.get(k), duration_min))}</strong></div>"
        for k in keys
    )
    return f"<div class='numbers'>{items}</div>"


def escape(text: str) -> str:
    """``text`` for HTML: markup escaped, and every character that cannot be shown written as its
    escape (line breaks ``\n`` kept: the text of a scenario may come from anyone's file)."""
    return html.escape(shown(text), quote=True)
