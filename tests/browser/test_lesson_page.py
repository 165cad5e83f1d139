"""Lesson mode: steps beside the live plot, next and back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNTER = ".step-counter [data-step]"


def test_next_and_back_walk_through_the_steps(app):
    """Next moves one step on and points at the step's variant; Back returns; Back is off on the first step."""
    page = app.open("/lesson", COUNTER)
    counter = page.locator(COUNTER)
    expect(counter).to_have_attribute("data-step", "1")
    total = int(counter.get_attribute("data-steps"))
    assert total >= 2
    expect(page.get_by_role("button", name=re.compile("Back"))).to_be_disabled()
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(counter).to_have_attribute("data-step", "2")
    expect(page.locator(".coreg-live")).to_contain_text("Step 2 of")
    page.get_by_role("button", name=re.compile("Back")).click()
    expect(counter).to_have_attribute("data-step", "1")
    for _ in range(total - 1):
        page.get_by_role("button", name=re.compile("Next")).click()
    expect(counter).to_have_attribute("data-step", str(total))
    expect(page.get_by_role("button", name=re.compile("Next"))).to_be_disabled()


def test_a_step_about_a_variant_outlines_that_column(app):
    """The default lesson's second step talks about the absent caregiver and outlines that column."""
    page = app.open("/lesson", COUNTER)
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(page.locator(".step-title")).to_contain_text("Absent")
    border = page.locator(".variant-absent").evaluate("el => getComputedStyle(el).borderTopColor")
    assert border != "rgba(0, 0, 0, 0)"
