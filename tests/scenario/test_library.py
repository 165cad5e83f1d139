"""The scenario library: every case loads, runs, and shows what it says it shows.

A model change that breaks a lesson fails here, with the measured numbers in the message.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from sim.evidence import least_certain, status_rank
from sim.scenario import check_expectations, library_dir, library_names, load_scenario, run_scenario
from sim.vocabulary import DEFAULT_READING, READINGS

ROOT = Path(__file__).resolve().parents[2]
#: Hashes of the seed texts' nine-word runs (made once from the seeds, which are not shipped).
SEED_GRAM_HASHES = Path(__file__).resolve().parents[1] / "data" / "seed_9gram_hashes.txt"
GRAM = 9

#: The sixteen cases issue 3 asks for, by file name.
REQUIRED = (
    "tears_together",          # tears together vs alone: attuned / delayed / absent
    "quiet_not_regulated",     # quiet is not regulated
    "caregiver_calms_first",   # the caregiver calms first
    "extinction_across_nights",
    "never_too_late",          # absent, then responsive
    "graduated_checkins",      # with the trial evidence
    "inconsistent_care",
    "still_face",
    "rupture_repair",          # repaired vs not
    "timing_matters",          # contingent vs replayed
    "falling_asleep",          # quiet and regulated
    "reactive_baby",
    "exhausted_caregiver",
    "quick_answers",           # the cross-cultural response-time pattern
    "supported_cry",
    "toddler_self_soothing",
)
NAMES = library_names()
#: Words that would blame a parent. Scenario text talks about what helps, never about fault.
SHAMING = re.compile(r"\b(bad (parent|mother|father|mum|mom|dad)s?|lazy|selfish|neglectful|your fault|"
                     r"ruin(ed|s)?|damaged for life|irreparabl[ey]|(?<!never )too late)\b", re.IGNORECASE)


def test_library_has_every_required_scenario():
    """The library holds at least the sixteen scenarios of issue 3."""
    assert len(NAMES) >= 16
    assert set(REQUIRED) <= set(NAMES), set(REQUIRED) - set(NAMES)


def test_library_ships_as_package_data():
    """scenarios/*.toml are package data, so `pip install .` finds the library too: the package is
    found for the wheel, its data files are included, and the library read is the imported
    package's, holding every case of the checkout (test_install.py checks the built wheel)."""
    import scenarios

    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "scenarios*" in setuptools["packages"]["find"]["include"]
    assert "**/*" in setuptools["package-data"]["*"]
    assert library_dir() == Path(scenarios.__file__).resolve().parent
    assert sorted(p.name for p in library_dir().glob("*.toml")) == sorted(
        p.name for p in (ROOT / "scenarios").glob("*.toml"))


def test_default_scenario_is_tears_together_with_attuned_delayed_absent():
    """The app's landing page and `coreg serve` open tears_together: one baby at bedtime (put
    down alone and tired, the documented bedtime), three caregivers following practices families use."""
    sc = load_scenario("tears_together")
    assert list(sc.setups()) == ["Attuned", "Delayed", "Absent"]
    policies = [s.caregiver.policy for s in sc.setups().values()]
    assert policies == ["responsive", "delayed", "absent"]
    assert len({s.stressors for s in sc.setups().values()}) == 1
    assert sorted(s.kind for s in sc.base.stressors) == ["alone", "tired"]


@pytest.mark.parametrize("name", NAMES)
def test_scenario_has_all_its_teaching_text(name):
    """Title, one-line summary, learning goal, instructor notes, at least two questions, evidence."""
    sc = load_scenario(name)
    assert sc.title and sc.summary and "\n" not in sc.summary.strip()
    assert len(sc.learning_goal) > 80 and len(sc.notes) > 300
    assert len(sc.questions) >= 2 and all(q.rstrip().endswith("?") for q in sc.questions)
    assert sc.evidence, "a library scenario names its evidence"


@pytest.mark.parametrize("name", NAMES)
def test_scenario_status_is_honest(name):
    """The status is no more certain than the least certain evidence key, and a contested
    scenario says 'contested' in its notes (every contested point is labelled where it appears)."""
    sc = load_scenario(name)
    assert status_rank(sc.status) >= status_rank(least_certain(sc.evidence))
    if sc.status == "contested":
        assert "contested" in sc.notes.lower()


@pytest.mark.parametrize("name", NAMES)
def test_scenario_states_a_comparison_tied_to_its_goal(name):
    """At least one [[expect]] compares two variants or two nights, and each says why."""
    sc = load_scenario(name)
    comparisons = [e for e in sc.expects
                   if (e.than_variant and e.than_variant != (e.variant or sc.label))
                   or (e.than_night is not None and e.than_night != e.night)]
    assert comparisons, "needs a comparison between variants or nights"
    assert all(e.why for e in sc.expects)


@pytest.mark.parametrize("name", NAMES)
def test_scenario_never_shames_a_parent(name):
    """No scenario text blames a parent."""
    sc = load_scenario(name)
    text = " ".join([sc.title, sc.summary, sc.learning_goal, sc.notes, *sc.questions,
                     *(e.why for e in sc.expects), *(s.text for s in sc.lessons)])
    assert not SHAMING.search(text), SHAMING.search(text).group(0)


