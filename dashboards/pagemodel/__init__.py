"""What a page computes and says, without Panel: its setups, its words, its tables.

The pages (:mod:`dashboards.pages`) build their widgets around these functions, and the
lesson file (:mod:`dashboards.lessonfile`) precomputes the same setups and writes the same
words, so a page and its exported file never disagree. Nothing here imports Panel: the
exporter must not (importing Panel adds a script to every Bokeh file that cannot load from
``file://``).
"""

#: The accessible name of the reading switch on every page and in every lesson file.
from sim.i18n import N_

READING_SWITCH_NAME = N_("Reading of the contested core")
