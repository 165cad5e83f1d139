"""The words the app uses: the caveat, labels, and plain-language numbers."""

from __future__ import annotations

import html
from typing import Any, Mapping

CAVEAT = (
    "Conceptual illustration, not advice, not a prediction about any child. "
    "The model shows how ideas fit together; it is not calibrated to any baby."
)

REPAIR = (
    "Repair is always part of the story: every caregiver misses cues, and a baby's "
    "expectation of being answered can be rebuilt (see Across nights, "
    "\u201cabsent for 5 nights, then attuned\u201d)."
)

POLICY_LABELS = {
    "responsive": "Attuned",
    "delayed": "Delayed",
    "absent": "Absent",
    "graduated": "Graduated check-ins",
    "inconsistent": "Inconsistent",
    "still_face": "Still face",
    "rupture_repair": "Rupture and repair",
    "scripted": "Scripted",
}

METRIC_LABELS = {
    "crying_min": "Crying (min)",
    "quiet_dysregulated_min": "Quiet but dysregulated (min)",
    "time_to_settle_min": "Time to settle (min)",
    "peak_load": "Peak stress load (0-1)",
    "protest_min": "Protest (min)",
    "releasing_min": "Releasing (min)",
    "settled_min": "Settled (min)",
    "time_to_sleep_min": "Time to fall asleep (min)",
    "final_expectancy": "Expects an answer at the end (0-1)",
    "peak_arousal": "Peak arousal (0-1)",
    "final_caregiver_arousal": "Caregiver's own arousal at the end (0-1)",
    "bouts": "Crying bouts",
    "min_vagal": "Lowest vagal tone (0-1)",
}

#: The numbers shown under each column of a comparison.
HEADLINE_METRICS = ("crying_min", "quiet_dysregulated_min", "time_to_settle_min", "peak_load")
#: The metrics of a full results table (Build your own, the offline report), in order.
TABLE_METRICS = (
    "crying_min",
    "quiet_dysregulated_min",
    "protest_min",
    "releasing_min",
    "settled_min",
    "time_to_settle_min",
    "time_to_sleep_min",
    "peak_load",
    "final_expectancy",
    "bouts",
)


def minutes(value: float | None, *, never: str = "never") -> str:
    if value is None:
        return never
    if value < 1:
        return f"{value * 60:.0f} s"
    if value < 10:
        return f"{value:.1f} min"
    return f"{value:.0f} min"


def fmt(value: Any) -> str:
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


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


def numbers_html(summary: Mapping[str, Any], duration_min: float) -> str:
    """The per-column numbers as a small definition list."""
    tts = summary.get("time_to_settle_min")
    rows = [
        ("Crying", minutes(summary["crying_min"], never="0 min")),
        ("Quiet but dysregulated", minutes(summary["quiet_dysregulated_min"], never="0 min")),
        ("Time to settle", minutes(tts) if tts is not None else f"not within {duration_min:g} min"),
        ("Peak hidden stress load", f"{summary['peak_load']:.2f}"),
    ]
    items = "".join(
        f"<div class='num'><span class='k'>{html.escape(k)}</span> "
        f"<strong class='v'>{html.escape(v)}</strong></div>"
        for k, v in rows
    )
    return f"<div class='numbers'>{items}</div>"


def escape(text: str) -> str:
    return html.escape(text, quote=True)