#: Policies under which a baby put down at bedtime is left alone for part of the night.
LEAVES_ALONE = {"absent", "graduated", "inconsistent"}


def _bedtimes_across_nights(name: str) -> bool:
    """Whether a case runs bedtimes over several nights with the baby left alone in some of them:
    the nights where the two readings of the contested core can part."""
    for s in load_scenario(name).setups().values():
        policies = {s.caregiver.policy} | {e.caregiver.policy for e in s.schedule}
        if s.run.nights > 1 and any(x.kind == "alone" for x in s.stressors) and policies & LEAVES_ALONE:
            return True
    return False


ACROSS_NIGHTS = [name for name in NAMES if _bedtimes_across_nights(name)]


def test_the_cases_about_crying_across_nights_are_found():
    """The cases about crying across nights are the ones the reading checks below apply to."""
    assert {"extinction_across_nights", "never_too_late", "graduated_checkins", "inconsistent_care",
            "two_readings"} <= set(ACROSS_NIGHTS)


@pytest.mark.parametrize("name", ACROSS_NIGHTS)
def test_a_case_across_nights_names_its_reading_and_labels_both_sides(name):
    """Bedtimes across nights with a baby left alone: the file names the reading in force (the
    contested core is never a silent default), the notes name both readings so the instructor
    can switch, the behaviour is cited as E2 and the seeds' side as E1, contested."""
    data = tomllib.loads((library_dir() / f"{name}.toml").read_text(encoding="utf-8"))
    assert data.get("reading") in READINGS
    sc = load_scenario(name)
    notes = sc.notes.lower()
    assert "seeds'" in notes and "trials'" in notes
    assert "E2" in sc.evidence and "E2" in sc.notes
    assert "E1" in sc.notes and "contested" in notes


def test_a_library_case_walks_through_the_disagreement():
    """two_readings runs one plan (the same baby, caregiver and nights) in both readings, labels
    E1 as contested and E2 in its lesson steps, says where the measurements stop, and ends on
    repair."""
    sc = load_scenario("two_readings")
    setups = list(sc.setups().values())
    assert sorted(s.reading for s in setups) == sorted(READINGS)
    assert len({dataclasses.replace(s, reading=DEFAULT_READING) for s in setups}) == 1
    lessons = " ".join(step.text for step in sc.lessons)
    assert "E1, contested" in lessons and "E2" in lessons
    assert "measured" in lessons
    assert "repair" in sc.lessons[-1].text.lower()


def test_repair_is_part_of_the_story():
    """The repair scenario and the caregiver-fatigue scenario carry the no-shame, repair message."""
    for name in ("never_too_late", "rupture_repair", "exhausted_caregiver"):
        notes = load_scenario(name).notes.lower()
        assert "repair" in notes or "blame" in notes, name
    assert "E2" in load_scenario("graduated_checkins").evidence


@pytest.mark.parametrize("name", NAMES)
def test_scenario_runs_and_meets_its_expectations(name):
    """Every library scenario runs every variant and every [[expect]] holds (measured values
    are printed on failure)."""
    sc = load_scenario(name)
    results = run_scenario(sc)
    assert list(results) == list(sc.setups())
    checks = check_expectations(sc, results)
    failed = [f"{e.describe(sc.label)} -- measured {text}" for e, ok, text in checks if not ok]
    assert not failed, "\n".join(failed)


def gram_hashes(text: str) -> dict[str, str]:
    """Each run of nine consecutive words of ``text`` (lower case, punctuation dropped) by its hash:
    blake2b with a 6-byte digest of the words joined by single spaces (how the seed file was made)."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    grams = (" ".join(words[i:i + GRAM]) for i in range(len(words) - GRAM + 1))
    return {hashlib.blake2b(g.encode(), digest_size=6).hexdigest(): g for g in grams}


def _seed_hashes() -> set[str]:
    lines = SEED_GRAM_HASHES.read_text(encoding="ascii").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_the_seed_fingerprints_are_there_and_catch_a_copy():
    """The committed fingerprints hold thousands of hashes (no text), and the check flags a
    text that shares a nine-word run with a fingerprinted one, and only that."""
    seeds = _seed_hashes()
    assert len(seeds) > 10_000 and all(re.fullmatch(r"[0-9a-f]{12}", h) for h in seeds)
    original = "the caregiver comes back and the baby slowly settles in her arms again tonight"
    copied = gram_hashes(original)
    assert len(copied) == 6  # fourteen words make six nine-word runs
    fingerprinted = set(list(copied)[:1])
    assert set(gram_hashes("Tonight, " + original.upper() + "!")) & fingerprinted  # case and punctuation
    assert not set(gram_hashes("the caregiver comes back and the baby settles slowly")) & fingerprinted


@pytest.mark.parametrize("name", NAMES)
def test_scenario_text_is_in_its_own_words(name):
    """No scenario text, lesson steps and expectations included, repeats nine or more consecutive
    words of a seed text (checked against the seeds' fingerprints in tests/data, so the test
    needs nothing outside the project)."""
    sc = load_scenario(name)
    own = gram_hashes(" ".join([sc.summary, sc.learning_goal, sc.notes, *sc.questions,
                                *(s.text for s in sc.lessons), *(e.why for e in sc.expects)]))
    shared = [own[h] for h in set(own) & _seed_hashes()]
    assert not shared, shared[:2]
