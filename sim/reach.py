"""How far the evidence behind each reading reaches across nights: where a reading's
night-by-night curve rests on a measurement and where it is the model's extrapolation.

The readings themselves are declared in :mod:`sim.vocabulary` (name, label, evidence key);
this module adds, per reading, the last night its evidence measured (``None``: the studies
followed babies for longer than any run here shows) and what was measured, in plain words.
The app marks the nights beyond it ("beyond what was measured") and says so in words.
Only the standard library, the vocabulary and sim.i18n are imported: every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.i18n import N_
from sim.vocabulary import READINGS


@dataclass(frozen=True)
class Reach:
    """How far one reading's evidence reaches."""

    reading: str
    last_measured_night: int | None
    measured: str  # in English, marked for the catalog: shown as _(measured)


REACH_LIST = (
    Reach("stress_stays", 3,
          N_("E1 measured the babies' cortisol on day 3 of the programme, in one small study without a "
          "control group, and at no later point")),
    Reach("learns_to_settle", None,
          N_("the trials (E2) followed babies of 6 to 16 months over weeks, with follow-ups at 12 months "
          "and at about 6 years")),
)
REACH = {r.reading: r for r in REACH_LIST}
assert tuple(REACH) == READINGS, "every reading says how far its evidence reaches"


def beyond_measured(reading: str, night: int) -> bool:
    """Whether ``night`` (1-based) lies beyond the nights the reading's evidence measured."""
    last = REACH[reading].last_measured_night
    return last is not None and night > last
