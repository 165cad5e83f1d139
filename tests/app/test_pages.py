"""The pages as components: parameters hold settings and results, the budget refuses before running,
the population matches the command line, and nothing the project calls is deprecated."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from unittest import mock

import numpy as np
import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import app, library
from dashboards.pages import PAGE, PAGES, build
from dashboards.pages.build import BuildPage, caregiver_keys
from dashboards.pages.population import OFFERED, PopulationPage
from dashboards.shell import PageView, error_html, error_message
from sim import cli
from sim.errors import CoregError
from sim.params import CAREGIVER_OWN_KEYS, POLICY_KEYS
from sim.vocabulary import POLICIES

ROOT = Path(__file__).resolve().parents[2]
OWN_CODE = (str(ROOT / "dashboards"), str(ROOT / "sim"))
DEPRECATIONS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


@pytest.fixture(autouse=True)
def _reset_panel_state():
    yield
    pn.state.reset()


def run_async(coroutine):
    """Run a page's coroutine to the end on its own event loop (another test may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def build_page(key: str) -> Document:
    doc = Document()
    with set_curdoc(doc):
        app.create_app(key).server_doc(doc)
    return doc


@pytest.mark.parametrize("key", [key for key, _, _ in PAGES])
def test_each_page_is_a_viewer_whose_settings_are_parameters(key):
    """Every page is a Panel Viewer built on the shared frame, with its state in param parameters."""
    cls = PAGE[key].view_class()
    assert issubclass(cls, PageView) and issubclass(cls, pn.viewable.Viewer)
    own = set(cls.param) - set(PageView.param)
    assert own, f"{cls.__name__} declares no parameters of its own"
    assert {"projector", "error", "said"} <= set(cls.param)


@pytest.mark.parametrize("key", [key for key, _, _ in PAGES])
def test_building_a_page_uses_no_deprecated_panel_or_bokeh_api(key):
    """Ready for Panel 2: building each page raises no deprecation warning from the project's own code."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_page(key)
    ours = [
        f"{w.filename}:{w.lineno}: {w.message}"
        for w in caught
        if issubclass(w.category, DEPRECATIONS) and w.filename.startswith(OWN_CODE)
    ]
    assert ours == []


def test_a_run_above_the_budget_is_refused_in_the_page_and_nothing_runs():
    """Setting a 365-night x 720-min run in Build your own shows the budget message; the model never runs."""
    page = BuildPage()
    huge = library.default_base().with_values(run={"nights": 365, "duration_min": 720.0})
    with mock.patch("dashboards.shell._simulate", side_effect=AssertionError("the model ran")):
        page.apply(huge, "a whole year of long nights")
        run_async(page._run())  # the run the new setup asks for, to its end
    assert "more than one request of the app may compute" in page.error
    assert page.result is None
    assert "coreg-error" in page.error_box.div.css_classes and "fewer nights" in page.error_box.object


def dotted_key_upload(chars: int) -> bytes:
    """The known quadratic case of the TOML reader: one line ``k.k.k. ... .k = 1`` of ``chars`` characters."""
    return ("k" + ".k" * ((chars - 6) // 2) + " = 1").encode()


@pytest.mark.parametrize("chars", [64_000, 1_000_000], ids=["64 KB", "1 MB"])
def test_a_hostile_upload_is_refused_in_the_page_within_a_second(chars):
    """Uploading a one-line dotted key of 64 KB or of the 1 MB limit on Build your own is refused within
    1 s (issue 18; 10 s and most of an hour before) with the dotted-key message in the page, and the
    setup shown stays as it was."""
    page = BuildPage()
    before = page.setup
    start = time.perf_counter()
    run_async(page.load_upload(dotted_key_upload(chars), "dotted.toml"))
    assert time.perf_counter() - start <= 1.0
    assert "Could not read dotted.toml:" in page.error and "a dotted key of" in page.error
    assert page.setup == before


def test_an_upload_is_read_in_a_worker_thread_while_the_event_loop_keeps_ticking():
    """The Build page reads an upload off the event loop (as it runs a simulation): the reading runs in
    another thread, and the loop -- which serves every other session of the process -- keeps ticking
    while a 1 MB file is read."""
    page = BuildPage()
    readers, read = [], build.read_upload

    def read_and_note(data, fname):
        readers.append(threading.get_ident())
        return read(data, fname)

    async def upload_while_ticking() -> tuple[int, int]:
        ticks, reading = 0, True

        async def tick() -> None:
            nonlocal ticks
            while reading:
                await asyncio.sleep(0.001)
                ticks += 1

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.01)  # the ticker runs before the upload
        counted = ticks
        await page.load_upload(dotted_key_upload(1_000_000), "dotted.toml")
        during = ticks - counted
        reading = False
        await ticker
        return threading.get_ident(), during

    with mock.patch("dashboards.pages.build.read_upload", side_effect=read_and_note):
        loop_thread, ticks = run_async(upload_while_ticking())
    assert readers and readers[0] != loop_thread
    assert ticks >= 1  # read on the loop itself, the file would leave it no tick at all
    assert "a dotted key of" in page.error


def test_build_shows_only_the_chosen_policys_caregiver_settings():
    """The caregiver card offers the chosen policy's settings; choosing another policy swaps them."""
    page = BuildPage()
    caregiver = page.groups["caregiver"]
    page.__panel__()  # the cards exist: the shown widgets are the caregiver card's children
    assert set(caregiver.shown()) == set(caregiver_keys(page.setup.caregiver.policy)) & set(caregiver.widgets)
    caregiver.widgets["policy"].value = "graduated"
    assert set(caregiver.shown()) == {"policy", *POLICY_KEYS["graduated"], *CAREGIVER_OWN_KEYS}
    assert "latency_s" not in set(caregiver.shown()) and "checkin_intervals_min" in set(caregiver.shown())
    assert list(caregiver._grid.objects) == [caregiver.widgets[n] for n in caregiver.shown()]
    caregiver.widgets["policy"].value = "absent"
    assert set(caregiver.shown()) == {"policy", *CAREGIVER_OWN_KEYS}


