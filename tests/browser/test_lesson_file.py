"""A lesson in one file, in Chromium: opened from file:// with every other request blocked, its
controls move the plots, the table and the words (the right way), its steps work, axe-core finds
no serious violation, it fits a phone, hostile text stays text, and the app's download button
gives the page as it is on screen."""

from __future__ import annotations

import random
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser.test_accessibility import blocking
from dashboards import lessonfile
from dashboards.lessonfile.compare import slider_values
from dashboards.pagemodel.compare import SHOWN_METRICS, bases, column_sentence, column_setups, column_title
from dashboards.text import headline_text
from sim import iter_nights
from sim.scenario import load_scenario
from sim.vocabulary import CAVEAT, LESSON_FILE_PAGES, READING, READINGS
from hostile import lesson_file_scenario

pytestmark = pytest.mark.browser

#: The total of a figure's crying trace, found by the figure's title.
CRYING_SUM = """title => {
  for (const m of Bokeh.documents[0].all_models) {
    if (!m.title || m.title.text !== title || !m.renderers) continue;
    for (const r of m.renderers) {
      const d = r.data_source && r.data_source.data;
      if (d && d.crying) { let s = 0; for (const v of d.crying) s += v; return s; }
    }
  }
  return null;
}"""
#: The source of a per-night figure's line of one reading: its peak loads, by night.
PEAK_LOADS = """() => {
  for (const m of Bokeh.documents[0].all_models) {
    if (!m.title || m.title.text !== "Peak stress load (hidden cost)" || !m.renderers) continue;
    return m.renderers.map(r => Array.from(r.data_source.data.peak_load || []));
  }
}"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The landing scenario as each page kind, and the hostile scenario's Compare and Lesson files."""
    folder = tmp_path_factory.mktemp("lesson-files")
    tears = load_scenario("tears_together")
    out = {}
    for page in LESSON_FILE_PAGES:
        out[page] = folder / f"{page}.html"
        lessonfile.write(out[page], lessonfile.for_scenario(tears, page)())
    hostile = lesson_file_scenario()
    for page in ("compare", "lesson"):
        out[f"hostile-{page}"] = folder / f"hostile-{page}.html"
        lessonfile.write(out[f"hostile-{page}"], lessonfile.for_scenario(hostile, page)())
    return out


def open_offline(page, path) -> dict:
    """Open ``path`` from file:// with every other request aborted; what was blocked, failed or said."""
    seen = {"blocked": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("() => window.__coreg_ready === true", timeout=30000)
    return seen


def delayed_state(page) -> dict:
    cell = page.locator(".compare-results td[data-policy=delayed][data-metric=crying_min]")
    return {"sum": page.evaluate(CRYING_SUM, "Delayed: what you hear"), "crying": float(cell.get_attribute("data-value")),
            "head": page.locator(".compare-numbers thead th").nth(2).text_content(),
            "words": page.locator(".compare-results .live").text_content()}


def test_the_compare_file_works_offline_and_a_longer_wait_by_keyboard_never_cries_less(page, files):
    """From file:// with the network blocked (nothing is even asked for), the wait slider moved one step
    by keyboard changes the delayed column's trace, its table cells and the words: crying at least as
    long, the column's title and the slider's spoken value saying the new wait."""
    seen = open_offline(page, files["compare"])
    before = delayed_state(page)
    wait = page.get_by_role("slider", name="Delayed caregiver's wait (minutes)")
    assert wait.get_attribute("aria-valuetext") == "5 minutes"
    wait.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".compare-numbers thead th").nth(2)).not_to_have_text(before["head"])
    after = delayed_state(page)
    assert after["head"] == "Delayed (waits 8.0 min)" and wait.get_attribute("aria-valuetext") == "8 minutes"
    assert after["sum"] > before["sum"] and after["crying"] >= before["crying"] and after["words"] != before["words"]
    assert seen == {"blocked": [], "errors": [], "dialogs": []}
    expect(page.locator(".caveat")).to_contain_text(CAVEAT)


def test_any_state_of_the_compare_file_says_what_the_model_says(page, files):
    """Five random combinations of the sliders and the reading: each column's title, table cells and
    sentence are those of the model run with those settings."""
    open_offline(page, files["compare"])
    columns = bases()
    axes = {name: slider_values(name, v) for name, v in (("latency_s", 300.0), ("reactivity", 1.0), ("stress", 0.0))}
    rng = random.Random(16)
    for _ in range(5):
        idx = {name: rng.randrange(len(values)) for name, values in axes.items()}
        reading = rng.choice(READINGS)
        page.evaluate("""([w, r, s, reading]) => {
            document.querySelector("input[name=reading][value=" + reading + "]").click();
            [["ctl-wait", w], ["ctl-reactivity", r], ["ctl-stress", s]].forEach(([id, v]) => {
              const el = document.getElementById(id); el.value = v; el.dispatchEvent(new Event("input")); });
        }""", [idx["latency_s"], idx["reactivity"], idx["stress"], reading])
        setups = column_setups(columns, *(axes[n][i] for n, i in idx.items()), reading)
        words = []
        for c, (policy, setup) in enumerate(setups.items()):
            summary = next(iter_nights(setup)).summary
            duration = setup.run.duration_min
            expect(page.locator(".compare-numbers thead th").nth(c + 1)).to_have_text(column_title(policy, setup))
            for key in SHOWN_METRICS:
                cell = page.locator(f".compare-numbers td[data-policy={policy}][data-metric={key}]")
                expect(cell).to_have_text(headline_text(key, summary[key], duration))
            words.append(column_sentence(policy, summary, duration))
        expect(page.locator(".compare-results .live")).to_have_text("Result in words: " + " ".join(words))


