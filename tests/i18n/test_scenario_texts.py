"""A scenario's texts in the reader's language: a file's own ``[translations.<code>]`` (checked
like every other key, in the language in force), the library's sidecars (a stale one ignored),
English field by field where nothing is translated, and translations kept when a file is
written back (the Build page's save) or changed by --set."""

from __future__ import annotations

import shutil

import pytest

from sim.errors import CoregError
from sim.i18n import lang, use
from sim.scenario import (
    ScenarioTexts,
    apply_overrides,
    load_scenario,
    load_scenario_text,
    scenario_texts,
    scenario_to_toml,
)
from sim.scenario import library as library_module
from sim.scenario.texts import english_sha256, read_sidecar

BASE = '''title = "Two answers"
summary = "One baby, two caregivers."
learning_goal = "See the difference."
notes = "Say what is hidden."
questions = ["What differs?", "Why?"]
label = "Attuned"

[run]
duration_min = 20

[[compare]]
label = "Absent"
caregiver = { policy = "absent" }

[[expect]]
metric = "crying_min"
variant = "Absent"
op = ">"
than_variant = "Attuned"
why = "Unanswered, the baby cries longer."

[[expect]]
metric = "peak_load"
variant = "Absent"
op = ">"
than_variant = "Attuned"
why = "Its load peaks higher."
'''

GERMAN = '''
[translations.de]
title = "Zwei Antworten"
summary = "Ein Baby, zwei Bezugspersonen."
questions = ["Was ist anders?", "Warum?"]
expect_why = ["Ohne Antwort weint das Baby länger.", "Seine Last erreicht einen höheren Gipfel."]
labels = { Attuned = "Feinfühlig", Absent = "Abwesend" }
'''


def test_a_files_own_translation_is_shown_field_by_field():
    sc = load_scenario_text(BASE + GERMAN, "mine.toml")
    texts = scenario_texts(sc, "de")
    assert isinstance(texts, ScenarioTexts) and texts.code == "de"
    assert (texts.title, texts.summary) == ("Zwei Antworten", "Ein Baby, zwei Bezugspersonen.")
    assert texts.learning_goal == "See the difference." and texts.notes == "Say what is hidden."  # not translated
    assert texts.questions == ("Was ist anders?", "Warum?")
    assert texts.expect_why == ("Ohne Antwort weint das Baby länger.", "Seine Last erreicht einen höheren Gipfel.")
    assert texts.label("Absent") == "Abwesend" and texts.label("Unknown") == "Unknown"
    # the lesson by default: goal, notes, each question -- in the translation where there is one
    assert [s.text for s in texts.lesson] == ["See the difference.", "Say what is hidden.", "Was ist anders?", "Warum?"]
    # the labels stay the keys
    assert sc.labels == ("Attuned", "Absent")


def test_english_and_an_untranslated_language_read_the_file_as_it_is():
    sc = load_scenario_text(BASE + GERMAN, "mine.toml")
    for code in ("en", "es"):
        texts = scenario_texts(sc, code)
        assert texts.title == "Two answers" and texts.label("Absent") == "Absent"
        assert texts.questions == sc.questions and texts.expect_why == tuple(e.why for e in sc.expects)


def test_without_a_code_the_language_in_force_is_used():
    sc = load_scenario_text(BASE + GERMAN, "mine.toml")
    with use("de"):
        assert scenario_texts(sc).title == "Zwei Antworten"
    assert scenario_texts(sc).title == "Two answers"


def test_translations_survive_writing_the_file_back_and_set():
    """The scenario writer (Build page saves, --save-scenario) keeps [translations]; --set too."""
    sc = load_scenario_text(BASE + GERMAN, "mine.toml")
    again = load_scenario_text(scenario_to_toml(sc), "again.toml")
    assert again.translations == sc.translations
    assert scenario_texts(again, "de") == scenario_texts(sc, "de")
    changed = apply_overrides(sc, ["infant.reactivity=1.5"])
    assert scenario_texts(changed, "de").title == "Zwei Antworten"