def test_a_file_with_several_problems_shows_each_on_its_own_line():
    """An error that lists several problems (``CoregError.several``) is shown as one line per problem."""
    err = CoregError.several(
        [
            CoregError("infant.reactivity", "99 is too high", "0.3 to 3"),
            CoregError("run.nights", "0 nights", "1 to 365"),
            CoregError("caregiver.latency_s", "expected a number", "0 to 7200 s"),
        ]
    )
    text = error_html(error_message(err, "Could not read bad.toml:"))
    assert text.count("<li>") == 3
    for key in ("infant.reactivity", "run.nights", "caregiver.latency_s", "Could not read bad.toml:"):
        assert key in text
    single = error_html(error_message(CoregError("run.nights", "0 nights", "1 to 365")))
    assert "<li>" not in single and "run.nights" in single


def test_the_population_page_offers_every_policy_of_the_vocabulary_that_needs_no_script():
    """The caregivers offered come from sim.vocabulary (a scripted caregiver needs a timeline from a file)."""
    assert set(OFFERED) == set(POLICIES) - {"scripted"}
    page = PopulationPage()
    assert set(page.param.policies.objects.values()) == set(OFFERED)


def test_the_same_seed_gives_the_same_babies_in_the_app_and_on_the_command_line(capsys):
    """The population page's numbers for one caregiver equal `coreg sweep --population N --seed S`'s JSON."""
    page = PopulationPage(size=100, seed=7, policies=["absent"])
    run_async(page.run())
    assert page.error == "" and set(page.results) == {"absent"}
    code = cli.main(
        [
            "sweep",
            library.DEFAULT_SCENARIO,
            "--population",
            "100",
            "--seed",
            "7",
            "--set",
            "caregiver.policy=absent",
            "--json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    for key in ("crying_min", "quiet_dysregulated_min", "peak_load", "time_to_settle_min"):
        cli_values = np.array([np.nan if r[key] is None else r[key] for r in rows], dtype=float)
        # the command line prints summaries rounded to 6 decimals: equal within that rounding
        np.testing.assert_allclose(
            page.results["absent"].metric(key), cli_values, rtol=0, atol=5e-7, equal_nan=True, err_msg=key
        )
    other = PopulationPage(size=100, seed=8, policies=["absent"])
    run_async(other.run())
    assert not np.array_equal(
        other.results["absent"].metric("crying_min"), page.results["absent"].metric("crying_min")
    )
