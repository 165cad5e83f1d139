"""Every page: renders without console errors, shows the caveat, names every control, stays offline."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser.helpers import unnamed_controls
from dashboards.pages import PAGES
from sim.vocabulary import CAVEAT

pytestmark = pytest.mark.browser

#: route -> something that exists once the page has computed its first result
READY = {
    "/": ".compare-results td[data-policy=delayed]",
    "/quiet": ".replay-status [data-regime]",
    "/nights": ".nights-table tr[data-night]",
    "/population": ".pop-status [data-done]",
    "/build": ".build-summary td[data-metric]",
    "/lesson": ".step-counter [data-step]",
    "/about": ".mech-table tr[data-mech]",
}


@pytest.mark.parametrize("route", [route for _, route, _ in PAGES])
def test_page_renders_with_caveat_and_named_controls_and_no_console_errors(app, route):
    """Each page renders its first result, shows the caveat, and every control has an accessible name."""
    page = app.open(route, READY[route])
    expect(page.locator(".caveat").first).to_contain_text(CAVEAT)
    expect(page.locator("nav.coreg-nav a[aria-current=page]")).to_have_count(1)
    page.wait_for_function("() => window.__coreg_a11y !== undefined")
    page.wait_for_timeout(1200)  # the labelling pass runs every second
    assert unnamed_controls(page) == []
    assert app.console_errors == []
    assert app.external_requests() == []


def test_no_page_requests_anything_outside_localhost(app):
    """Visiting every page (equations included) requests nothing but the local server."""
    for _, route, _ in PAGES:
        app.open(route, READY[route])
    app.page.locator(".katex").first.wait_for()
    assert app.requests, "the request recorder saw nothing"
    assert app.external_requests() == []


def test_pages_work_from_the_keyboard_alone(app):
    """Tab reaches the navigation and the sliders; Enter on a link opens that page."""
    page = app.open("/", READY["/"])
    page.keyboard.press("Tab")
    for _ in range(40):
        focused = page.evaluate("""() => { let el = document.activeElement;
            while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
            return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : ''; }""")
        if focused == "Quiet \u2260 regulated":
            break
        page.keyboard.press("Tab")
    assert focused == "Quiet \u2260 regulated"
    page.keyboard.press("Enter")
    page.wait_for_url("**/quiet")
    page.locator(READY["/quiet"]).wait_for()


@pytest.mark.parametrize("route", [route for _, route, _ in PAGES])
def test_page_fits_a_phone_without_sideways_scrolling(app, route):
    """At 390 px wide every page's content fits the screen (columns stack, tables scroll inside)."""
    app.page.set_viewport_size({"width": 390, "height": 844})
    page = app.open(route, READY[route])
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 392
