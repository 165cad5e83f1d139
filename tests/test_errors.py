"""Errors a user can act on: one problem or several, each naming its key and what is allowed."""

import pytest

from sim.errors import MAX_COLLECTED, MAX_SHOWN, CoregError, Problems


def _problem(i: int) -> CoregError:
    return CoregError(f"infant.k{i}", "unknown key", "reactivity, age_months")


def test_one_problem_reads_as_one_line():
    """A single error is its own only problem: 'source: key: problem (allowed: ...)'."""
    err = CoregError("infant.reactivity", "9 is out of bounds", "a number from 0.3 to 3", "case.toml")
    assert err.problems == (err,) and err.lines() == [str(err)]
    assert str(err) == "case.toml: infant.reactivity: 9 is out of bounds (allowed: a number from 0.3 to 3)"


def test_several_problems_keep_each_and_the_first_leads():
    """CoregError.several holds every problem (flattening nested ones), is still a CoregError
    whose key is the first problem's, and one problem alone stays that problem."""
    inner = CoregError.several([_problem(1), _problem(2)])
    err = CoregError.several([_problem(0), inner])
    assert isinstance(err, CoregError) and isinstance(err, ValueError)
    assert [p.key for p in err.problems] == ["infant.k0", "infant.k1", "infant.k2"]
    assert err.key == "infant.k0" and str(err).splitlines() == err.lines()
    single = _problem(7)
    assert CoregError.several([single]) is single
    with pytest.raises(ValueError, match="at least one problem"):
        CoregError.several([])


def test_source_and_prefix_reach_every_problem():
    """with_source and with_prefix change each problem, not only the first."""
    err = CoregError.several([_problem(0), _problem(1)]).with_prefix("compare.2").with_source("case.toml")
    assert [(p.key, p.source) for p in err.problems] == [("compare.2.infant.k0", "case.toml"),
                                                        ("compare.2.infant.k1", "case.toml")]


def test_lines_are_capped_with_a_count_of_the_rest():
    """Over MAX_SHOWN problems: MAX_SHOWN lines, then one line saying how many more."""
    err = CoregError.several([_problem(i) for i in range(MAX_SHOWN + 3)]).with_source("case.toml")
    lines = err.lines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[-1] == "case.toml: 3 more problems not shown; fix these first"
    assert CoregError.several([_problem(i) for i in range(MAX_SHOWN + 1)]).lines()[-1].startswith("1 more problem ")


def test_problems_collects_independent_checks_and_raises_them_together():
    """attempt() records a check's CoregError and returns None (or the check's value);
    raise_any() raises all of them at once, and nothing when there were none."""
    problems = Problems()
    problems.raise_any()
    assert problems.attempt(lambda: 5) == 5
    assert problems.attempt(lambda: (_ for _ in ()).throw(_problem(1))) is None
    problems.add(_problem(2))
    with pytest.raises(CoregError) as info:
        problems.raise_any()
    assert [p.key for p in info.value.problems] == ["infant.k1", "infant.k2"]


def test_a_full_collector_stops_once_without_counting_twice():
    """At MAX_COLLECTED problems the collector raises them all, marked "at least"; the same
    error passing through an enclosing attempt() is not recorded again."""
    problems = Problems()

    def many():
        for i in range(MAX_COLLECTED * 2):
            problems.add(_problem(i))

    with pytest.raises(CoregError) as info:
        problems.attempt(many)
    assert len(info.value.problems) == MAX_COLLECTED == len(problems) and info.value.uncounted
    assert info.value.lines()[-1].startswith(f"at least {MAX_COLLECTED - MAX_SHOWN} more problems")


@pytest.mark.parametrize("breaker", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\x00"])
def test_a_line_break_in_the_users_text_keeps_one_problem_on_one_line(breaker):
    """A value from a file may hold any line break (hypothesis found U+0085 in a variant
    label, echoed in the 'allowed' list): each problem still prints as one line, the
    character written as its escape, and the rest of the text kept."""
    err = CoregError.several([CoregError("expect.2.variant", f"no variant labelled 'A{breaker}B'",
                                         f"{breaker} | Delayed"),
                              CoregError("label", "is empty", "a non-empty string")])
    lines = str(err).splitlines()
    assert len(lines) == 2, lines
    assert "Delayed" in lines[0] and ascii(breaker)[1:-1] in lines[0]
