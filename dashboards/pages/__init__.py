"""The app's pages, listed once: each a :class:`dashboards.shell.PageView` subclass named after
its key (``compare`` -> ``ComparePage``) in the module of the same key.

The routing (:mod:`dashboards.app`), the navigation (:mod:`dashboards.shell`) and the tests all
read :data:`PAGES`; a new page is one line here and one module beside this one.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple


class Page(NamedTuple):
    """One page: its key (and module), the path it is served at, its title in the navigation."""

    key: str
    route: str
    title: str

    def view_class(self) -> type:
        """The page's class, ``<Key>Page`` in ``dashboards.pages.<key>`` (imported now, not before)."""
        module = importlib.import_module(f"{__name__}.{self.key}")
        return getattr(module, f"{self.key.capitalize()}Page")


PAGES = (
    Page("compare", "/", "Compare responses"),
    Page("quiet", "/quiet", "Quiet \u2260 regulated"),
    Page("nights", "/nights", "Across nights"),
    Page("population", "/population", "Population"),
    Page("build", "/build", "Build your own"),
    Page("lesson", "/lesson", "Lesson mode"),
    Page("about", "/about", "About the model & evidence"),
)
#: Each page by its key.
PAGE = {page.key: page for page in PAGES}
