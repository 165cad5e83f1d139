"""How much work one request of the app may ask for.

A run keeps a record of every simulated second (about 160 bytes a second), so the largest
run the bounds allow (365 nights of 720 minutes) holds about 2.5 GB in one process. The app
serves a whole classroom from one laptop, so each request (a page's settings, an uploaded
scenario) has a budget: above it the page says what to shorten instead of stalling or
exhausting the server. The command line has no such limit; it streams long runs night by
night instead (:func:`sim.engine.simulate.iter_nights`).

* single runs: at most :data:`RECORDED_SECONDS` simulated seconds kept, summed over the
  variants of one request (three 30-night runs of 90-minute bedtimes fit);
* populations: at most :data:`BABY_SECONDS` baby-seconds (babies x nights x seconds; a
  population keeps no per-second record, so its cost is time, about a second at the limit).
"""

from __future__ import annotations

from typing import Iterable

from sim.errors import CoregError
from sim.i18n import _, current

#: Simulated seconds one app request may keep as records (~110 MB), all variants together.
RECORDED_SECONDS = 700_000
#: Baby-seconds one app population request may compute.
BABY_SECONDS = 40_000_000


def recorded_seconds(setups: Iterable[object]) -> int:
    """Seconds of record the runs of ``setups`` keep: nights x night length, summed."""
    return sum(int(s.run.nights) * int(round(s.run.duration_min * 60.0)) for s in setups)  # type: ignore[attr-defined]


def check_runs(setups: Iterable[object]) -> None:
    """Refuse (with a message naming what to shorten) runs above :data:`RECORDED_SECONDS`."""
    setups = list(setups)
    work = recorded_seconds(setups)
    if work > RECORDED_SECONDS:
        hours = current().number(work / 3600.0)
        if len(setups) > 1:
            problem = _("this asks for {hours} hours of simulated time over {n} variants, more than one request "
                        "of the app may compute", hours=hours, n=current().number(len(setups)))
        else:
            problem = _("this asks for {hours} hours of simulated time, more than one request of the app may "
                        "compute", hours=hours)
        raise CoregError(
            "run", problem,
            _("at most {hours} hours in all (fewer nights or shorter ones); the command line (coreg run) has no "
              "such limit", hours=current().number(RECORDED_SECONDS / 3600.0)),
        )


def check_population(setup: object, babies: int) -> None:
    """Refuse a population above :data:`BABY_SECONDS` baby-seconds."""
    work = babies * recorded_seconds([setup])
    if work > BABY_SECONDS:
        raise CoregError(
            "population",
            _("{babies} babies x {hours} hours is more than one request of the app may compute",
              babies=current().number(babies), hours=current().number(recorded_seconds([setup]) / 3600.0, 1)),
            _("at most {hours} baby-hours (fewer babies, nights or minutes); the command line "
              "(coreg sweep --population) has no such limit", hours=current().number(BABY_SECONDS / 3600.0)),
        )
