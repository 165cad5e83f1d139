"""Scenario files: loading, validation at the edge, overrides, expectations, writing back.

Every problem in a scenario file must be one CoregError that names the file, the dotted
key and what is allowed -- never another exception. The hypothesis tests at the end feed
malformed and hostile input to the loader and to ``--set``.
"""

from __future__ import annotations

import copy
import math
import tomllib
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import tomli_w
from hostile import paths_into, plant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.declare import declarations
from sim.errors import MAX_COLLECTED, MAX_SHOWN, CoregError
from sim.scenario import (
    Expect,
    Scenario,
    apply_overrides,
    check_expectations,
    declaration_at,
    evaluate_expect,
    library_dir,
    library_names,
    load_scenario,
    load_scenario_text,
    override_values,
    parse_value,
    run_scenario,
    save_scenario,
    scenario_to_toml,
)
from sim.scenario.limits import UNTITLED, VARIANT_KEYS
from sim.vocabulary import DEFAULT_READING, POLICIES, READINGS, SUMMARY_KEYS

SAFETY_NET = "could not be read ("  # the loader's last-resort message: a bug if ever seen

MINIMAL = 'title = "A test case"\n'
TEARS = (library_dir() / "tears_together.toml").read_text(encoding="utf-8")


def load(text: str, source: str = "case.toml") -> Scenario:
    return load_scenario_text(text, source)


def error_of(text: str, source: str = "case.toml") -> CoregError:
    with pytest.raises(CoregError) as info:
        load(text, source)
    return info.value


# ---- loading ------------------------------------------------------------------------------------

def test_a_title_alone_is_a_valid_illustrative_scenario():
    """A title alone is a scenario; everything else takes documented defaults."""
    sc = load(MINIMAL)
    assert sc.title == "A test case" and sc.label == "Base" and sc.status == "illustrative"
    assert sc.base == sim.Setup() and sc.variants == () and sc.expects == ()
    assert sc.name == "case"


def test_a_caregiver_alone_is_a_scenario_titled_by_its_file():
    """A file holding only `[caregiver]` with `policy = "absent"` is valid; its title
    defaults to the file stem, and text read without a file name is "Untitled scenario"."""
    text = '[caregiver]\npolicy = "absent"\n'
    sc = load(text, "classes/left_alone.toml")
    assert sc.title == "left_alone" and sc.name == "left_alone" and sc.status == "illustrative"
    assert sc.base == sim.Setup(caregiver=sim.CaregiverParams.for_policy("absent"))
    assert load_scenario_text(text).title == UNTITLED == "Untitled scenario"
    assert load_scenario_text(text, "upload", name="mine").title == "mine"
    assert load(scenario_to_toml(sc)).title == "left_alone"  # written back with its title


def test_tears_together_has_base_first_then_variants():
    """setups() is label -> Setup with the base first, in file order."""
    sc = load_scenario("tears_together")
    assert list(sc.setups()) == ["Attuned", "Delayed", "Absent"]
    assert sc.setups()["Attuned"] is sc.base
    assert sc.setup_of("") is sc.base


def test_variant_caregiver_merges_over_the_base_and_a_new_policy_takes_its_defaults():
    """A [[compare]] caregiver table merges key by key; a changed policy resets policy keys."""
    sc = load(MINIMAL + """
[caregiver]
policy = "responsive"
latency_s = 20
stress = 0.4
[[compare]]
label = "Slower"
caregiver = { latency_s = 60 }
[[compare]]
label = "Delayed"
caregiver = { policy = "delayed" }
""")
    slower, delayed = (v.setup.caregiver for v in sc.variants)
    assert slower.policy == "responsive" and slower.latency_s == 60 and slower.stress == 0.4
    assert delayed.policy == "delayed" and delayed.latency_s == 300  # the policy's default
    assert delayed.stress == 0.4  # the caregiver's own state is kept


def test_schedule_entries_merge_over_their_variants_caregiver():
    """A [[schedule]] caregiver merges over the (variant's) caregiver; nights outside use [caregiver]."""
    sc = load(MINIMAL + """
[run]
nights = 4
[caregiver]
fatigue = 0.3
[[schedule]]
first_night = 1
last_night = 2
caregiver = { policy = "absent" }
[[compare]]
label = "Never absent"
schedule = []
""")
    assert sc.base.caregiver_for_night(1).policy == "absent"
    assert sc.base.caregiver_for_night(1).fatigue == 0.3
    assert sc.base.caregiver_for_night(3).policy == "responsive"
    assert sc.variants[0].setup.schedule == ()


def test_load_by_name_and_by_path_are_the_same_scenario(tmp_path):
    """A SCENARIO is a library name, or a path (with '/' or ending in .toml)."""
    by_name = load_scenario("tears_together")
    path = tmp_path / "tears_together.toml"
    path.write_text(TEARS, encoding="utf-8")
    by_path = load_scenario(str(path))
    assert by_path.setups() == by_name.setups() and by_path.expects == by_name.expects
    assert by_path.source == str(path)


def test_library_names_are_sorted_file_stems():
    """library_names() lists the stems of scenarios/*.toml, sorted, tears_together among them."""
    names = library_names()
    assert names == sorted(names) and "tears_together" in names
    assert all((library_dir() / f"{n}.toml").is_file() for n in names)


def test_unknown_library_name_suggests_the_closest():
    """A misspelt library name is a CoregError with a did-you-mean."""
    with pytest.raises(CoregError, match="did you mean 'tears_together'"):
        load_scenario("tears_togther")


@pytest.mark.parametrize("make, problem", [
    (lambda d: d / "missing.toml", "does not exist"),
    (lambda d: d, "is not a file"),
])
def test_unreadable_paths_are_clear_errors(tmp_path, make, problem):
    """A missing file or a folder is a CoregError naming the path, not an OSError."""
    with pytest.raises(CoregError, match=problem):
        load_scenario(str(make(tmp_path)) + ("" if problem == "does not exist" else "/"))


