"""Links that carry the setup, in a real browser: a link with settings reproduces them on every page
with settings; a bad value shows a message and the page's own value; the address follows a change,
and reload, back and forward reproduce the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.test_all_pages import READY

pytestmark = pytest.mark.browser

#: route with settings -> (the link's query, [(locator, how to read it, the value it must show)])
LINKS = {
    "/": ("?wait=720&reactivity=1.5&stress=0.25", [
        (".ctl-latency .bk-slider-value", "text", "12"),
        (".ctl-reactivity .bk-slider-value", "text", "1.50"),
        (".ctl-stress .bk-slider-value", "text", "0.25"),
        (".compare-results thead th >> nth=2", "text", "Delayed (waits 12 min)"),
    ]),
    "/quiet": ("?caregiver=delayed", [(".ctl-policy select", "value", "Delayed")]),
    "/nights": ("?plan=repair&nights=10&both=true&night=4", [
        (".ctl-plan select", "value", "Absent for 5 nights, then attuned (repair)"),
        (".ctl-nights .bk-slider-value", "text", "10"),
        (".ctl-show-night .bk-slider-value", "text", "4"),
        (".ctl-both input", "checked", True),
    ]),
    "/population": ("?size=100&spread=0.5&seed=7&outcome=crying_min", [
        (".ctl-size select", "value", "100"),
        (".ctl-seed input", "value", "7"),
        (".ctl-metric select", "value", "Crying (min)"),
    ]),
    "/lesson": ("?scenario=still_face&step=2", [
        (".ctl-scenario select", "value", "still_face"),
        (".step-counter [data-step]", "data-step", "2"),
    ]),
}
#: route -> a link with a value out of range, a value that does not exist and one that is not a number
BAD = {
    "/": "?wait=9999&reactivity=abc",
    "/quiet": "?caregiver=nobody",
    "/nights": "?plan=forever&nights=99&night=-3",
    "/population": "?size=7&seed=-1",
    "/lesson": "?scenario=no_such&step=99",
}


def check_shows(page, checks) -> None:
    """Each control shows the link's value (waiting for the page to get there)."""
    for css, how, want in checks:
        loc = page.locator(css)
        if how == "text":
            expect(loc).to_have_text(want, timeout=60000)
        elif how == "value":
            expect(loc).to_have_value(want, timeout=60000)
        elif how == "checked":
            expect(loc).to_be_checked(checked=want, timeout=60000)
        else:
            expect(loc).to_have_attribute(how, want, timeout=60000)


@pytest.mark.parametrize("route", list(LINKS))
def test_a_link_with_settings_reproduces_them_and_a_reload_keeps_them(app, route):
    """Opening the page from a link with settings shows those settings (and their results); reloading
    the page shows them again; opening it writes no history entry of its own (Back leaves the page)."""
    query, checks = LINKS[route]
    page = app.open(route + query, READY[route])
    check_shows(page, checks)
    page.reload()
    page.locator(READY[route]).first.wait_for(timeout=60000)
    check_shows(page, checks)
    assert page.url.endswith(route + query)
    page.go_back()
    assert page.url == "about:blank"
    assert app.console_errors == []


@pytest.mark.parametrize("route", list(BAD))
def test_a_bad_value_in_a_link_shows_a_message_and_the_pages_own_value(app, route):
    """Unknown, out-of-range and non-numeric values are each named in the page with what it shows
    instead; the page computes its first result as usual and shows no traceback."""
    page = app.open(route + BAD[route], READY[route])
    problems = page.locator(".reading-pane .url-problem")
    expect(problems.first).to_contain_text("The link's value")
    keys = re.findall(r"[?&]([a-z_]+)=", BAD[route])
    for key in keys:
        expect(page.locator(".reading-pane")).to_contain_text(f" for {key} ")
    assert "Traceback" not in page.content()


def test_the_address_follows_a_slider_and_back_and_forward_reproduce_the_page(app):
    """Two keyboard steps of the wait write wait=330, then wait=360 (seconds) into the address; Back shows the page
    at 5.5 min again, Forward at 6; a setting back at the page's own value leaves the address."""
    page = app.open("/", READY["/"])
    handle = page.locator(".ctl-latency [role=slider]")
    handle.press("ArrowRight")
    page.wait_for_url(re.compile(r"\?wait=330$"))
    handle.press("ArrowRight")
    page.wait_for_url(re.compile(r"\?wait=360$"))
    page.go_back()
    page.wait_for_url(re.compile(r"\?wait=330$"))
    expect(page.locator(".compare-results thead th").nth(2)).to_have_text("Delayed (waits 5.5 min)", timeout=60000)
    expect(page.locator(".ctl-latency .bk-slider-value")).to_have_text("5.50")
    page.go_forward()
    page.wait_for_url(re.compile(r"\?wait=360$"))
    expect(page.locator(".compare-results thead th").nth(2)).to_have_text("Delayed (waits 6.0 min)", timeout=60000)
    page.locator(".ctl-latency [role=slider]").press("ArrowLeft")
    page.locator(".ctl-latency [role=slider]").press("ArrowLeft")
    page.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/$"))
