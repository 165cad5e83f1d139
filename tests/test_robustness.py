"""The lessons hold for babies, not for one parameter set (MODEL.md, "Robustness").

One report (sim.robustness, the same as ``coreg robustness``) is computed for the module:
every continuous infant setting one at a time x 0.75, 0.9, 1.1, 1.25, and 200 babies of the
documented population. Each claim must hold in >= 97% of the one-at-a-time cases and for
>= 90% of the babies (in its per-baby form). This is the slowest test of the suite (a few
minutes on two cores).
"""

import pytest

from sim import robustness as rb
from sim.claims import CLAIMS


@pytest.fixture(scope="module")
def report():
    return rb.run()


@pytest.mark.parametrize("claim", list(CLAIMS))
def test_each_claim_holds_one_setting_at_a_time(report, claim):
    """>= 97% of the one-at-a-time cases keep the claim (the failures are named)."""
    share = report.one_at_a_time[claim]
    assert share.cases >= 100
    assert share.share >= rb.TARGETS["one_at_a_time"], share.failed


@pytest.mark.parametrize("claim", list(CLAIMS))
def test_each_claim_holds_for_the_population(report, claim):
    """>= 90% of 200 babies keep the claim in its per-baby form (the failures are named)."""
    share = report.population[claim]
    assert share.cases == rb.POPULATION_SIZE
    assert share.share >= rb.TARGETS["population"], share.failed


def test_the_report_says_how_it_was_made(report):
    """The JSON form names the factors, the population's size and seed, each per-baby form
    that differs from the default one, and whether the targets are met."""
    data = report.as_json()
    assert data["one_at_a_time"]["factors"] == [0.75, 0.9, 1.1, 1.25]
    assert data["population"]["babies"] == 200 and "seed" in data["population"]
    assert set(data["population"]["per_baby_form"]) == {str(k) for k in rb.PER_BABY_FORM}
    assert data["meets_targets"] is True
    assert len(data["one_at_a_time"]["claims"]) == len(CLAIMS)


def test_age_is_exempt_only_from_its_own_claim():
    """Claim 12 is about age: it is not judged when age itself is varied; every other claim
    is judged in every case."""
    cases = dict(rb.one_at_a_time_cases())
    assert any(label.startswith("age_months") for label in cases)
    assert rb.ABOUT_SETTING == {12: "age_months"}


def test_the_shipped_report_is_what_the_model_gives_today(report):
    """The report the app's model page shows (sim/robustness_report.json, shipped with the
    package) has the same cases and shares as a fresh run: it is not stale."""
    shipped = rb.shipped()
    assert shipped is not None, "sim/robustness_report.json is missing: run `coreg robustness --json > ...`"
    fresh = report.as_json()
    for check in ("one_at_a_time", "population"):
        mine = {(r["claim"], r["cases"], r["held"]) for r in fresh[check]["claims"]}
        theirs = {(r["claim"], r["cases"], r["held"]) for r in shipped[check]["claims"]}
        assert mine == theirs, check