def test_non_utf8_file_is_a_clear_error(tmp_path):
    """A file that is not UTF-8 text is a CoregError, not a UnicodeDecodeError."""
    path = tmp_path / "latin.toml"
    path.write_bytes('title = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(CoregError, match="UTF-8"):
        load_scenario(str(path))


# ---- validation: one clear message naming file, key and what is allowed ------------------------

BAD_CASES = {
    "unknown key with suggestion": (MINIMAL + "[infant]\nreactivty = 2\n", "infant.reactivty",
                                    "did you mean 'reactivity'"),
    "unknown top-level key": (MINIMAL + "sumary = 'x'\n", "sumary", "did you mean 'summary'"),
    "wrong type": (MINIMAL + "[infant]\nreactivity = 'high'\n", "infant.reactivity", "expected a number"),
    "out of bounds": (MINIMAL + "[infant]\nreactivity = 9\n", "infant.reactivity", "out of bounds"),
    "NaN": (MINIMAL + "[infant]\nreactivity = nan\n", "infant.reactivity", "not a finite number"),
    "infinity": (MINIMAL + "[run]\nduration_min = -inf\n", "run.duration_min", "not a finite number"),
    "bool for number": (MINIMAL + "[run]\nnights = true\n", "run.nights", "expected a number"),
    "fraction for whole number": (MINIMAL + "[run]\nnights = 2.5\n", "run.nights", "whole number"),
    "huge integer": (MINIMAL + "[run]\nnights = 99999999999999999999999999999\n", "run.nights", "too large"),
    "huge float": (MINIMAL + "[run]\nseed = 1e300\n", "run.seed", "out of bounds"),
    "unknown policy": (MINIMAL + "[caregiver]\npolicy = 'absnet'\n", "caregiver.policy", "did you mean 'absent'"),
    "unknown stressor key": (MINIMAL + "[[stressors]]\nknd = 'hunger'\n", "stressors.1.knd", "did you mean 'kind'"),
    "stressors as a table": (MINIMAL + "[stressors]\nkind = 'hunger'\n", "stressors", "list of tables"),
    "time stressor without duration": (MINIMAL + "[[stressors]]\nresolved_by = 'time'\n",
                                       "stressors.1.duration_min", "required"),
    "custom stressor without label": (MINIMAL + "[[stressors]]\nkind = 'custom'\n", "stressors.1.label", "label"),
    "stressor after the night": (MINIMAL + "[run]\nduration_min = 10\n[[stressors]]\nonset_min = 30\n",
                                 "stressors.1.onset_min", "night"),
    "latency range reversed": (MINIMAL + "[caregiver]\nlatency_s = 60\nlatency_max_s = 10\n",
                               "caregiver.latency_max_s", "below latency_s"),
    "scripted without actions": (MINIMAL + "[caregiver]\npolicy = 'scripted'\n", "caregiver.actions",
                                 "at least one action"),
    "actions out of order": (MINIMAL + "[caregiver]\npolicy = 'scripted'\nactions = [{at_min = 5}, {at_min = 1}]\n",
                             "caregiver.actions", "time order"),
    "action after the night": (MINIMAL + "[run]\nduration_min = 5\n[caregiver]\npolicy = 'scripted'\n"
                               "actions = [{at_min = 9}]\n", "caregiver.actions.1.at_min", "night"),
    "still face longer than the night": (MINIMAL + "[run]\nduration_min = 3\n[caregiver]\npolicy = 'still_face'\n",
                                         "caregiver.still_min", "do not fit"),
    "a fussing floor beyond its bounds": (MINIMAL + "[infant]\nfuss_floor = 0.6\n", "infant.fuss_floor",
                                          "out of bounds"),
    "schedule beyond the nights": (MINIMAL + "[run]\nnights = 3\n[[schedule]]\nfirst_night = 2\nlast_night = 5\n"
                                   "caregiver = { policy = 'absent' }\n", "schedule", "beyond run.nights"),
    "overlapping schedule": (MINIMAL + "[run]\nnights = 6\n[[schedule]]\nfirst_night = 1\nlast_night = 3\n"
                             "caregiver = {policy = 'absent'}\n[[schedule]]\nfirst_night = 3\nlast_night = 6\n"
                             "caregiver = {policy = 'absent'}\n", "schedule", "overlap"),
    "schedule without caregiver": (MINIMAL + "[[schedule]]\nfirst_night = 1\nlast_night = 1\n",
                                   "schedule.1.caregiver", "required"),
    "duplicate label": (MINIMAL + "[[compare]]\nlabel = 'base'\n", "compare.1.label", "duplicate label"),
    "variant without label": (MINIMAL + "[[compare]]\ncaregiver = {policy = 'absent'}\n", "compare.1.label",
                              "needs a label"),
    "unknown variant key": (MINIMAL + "[[compare]]\nlabel = 'A'\nregimes = {crying = 0.3}\n",
                            "compare.1.regimes", "unknown key"),
    "bad value in a variant": (MINIMAL + "[[compare]]\nlabel = 'A'\ncaregiver = {latency_s = -5}\n",
                               "compare.1.caregiver.latency_s", "out of bounds"),
    "label with a newline": (MINIMAL + 'label = "two\\nlines"\n', "label", "control characters"),
    "expect names a missing variant": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '>'\n"
                                       "variant = 'Nobody'\nvalue = 1\n", "expect.1.variant", "no variant labelled"),
    "expect compares with a missing variant": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '>'\n"
                                               "than_variant = 'Nobody'\n", "expect.1.than_variant",
                                               "no variant labelled"),
    "expect with unknown metric": (MINIMAL + "[[expect]]\nmetric = 'crying_mins'\nop = '>'\nvalue = 1\n",
                                   "expect.1.metric", "did you mean 'crying_min'"),
    "expect with unknown op": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '=>'\nvalue = 1\n",
                               "expect.1.op", "unknown value"),
    "expect night beyond the run": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '>'\nvalue = 1\n"
                                    "night = 3\n", "expect.1.night", "runs 1 night"),
    "expect ~= without tol": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '~='\nvalue = 1\n",
                              "expect.1.tol", "tolerance"),
    "expect with nothing to compare": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '>'\n",
                                       "expect.1.value", "nothing to compare"),
    "expect with value and variant": (MINIMAL + "[[compare]]\nlabel = 'A'\n[[expect]]\nmetric = 'crying_min'\n"
                                      "op = '>'\nvalue = 1\nthan_variant = 'A'\n", "expect.1.value", "not both"),
    "expect compares with itself": (MINIMAL + "[[expect]]\nmetric = 'crying_min'\nop = '>'\n"
                                    "than_variant = 'Base'\n", "expect.1.than_variant", "with itself"),
    "lesson names a missing variant": (MINIMAL + "[[lesson]]\ntitle = 'Step'\ntext = 'x'\nvariant = 'Z'\n",
                                       "lesson.1.variant", "no variant labelled"),
    "unknown reading": (MINIMAL + "reading = 'stress_stay'\n", "reading", "did you mean 'stress_stays'"),
    "reading not a name": (MINIMAL + "reading = 2\n", "reading", "unknown value 2"),
    "unknown reading in a variant": (MINIMAL + "[[compare]]\nlabel = 'A'\nreading = 'trials'\n",
                                     "compare.1.reading", "unknown value 'trials'"),
    "unknown evidence key": (MINIMAL + "evidence = ['E99']\n", "evidence.1", "unknown evidence key"),
    "evidence key twice": (MINIMAL + "evidence = ['E2', 'E2']\n", "evidence.2", "twice"),
    "status beyond its evidence": (MINIMAL + "evidence = ['E1', 'E2']\nstatus = 'robust'\n", "status",
                                   "more certain than its evidence"),
    "status without evidence": (MINIMAL + "status = 'mixed'\n", "status", "illustrative"),
    "unknown status": (MINIMAL + "status = 'proven'\n", "status", "unknown status"),
    "empty title": ("title = '  '\n", "title", "empty"),
    "title not a string": ("title = 1979-05-27\n", "title", "expected a string"),
    "questions not a list": (MINIMAL + "questions = 'why?'\n", "questions", "list of strings"),
    "notes too long": (MINIMAL + "notes = '" + "a" * 20_001 + "'\n", "notes", "at most 20,000"),
    "title too long": ("title = '" + "t" * 300 + "'\n", "title", "at most 200"),
    "list too long": (MINIMAL + "questions = [" + "'q'," * 1001 + "]\n", "questions", "at most"),
    "deep nesting": (MINIMAL + "x = " + "[" * 40 + "]" * 40 + "\n", "x.1.1", "nested too deeply"),
    "TOML syntax": (MINIMAL + "[infant\n", "syntax", "not valid TOML"),
    "duplicate TOML key": (MINIMAL + "title = 'again'\n", "syntax", "not valid TOML"),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_invalid_scenario_is_one_clear_error_naming_file_key_and_allowed(case):
    """Each kind of mistake is a single CoregError: '<file>: <dotted key>: <problem> (allowed: ...)'."""
    text, key, problem = BAD_CASES[case]
    err = error_of(text, "scenarios/mine.toml")
    assert len(err.problems) == 1, err.lines()  # one mistake, one problem: nothing reported twice or made up
    message = str(err)
    assert message.startswith("scenarios/mine.toml: "), message
    assert err.source == "scenarios/mine.toml"
    assert err.key.startswith(key), (err.key, message)
    assert problem in message, message
    assert "(allowed: " in message and err.allowed, message
    assert SAFETY_NET not in message
    assert "\n" not in message.split("(allowed:")[0] or case == "TOML syntax"


