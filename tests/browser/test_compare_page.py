"""The landing page in a real browser: three caregivers, sliders, projector mode, phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.helpers import metric, set_slider, unnamed_controls, wait_changed
from sim.vocabulary import CAVEAT

pytestmark = pytest.mark.browser

READY = ".compare-results td[data-policy=delayed]"
THIRTY = re.compile(r"^30(\.0+)?$")
DELAYED_CRYING = ".compare-results td[data-policy=delayed][data-metric=crying_min]"


def test_landing_page_shows_three_caregivers_and_the_caveat_without_console_errors(app):
    """The landing page renders the three columns, their numbers, the caveat and a live text summary."""
    page = app.open("/", READY)
    for policy in ("responsive", "delayed", "absent"):
        assert metric(page, policy, "crying_min") is not None
    expect(page.locator(".caveat").first).to_contain_text(CAVEAT)
    expect(page.locator(".coreg-live")).to_have_attribute("aria-live", "polite")
    expect(page.locator(".coreg-live")).to_contain_text("Absent caregiver: the baby")
    assert page.locator("meta[name=viewport]").count() == 1
    assert page.locator("canvas").count() >= 9
    assert app.console_errors == []


def test_absent_caregiver_leaves_more_hidden_distress_than_the_attuned_one(app):
    """The numbers shown say what the model says: quiet but dysregulated minutes are far higher when nobody comes."""
    page = app.open("/", READY)
    assert metric(page, "absent", "quiet_dysregulated_min") > 20
    assert metric(page, "responsive", "quiet_dysregulated_min") <= 1
    assert metric(page, "absent", "peak_load") > metric(page, "responsive", "peak_load")


def test_a_longer_latency_never_shows_fewer_crying_minutes(app):
    """Moving the wait from its shortest to its longest setting (keyboard, released) updates the numbers
    and the delayed column cries at least as long."""
    page = app.open("/", READY)
    cell = page.locator(DELAYED_CRYING)
    old = cell.get_attribute("data-value")
    set_slider(page, ".ctl-latency", "Home")
    short = float(wait_changed(cell, "data-value", old))
    expect(page.locator(".ctl-latency .bk-slider-value")).to_have_text(re.compile(r"^0\.50?$"))
    mid = cell.get_attribute("data-value")
    set_slider(page, ".ctl-latency", "End")
    long_ = float(wait_changed(cell, "data-value", mid))
    expect(page.locator(".ctl-latency .bk-slider-value")).to_have_text(THIRTY)
    assert long_ >= short
    assert long_ > short + 5, f"waiting 30 min instead of 30 s should add crying: {short} -> {long_}"
    expect(page.locator(".compare-results")).to_contain_text("Delayed (waits 30 min)")


def test_higher_reactivity_does_not_lower_the_absent_peak_load(app):
    """A more reactive baby, left alone, carries at least as much hidden load."""
    page = app.open("/", READY)
    cell = page.locator(".compare-results td[data-policy=absent][data-metric=peak_load]")
    raw = cell.get_attribute("data-value")
    set_slider(page, ".ctl-reactivity", "End")
    after = float(wait_changed(cell, "data-value", raw))
    before = float(raw)
    assert after >= before


def test_every_control_on_the_landing_page_has_an_accessible_name(app):
    """Sliders, buttons and links all carry names a screen reader can speak."""
    page = app.open("/", READY)
    expect(page.locator(".ctl-latency [role=slider]")).to_have_attribute(
        "aria-label", "Delayed caregiver's wait (minutes)"
    )
    assert unnamed_controls(page) == []


def test_projector_mode_makes_text_larger_and_is_kept_in_the_links(app):
    """The projector toggle enlarges the page's text, thickens lines and carries over to the other pages."""
    page = app.open("/", READY)
    root = page.locator(".coreg-root").first
    before = root.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="Projector mode").click()
    expect(page.locator("nav.coreg-nav a[href*='projector=true']").first).to_be_attached()
    after = root.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert after > before * 1.3
    page.locator("nav.coreg-nav a", has_text="Across nights").click()
    page.wait_for_url("**/nights?projector=true")
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
    root = page.locator(".coreg-root").first
    expect(root).to_have_css("font-size", "26px")


def test_sessions_do_not_see_each_others_settings(app, browser, app_server):
    """A second browser moving its slider changes nothing in the first one."""
    page = app.open("/", READY)
    mine = page.locator(DELAYED_CRYING).get_attribute("data-value")
    other_ctx = browser.new_context()
    try:
        other = other_ctx.new_page()
        other.goto(app_server.url + "/")
        other.locator(READY).first.wait_for()
        cell = other.locator(DELAYED_CRYING)
        old = cell.get_attribute("data-value")
        set_slider(other, ".ctl-latency", "End")
        wait_changed(cell, "data-value", old)
        expect(other.locator(".ctl-latency .bk-slider-value")).to_have_text(THIRTY)
    finally:
        other_ctx.close()
    expect(page.locator(".ctl-latency .bk-slider-value")).not_to_have_text(THIRTY)
    assert page.locator(DELAYED_CRYING).get_attribute("data-value") == mine


def test_phone_width_stacks_the_columns_without_sideways_scrolling(app):
    """At 390 px the three columns sit under each other and the page does not scroll sideways."""
    app.page.set_viewport_size({"width": 390, "height": 844})
    page = app.open("/", READY)
    boxes = [page.locator(f".column-{p}").bounding_box() for p in ("responsive", "delayed", "absent")]
    assert boxes[1]["y"] > boxes[0]["y"] + 100
    assert boxes[2]["y"] > boxes[1]["y"] + 100
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400
