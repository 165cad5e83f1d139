"""The reading of the contested core in the browser: one click switches it, the results move the right
way, the choice follows the user to the next page, the nights beyond what was measured are marked,
and hidden minutes come with their split in words."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.helpers import metric
from dashboards.shell import READING_SWITCH_NAME
from sim.vocabulary import READING

pytestmark = pytest.mark.browser

ROWS = ".nights-table tr[data-night]"
COMPARE = ".compare-results td[data-policy=delayed]"
TRIALS = re.compile(re.escape(READING["learns_to_settle"].label))
SEEDS = re.compile(re.escape(READING["stress_stays"].label))


def night(page, reading: str, n: int) -> dict[str, float]:
    row = page.locator(f".nights-table[data-reading={reading}] tr[data-night='{n}']")
    return {k: float(row.get_attribute(f"data-{k}")) for k in ("crying", "peak-load", "time-to-sleep")}


def switch_to(page, label: re.Pattern) -> None:
    """Click a reading's button and wait until the page has its results."""
    done = page.locator(".busy [data-done]")
    before = done.get_attribute("data-done") if done.count() else None
    page.get_by_role("button", name=label).click()
    if before is not None:
        expect(done).not_to_have_attribute("data-done", before)


def test_the_switch_has_a_name_and_one_click_lowers_night_sevens_hidden_load(app):
    """On Across nights (absent, 8 nights) the reading switch is a named group of two buttons; one click
    on the trials' reading runs the nights again: night 7's peak load falls below the seeds' reading
    while its crying stays nearly the same, and the address and the note follow."""
    page = app.open("/nights", ROWS)
    page.wait_for_function("() => window.__coreg_a11y !== undefined")
    group = page.get_by_role("group", name=READING_SWITCH_NAME)
    expect(group).to_be_visible()
    expect(group.get_by_role("button", name=SEEDS)).to_have_attribute("aria-pressed", "true")
    seeds = night(page, "stress_stays", 7)
    switch_to(page, TRIALS)
    expect(page.locator("p.reading-note")).to_have_attribute("data-reading", "learns_to_settle")
    trials = night(page, "learns_to_settle", 7)
    assert trials["peak-load"] < seeds["peak-load"] - 0.1
    assert abs(trials["crying"] - seeds["crying"]) <= 1.0
    expect(page).to_have_url(re.compile(r"reading=learns_to_settle"))
    expect(group.get_by_role("button", name=TRIALS)).to_have_attribute("aria-pressed", "true")
    assert app.console_errors == []


def test_the_reading_follows_the_user_to_another_page(app):
    """Switched on Across nights, the reading is still in force after following a link to Compare."""
    page = app.open("/nights", ROWS)
    switch_to(page, TRIALS)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Compare responses").click()
    page.wait_for_url(re.compile(r"reading=learns_to_settle"))
    page.locator(COMPARE).first.wait_for()
    expect(page.locator("p.reading-note")).to_have_attribute("data-reading", "learns_to_settle")
    expect(page.locator(".reading-note")).to_contain_text(READING["learns_to_settle"].label)
    expect(page.locator(".reading-note")).to_contain_text("On a single night both readings give the same result")


def test_the_seeds_reading_says_where_it_goes_beyond_what_was_measured(app):
    """Under the seeds' reading the page says in words that E1 measured day 3 only and that later nights
    are an extrapolation, and marks those rows; under the trials' reading it does not."""
    page = app.open("/nights", ROWS)
    note = page.locator(".reach[data-reading=stress_stays]")
    expect(note).to_contain_text("day 3")
    expect(note).to_contain_text("extrapolation")
    expect(page.locator(".nights-key")).to_contain_text("beyond what was measured (E1)")
    expect(page.locator(f"{ROWS}[data-beyond=true]")).to_have_count(5)
    switch_to(page, TRIALS)
    expect(page.locator(".reach[data-reading=learns_to_settle]")).to_contain_text("within what they studied")
    expect(page.locator(".reach")).not_to_contain_text("extrapolation")
    expect(page.locator(f"{ROWS}[data-beyond=true]")).to_have_count(0)


def test_both_readings_side_by_side_agree_on_crying_and_differ_under_the_surface(app):
    """Ticking "Show both readings" draws both: a table each; on the last night crying is the same and the
    peak load is lower in the trials' reading; the words compare the two."""
    page = app.open("/nights", ROWS)
    done = page.locator(".busy [data-done]").get_attribute("data-done")
    page.get_by_role("checkbox", name="Show both readings side by side").check()
    expect(page.locator(".busy [data-done]")).not_to_have_attribute("data-done", done)
    expect(page.locator(".nights-table")).to_have_count(2)
    seeds, trials = night(page, "stress_stays", 8), night(page, "learns_to_settle", 8)
    assert abs(seeds["crying"] - trials["crying"]) <= 1.0
    assert trials["peak-load"] < seeds["peak-load"]
    expect(page.locator(".coreg-live")).to_contain_text("Night 8 side by side")


def test_compare_gives_the_hidden_split_in_its_table_and_words(app):
    """The landing page's table has the two parts of the hidden minutes, adding up to the whole, and the
    result in words says the absent baby's hidden minutes were mostly asleep with the load still high."""
    page = app.open("/", COMPARE)
    whole = metric(page, "absent", "quiet_dysregulated_min")
    asleep, awake = metric(page, "absent", "hidden_asleep_min"), metric(page, "absent", "hidden_awake_min")
    assert asleep + awake == pytest.approx(whole, abs=0.02)
    assert asleep > awake
    live = page.locator(".coreg-live")
    expect(live).to_contain_text("asleep while the slow stress load was still high (a sleeping baby")
    expect(live).to_contain_text("awake, quiet and still aroused")
    expect(page.locator(".compare-results")).to_contain_text("Hidden: asleep, the slow load still high")


def test_the_quiet_page_says_what_the_hidden_second_under_the_cursor_is(app):
    """An hour into the absent night the cursor's hidden second is a sleeping baby whose slow load is
    still high, said in words; the run's words give the split."""
    page = app.open("/quiet", ".replay-status [data-regime]")
    slider = page.get_by_role("slider", name="Minute of the night")
    slider.press("End")
    for _ in range(60):
        slider.press("ArrowLeft")
    status = page.locator(".replay-status [data-regime]")
    expect(status).to_have_attribute("data-hidden", "asleep")
    expect(page.locator(".replay-status")).to_contain_text("a sleeping baby whose stress has not yet come down")
    expect(page.locator(".coreg-live")).to_contain_text("min awake, quiet and still aroused")


def test_a_link_with_an_unknown_reading_shows_a_message_not_a_traceback(app):
    """``?reading=nonsense`` opens the page in the default reading and says why, in the page."""
    page = app.open("/?reading=nonsense", COMPARE)
    expect(page.locator(".reading-pane .url-problem")).to_contain_text("does not exist")
    expect(page.locator("p.reading-note")).to_have_attribute("data-reading", "stress_stays")
    assert "Traceback" not in page.content()