def test_hostile_sizes_are_refused_cheaply():
    """A text over the size cap, very deep nesting (beyond the TOML parser's recursion) and
    very long keys are CoregErrors, never RecursionError or MemoryError."""
    with pytest.raises(CoregError, match="too long"):
        load("x = 1\n" * 200_000)
    err = error_of(MINIMAL + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert err.key in ("file", "syntax")
    err = error_of(MINIMAL + "[infant]\n" + "k" * 5000 + " = 1\n")
    assert len(str(err)) < 2000


# ---- texts and keys as messages show them ------------------------------------------------------------

#: Each one-line field (a heading, a name, one sentence), as a file sets it, and its dotted key.
ONE_LINE_FIELDS = {
    "title": ('title = "X{}"\n', "title"),
    "summary": (MINIMAL + 'summary = "X{}"\n', "summary"),
    "label": (MINIMAL + 'label = "X{}"\n', "label"),
    "variant label": (MINIMAL + '[[compare]]\nlabel = "X{}"\n', "compare.1.label"),
    "stressor label": (MINIMAL + '[[stressors]]\nkind = "custom"\nlabel = "X{}"\n', "stressors.1.label"),
    "lesson title": (MINIMAL + '[[lesson]]\ntitle = "X{}"\ntext = "t"\n', "lesson.1.title"),
    "expectation why": (MINIMAL + '[[expect]]\nmetric = "crying_min"\nop = ">"\nvalue = 1\nwhy = "X{}"\n',
                        "expect.1.why"),
}
#: A line break of each kind, the start of a terminal escape sequence, a tab, an invisible format character.
ODD = {"\\n": "U+000A", "\\u0085": "U+0085", "\\u2028": "U+2028", "\\u001b[31m": "U+001B", "\\t": "U+0009",
       "\\u202e": "U+202E"}


@pytest.mark.parametrize("escape", list(ODD), ids=list(ODD.values()))
@pytest.mark.parametrize("field", list(ONE_LINE_FIELDS), ids=list(ONE_LINE_FIELDS))
def test_a_one_line_field_refuses_line_breaks_and_control_characters_saying_which(field, escape):
    """A title, summary, label, stressor label, lesson title or expectation's why holding a line break,
    ESC, a tab or an invisible character is one problem naming the field, the character (its code
    point) and where it stands."""
    template, key = ONE_LINE_FIELDS[field]
    err = error_of(template.format(escape))
    assert [p.key for p in err.problems] == [key], err.lines()
    assert err.problem.startswith("holds ") and f"({ODD[escape]}" in err.problem and "at character 2" in err.problem
    assert "one line of text" in err.allowed and len(err.lines()) == 1


def test_longer_texts_keep_any_character_for_the_output_to_escape():
    """Notes, the learning goal, questions and a lesson step's text may hold any character (line
    breaks of every kind included): they are read as written, and escaped where they are shown."""
    odd = "a\\u2028b\\u0085c\\u001b[31md\\te\\nf"
    sc = load(MINIMAL + f'notes = "{odd}"\nlearning_goal = "{odd}"\nquestions = ["{odd}"]\n'
              f'[[lesson]]\ntitle = "Step"\ntext = "{odd}"\n')
    expected = "a\u2028b\x85c\x1b[31md\te\nf"
    assert sc.notes == sc.learning_goal == sc.questions[0] == sc.lessons[0].text == expected


def test_a_file_named_with_control_characters_gets_a_printable_default_title():
    """Without a title, a scenario takes its file's name, written printable (escaped), not refused."""
    sc = load_scenario_text("[run]\nnights = 1\n", "dir/x\x1b[31m.toml")
    assert sc.title == "x\\x1b[31m" and sc.title.isprintable()


@pytest.mark.parametrize("key, shown", [('""', 'caregiver."": unknown key'),
                                        ('"policy "', 'caregiver."policy ": unknown key'),
                                        ('" policy"', 'caregiver." policy": unknown key'),
                                        ('"a.b"', 'caregiver."a.b": unknown key')])
def test_an_empty_or_padded_key_is_quoted_so_it_shows(key, shown):
    """A key that is empty, padded with spaces or holds a dot is quoted as TOML writes it, so the
    message shows exactly which key is wrong (and what it might have meant)."""
    err = error_of(MINIMAL + f"[caregiver]\n{key} = 1\n")
    assert str(err).startswith(f"case.toml: {shown}"), str(err)


def test_an_unknown_key_among_many_names_gives_the_nearest_and_where_to_find_all():
    """An unknown key in a group of about thirty settings lists the nearest names and points to
    `coreg settings GROUP`, not every name; a short list (a variant's keys) is given in full."""
    err = error_of(MINIMAL + "[infant]\nreactivty = 2\n")
    assert err.allowed.startswith("reactivity") and "`coreg settings infant`" in err.allowed
    assert len(err.allowed) < 150, err.allowed
    err = error_of(MINIMAL + "[[stressors]]\nintensty = 2\n")
    assert "`coreg settings stressors`" not in err.allowed and "intensity" in err.allowed  # 7 names: all listed
    err = error_of(MINIMAL + "[[compare]]\nlabel = 'A'\nrn = {}\n")
    assert err.allowed == ", ".join(VARIANT_KEYS)


# ---- several mistakes: every one of them at once -----------------------------------------------------

SEVERAL = """\
title = "Several mistakes"
evidence = ["E2", "E99"]
[infant]
reactivty = 2
age_months = 40
[caregiver]
policy = "absnet"
[[stressors]]
intensity = "strong"
[[stressors]]
kind = "custom"
[[compare]]
label = "Late"
caregiver = { latency_s = "late", stres = 0.2 }
[[compare]]
caregiver = { policy = "absent" }
[[expect]]
metric = "cryin_min"
op = ">"
value = 1
[[lesson]]
title = ""
"""
#: The dotted key of each mistake in SEVERAL, in file order.
SEVERAL_KEYS = ["evidence.2", "infant.reactivty", "infant.age_months", "caregiver.policy",
                "stressors.1.intensity", "stressors.2.label", "compare.1.caregiver.latency_s",
                "compare.1.caregiver.stres", "compare.2.label", "expect.1.metric", "lesson.1.title"]


def test_every_mistake_of_a_file_is_reported_at_once():
    """A file with eleven independent mistakes (unknown keys, wrong types, values out of bounds,
    unknown names, a missing label, an empty title, in the base, its stressors, variants,
    expectations and lessons) raises one CoregError naming each of them, in file order, each
    with the file and what is allowed -- and nothing else."""
    err = error_of(SEVERAL, "several.toml")
    assert [p.key for p in err.problems] == SEVERAL_KEYS, err.lines()
    assert all(p.source == "several.toml" and p.allowed for p in err.problems)
    assert err.lines() == [str(p) for p in err.problems] == str(err).splitlines()
    assert err.key == "evidence.2" and err.source == "several.toml"  # the first, for code that reads one


def test_a_variant_over_a_broken_base_is_checked_key_by_key_without_made_up_problems():
    """When the base cannot be built, a variant's own wrong values are still named, but nothing
    that depends on the broken base is reported (its setup, its nights)."""
    err = error_of(MINIMAL + "[run]\nnights = 0\n[[compare]]\nlabel = 'A'\nrun = { nights = 2 }\n"
                   "caregiver = { contact = 2 }\n[[expect]]\nmetric = 'crying_min'\nop = '>'\n"
                   "variant = 'A'\nnight = 2\nvalue = 1\n")
    assert [p.key for p in err.problems] == ["run.nights", "compare.1.caregiver.contact"], err.lines()


def test_many_mistakes_are_capped_with_a_count_and_the_search_is_bounded():
    """Over 20 problems, lines() shows 20 and one line saying how many more; a hostile file with
    thousands of mistakes stops collecting at MAX_COLLECTED and says "at least"."""
    err = error_of(MINIMAL + "[infant]\n" + "".join(f"k{i} = 1\n" for i in range(30)), "many.toml")
    assert len(err.problems) == 30
    lines = err.lines()
    assert len(lines) == MAX_SHOWN + 1 and lines[-1] == "many.toml: 10 more problems not shown; fix these first"
    err = error_of(MINIMAL + "[infant]\n" + "".join(f"k{i} = 1\n" for i in range(5000)), "hostile.toml")
    assert len(err.problems) == MAX_COLLECTED
    assert err.lines()[-1].startswith(f"hostile.toml: at least {MAX_COLLECTED - MAX_SHOWN} more problems")


def test_problems_from_several_set_overrides_each_name_their_set():
    """Two bad --set values: one error, each problem told about the --set that caused it."""
    with pytest.raises(CoregError) as info:
        apply_overrides(load_scenario("tears_together"), ["infant.reactivity=9", "run.nights=0"])
    assert [(p.key, p.source) for p in info.value.problems] == [
        ("run.nights", "--set run.nights=0"), ("infant.reactivity", "--set infant.reactivity=9")]


def test_status_defaults_to_the_least_certain_evidence():
    """Without a status, a scenario takes its least certain evidence status."""
    assert load(MINIMAL + "evidence = ['E2', 'E9']\n").status == "mixed"
    assert load(MINIMAL + "evidence = ['E2']\nstatus = 'contested'\n").status == "contested"


# ---- the reading of the contested core ------------------------------------------------------------

TWO_READINGS = (MINIMAL + 'reading = "learns_to_settle"\n[caregiver]\npolicy = "absent"\n'
                '[[compare]]\nlabel = "Seeds"\nreading = "stress_stays"\n'
                '[[compare]]\nlabel = "Attuned"\ncaregiver = { policy = "responsive" }\n')


def test_reading_defaults_to_the_seeds_and_a_variant_inherits_or_overrides_it():
    """Without ``reading`` a scenario runs the default reading (the seeds'); a top-level ``reading``
    sets the base's, a [[compare]] variant without one inherits it, and one with its own keeps it."""
    assert load(MINIMAL).base.reading == DEFAULT_READING == "stress_stays"
    setups = load(TWO_READINGS).setups()
    assert {label: s.reading for label, s in setups.items()} == {
        "Base": "learns_to_settle", "Seeds": "stress_stays", "Attuned": "learns_to_settle"}


def test_reading_round_trips_through_save_and_load(tmp_path):
    """The base's reading and a variant's own reading are written back (the base's always, so a
    saved file says which reading it shows) and load to the same setups."""
    sc = load(TWO_READINGS)
    text = scenario_to_toml(sc)
    data = tomllib.loads(text)
    assert data["reading"] == "learns_to_settle" and data["compare"][0]["reading"] == "stress_stays"
    assert "reading" not in data["compare"][1]
    path = tmp_path / "saved.toml"
    save_scenario(sc, path)
    assert_same_scenario(sc, load_scenario(str(path)))
    assert tomllib.loads(scenario_to_toml(load(MINIMAL)))["reading"] == DEFAULT_READING


def test_an_unknown_reading_names_the_file_the_key_and_both_readings():
    """A mistyped reading is refused like every other key: the file, the key, a suggestion, and
    the readings allowed -- in the base and in a variant, both reported at once."""
    err = error_of(MINIMAL + 'reading = "learn_to_settle"\n[[compare]]\nlabel = "A"\nreading = "seeds"\n',
                   "mine.toml")
    assert [e.key for e in err.problems] == ["reading", "compare.1.reading"]
    assert all(e.allowed == " | ".join(READINGS) for e in err.problems)
    assert str(err).startswith("mine.toml: reading: unknown value 'learn_to_settle' (did you mean "
                               "'learns_to_settle'?)")


def test_set_reading_changes_the_base_and_the_variants_that_inherit_it():
    """--set reading=... changes the base's reading before variants merge: a variant without its own
    reading follows it, a variant with its own keeps it; compare.N.reading reaches one variant."""
    sc = apply_overrides(load(TWO_READINGS), ["reading=stress_stays"])
    assert {label: s.reading for label, s in sc.setups().items()} == {
        "Base": "stress_stays", "Seeds": "stress_stays", "Attuned": "stress_stays"}
    one = apply_overrides(load(TWO_READINGS), ["compare.1.reading=learns_to_settle"])
    assert one.setups()["Seeds"].reading == "learns_to_settle"
    assert one.with_base(one.base).setups() == one.setups()  # the variant's own reading survives a new base


# ---- expectations ---------------------------------------------------------------------------------

def fake_results(**by_label: list[dict]) -> dict:
    """label -> an object shaped like RunResult (.nights, .night(k).summary) from summaries."""
    out = {}
    for label, nights in by_label.items():
        ns = tuple(SimpleNamespace(night=i + 1, summary={k: None for k in SUMMARY_KEYS} | s)
                   for i, s in enumerate(nights))
        out[label] = SimpleNamespace(nights=ns, night=lambda k, ns=ns: ns[k - 1] if k > 0 else ns[k])
    return out


def test_expectation_compares_with_a_factor_of_another_variant():
    """'A > 2 x B' holds when A's metric exceeds twice B's, on the last night by default."""
    e = Expect(metric="crying_min", op=">", variant="A", than_variant="B", factor=2)
    ok, text = evaluate_expect(e, fake_results(A=[{"crying_min": 5.0}], B=[{"crying_min": 2.0}]))
    assert ok and "A night 1 crying_min = 5" in text
    ok, _ = evaluate_expect(e, fake_results(A=[{"crying_min": 3.9}], B=[{"crying_min": 2.0}]))
    assert not ok


def test_expectation_compares_nights_of_one_variant():
    """than_night compares a night with another night of the same variant."""
    e = Expect(metric="crying_min", op="<=", variant="A", night=3, than_night=1, factor=0.5)
    nights = [{"crying_min": 20.0}, {"crying_min": 15.0}, {"crying_min": 9.0}]
    assert evaluate_expect(e, fake_results(A=nights))[0]
    nights[2]["crying_min"] = 11.0
    assert not evaluate_expect(e, fake_results(A=nights))[0]


def test_expectation_can_compare_two_metrics():
    """than_metric compares one metric with another of the same run."""
    e = Expect(metric="final_load", op=">", than_metric="peak_load", factor=0.75)
    assert evaluate_expect(e, fake_results(Base=[{"final_load": 0.8, "peak_load": 1.0}]))[0]
    assert not evaluate_expect(e, fake_results(Base=[{"final_load": 0.7, "peak_load": 1.0}]))[0]


def test_never_counts_as_infinitely_long_for_time_metrics():
    """A 'time to ...' that never happened is longer than any number; other missing values fail."""
    e = Expect(metric="time_to_settle_min", op=">", variant="A", than_variant="B")
    ok, text = evaluate_expect(e, fake_results(A=[{"time_to_settle_min": None}], B=[{"time_to_settle_min": 3.0}]))
    assert ok and "never" in text
    e = Expect(metric="mean_bout_min", op=">", value=1.0)
    ok, text = evaluate_expect(e, fake_results(Base=[{"mean_bout_min": None}]))
    assert not ok and "does not exist" in text


def test_approximately_equal_uses_the_tolerance():
    """'~=' holds when |a - factor x b| <= tol."""
    e = Expect(metric="bouts", op="~=", variant="A", than_variant="B", tol=1)
    assert evaluate_expect(e, fake_results(A=[{"bouts": 4}], B=[{"bouts": 5}]))[0]
    assert not evaluate_expect(e, fake_results(A=[{"bouts": 3}], B=[{"bouts": 5}]))[0]


def test_expectation_about_a_variant_that_was_not_run_fails_with_a_reason():
    """check_expectations after a base-only run reports variants that were not run."""
    sc = load_scenario("tears_together")
    results = run_scenario(sc, only_base=True)
    assert list(results) == ["Attuned"]
    checks = check_expectations(sc, results)
    assert len(checks) == len(sc.expects)
    assert any(not ok and "was not run" in text for _, ok, text in checks)


def test_describe_reads_as_a_sentence():
    """An expectation describes itself in words, for `coreg show` and `coreg check`."""
    e = Expect(metric="peak_load", op=">", variant="Absent", than_variant="Attuned", factor=5)
    assert e.describe() == "Absent: peak_load (last night) > 5 x Attuned's peak_load (last night)"


# ---- --set overrides ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1.5", 1.5), ("2", 2), ("true", True), ("[2, 4, 6]", [2, 4, 6]), ('"absent"', "absent"),
    ("absent", "absent"), ("Hello there", "Hello there"), ("nan", None), ("1 = 2", "1 = 2"),
    ("1\nx = 2", "1\nx = 2"),
])
def test_set_values_parse_as_toml_or_fall_back_to_a_string(text, value):
    """--set values are TOML values when they parse as one, else the bare string."""
    parsed = parse_value(text)
    if value is None:
        assert isinstance(parsed, float) and math.isnan(parsed)
    else:
        assert parsed == value


