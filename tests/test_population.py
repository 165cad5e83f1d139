"""A population is many single babies: same kernel, documented variety, one seed."""

import numpy as np
import pytest

from sim.population import simulate_population
from sim.presets import bedtime, hungry_night
from sim.simulate import simulate
from sim.summary import SUMMARY_KEYS


def test_identical_babies_match_the_single_baby_run():
    """With spread 0 every baby of the population equals the single-baby simulation
    (same parameters, same deterministic caregiver): identical reported summaries."""
    setup = hungry_night("delayed", 60.0, response_probability=1.0)
    pop = simulate_population(setup, 20, spread=0.0)
    single = simulate(setup).nights[0].summary
    for row in pop.rows():
        row.pop("baby")
        assert row == single


def test_varied_babies_differ_within_declared_bounds_and_are_reproducible():
    """With the default spread, temperament varies (within declared bounds), outcomes
    vary, and the same seed gives the same population."""
    setup = hungry_night("delayed", 60.0, response_probability=1.0)
    a = simulate_population(setup, 64)
    b = simulate_population(setup, 64)
    assert np.array_equal(a.summaries, b.summaries, equal_nan=True)
    assert a.infants["reactivity"].std() > 0.05
    assert 0.3 <= a.infants["reactivity"].min() and a.infants["reactivity"].max() <= 3.0
    assert a.metric("crying_min").std() > 0.0


def test_more_reactive_babies_cry_longer_under_delay():
    """Across a population under a 5-min delay, crying minutes rise with reactivity
    (positive rank correlation), as the temperament parameter means."""
    pop = simulate_population(hungry_night("delayed", 60.0, response_probability=1.0), 200)
    order = np.argsort(pop.infants["reactivity"])
    ranks = np.empty(200)
    ranks[order] = np.arange(200)
    crying = pop.metric("crying_min")
    corr = np.corrcoef(ranks, np.argsort(np.argsort(crying)))[0, 1]
    assert corr > 0.3


def test_population_over_nights_and_percentiles():
    """A population runs over several nights; rows carry every summary key; percentile
    bands are ordered (10th <= 50th <= 90th)."""
    pop = simulate_population(bedtime("absent", nights=3), 30)
    rows = pop.rows(night=3)
    assert len(rows) == 30 and set(SUMMARY_KEYS) <= set(rows[0])
    p10, p50, p90 = pop.percentiles("load", night=3)
    assert np.all(p10 <= p50 + 1e-12) and np.all(p50 <= p90 + 1e-12)


def test_population_size_is_checked():
    """A population of 0 babies is refused with a clear message."""
    with pytest.raises(ValueError, match="population size"):
        simulate_population(hungry_night(), 0)
