"""Population: opens with a result, shows progress while computing, then distributions and medians."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DONE = ".pop-status [data-done]"


def median(page, policy: str) -> float:
    return float(page.locator(f".pop-table tr[data-policy={policy}]").get_attribute("data-median"))


def test_the_page_opens_with_a_default_population_already_shown(app):
    """No empty axes: without pressing anything, the default population's medians per caregiver are shown."""
    page = app.open("/population", DONE)
    expect(page.locator(".pop-table tr[data-policy]")).to_have_count(4)
    assert median(page, "absent") > median(page, "responsive")
    expect(page.locator(".coreg-live")).to_contain_text("over 300 babies per caregiver")


def test_running_a_population_shows_progress_then_medians_per_caregiver(app):
    """Run: progress is reported, the page answers meanwhile, and the absent caregiver's babies spend
    more minutes quiet but dysregulated than the attuned caregiver's."""
    page = app.open("/population", DONE)
    first = page.locator(DONE).get_attribute("data-done")
    page.get_by_role("combobox", name="Babies per caregiver").select_option("100")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".pop-status")).to_contain_text("Computing")
    # the page stays usable while it computes: changing the outcome is accepted at once
    page.get_by_role("combobox", name="Outcome").select_option(label="Crying (min)")
    expect(page.locator(DONE)).not_to_have_attribute("data-done", first, timeout=120000)
    expect(page.locator(".pop-table tr[data-policy]")).to_have_count(4)
    assert median(page, "absent") >= median(page, "responsive")
    page.get_by_role("combobox", name="Outcome").select_option(label="Quiet but dysregulated (min)")
    expect(page.locator(".pop-table caption")).to_contain_text("Quiet but dysregulated")
    assert median(page, "absent") > median(page, "responsive")
    expect(page.locator(".coreg-live")).to_contain_text("over 100 babies per caregiver")
    assert app.console_errors == []