def test_set_applies_dotted_keys_to_the_base_and_variants_merge_over_it():
    """--set changes the base; each variant is merged over the changed base."""
    sc = apply_overrides(load_scenario("tears_together"),
                         ["infant.reactivity=1.5", "stressors.1.intensity=0.5", "caregiver.latency_s=30"])
    for setup in sc.setups().values():
        assert setup.infant.reactivity == 1.5 and setup.stressors[0].intensity == 0.5
    assert sc.base.caregiver.latency_s == 30
    assert sc.setups()["Delayed"].caregiver.latency_s == 300  # the variant's own setting wins


def test_set_one_past_the_end_adds_a_list_item():
    """stressors.N+1.kind=... adds a stressor with defaults for the rest."""
    sc = apply_overrides(load_scenario("tears_together"), ["stressors.3.kind=discomfort"])
    assert [s.kind for s in sc.base.stressors] == ["alone", "tired", "discomfort"]


def test_set_policy_resets_the_policys_own_keys():
    """--set caregiver.policy=delayed gives delayed's documented latency unless latency is set too."""
    sc = load_scenario("tears_together")
    assert apply_overrides(sc, ["caregiver.policy=delayed"]).base.caregiver.latency_s == 300
    both = apply_overrides(sc, ["caregiver.policy=delayed", "caregiver.latency_s=120"])
    assert both.base.caregiver.latency_s == 120