def test_the_reading_switch_of_the_nights_file_changes_what_lies_under_the_surface(page, files):
    """Across nights from a file: the trials' reading lowers night 7's peak load; ticking "both" draws
    both lines and both tables; the plan changes the table; the night slider the chosen night's title."""
    open_offline(page, files["nights"])
    seeds = page.evaluate(PEAK_LOADS)[0]
    page.get_by_role("radio", name=re.compile(re.escape(READING["learns_to_settle"].label))).check()
    expect(page.locator(".lf-choice[data-reading=learns_to_settle] .reading-note")).to_be_visible()
    trials = page.evaluate(PEAK_LOADS)[2]  # a line and markers per reading: the second reading's line
    assert trials[6] < seeds[6] - 0.1
    page.get_by_role("checkbox", name="Show both readings side by side").check()
    expect(page.locator(".nights-table:visible")).to_have_count(2)
    page.get_by_label("Plan").select_option(label="Attuned every night")
    expect(page.locator(".nights-table:visible").first.locator("tr[data-night] td").nth(1)).to_have_text("Attuned")
    night = page.get_by_role("slider", name="Show night")
    night.focus()
    page.keyboard.press("End")
    expect(page.locator(".lf-choice[data-note]:visible")).to_contain_text("Night 8 in full")


def test_the_lesson_file_steps_through_with_next_and_back(page, files):
    """Next and Back move one step and say where the lesson is; the step about a variant outlines its
    column; Back is off on the first step and Next on the last."""
    open_offline(page, files["lesson"])
    back, nxt = page.get_by_role("button", name=re.compile("Back")), page.get_by_role("button", name=re.compile("Next"))
    counter = page.locator(".lf-choice[data-step]:visible [data-step]")
    expect(counter).to_have_attribute("data-step", "1")
    expect(back).to_be_disabled()
    total = int(counter.get_attribute("data-steps"))
    nxt.click()
    expect(counter).to_have_attribute("data-step", "2")
    expect(page.locator(".lf-said")).to_contain_text("Step 2 of")
    variant = load_scenario("tears_together").lesson_steps()[1].variant
    expect(page.locator(".lf-variant.lf-highlight h3")).to_have_text(variant)
    back.click()
    expect(counter).to_have_attribute("data-step", "1")
    for _ in range(total - 1):
        nxt.click()
    expect(nxt).to_be_disabled()
    expect(back).to_be_focused()


@pytest.mark.parametrize("kind", LESSON_FILE_PAGES)
def test_axe_finds_no_serious_violation_in_a_lesson_file(page, files, kind):
    """axe-core (from the installed package, offline) on each page kind: no serious or critical
    violation, everything inside landmarks, every control named."""
    open_offline(page, files[kind])
    results = Axe().run(page).response
    assert "region" in {rule["id"] for rule in results["passes"]}
    assert blocking(results["violations"]) == []


@pytest.mark.parametrize("kind", LESSON_FILE_PAGES)
def test_a_lesson_file_fits_a_phone(page, files, kind):
    """At 390 px wide nothing scrolls sideways: the columns stack and tables scroll inside."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_offline(page, files[kind])
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 392


def test_hostile_scenario_text_is_shown_as_text(page, files):
    """A title with a script, an image with an error handler and template code, and a step with a
    terminal escape and a line separator: shown as those characters, nothing run, nothing injected."""
    for kind in ("hostile-compare", "hostile-lesson"):
        seen = open_offline(page, files[kind])
        expect(page.locator("h1")).to_contain_text("Tears </script><script>alert(1)</script> {{ 7*7 }}")
        assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
        assert seen["dialogs"] == [] and seen["errors"] == []
    expect(page.locator(".lf-choice[data-step='0'] .step-text")).to_contain_text(
        "\\x1b[31m red \\u2028 <script>alert(3)</script> [x](javascript:alert(4)) {{ 7*7 }}")


def test_the_download_button_gives_the_page_as_it_is_on_screen(app, tmp_path):
    """On Compare opened at a 12-minute wait and the trials' reading, "Download as a lesson file" gives a
    file that opens offline on that wait and that reading; Lesson mode's gives its scenario and step."""
    page = app.open("/?wait=720&reading=learns_to_settle", ".compare-results td[data-policy=delayed]")
    with page.expect_download(timeout=60000) as download:
        page.get_by_role("button", name="Download as a lesson file").click()
    path = tmp_path / "compare.html"
    download.value.save_as(path)
    page = app.page.context.new_page()
    open_offline(page, path)
    expect(page.get_by_role("slider", name="Delayed caregiver's wait (minutes)")).to_have_attribute(
        "aria-valuetext", "12 minutes")
    expect(page.locator(".compare-numbers thead th").nth(2)).to_have_text("Delayed (waits 12 min)")
    expect(page.get_by_role("radio", name=re.compile(re.escape(READING["learns_to_settle"].label)))).to_be_checked()
    lesson = app.page.context.new_page()
    lesson.goto(app.server.url + "/lesson?scenario=still_face&step=2")
    lesson.locator(".step-counter [data-step='2']").wait_for(timeout=60000)
    with lesson.expect_download(timeout=60000) as download:
        lesson.get_by_role("button", name="Download as a lesson file").click()
    path = tmp_path / "lesson.html"
    download.value.save_as(path)
    opened = app.page.context.new_page()
    open_offline(opened, path)
    expect(opened.locator(".lf-choice[data-step]:visible [data-step]")).to_have_attribute("data-step", "2")
    expect(opened.locator("h1")).to_contain_text(load_scenario("still_face").title)
