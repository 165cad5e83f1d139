"""`--lang` on every `coreg` command: the human output (tables, `list`, `show`, messages, the help
and argparse's own errors) is the catalogs' translation for that language; JSON and CSV are
byte for byte the same in every language. Expected texts are built from the catalogs
(``lang(code).gettext(msgid)``), so these hold before and after translation and fail if a
message bypasses the catalog."""

from __future__ import annotations

import pytest

from sim import cli
from sim.evidence import STATUS_WORDS
from sim.i18n import CODES, lang
from sim.scenario import library_names, load_scenario, scenario_texts
from sim.vocabulary import CAVEAT

ENV_KEYS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    """The tests choose the language; the machine's locale does not."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("code", CODES)
def test_list_prints_each_scenarios_status_and_title_in_the_language(capsys, code):
    status, out, _err = run_cli(capsys, "list", "--lang", code)
    assert status == 0
    lines = out.splitlines()
    names = library_names()
    assert len(lines) == len(names)
    t = lang(code)
    for line, name in zip(lines, names):
        sc = load_scenario(name)
        assert line.startswith(name + " ")
        assert f"  {t.gettext(STATUS_WORDS[sc.status])} " in line
        assert line.endswith("  " + scenario_texts(sc, code).title)


@pytest.mark.parametrize("code", CODES)
def test_show_prints_the_scenario_and_its_headings_in_the_language(capsys, code):
    status, out, _err = run_cli(capsys, "show", "tears_together", "--lang", code)
    assert status == 0
    t, texts = lang(code), scenario_texts(load_scenario("tears_together"), code)
    lines = out.splitlines()
    assert lines[0] == texts.title
    for heading in ("Learning goal:", "Evidence:", "Variants:", "Instructor notes:", "Discussion questions:"):
        assert t.gettext(heading) in lines
    assert lines[-1] == t.gettext(CAVEAT)
    assert texts.summary in lines
    for why in texts.expect_why:
        assert f"    {why}" in lines


def test_a_scenario_mistake_is_reported_in_the_chosen_language(capsys, tmp_path):
    """`coreg check bad.toml --lang de`: the line is the German catalog's sentence, filled in."""
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "Mine"\n[infant]\nreactivity = "high"\n', encoding="utf-8")
    status, _out, err = run_cli(capsys, "check", str(bad), "--lang", "de")
    assert status == 2
    de = lang("de")
    allowed = de.gettext("a number from {lo} to {hi} {unit}", lo=de.decimal(0.3), hi=de.decimal(3),
                         unit=de.pgettext("unit", "x"))
    problem = de.gettext("expected a number, got {value}", value="'high'")
    line = de.gettext("{source}: {key}: {problem} (allowed: {allowed})", source=str(bad), key="infant.reactivity",
                      problem=problem, allowed=allowed)
    assert err.splitlines() == [f"coreg: {line}"]


def test_an_unknown_library_name_is_reported_in_the_chosen_language(capsys):
    status, _out, err = run_cli(capsys, "show", "tears_togetherr", "--lang", "es")
    assert status == 2
    es = lang("es")
    hint = es.gettext(" (did you mean {name}?)", name="'tears_together'")
    problem = es.gettext("no library scenario named {name}{hint}", name="'tears_togetherr'", hint=hint)
    assert err.startswith("coreg: " + es.gettext("{key}: {problem} (allowed: {allowed})", key="scenario",
                                                 problem=problem,
                                                 allowed=es.gettext("a name from `coreg list`, or a path to a .toml file")))


@pytest.mark.parametrize("argv", [
    ("--lang", "de", "list"), ("list", "--lang", "de"), ("list", "--lang=de"), ("--lang=de", "list"),
])
def test_lang_may_stand_before_or_after_the_command(capsys, argv):
    assert run_cli(capsys, *argv)[1] == run_cli(capsys, "list", "--lang", "de")[1]