def test_set_can_reach_a_variant():
    """compare.N.key=value changes one variant."""
    sc = apply_overrides(load_scenario("tears_together"), ["compare.1.caregiver.latency_s=120"])
    assert sc.setups()["Delayed"].caregiver.latency_s == 120
    assert sc.base.caregiver.latency_s == 10


def test_set_nights_drops_expectations_about_nights_that_no_longer_exist():
    """Fewer nights than an expectation names: that expectation is dropped, the rest stay."""
    sc = load_scenario("extinction_across_nights")
    fewer = apply_overrides(sc, ["run.nights=2"])
    assert fewer.base.run.nights == 2
    assert all(e.night is None or e.night <= 2 for e in fewer.expects)
    assert len(fewer.expects) < len(sc.expects)


@pytest.mark.parametrize("assignment, key, problem", [
    ("nokey", "--set", "expected key=value"),
    ("=1", "--set", "not a dotted key"),
    ("infant..reactivity=1", "--set", "not a dotted key"),
    ("infnt.reactivity=2", "infnt", "did you mean 'infant'"),
    ("infant.reactivty=2", "infant.reactivty", "did you mean 'reactivity'"),
    ("infant.reactivity=high", "infant.reactivity", "expected a number"),
    ("infant.reactivity=nan", "infant.reactivity", "not a finite number"),
    ("run.nights=1e999", "run.nights", "not a finite number"),
    ("run.nights=10000000000000000000000", "run.nights", "too large"),
    ("stressors.5.kind=hunger", "stressors.5.kind", "has 2 item"),
    ("stressors.x=1", "stressors.x", "name an item by its number"),
    ("infant.reactivity.x=1", "infant.reactivity", "expected a number"),
    ("title.x=1", "title.x", "title is a single value"),
    ("caregiver.policy=absnet", "caregiver.policy", "did you mean 'absent'"),
    ("evidence=[]", "status", "illustrative"),
    ("reading=learns_to_setle", "reading", "did you mean 'learns_to_settle'"),
])
def test_bad_set_values_are_clear_errors_naming_the_set(assignment, key, problem):
    """A bad --set is one CoregError that names the --set, the key and the problem."""
    with pytest.raises(CoregError) as info:
        apply_overrides(load_scenario("tears_together"), [assignment])
    err = info.value
    assert err.key.startswith(key), str(err)
    assert problem in str(err) and "--set" in str(err)
    assert SAFETY_NET not in str(err)


