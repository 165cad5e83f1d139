"""The library's scenario texts in every language: a sidecar (scenarios/i18n/<code>/<name>.toml)
for every library scenario, of the same shape as its English file, stamped with the hash of the
English it translates, and that hash current. Fails until the translators' sidecars are merged
and stamped (`python -m sim.i18n.catalogs stamp`)."""

from __future__ import annotations

import pytest

from sim.scenario import library_names, load_scenario, scenario_texts
from sim.scenario.texts import TRANSLATED_CODES, read_sidecar

CASES = [(name, code) for name in library_names() for code in TRANSLATED_CODES]


@pytest.mark.parametrize(("name", "code"), CASES)
def test_every_library_scenario_has_a_complete_and_current_sidecar(name, code):
    s = read_sidecar(name, code)
    assert s.exists, f"scenarios/i18n/{code}/{name}.toml is missing"
    assert not s.problems, s.problems
    assert set(s.data) - {"english_sha256"} == set(s.english), "every text of the English, and nothing else"
    assert s.stamped, "not stamped: run `python -m sim.i18n.catalogs stamp`"
    assert s.current, "stale: the English changed since this translation was stamped"


@pytest.mark.parametrize(("name", "code"), CASES)
def test_the_reader_sees_the_sidecars_texts(name, code):
    """What `coreg show --lang CODE` and the app show is the sidecar's, field by field."""
    s = read_sidecar(name, code)
    if not s.usable:
        pytest.fail(f"scenarios/i18n/{code}/{name}.toml cannot be shown: {s.problems or 'stale'}")
    sc = load_scenario(name)
    texts = scenario_texts(sc, code)
    assert texts.title == s.data.get("title", sc.title)
    assert texts.questions == tuple(s.data.get("questions", sc.questions))
    assert texts.expect_why == tuple(s.data.get("expect_why", [e.why for e in sc.expects]))
    if sc.lessons and "lesson" in s.data:
        assert [st.title for st in texts.lesson] == [x["title"] or st.title
                                                     for x, st in zip(s.data["lesson"], sc.lessons)]
    for english, shown in s.data.get("labels", {}).items():
        assert texts.label(english) == shown
