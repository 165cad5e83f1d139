"""Accessibility checked by a standard: Deque's axe-core (shipped by axe-playwright-python) on every page.

axe-core's script is injected from the installed package, so the audit works offline. A page
passes when axe finds no serious or critical violation, nothing outside a landmark, and
none of the problems once found here (heading order, empty table headers).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser.test_all_pages import READY
from dashboards.pages import PAGES

pytestmark = pytest.mark.browser

#: Rules about landmarks and regions: all content sits in a landmark (banner, nav, main), one main.
LANDMARK_RULES = {
    "region",
    "landmark-one-main",
    "landmark-no-duplicate-main",
    "landmark-main-is-top-level",
    "landmark-banner-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-unique",
}
#: Moderate rules that this app once broke and keeps fixed.
ONCE_BROKEN = {"heading-order", "empty-table-header"}

AXE = Axe()


def blocking(violations: list[dict]) -> list[str]:
    """The violations a page must not have, one line each with the first offending node."""
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']} e.g. {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical") or v["id"] in LANDMARK_RULES | ONCE_BROKEN
    ]


@pytest.mark.parametrize("route", [route for _, route, _ in PAGES])
def test_axe_finds_no_serious_violation_and_everything_inside_landmarks(app, route):
    """axe-core on each page (after its first result): no serious or critical violation,
    no landmark problem."""
    page = app.open(route, READY[route])
    page.wait_for_function("() => window.__coreg_a11y !== undefined")
    page.wait_for_timeout(1200)  # the labelling pass runs every second
    results = AXE.run(page).response
    assert results["testEngine"]["name"] == "axe-core"
    assert "region" in {rule["id"] for rule in results["passes"]}, "axe checked the landmarks and they pass"
    assert blocking(results["violations"]) == []


def test_axe_passes_in_projector_mode_too(app):
    """Projector mode (large text, thick lines) keeps the landing page free of serious violations."""
    page = app.open("/?projector=true", READY["/"])
    page.wait_for_function("() => window.__coreg_a11y !== undefined")
    page.wait_for_timeout(1200)
    assert blocking(AXE.run(page).response["violations"]) == []
