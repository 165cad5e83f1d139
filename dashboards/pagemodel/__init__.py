"""What a page computes and says, without Panel: its setups, its words, its tables.

The pages (:mod:`dashboards.pages`) build their widgets around these functions, and the
lesson file (:mod:`dashboards.lessonfile`) precomputes the same setups and writes the same
words, so a page and its exported file never disagree. Nothing here imports Panel: the
exporter must not (importing Panel adds a script to every Bokeh file that cannot load from
``file://``).
"""

#: (key, route, title in the navigation) of every page of the app
PAGES = (
    ("compare", "/", "Compare responses"),
    ("quiet", "/quiet", "Quiet \u2260 regulated"),
    ("nights", "/nights", "Across nights"),
    ("population", "/population", "Population"),
    ("build", "/build", "Build your own"),
    ("lesson", "/lesson", "Lesson mode"),
    ("about", "/about", "About the model & evidence"),
)
PAGE_TITLES = {key: title for key, _, title in PAGES}
#: The accessible name of the reading switch on every page and in every lesson file.
READING_SWITCH_NAME = "Reading of the contested core"
