"""The app's words about readings and hidden minutes: what they say is what the model does."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dashboards import text
from dashboards.nights_view import table_html
from dashboards.shell import nav_html, page_query
from sim.evidence import EVIDENCE
from sim.presets import bedtime
from sim.reach import REACH, beyond_measured
from sim.engine.simulate import simulate
from sim.vocabulary import DEFAULT_READING, READING, READINGS, REGIME_CODE

ABSENT_NIGHT = {"quiet_dysregulated_min": 71.9, "hidden_asleep_min": 67.6, "hidden_awake_min": 4.3}
#: Words that would turn a sleeping baby's slow load into a scene of distress.
ALARM = re.compile(r"panic|terrif|silent(ly)? (suffer|scream|distress)|given up|harm", re.IGNORECASE)


def test_hidden_words_give_both_parts_of_the_hidden_minutes_in_plain_words():
    """The hidden minutes come with their split: minutes asleep with the slow load still high (said to be
    a sleeping baby) and minutes awake, quiet and aroused; no alarming words."""
    words = text.hidden_words(ABSENT_NIGHT)
    assert "72 min" in words and "68 min asleep" in words and "4.3 min awake" in words
    assert "slow stress load was still high" in words and "a sleeping baby" in words
    assert "awake, quiet and still aroused" in words
    assert not ALARM.search(words)


def test_hidden_words_leave_out_a_part_that_is_zero_and_say_never_when_nothing_was_hidden():
    """A night with no hidden minutes says so; a part of zero minutes is not mentioned."""
    assert text.hidden_words({"quiet_dysregulated_min": 0.0}) == "The baby was never quiet but dysregulated."
    awake_only = text.hidden_words({"quiet_dysregulated_min": 3.0, "hidden_asleep_min": 0.0,
                                    "hidden_awake_min": 3.0})
    assert "asleep" not in awake_only and "3.0 min awake" in awake_only


def test_the_split_is_listed_right_after_the_hidden_minutes():
    """Any list of metrics with the hidden minutes gains its two parts right after them, once."""
    keys = ("crying_min", "quiet_dysregulated_min", "peak_load")
    assert text.with_hidden_split(keys) == ("crying_min", "quiet_dysregulated_min", *text.HIDDEN_SPLIT,
                                            "peak_load")
    assert text.with_hidden_split(text.with_hidden_split(keys)) == text.with_hidden_split(keys)
    assert text.with_hidden_split(("crying_min",)) == ("crying_min",)


def test_a_hidden_second_is_called_asleep_exactly_as_the_summary_counts_it():
    """Counting the absent night's hidden seconds with ``ASLEEP_AT`` gives the summary's own
    ``hidden_asleep_min``: the Quiet page's words and the tables agree."""
    night = simulate(bedtime("absent")).nights[0]
    hidden = night.regime[:-1] == REGIME_CODE["quiet_dysregulated"]
    asleep = night.column("asleep")[:-1] >= text.ASLEEP_AT
    assert np.sum(hidden & asleep) / 60.0 == pytest.approx(night.summary["hidden_asleep_min"], abs=1e-5)
    assert np.sum(hidden & ~asleep) / 60.0 == pytest.approx(night.summary["hidden_awake_min"], abs=1e-5)


def test_a_hidden_moment_is_named_by_sleep():
    """The cursor's words: asleep means a sleeping baby whose slow load is still high, awake means aroused."""
    assert "sleeping baby" in text.hidden_moment_words(text.ASLEEP_AT)
    assert "not a baby lying awake in distress" in text.hidden_moment_words(1.0)
    assert "awake" in text.hidden_moment_words(0.0) and "aroused" in text.hidden_moment_words(0.0)


@pytest.mark.parametrize("name", READINGS)
def test_each_reading_is_shown_with_its_label_and_the_registrys_evidence_status(name):
    """The switch and the note name the reading's label, its evidence key and that key's status and
    qualifier as the registry has them (E1 contested)."""
    ev = EVIDENCE[READING[name].evidence]
    assert text.reading_choice(name) == f"{READING[name].label} ({ev.status}, {ev.key})"
    note = text.reading_note_html(name)
    for part in (READING[name].label, ev.key, ev.status, text.escape(ev.qualifier)):
        assert part in note
    assert text.reading_choice("stress_stays").endswith("(contested, E1)")


def test_reach_words_say_where_the_seeds_reading_goes_beyond_what_was_measured():
    """Beyond night 3 the seeds' reading is called an extrapolation; within it, and for the trials'
    reading, it is not."""
    last = REACH["stress_stays"].last_measured_night
    assert last == 3
    assert "extrapolation" in text.reach_words("stress_stays", last + 1)
    assert f"After night {last}" in text.reach_words("stress_stays", 8)
    assert "extrapolation" not in text.reach_words("stress_stays", last)
    assert "extrapolation" not in text.reach_words("learns_to_settle", 14)
    assert [beyond_measured("stress_stays", n) for n in (3, 4)] == [False, True]


def test_the_table_marks_the_nights_beyond_what_was_measured():
    """Rows after night 3 of the seeds' reading say "beyond what was measured"; the trials' rows do not."""
    seeds = simulate(bedtime("absent", nights=5))
    trials = simulate(bedtime("absent", nights=5).with_values(reading="learns_to_settle"))
    rows = re.findall(r"<tr data-night='(\d)'[^>]*data-beyond='(\w+)'", table_html(seeds))
    assert rows == [("1", "false"), ("2", "false"), ("3", "false"), ("4", "true"), ("5", "true")]
    assert table_html(seeds).count("(beyond what was measured)") == 2
    assert "beyond what was measured" not in table_html(trials)


@pytest.mark.parametrize("policy", ["absent", "delayed", "responsive", "graduated"])
def test_on_a_single_night_both_readings_give_the_same_result(policy):
    """What the one-night pages say (``ONE_NIGHT``) holds: one bedtime under either reading has the same
    summary. If the model ever lets a reading act within a night, this fails and the note must change."""
    one = bedtime(policy)
    a, b = (simulate(one.with_values(reading=r)).nights[0].summary for r in READINGS)
    assert a == b


def test_links_carry_the_reading_and_projector_mode_only_when_not_the_default():
    """The navigation keeps the user's reading and projector mode from page to page."""
    other = next(r for r in READINGS if r != DEFAULT_READING)
    assert page_query(False) == ""
    assert page_query(True, other) == f"?projector=true&reading={other}"
    nav = nav_html("nights", False, other)
    assert f'href="./?reading={other}"' in nav and f'href="./quiet?reading={other}"' in nav
    assert "reading=" not in nav_html("nights", False, DEFAULT_READING)
