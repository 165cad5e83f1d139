"""The seven pages, each a :class:`dashboards.shell.PageView` in a module of the same key."""

from __future__ import annotations

#: page key -> the class of that page in ``dashboards.pages.<key>``
PAGE_CLASSES = {
    "compare": "ComparePage",
    "quiet": "QuietPage",
    "nights": "NightsPage",
    "population": "PopulationPage",
    "build": "BuildPage",
    "lesson": "LessonPage",
    "about": "AboutPage",
}
