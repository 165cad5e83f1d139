"""What translators found that translation cannot fix: sentences and lists put together as the
language writes them, labels never capitalised inside a sentence, the list field's separator."""

from __future__ import annotations

import pytest

from dashboards.pagemodel import compare, nights
from dashboards.text import reading_note_html
from sim.i18n import use


@pytest.mark.parametrize("code", ["en", "zh"])
def test_sentences_follow_each_other_as_the_language_writes_them(code):
    with use(code) as lang:
        joint = " " if code == "en" else ""
        intro = compare.intro_html()
        assert intro.endswith(joint + compare.escape(compare.repair()))
        note = reading_note_html("stress_stays", "Said after.")
        assert ("." + joint + "Said after.") in note or ("\u3002" + joint + "Said after.") in note
        text = nights.intro_html()
        assert not (code == "zh" and "\u3002 " in text)


def test_lists_are_written_in_the_language_s_list_format():
    from dashboards.nights_view import band_text
    from dashboards.pages import about

    name = next(n for n in about.DEMOS if sum(len(v) for v in about.MECHANISM_CLAIMS[n].values()) > 2)
    with use("de"):
        said = about.carried_claims(name)
        assert " und " in said and "; " not in said
    with use("zh"):
        assert ", " not in about.carried_claims(name)
    assert band_text  # the band's keys go through the same list format (one key in the shipped readings)


def test_labels_are_never_capitalised_inside_a_sentence():
    from dashboards import text
    from dashboards.pagemodel.nights import PLANS
    from sim.presets import REPAIR_ABSENT_NIGHTS

    # the repair plan is one whole message, the same the Across nights page names its plan with
    assert text.REPAIR_PLAN in PLANS and str(REPAIR_ABSENT_NIGHTS) in text.REPAIR_PLAN
    # each Compare column's sentence is its own message (no label inserted into it)
    summary = {"crying_min": 3.0, "quiet_dysregulated_min": 0.0, "time_to_settle_min": 4.0, "peak_load": 0.5}
    for policy, message in compare.CRIED.items():
        assert compare.column_sentence(policy, summary, 60.0).startswith(message.split("{")[0])
    # a night's hidden minutes say their night in the same sentence (never "On night 8: The baby ...")
    said = text.hidden_words({"quiet_dysregulated_min": 0.0}, night=8)
    assert said == "On night 8, the baby was never quiet but dysregulated."


def test_wide_tables_scroll_sideways_and_keep_keys_and_numbers_whole():
    from dashboards.pages import about
    from dashboards.theme import APP_CSS

    for html in (about.evidence_table(), about.robustness_table()):
        assert "<div class='table-scroll' role='region' aria-label=" in html
    assert "<th scope='row' class='nowrap'>E1</th>" in about.evidence_table()
    assert ".table-scroll { max-width: 100%; overflow-x: auto; }" in APP_CSS
    assert "white-space: nowrap" in APP_CSS.split(".badge")[1].split("}")[0]


@pytest.mark.parametrize("code, typed, read", [
    ("en", "2.5, 5", (2.5, 5.0)),
    ("en", "2.5; 5", (2.5, 5.0)),
    ("de", "2,5; 5", (2.5, 5.0)),
    ("es", "2,5;5;10", (2.5, 5.0, 10.0)),
    ("zh", "2.5, 5", (2.5, 5.0)),
    ("zh", "2.5，5；10、20", (2.5, 5.0, 10.0, 20.0)),  # the full-width separators a Chinese keyboard types
])
def test_the_list_field_reads_the_language_s_decimals_and_separator(code, typed, read):
    from dashboards import widgets

    with use(code):
        assert widgets.parse_list(typed) == read
        shown = widgets.list_text(read)
        assert widgets.parse_list(shown) == read  # what the field shows reads back the same
        assert (";" in widgets.list_placeholder()) == (code in ("de", "es"))


def test_the_list_field_refuses_what_is_not_a_number():
    from dashboards import widgets

    with use("de"), pytest.raises(ValueError):
        widgets.parse_list("2,5; abc")
    with use("en"), pytest.raises(ValueError):
        widgets.parse_list("2, x")


def test_a_stressor_s_kind_and_resolution_are_chosen_by_label_their_value_the_key():
    from dashboards.widgets import choice_names
    from sim.declare import declarations
    from sim.params import Stressor

    decls = {d.name: d for d in declarations(Stressor)}
    kinds, ends = choice_names(decls["kind"]), choice_names(decls["resolved_by"])
    assert kinds["Hunger"] == "hunger" and ends["Lasts the night"] == "none"
    assert set(kinds.values()) == set(decls["kind"].choices)


def test_the_compare_wait_is_kept_in_seconds_and_only_the_slider_shows_minutes():
    from dashboards.pages.compare import ComparePage
    from sim.declare import declaration
    from sim.params import CaregiverParams

    slider = compare.SLIDERS["latency_s"]
    lo, hi = declaration(CaregiverParams, "latency_s").lo, declaration(CaregiverParams, "latency_s").hi
    assert lo <= slider.lo and slider.hi <= hi and slider.step == 30.0
    assert slider.words(450.0) == "7.5 minutes"
    with use("de"):
        assert slider.words(450.0) == "7,5 minutes" or slider.words(450.0).startswith("7,5")
    setups = compare.column_setups(compare.bases(), 450.0, 1.0, 0.0, "stress_stays")
    assert setups["delayed"].caregiver.latency_s == 450.0
    assert compare.slider_start(compare.bases())["latency_s"] % 30.0 == 0.0
    assert {s.query_key: s.name for s in ComparePage.url_settings}["wait"] == "latency_s"
