"""Quiet is not regulated: the replay controls move the cursor; the phase view names the regime."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STATUS = ".replay-status [data-regime]"


def minute(page) -> float:
    return float(page.locator(STATUS).get_attribute("data-minute"))


def hidden_minutes(page) -> float:
    text = page.locator(".coreg-live .live").inner_text()
    found = re.search(r"quiet but dysregulated for ([0-9.]+) (min|s)", text)
    if found is None:
        assert "never quiet but dysregulated" in text
        return 0.0
    return float(found.group(1)) / (60.0 if found.group(2) == "s" else 1.0)


def test_step_buttons_move_the_cursor_by_one_minute(app):
    """Step forward and back move the replay by a minute each and say where the baby is."""
    page = app.open("/quiet", STATUS)
    assert minute(page) == 0
    page.get_by_role("button", name=re.compile("Step forward")).click()
    expect(page.locator(STATUS)).to_have_attribute("data-minute", "1.00")
    page.get_by_role("button", name=re.compile("Step forward")).click()
    expect(page.locator(STATUS)).to_have_attribute("data-minute", "2.00")
    page.get_by_role("button", name=re.compile("Step back")).click()
    expect(page.locator(STATUS)).to_have_attribute("data-minute", "1.00")
    expect(page.locator(".replay-status")).to_contain_text("line at 0.2")
    expect(page.locator(".replay-status")).to_contain_text("line at 0.5")


def test_play_advances_the_replay_and_pause_stops_it(app):
    """Play moves the cursor on its own; Pause holds it still."""
    page = app.open("/quiet", STATUS)
    page.get_by_role("button", name=re.compile("Play")).click()
    expect(page.locator(STATUS)).not_to_have_attribute("data-minute", "0.00")
    page.wait_for_timeout(800)
    page.get_by_role("button", name=re.compile("Pause")).click()
    expect(page.get_by_role("button", name=re.compile("Play"))).to_be_visible()
    held = minute(page)
    assert held > 0
    page.wait_for_timeout(800)
    assert minute(page) == held


def test_absent_night_reaches_the_hidden_quadrant_and_an_attuned_one_does_not(app):
    """An hour into the absent night the baby is quiet but dysregulated (asleep, its slow load still
    high); the attuned caregiver leaves far less of it."""
    page = app.open("/quiet", STATUS)
    slider = page.get_by_role("slider", name="Minute of the night")
    slider.press("End")
    for _ in range(60):
        slider.press("ArrowLeft")
    expect(page.locator(STATUS)).to_have_attribute("data-regime", "quiet_dysregulated")
    absent = hidden_minutes(page)
    page.get_by_role("combobox", name="Caregiver").select_option(label="Attuned")
    expect(page.locator(".coreg-live")).to_contain_text("Caregiver who is “Attuned”")
    assert hidden_minutes(page) < absent
    expect(page.locator(STATUS)).to_have_attribute("data-regime", "settled")
