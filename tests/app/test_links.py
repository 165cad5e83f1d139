"""Links that carry the setup (dashboards.links), without a browser: how a link's values are read,
checked and written, and which settings each page's address carries."""

from __future__ import annotations

import pytest

from dashboards.links import SHARED, Refused, UrlSetting, refusal, url_value
from dashboards.pages.compare import ComparePage
from dashboards.pages.lesson import LessonPage
from dashboards.pages.nights import NightsPage
from dashboards.pages.population import PopulationPage
from dashboards.pages.quiet import QuietPage
from dashboards.shell import PageView
from sim.i18n import use


@pytest.mark.parametrize("name, raw, value", [
    ("latency_s", "720", 720.0),  # wait=720: seconds, as the model keeps the wait
    ("latency_s", "30", 30.0),
    ("reading", "learns_to_settle", "learns_to_settle"),
    ("projector", "true", True),
    ("projector", "0", False),
])
def test_a_links_value_is_read_as_the_settings_type(name, raw, value):
    """Numbers, choices and switches from an address become the setting's own values."""
    assert url_value(ComparePage.param[name], raw) == value


@pytest.mark.parametrize("name, raw, reason", [
    ("latency_s", "abc", "not a number"),
    ("latency_s", "nan", "not a finite number"),
    ("latency_s", "inf", "not a finite number"),
    ("latency_s", "9999", "outside what the page allows (at least 30 and at most 1,800)"),
    ("reactivity", "-1", "outside what the page allows"),
    ("reading", "<script>", "does not exist (choices: stress_stays, learns_to_settle)"),
    ("projector", "maybe", "neither true nor false"),
])
def test_a_value_the_page_cannot_use_says_why(name, raw, reason):
    """Not a number, not finite, out of bounds, not a choice, not a switch: each a ValueError in words."""
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        url_value(ComparePage.param[name], raw)


def test_whole_numbers_and_shifted_steps():
    """A whole-number setting refuses a fraction; a shifted one (the lesson's first step is step=1)
    is read back to the page's count and checked against its bounds there."""
    with pytest.raises(ValueError, match="not a whole number"):
        url_value(NightsPage.param["nights"], "3.5")
    assert url_value(LessonPage.param["step"], "1", shift=1) == 0
    with pytest.raises(ValueError, match="at least 1"):
        url_value(LessonPage.param["step"], "0", shift=1)
    assert UrlSetting("step", shift=1).text(0) == "1"


def test_a_refusal_names_the_key_the_value_and_what_is_shown_instead():
    """The message quotes the link's key and value (cut short, odd characters escaped) and the value
    the page keeps, by its label where the setting has labels: one whole sentence per reason."""
    with pytest.raises(Refused) as refused:
        url_value(PageView.param["reading"], "x")
    text = refusal(UrlSetting("reading"), "x\u2028" + "y" * 100, refused.value, "stress_stays", PageView.param["reading"])
    assert text.startswith("The link's value 'x\\u2028yyy") and "\u2026" in text
    assert text.endswith("for reading does not exist (choices: stress_stays, learns_to_settle); the page's own value "
                         "\u201cThe crying stops, the stress stays (contested, E1)\u201d is used.")


@pytest.mark.parametrize("code", ["de", "zh"])
def test_a_refusal_is_one_whole_sentence_in_every_language(code):
    """Each reason is its own message with the link's value, key and the page's value in it (never
    a clause glued after a comma)."""
    with use(code):
        with pytest.raises(Refused) as refused:
            url_value(ComparePage.param["reactivity"], "abc")
        text = refusal(UrlSetting("reactivity"), "abc", refused.value, 1.0, ComparePage.param["reactivity"])
    assert "'abc'" in text and "reactivity" in text and "{" not in text  # (translated once the lead has it translated)


@pytest.mark.parametrize("page, keys", [
    (ComparePage, {"wait", "reactivity", "stress"}),
    (QuietPage, {"caregiver"}),
    (NightsPage, {"plan", "nights", "both", "night"}),
    (PopulationPage, {"size", "spread", "seed", "outcome"}),
    (LessonPage, {"scenario", "step"}),
])
def test_each_page_with_settings_carries_them_and_the_shared_ones_in_its_address(page, keys):
    """Every page's address carries projector mode and the reading, and the pages with settings their own."""
    carried = {s.query_key for s in page.linked_settings()}
    assert carried == keys | {s.query_key for s in SHARED}
    for s in page.linked_settings():
        assert s.name in page.param
