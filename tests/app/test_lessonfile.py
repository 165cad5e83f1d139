"""A lesson in one file (dashboards.lessonfile), without a browser: what the file holds, how its
nights are packed, what it is made of and what it refuses. The browser tests open the files."""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hostile import LESSON_FILE_TITLE, lesson_file_scenario

from dashboards import figures, lessonfile
from dashboards.lessonfile.compare import slider_values
from dashboards.lessonfile.document import Origin, version_line
from dashboards.lessonfile.lesson import step_html
from dashboards.lessonfile.slots import SERIES, Slots
from dashboards.pagemodel.compare import SLIDERS, bases, column_setups
from dashboards.pagemodel.lesson import step_markdown
from dashboards.pagemodel.nights import plan_setup
from dashboards.text import reading_choice
from sim import MODEL_VERSION, __version__, iter_nights, simulate
from sim.errors import CoregError
from sim.evidence import EVIDENCE
from sim.presets import bedtime
from sim.scenario import LessonStep, load_scenario
from sim.vocabulary import CAVEAT, READINGS

ROOT = Path(__file__).resolve().parents[2]
@pytest.fixture(scope="module")
def tears():
    return load_scenario("tears_together")


@pytest.fixture(scope="module")
def compare_page(tears) -> str:
    return lessonfile.for_scenario(tears, "compare")()