def test_override_values_takes_parsed_values():
    """override_values is --set with values already parsed (used by sweep)."""
    sc = override_values(load_scenario("tears_together"), {"infant.reactivity": 2.0, "run.seed": 7})
    assert sc.base.infant.reactivity == 2.0 and sc.base.run.seed == 7


def test_declaration_at_finds_the_declared_setting():
    """declaration_at maps a dotted base key to its declaration (bounds from the model)."""
    d = declaration_at("infant.reactivity")
    assert (d.lo, d.hi, d.kind) == (0.3, 3.0, "float")
    assert declaration_at("stressors.1.intensity").hi == 1.0
    assert declaration_at("run.nights").kind == "int"
    with pytest.raises(CoregError, match="did you mean"):
        declaration_at("infant.reactivty")


# ---- writing back ------------------------------------------------------------------------------------

def assert_same_scenario(a: Scenario, b: Scenario) -> None:
    assert a.setups() == b.setups()
    for name in ("title", "summary", "learning_goal", "notes", "questions", "evidence", "status",
                 "label", "expects", "lessons"):
        assert getattr(a, name) == getattr(b, name), name


@pytest.mark.parametrize("name", library_names())
def test_every_library_scenario_survives_toml_round_trip(name):
    """scenario_to_toml -> load gives the same setups, texts, expectations and lessons."""
    sc = load_scenario(name)
    text = scenario_to_toml(sc)
    assert_same_scenario(sc, load(text, f"{name}.toml"))


