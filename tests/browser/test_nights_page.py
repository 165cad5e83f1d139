"""Across nights: crying falls under the absent plan, and repair rebuilds expectancy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROWS = ".nights-table tr[data-night]"


def last_row(page) -> dict:
    row = page.locator(ROWS).last
    return {k: float(row.get_attribute(f"data-{k}")) for k in ("crying", "peak-load", "final-expectancy")}


def test_absent_nights_quieten_crying_faster_than_the_hidden_load(app):
    """Under the absent plan crying per night falls from night 1 to the last; the table has one row a night."""
    page = app.open("/nights", ROWS)
    expect(page.locator(ROWS)).to_have_count(8)
    first = page.locator(ROWS).first
    assert float(first.get_attribute("data-crying")) > last_row(page)["crying"]
    assert app.console_errors == []


def test_repair_after_absent_nights_rebuilds_the_expectation_of_an_answer(app):
    """Switching to "absent, then attuned" ends with a baby who expects answers again: never too late."""
    page = app.open("/nights", ROWS)
    absent = last_row(page)
    done = page.locator(".busy [data-done]").get_attribute("data-done")
    page.get_by_role("combobox", name="Plan").select_option(
        label="Absent for 5 nights, then attuned (repair)"
    )
    expect(page.locator(".busy [data-done]")).not_to_have_attribute("data-done", done)
    repaired = last_row(page)
    assert repaired["final-expectancy"] > absent["final-expectancy"] + 0.2
    expect(page.locator(".coreg-live")).to_contain_text("Absent for 5 nights, then attuned")


def test_more_nights_gives_more_rows(app):
    """The nights slider, released, recomputes with the new number of nights."""
    page = app.open("/nights", ROWS)
    page.get_by_role("slider", name="Nights").press("End")
    expect(page.locator(ROWS)).to_have_count(14)
