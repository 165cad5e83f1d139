"""About the model & evidence: equations offline, a switch per assumption, the evidence labels."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROW = ".mech-table tr[data-mech={}]"


def values(page, mech: str) -> tuple[float, float]:
    row = page.locator(ROW.format(mech))
    return float(row.get_attribute("data-on")), float(row.get_attribute("data-mine"))


def switch_off(page, label: str) -> None:
    done = page.locator(".mech-busy [data-done]").get_attribute("data-done")
    page.get_by_role("checkbox", name=label).uncheck()
    expect(page.locator(".mech-busy [data-done]")).not_to_have_attribute("data-done", done)


def test_equations_are_typeset_offline(app):
    """The equations render with the bundled KaTeX, served by the app itself."""
    page = app.open("/about", ROW.format("energy_depletes"))
    expect(page.locator(".katex").first).to_be_visible()
    assert page.locator(".katex").count() >= 7
    assert app.external_requests() == []


def test_switching_off_energy_depletion_lengthens_crying(app):
    """Without crying energy running out, the baby left alone cries longer."""
    page = app.open("/about", ROW.format("energy_depletes"))
    on, mine = values(page, "energy_depletes")
    assert on == mine
    switch_off(page, "Energy depletes")
    on, mine = values(page, "energy_depletes")
    assert mine > on
    expect(page.locator(".coreg-live")).to_contain_text("Switched off: Energy depletes")


def test_switching_off_uncontrollability_lowers_the_hidden_load(app):
    """Without the extra load of arousal with nobody responding, the absent night's peak load is lower."""
    page = app.open("/about", ROW.format("uncontrollability_amplifies_load"))
    switch_off(page, "Uncontrollability amplifies load")
    on, mine = values(page, "uncontrollability_amplifies_load")
    assert mine < on


def test_switching_off_noncontingent_presence_calms_the_still_face(app):
    """If a present but unresponsive parent were no stressor, the still face would not raise arousal."""
    page = app.open("/about", ROW.format("noncontingent_presence_stresses"))
    switch_off(page, "Noncontingent presence stresses")
    on, mine = values(page, "noncontingent_presence_stresses")
    assert mine < on


def test_evidence_registry_shows_status_labels_and_contested_is_labelled(app):
    """Every evidence key is listed with its status; the cortisol study behind "quiet is not calm" is contested."""
    from sim.evidence import EVIDENCE

    page = app.open("/about", ".evidence-row")
    expect(page.locator(".evidence-row")).to_have_count(len(EVIDENCE))
    expect(page.locator(".evidence-row[data-key=E1]")).to_have_attribute("data-status", "contested")
    expect(page.locator(".evidence-row[data-key=E1] .badge")).to_have_text("contested")
    for key, entry in EVIDENCE.items():
        expect(page.locator(f".evidence-row[data-key={key}]")).to_have_attribute("data-status", entry.status)