def test_saved_scenario_runs_to_identical_results(tmp_path):
    """save -> load -> run gives bit-identical records and summaries for every variant."""
    sc = apply_overrides(load_scenario("tears_together"), ["infant.reactivity=1.7", "run.seed=5"])
    path = tmp_path / "out" / "saved.toml"
    save_scenario(sc, path)
    again = load_scenario(str(path))
    first, second = run_scenario(sc), run_scenario(again)
    assert list(first) == list(second)
    for label in first:
        for n1, n2 in zip(first[label].nights, second[label].nights):
            assert n1.summary == n2.summary
            np.testing.assert_array_equal(n1.record, n2.record)


def test_from_setup_builds_a_scenario_that_saves_and_loads():
    """Scenario.from_setup wraps the app's current setup; it round-trips through TOML."""
    setup = sim.Setup(run=sim.RunParams(duration_min=45, nights=3, seed=9),
                      infant=sim.InfantParams(reactivity=1.8, age_months=9),
                      caregiver=sim.CaregiverParams.for_policy("inconsistent", stress=0.3),
                      stressors=(sim.Stressor(kind="discomfort", onset_min=2, intensity=0.5, resolved_by="time",
                                              duration_min=10),),
                      schedule=(sim.ScheduleEntry(first_night=2, last_night=2,
                                                  caregiver=sim.CaregiverParams.for_policy("absent", stress=0.3)),),
                      mechanisms=sim.Mechanisms(energy_depletes=False))
    sc = Scenario.from_setup(setup, title="From the app")
    assert sc.name == "from_the_app" and sc.status == "illustrative" and sc.setups() == {"Base": setup}
    assert load(scenario_to_toml(sc)).base == setup


def test_with_base_merges_variants_over_the_new_base():
    """with_base swaps the base and rebuilds every variant from its overrides."""
    sc = load_scenario("tears_together")
    new = sc.with_base(sc.base.with_values(infant={"reactivity": 2.0}))
    assert all(s.infant.reactivity == 2.0 for s in new.setups().values())
    assert new.setups()["Absent"].caregiver.policy == "absent"


def test_default_lesson_steps_are_goal_notes_and_questions():
    """Without [[lesson]], the steps are the learning goal, the notes, then each question."""
    sc = load(MINIMAL + "learning_goal = 'see it'\nnotes = 'say it'\nquestions = ['why?', 'how?']\n")
    steps = sc.lesson_steps()
    assert [s.text for s in steps] == ["see it", "say it", "why?", "how?"]
    explicit = load_scenario("tears_together")
    assert explicit.lesson_steps() == explicit.lessons and explicit.lessons[1].variant == "Absent"


# ---- property tests: random valid setups round-trip ----------------------------------------------------

def _value(draw, decl):
    if decl.kind == "bool":
        return draw(st.booleans())
    if decl.kind == "choice":
        return draw(st.sampled_from(decl.choices))
    if decl.kind == "int":
        return draw(st.integers(int(decl.lo), int(min(decl.hi, 50))))
    if decl.kind == "float_list":
        return tuple(draw(st.lists(st.floats(decl.lo, decl.hi), min_size=1, max_size=4)))
    if decl.kind == "text":
        return draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
    return draw(st.floats(decl.lo, decl.hi, allow_nan=False))


@st.composite
def setups(draw):
    def group(cls, skip=()):
        chosen = {}
        for decl in declarations(cls):
            if decl.name not in skip and draw(st.booleans()):
                chosen[decl.name] = _value(draw, decl)
        return chosen

    run = sim.RunParams(**{**group(sim.RunParams, skip=("output_step_s",)),
                           "duration_min": draw(st.floats(5, 60)), "nights": draw(st.integers(1, 3))})
    policy = draw(st.sampled_from(POLICIES))
    given = group(sim.CaregiverParams, skip=("policy", "latency_max_s", "play_min", "still_min", "reunion_min"))
    if policy == "scripted":
        given["actions"] = (sim.ScriptedAction(at_min=0.0, contact=draw(st.floats(0, 1))),)
    caregiver = sim.CaregiverParams.for_policy(policy, **given)
    stressors = tuple(sim.Stressor(kind=k, onset_min=draw(st.floats(0, 4)), intensity=draw(st.floats(0, 1)),
                                   resolved_by="care", label="x" if k == "custom" else "")
                      for k in draw(st.lists(st.sampled_from(("hunger", "alone", "custom")), max_size=3)))
    return sim.Setup(reading=draw(st.sampled_from(READINGS)),
                     run=run, infant=sim.InfantParams(**group(sim.InfantParams, skip=("fuss_floor",))),
                     sleep=sim.SleepParams(**group(sim.SleepParams)), caregiver=caregiver, stressors=stressors,
                     regimes=sim.Regimes(**{**group(sim.Regimes), "crying": 0.2}),
                     mechanisms=sim.Mechanisms(**group(sim.Mechanisms)))


ROUND_TRIP_EXAMPLES = 60


