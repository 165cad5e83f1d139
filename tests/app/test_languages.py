"""The app's language without a browser: which one a session reads (the link, then the browser's
Accept-Language, then English), that it follows into the page's head, links and worker threads, that
every page builds in every shipped language, and that every setting's shown name reaches the catalog."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import app, language
from dashboards.pages import PAGE, PAGES
from dashboards.shell import nav_html, page_query
from sim.i18n import CODES, SHIPPED, current, use


@pytest.fixture(autouse=True)
def _reset_panel_state():
    yield
    pn.state.reset()


class Request:
    """What a browser's request gives a session: the address's arguments and the headers."""

    def __init__(self, monkeypatch, args: dict[str, str] | None = None, accept: str | None = None):
        state = type(pn.state)
        session_args = {k: [v.encode()] for k, v in (args or {}).items()}
        headers = {"Accept-Language": accept} if accept is not None else {}
        monkeypatch.setattr(state, "session_args", property(lambda self: session_args))
        monkeypatch.setattr(state, "headers", property(lambda self: headers))


@pytest.mark.parametrize("args, accept, chosen", [
    ({}, None, "en"),                                   # nothing said: English
    ({}, "de-DE,de;q=0.9,en;q=0.8", "de"),              # the browser's language
    ({}, "fr-FR, zh-CN;q=0.8", "zh"),                   # the first the app ships
    ({}, "zh-TW", "en"),                                # Traditional Chinese is not shipped
    ({"lang": "es"}, "de-DE", "es"),                    # the link wins over the browser
    ({"lang": "xx"}, "de-DE", "de"),                    # a link's unknown language: the browser's
    ({"lang": "de-AT"}, None, "en"),                    # a link names a shipped code exactly
])
def test_the_session_reads_the_links_language_else_the_browsers_else_english(monkeypatch, args, accept, chosen):
    """``?lang=`` first, then Accept-Language, then English."""
    doc = Document()
    with set_curdoc(doc):
        Request(monkeypatch, args, accept)
        assert language.choose() == chosen


@pytest.mark.parametrize("code", CODES)
def test_a_page_built_in_a_language_speaks_it_in_its_head_its_links_and_its_threads(monkeypatch, code):
    """The page's ``<html lang>`` and title variables, its navigation links, the language in force
    in its callbacks and in the work it sends to a thread are the session's language."""
    doc = Document()
    with set_curdoc(doc):
        Request(monkeypatch, {"lang": code})
        app.create_app("about").server_doc(doc)
        assert doc.template_variables["coreg_lang"] == SHIPPED[code].html_lang
        assert doc.template_variables["coreg_title"].endswith("Co-Regulation Lab")
        assert current().code == code  # the resolver reads the session's document
        page = PAGE["about"].view_class()()
        assert page.lang == code
        nav = page.nav.object
        assert (f"lang={code}" in nav) == (code != "en")
        in_thread = ThreadPoolExecutor(1).submit(asyncio.run, page.off_loop(lambda: current().code)).result()
    assert in_thread == code
    assert current().code == "en"  # outside the session: English


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("key", [key for key, _, _ in PAGES])
def test_every_page_builds_in_every_language(monkeypatch, key, code):
    """Each page builds without error in each shipped language (a message whose translation lost or
    renamed a placeholder would raise here)."""
    doc = Document()
    with set_curdoc(doc):
        Request(monkeypatch, {"lang": code})
        app.create_app(key).server_doc(doc)
        assert doc.roots


def test_links_carry_the_language_only_when_not_english():
    """The navigation keeps the language from page to page (with the reading and projector mode)."""
    assert page_query(False, lang="en") == ""
    assert page_query(True, lang="de") == "?projector=true&lang=de"
    nav = nav_html("nights", False, lang="zh")
    assert 'href="./?lang=zh"' in nav and 'href="./quiet?lang=zh"' in nav


def test_the_selector_names_each_language_in_itself():
    """The selector offers every shipped language under its own name and switches by its code."""
    assert language.names() == {"English": "en", "Espa\u00f1ol": "es", "Deutsch": "de", "\u7b80\u4f53\u4e2d\u6587": "zh"}
    with use("de"):
        select = language.selector("de")
    assert select.value == "de" and set(select.options.values()) == set(CODES)


def test_tick_labels_use_the_readers_number_format():
    """Figures format their ticks with the browser's Intl in the page's language (BokehJS alone would
    write English decimals)."""
    with use("de"):
        fmt = language.intl_ticks(2)
    assert fmt.args["lang"] == "de" and "Intl.NumberFormat" in fmt.code


def test_every_setting_has_a_shown_name_in_the_catalog():
    """Each declared setting (the Build page's widgets, the model page's switches) has its shown name
    listed for the translators."""
    from dashboards.setting_labels import SETTING_LABELS
    from sim.declare import declarations
    from sim.params import CaregiverParams, InfantParams, Mechanisms, Regimes, RunParams, SleepParams, Stressor

    declared = {d.name for cls in (RunParams, InfantParams, SleepParams, CaregiverParams, Regimes, Mechanisms,
                                   Stressor) for d in declarations(cls)}
    assert declared - set(SETTING_LABELS) == set()


def test_a_lesson_file_made_in_a_language_says_so():
    """The exporter phrases in the language in force and writes it into ``<html lang>``."""
    from dashboards import lessonfile
    from sim.scenario import load_scenario

    scenario = load_scenario("tears_together")
    with use("zh"):
        text = lessonfile.for_scenario(scenario, "lesson")()
    assert '<html lang="zh-Hans"' in text