@pytest.mark.parametrize(("extra", "key", "allowed"), [
    ('[translations.de]\ntitel = "x"\n', "translations.de.titel", "title"),
    ('[translations.de]\nquestions = ["Nur eine"]\n', "translations.de.questions", "2"),
    ('[translations.de]\nexpect_why = ["a", "b", "c"]\n', "translations.de.expect_why", "2"),
    ('[translations.de]\nlabels = { Attentive = "x" }\n', "translations.de.labels.Attentive", "Attuned | Absent"),
    ('[translations.fr]\ntitle = "Deux réponses"\n', "translations.fr", "es, de, zh"),
    ('[translations.en]\ntitle = "Two"\n', "translations.en", "es, de, zh"),
    ('[translations.de]\ntitle = 3\n', "translations.de.title", "a string"),
    ('[translations.de]\ntitle = "a\\nb"\n', "translations.de.title", "one line"),
    ('translations = "de"\n', "translations", "[translations.CODE]"),
])
def test_a_wrong_translation_is_refused_naming_file_key_and_what_is_allowed(extra, key, allowed):
    with pytest.raises(CoregError) as info:
        load_scenario_text(extra + BASE if extra.startswith("translations =") else BASE + extra, "mine.toml")
    problems = [p for p in info.value.problems if p.key == key]
    assert problems, [str(p) for p in info.value.problems]
    assert problems[0].source == "mine.toml" and allowed in problems[0].allowed


def test_the_refusal_is_phrased_in_the_language_in_force():
    """The message is the catalog's translation (the same sentence English shows when the
    catalog has none yet), not a hard-coded English one."""
    with use("de"), pytest.raises(CoregError) as info:
        load_scenario_text(BASE + '[translations.fr]\ntitle = "x"\n', "mine.toml")
    de = lang("de")
    assert info.value.problem == de.gettext("unknown language code")
    assert str(info.value) == de.gettext("{source}: {key}: {problem} (allowed: {allowed})", source="mine.toml",
                                         key="translations.fr", problem=de.gettext("unknown language code"),
                                         allowed="es, de, zh")


@pytest.fixture
def library(tmp_path, monkeypatch):
    """A copy of one library scenario in a library of its own, with its sidecars folder."""
    real = library_module.library_dir()
    shutil.copy2(real / "tears_together.toml", tmp_path / "tears_together.toml")
    (tmp_path / "i18n" / "de").mkdir(parents=True)
    monkeypatch.setattr(library_module, "library_dir", lambda: tmp_path)
    return tmp_path


def _sidecar(library, stamp: str | None, title: str = "Tränen gemeinsam") -> None:
    head = f'english_sha256 = "{stamp}"\n' if stamp is not None else ""
    (library / "i18n" / "de" / "tears_together.toml").write_text(head + f'title = "{title}"\n', encoding="utf-8")


def test_a_current_sidecar_is_shown_and_a_stale_one_is_not(library):
    import tomllib

    english = tomllib.loads((library / "tears_together.toml").read_text(encoding="utf-8"))
    sc = load_scenario("tears_together")
    _sidecar(library, english_sha256(english))
    assert read_sidecar("tears_together", "de").current
    assert scenario_texts(sc, "de").title == "Tränen gemeinsam"
    _sidecar(library, "0" * 64, "Veraltet")  # stamped for another English: ignored, English shown
    assert not read_sidecar("tears_together", "de").current
    assert scenario_texts(sc, "de").title == sc.title
    _sidecar(library, None, "Noch nicht gestempelt")  # a translator's fresh work, not stamped yet: shown
    assert scenario_texts(sc, "de").title == "Noch nicht gestempelt"


def test_a_sidecar_of_the_wrong_shape_is_not_shown_and_is_reported(library):
    (library / "i18n" / "de" / "tears_together.toml").write_text('title = "T"\nquestions = ["nur eine"]\n',
                                                                   encoding="utf-8")
    s = read_sidecar("tears_together", "de")
    assert not s.usable and any("questions" in p for p in s.problems)
    assert scenario_texts(load_scenario("tears_together"), "de").title == load_scenario("tears_together").title


def test_stamp_writes_the_hash_of_the_english_into_a_sidecar_of_the_right_shape(library, capsys):
    import tomllib

    from sim.i18n import catalogs
    from sim.scenario.texts import english_data

    english = tomllib.loads((library / "tears_together.toml").read_text(encoding="utf-8"))
    skeleton = english_data(english)
    import tomli_w

    path = library / "i18n" / "de" / "tears_together.toml"
    path.write_text(tomli_w.dumps(skeleton, multiline_strings=True), encoding="utf-8")
    assert not read_sidecar("tears_together", "de").stamped
    catalogs.stamp()
    s = read_sidecar("tears_together", "de")
    assert s.stamped and s.current and not s.problems
    catalogs.stamp()  # idempotent: one stamp line
    assert path.read_text(encoding="utf-8").count("english_sha256") == 1
