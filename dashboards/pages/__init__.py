"""The app's pages, listed once: each a :class:`dashboards.shell.PageView` subclass named after
its key (``compare`` -> ``ComparePage``) in the module of the same key.

The routing (:mod:`dashboards.app`), the navigation (:mod:`dashboards.shell`) and the tests all
read :data:`PAGES`; a new page is one line here and one module beside this one.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from sim.i18n import N_


class Page(NamedTuple):
    """One page: its key (and module), the path it is served at, its title in the navigation (English,
    marked for the catalog: shown as ``_(page.title)``)."""

    key: str
    route: str
    title: str

    def view_class(self) -> type:
        """The page's class, ``<Key>Page`` in ``dashboards.pages.<key>`` (imported now, not before)."""
        module = importlib.import_module(f"{__name__}.{self.key}")
        return getattr(module, f"{self.key.capitalize()}Page")


PAGES = (
    Page("compare", "/", N_("Compare responses")),
    Page("quiet", "/quiet", N_("Quiet \u2260 regulated")),
    Page("nights", "/nights", N_("Across nights")),
    Page("population", "/population", N_("Population")),
    Page("build", "/build", N_("Build your own")),
    Page("lesson", "/lesson", N_("Lesson mode")),
    Page("about", "/about", N_("About the model & evidence")),
)
#: Each page by its key.
PAGE = {page.key: page for page in PAGES}