@settings(max_examples=ROUND_TRIP_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_valid_setup_round_trips_through_a_scenario_file(data):
    """For random valid setups (every declared field drawn within its bounds, and the reading),
    from_setup -> TOML -> load gives back an equal Setup (60 examples)."""
    try:
        setup = data.draw(setups())
    except CoregError:
        return  # the model itself refused this combination (e.g. step stability)
    sc = Scenario.from_setup(setup, title="Round trip")
    assert load(scenario_to_toml(sc)).base == setup


# ---- hypothesis fuzzing: malformed and hostile input ----------------------------------------------------

HOSTILE_VALUES = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 0, -1, 2**63, True, False]),
    st.text(max_size=30),
    st.just("x" * 30_000),
    st.lists(st.integers(-5, 5), max_size=5),
    st.recursive(st.integers(0, 3), lambda inner: st.lists(inner, max_size=2), max_leaves=40),
    st.dictionaries(st.text(max_size=8), st.integers(-3, 3), max_size=3),
)
KEYS = st.one_of(st.sampled_from(["title", "status", "label", "evidence", "questions", "run", "infant",
                                  "caregiver", "stressors", "compare", "expect", "lesson", "schedule",
                                  "duration_min", "nights", "policy", "latency_s", "metric", "op", "variant",
                                  "than_variant", "night", "factor", "tol", "kind", "onset_min"]),
                 st.text(min_size=1, max_size=12))


def assert_valid_or_clear_error(text: str) -> None:
    try:
        sc = load(text, "fuzz.toml")
    except CoregError as e:
        message = str(e)
        assert message.startswith("fuzz.toml: "), message
        assert SAFETY_NET not in message, message
        assert len(message) < 3000
    else:
        assert isinstance(sc, Scenario)


MUTATION_EXAMPLES = 300
TEXT_EXAMPLES = 200
SET_EXAMPLES = 200
TEARS_DATA = tomllib.loads(TEARS)


@settings(max_examples=MUTATION_EXAMPLES, deadline=None)
@given(st.data())
def test_fuzz_hostile_values_anywhere_in_a_real_scenario(data):
    """A real scenario with a hostile value planted at a random place (huge numbers, NaN,
    infinity, wrong types, 30k-character strings, nested lists, unknown keys) loads or is a
    clear CoregError naming the file (300 examples)."""
    doc = copy.deepcopy(TEARS_DATA)
    path = data.draw(st.sampled_from(list(paths_into(doc))))
    value = data.draw(HOSTILE_VALUES)
    new_key = data.draw(st.one_of(st.none(), KEYS))
    plant(doc, path, value, new_key)
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):
        return  # not expressible as TOML (e.g. a bare value at the top)
    assert_valid_or_clear_error(text)


TOML_PIECES = st.sampled_from([
    "title = 'x'\n", "[run]\n", "[infant]\n", "[caregiver]\n", "[[stressors]]\n", "[[compare]]\n",
    "[[expect]]\n", "label = 'A'\n", "nights = 3\n", "duration_min = 1e400\n", "reactivity = nan\n",
    "policy = 'absent'\n", "metric = 'crying_min'\n", "op = '>'\n", "value = 1\n", "than_variant = 'A'\n",
    "kind = 'custom'\n", "x = [[[[1]]]]\n", "= 1\n", "[\n", "'''\n", "a.b.c = 1\n", "status = 'robust'\n",
    "evidence = ['E1']\n", "caregiver = { policy = 'scripted' }\n", "nights = -1\n", "seed = 1e19\n",
    "question = 'q'\n", "night = 400\n",
])


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(st.one_of(st.lists(TOML_PIECES, max_size=12).map("".join), st.text(max_size=200)))
def test_fuzz_malformed_toml_text(text):
    """Random TOML-ish fragments and random text load or give a clear CoregError (200 examples)."""
    assert_valid_or_clear_error(text)


SET_KEYS = st.one_of(
    st.sampled_from(["infant.reactivity", "run.nights", "run.seed", "caregiver.policy", "caregiver.latency_s",
                     "stressors.1.intensity", "stressors.2.kind", "stressors.9.kind", "compare.1.label",
                     "compare.3.caregiver.policy", "expect.1.metric", "title", "label", "evidence.1",
                     "caregiver.checkin_intervals_min", "sleep.ramp_min", "infant", "caregiver.actions.1.at_min"]),
    st.lists(st.text(min_size=0, max_size=6), min_size=1, max_size=4).map(".".join),
)
SET_VALUES = st.one_of(
    st.sampled_from(["1.5", "0", "-3", "nan", "inf", "1e999", "true", "[1,2]", "{a=1}", "absent", "'quoted'",
                     '"E99"', "[[[[[[1]]]]]]", "99999999999999999999999", "", "=", "x" * 5000]),
    st.text(max_size=20),
)


@settings(max_examples=SET_EXAMPLES, deadline=None)
@given(st.lists(st.tuples(SET_KEYS, SET_VALUES).map(lambda kv: f"{kv[0]}={kv[1]}"), min_size=1, max_size=3))
def test_fuzz_set_overrides(assignments):
    """Random --set keys and values give a valid scenario or a clear CoregError (200 examples)."""
    base = load_scenario("tears_together")
    try:
        sc = apply_overrides(base, assignments)
    except CoregError as e:
        assert SAFETY_NET not in str(e) and "--set" in str(e), str(e)
    else:
        assert isinstance(sc, Scenario)
        assert_same_scenario(sc, load(scenario_to_toml(sc)))


# ---- the documented example ------------------------------------------------------------------------

def _documented_toml_blocks() -> list[str]:
    """The ```toml blocks of the README's scenario section."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = text.find("## Scenario files")
    assert start >= 0, "README has no scenario section"
    section = text[start:text.find("\n## ", start + 5)]
    blocks = section.split("```toml\n")[1:]
    assert blocks, "README's scenario section has no complete example"
    return [b.split("```", 1)[0] for b in blocks]


def test_documented_complete_example_loads_runs_and_holds():
    """The README's complete example is a valid scenario whose expectations hold."""
    example = _documented_toml_blocks()[0]
    sc = load(example, "README example")
    assert len(sc.variants) >= 2 and sc.expects and sc.lessons
    for _, ok, text in check_expectations(sc, run_scenario(sc)):
        assert ok, text


def test_documented_snippets_are_valid_settings():
    """Every smaller TOML snippet of the README's scenario section loads on top of a title."""
    for snippet in _documented_toml_blocks()[1:]:
        load(MINIMAL + snippet, "README snippet")