def test_importing_the_exporter_imports_no_panel():
    """Every module of the lesson file imports in a fresh process without Panel (which would make
    Bokeh reference Panel's scripts by address: a file opened from disk could not load them)."""
    code = ("import sys, dashboards.lessonfile, dashboards.lessonfile.compare, dashboards.lessonfile.nights, "
            "dashboards.lessonfile.lesson; print('panel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_a_compare_file_is_one_page_that_fetches_nothing_and_says_what_it_is(compare_page, tears):
    """The file holds every script and style (no src or href to another file), a viewport for phones,
    the caveat, each evidence key with its status, both readings with their evidence labels, and the
    version of the model that made it; and it is far below 10 MB."""
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", compare_page)
    assert "name='viewport' content='width=device-width, initial-scale=1'" in compare_page
    assert CAVEAT in compare_page
    for key in tears.evidence:
        assert f"{key} {EVIDENCE[key].status}</span>" in compare_page
    for reading in READINGS:
        assert reading_choice(reading) in compare_page
    assert f"Co-Regulation Lab {__version__} (model {MODEL_VERSION})" in compare_page
    assert len(compare_page.encode("utf-8")) < 10_000_000


def test_every_page_kind_is_written_for_a_library_scenario(tears):
    """Across nights and Lesson mode are files too, each with its own controls and the reading switch."""
    nights = lessonfile.for_scenario(tears, "nights")()
    lesson = lessonfile.for_scenario(tears, "lesson")()
    for page, control in ((nights, "id='ctl-plan'"), (nights, "id='ctl-night'"), (lesson, "id='ctl-next'")):
        assert control in page and "name='reading'" in page and CAVEAT in page


def test_the_slider_values_are_the_files_grid_within_bounds_and_the_pages_value():
    """A slider offers the file's values within its bounds, sorted, and always the value it opens on."""
    waits = slider_values("latency_s", 450.0)  # seconds (the slider shows 7.5 min)
    assert 450.0 in waits and waits == sorted(waits)
    assert all(SLIDERS["latency_s"].lo <= w <= SLIDERS["latency_s"].hi for w in waits)
    assert slider_values("stress", 0.0).count(0.0) == 1


def test_a_night_is_packed_within_half_a_step_of_a_byte_and_stored_once():
    """The packed traces decode to the app's thinned traces within half of 1/255 of their top; the
    same night added twice is one slot, a different one is another."""
    columns = column_setups(bases(), 5.0, 1.0, 0.0, READINGS[0])
    nights = {p: next(iter_nights(s)) for p, s in columns.items()}
    slots = Slots()
    th = (0.2, 0.5, 0.3)
    k = [slots.add(n, th, {"p": p}) for p, n in nights.items()]
    assert slots.add(nights["delayed"], th, {"p": "delayed"}) == k[1] and len(slots) == 3
    js = slots.js()
    trace = figures.trace_data(nights["delayed"])
    n, off = int(js["n"][k[1]]), int(js["start"][k[1]])
    for j, name in enumerate(SERIES):
        decoded = js["packed"][off + j * n: off + (j + 1) * n] * js["scales"][j]
        assert np.max(np.abs(decoded - trace[name])) <= js["scales"][j] / 2 + 1e-12
    assert np.array_equal(js["t"][js["tix"][k[1]]], trace["t"].astype(np.float32))


def test_one_night_under_either_reading_is_stored_once():
    """On a single night both readings give the same result, so a night of each is one slot."""
    setup = bedtime("absent")
    slots = Slots()
    a, b = (slots.add(next(iter_nights(setup.with_values(reading=r))), (0.2, 0.5, 0.3)) for r in READINGS)
    assert a == b


def test_a_plan_on_a_scenarios_baby_keeps_the_baby_and_takes_the_plans_caregivers():
    """Across nights for a scenario: the plan's caregivers and schedule over the scenario's baby, sleep,
    needs and night; for the landing scenario that is the page's own documented bedtime."""
    baby = load_scenario("reactive_baby").base
    for plan in ("absent", "repair"):
        setup = plan_setup(plan, 6, baby)
        own = plan_setup(plan, 6)
        assert setup.infant == baby.infant and setup.stressors == baby.stressors and setup.run.nights == 6
        assert setup.caregiver == own.caregiver and setup.schedule == own.schedule
    tears = load_scenario("tears_together").base
    assert plan_setup("graduated", 4, tears) == dataclasses.replace(plan_setup("graduated", 4), reading=tears.reading)


def test_hostile_text_stays_text_in_every_page_kind():
    """Markup, a script and template code in a title, and a terminal escape and line separator in a
    step, are written escaped: no raw tag, the template code not run, the odd characters as escapes."""
    sc = lesson_file_scenario()
    for page in ("compare", "nights", "lesson"):
        text = lessonfile.for_scenario(sc, page)()
        assert "<script>alert" not in text and "<img src=x" not in text
        assert html.escape(LESSON_FILE_TITLE, quote=False) in text
    lesson = lessonfile.for_scenario(sc, "lesson")()
    assert "\\x1b[31m red \\u2028 &lt;script&gt;" in lesson and "\x1b" not in lesson and "\u2028" not in lesson


def test_a_steps_markdown_renders_without_raw_html_or_script_links():
    """A step's Markdown keeps its emphasis; raw HTML and a javascript: link do not become markup."""
    html = step_html(step_markdown(LessonStep(title="t", text="**bold** <b>x</b> [x](javascript:alert(1))")))
    assert "<strong>bold</strong>" in html and "&lt;b&gt;" in html and "href" not in html


def test_a_case_too_long_for_the_app_is_refused_before_anything_is_written(tmp_path):
    """A year of twelve-hour nights is more than one request of the app may compute: Lesson mode's
    file refuses it with the app's message (the command line says it and exits 2, writing nothing)."""
    sc = load_scenario("tears_together")
    from sim.scenario import apply_overrides

    long = apply_overrides(sc, ["run.nights=365", "run.duration_min=720"])
    with pytest.raises(CoregError, match="hours of simulated time"):
        lessonfile.for_scenario(long, "lesson")()


def test_the_version_line_names_the_model_the_day_and_the_source():
    """The footer says which version of the model made the file, on which day (in the reader's date
    format), from what."""
    import datetime

    from sim.i18n import lang

    day = datetime.date(2026, 12, 6)
    line = version_line(Origin("T", "robust", (), "the scenario \u201cx\u201d"), day)
    assert f"model {MODEL_VERSION}" in line and lang("en").date(day) in line and "\u201cx\u201d" in line


def test_an_unknown_page_kind_is_a_usage_error(tears):
    """Only compare, nights and lesson can be files; anything else names the three."""
    with pytest.raises(CoregError, match="compare, nights, lesson"):
        lessonfile.for_scenario(tears, "population")


def test_a_nights_file_needs_two_to_fourteen_nights(tears):
    """Across nights shows 2 to 14 nights, as the page does; a scenario with more is refused."""
    from sim.scenario import apply_overrides

    with pytest.raises(CoregError, match="2 to 14 nights"):
        lessonfile.for_scenario(apply_overrides(tears, ["run.nights=30"]), "nights")


def test_the_first_night_computed_alone_is_the_first_night_of_a_longer_run(tears):
    """The file's Compare columns compute only the first night, which the page shows of a whole run:
    for a run of three nights the two agree."""
    setup = column_setups(bases(tears), 8.0, 1.5, 0.25, READINGS[0])["delayed"].with_values(run={"nights": 3})
    assert next(iter_nights(setup)).summary == simulate(setup).nights[0].summary