def test_an_unknown_language_is_refused_naming_the_choices(capsys):
    status, _out, err = run_cli(capsys, "list", "--lang", "fr")
    assert status == 2
    assert "--lang" in err and "'fr'" in err and all(f"'{c}'" in err for c in CODES)


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_argparses_own_messages_are_in_the_chosen_language(capsys, code):
    status, _out, err = run_cli(capsys, "--lang", code, "list", "--bogus")
    assert status == 2
    t = lang(code).translations
    message = t.gettext("unrecognized arguments: %s") % "--bogus"
    assert t.gettext("%(prog)s: error: %(message)s\n") % {"prog": "coreg", "message": message} in err
    assert err.startswith(t.gettext("usage: "))


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_the_help_is_in_the_chosen_language(capsys, code):
    status, out, _err = run_cli(capsys, "settings", "--help", "--lang", code)
    assert status == 0
    t = lang(code)
    assert t.gettext("every setting a scenario can use: bounds, unit, meaning") not in ("",)
    assert t.gettext("List the settings of the scenario format, straight from the model's declarations: default, "
                     "allowed values, unit and meaning.").split()[0] in out
    assert t.translations.gettext("show this help message and exit") in out


@pytest.mark.parametrize("argv", [
    ("list", "--json"),
    ("run", "tears_together", "--json"),
    ("run", "tears_together", "--csv", "-"),
    ("compare", "still_face", "--json"),
])
def test_json_and_csv_are_the_same_in_every_language(capsys, argv):
    outputs = {code: run_cli(capsys, *argv, "--lang", code)[1] for code in CODES}
    assert outputs["en"]
    assert all(out == outputs["en"] for out in outputs.values()), [c for c, o in outputs.items() if o != outputs["en"]]


def test_without_lang_the_systems_language_is_used(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    german = run_cli(capsys, "show", "still_face")[1]
    assert german == run_cli(capsys, "show", "still_face", "--lang", "de")[1]
    monkeypatch.delenv("LANG")
    english = run_cli(capsys, "show", "still_face")[1]
    assert english.splitlines()[-1] == CAVEAT
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # French does not ship: English
    assert run_cli(capsys, "show", "still_face")[1] == english
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # --lang wins over the system
    assert run_cli(capsys, "show", "still_face", "--lang", "en")[1] == english


def test_the_summary_table_is_headed_in_the_chosen_language(capsys):
    from sim.vocabulary import METRICS, TABLE_METRICS

    status, out, _err = run_cli(capsys, "run", "tears_together", "--lang", "zh")
    assert status == 0
    zh = lang("zh")
    for key in TABLE_METRICS:
        m = METRICS[key]
        label = zh.gettext(m.label)
        assert any(line.startswith(label) for line in out.splitlines()), label
    assert out.splitlines()[-1] == zh.gettext(CAVEAT)


OWN = '''title = "Two answers"
summary = "One baby, two caregivers."
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

[translations.de]
title = "Zwei Antworten"
summary = "Ein Baby, zwei Bezugspersonen."
expect_why = ["Ohne Antwort weint das Baby länger."]
labels = { Absent = "Abwesend" }
'''


def test_show_and_check_print_a_files_own_translation(capsys, tmp_path):
    """A file's [translations.de] is what `show` and `check` print under --lang de; English otherwise."""
    path = tmp_path / "own.toml"
    path.write_text(OWN, encoding="utf-8")
    _status, out, _err = run_cli(capsys, "show", str(path), "--lang", "de")
    lines = out.splitlines()
    assert lines[0] == "Zwei Antworten" and "Ein Baby, zwei Bezugspersonen." in lines
    assert "    Ohne Antwort weint das Baby länger." in lines
    assert any(line.startswith("  Abwesend: absent") for line in lines)
    _status, english, _err = run_cli(capsys, "show", str(path), "--lang", "en")
    assert english.splitlines()[0] == "Two answers" and "  Absent: absent" in english and "  Abwesend:" not in english
    status, out, _err = run_cli(capsys, "check", str(path), "--lang", "de")
    assert status == 0 and "         Ohne Antwort weint das Baby länger." in out.splitlines()
    _status, out, _err = run_cli(capsys, "check", str(path), "--lang", "es")
    assert "         Unanswered, the baby cries longer." in out.splitlines()


def test_a_percent_sign_in_a_translated_help_is_printed_as_it_is(capsys, monkeypatch):
    """argparse formats each help with %: a translation writing "50 %" must not break --help."""
    from sim.i18n import Lang

    real = Lang.gettext

    def with_percent(self, message, /, **values):
        text = real(self, message, **values)
        return text + " (100 %)" if message.startswith("language of the text printed") else text

    monkeypatch.setattr(Lang, "gettext", with_percent)
    status, out, _err = run_cli(capsys, "list", "--help")
    assert status == 0 and "(100 %)" in out and "%%" not in out
