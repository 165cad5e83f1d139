"""A lesson in one file (``coreg export``, and the pages' "Download as a lesson file" button).

One HTML file that is the page: interactive with no Python and no server, opening from a
file, a USB stick or any web host, offline, on a phone. Its controls move among results
computed when the file is made (:mod:`.compare`, :mod:`.nights`, :mod:`.lesson`); every
plot, table and sentence follows, as the app draws and says it. Nothing here imports
Panel (a Bokeh file made in a process that did would reference Panel's scripts by address).

Each page is computed under the app's per-request budget (:func:`sim.budget.check_runs`)
for every state the file offers: a case too long for the app is refused with a message,
never half written.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from dashboards.lessonfile.document import Origin
from sim.errors import CoregError
from sim.i18n import _, current, n_
from sim.export import write_atomic
from sim.scenario import Scenario
from sim.vocabulary import LESSON_FILE_PAGES


def for_scenario(scenario: Scenario, page: str = LESSON_FILE_PAGES[0]) -> Callable[[], str]:
    """The page ``page`` for ``scenario`` as one file, opening on the scenario's own settings:
    checked now, made when the returned function is called (the part that takes seconds).

    Compare: the scenario's caregivers (its variants where one has that policy, else its base
    under that policy) with the sliders where the scenario puts them. Across nights: each plan
    on the scenario's night (its baby, sleep, needs and length), over its ``run.nights`` (the
    page's eight when it has one night). Lesson mode: its steps and variants.
    """
    origin = Origin.of(scenario)
    reading = scenario.base.reading
    if page == "compare":
        from dashboards.lessonfile.compare import compare_file
        from dashboards.pagemodel.compare import bases, slider_start

        columns = bases(scenario)
        return lambda: compare_file(columns, origin, reading=reading, **slider_start(columns))
    if page == "nights":
        from dashboards.lessonfile.nights import nights_file
        from dashboards.pagemodel.nights import DEFAULT_PLAN, NIGHTS

        nights = scenario.base.run.nights if scenario.base.run.nights > 1 else NIGHTS[2]
        if not NIGHTS[0] <= nights <= NIGHTS[1]:
            raise CoregError("--page nights", n_("{n} night", "{n} nights", nights),
                             _("{lo} to {hi} nights, as on the page (run.nights or --nights)",
                               lo=current().number(NIGHTS[0]), hi=current().number(NIGHTS[1])))
        baby = scenario.base
        return lambda: nights_file(origin, nights=nights, plan=DEFAULT_PLAN, reading=reading, baby=baby)
    if page == "lesson":
        from dashboards.lessonfile.lesson import lesson_file

        return lambda: lesson_file(scenario, origin, reading=reading)
    raise CoregError("--page", repr(page), ", ".join(LESSON_FILE_PAGES))


def write(path: str | os.PathLike, page: str) -> None:
    """Write a lesson file whole or not at all (a temporary file, then renamed)."""
    write_atomic(path, page)
