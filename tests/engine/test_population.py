"""A population is many single babies: same kernel, documented variety, one seed."""

import numba
import numpy as np
import pytest

from sim.engine import kernel as kn

from sim.engine.population import simulate_population
from sim.presets import bedtime, hungry_waking
from sim.engine.simulate import simulate
from sim.engine.summary import SUMMARY_KEYS


def test_identical_babies_match_the_single_baby_run():
    """With spread 0 every baby of the population equals the single-baby simulation
    (same parameters, same deterministic caregiver): identical reported summaries."""
    setup = hungry_waking("delayed", 60.0, response_probability=1.0)
    pop = simulate_population(setup, 20, spread=0.0)
    single = simulate(setup).nights[0].summary
    for row in pop.rows():
        row.pop("baby")
        assert row == single


def test_each_varied_baby_matches_its_own_single_run():
    """The vectorised population kernel (babies advanced together, SIMD lanes, a padded
    last block) computes exactly what the single-baby kernel computes for that baby:
    for a deterministic caregiver, every summary metric of babies in full and partial
    blocks equals the single run with that baby's parameters (to the 6 decimals a
    summary reports), and the population's traces (float32, every 10 s) are that run's
    crying, arousal and load."""
    setup = hungry_waking("delayed", 60.0, response_probability=1.0)
    n = kn.BLOCK + 5  # one full block and one padded block
    pop = simulate_population(setup, n)
    for b in (0, 7, kn.BLOCK - 1, kn.BLOCK, n - 1):
        baby = setup.with_values(infant={k: float(v[b]) for k, v in pop.infants.items()})
        single = simulate(baby).nights[0]
        expected = np.array([np.nan if single.summary[k] is None else single.summary[k]
                             for k in SUMMARY_KEYS])
        assert np.allclose(pop.summaries[0, b], expected, rtol=0, atol=1e-6, equal_nan=True), b
        every = int(pop.trace_t_s[1])
        for i, column in enumerate(("crying", "arousal", "load")):
            assert np.allclose(pop.traces[0, b, i], single.column(column)[::every], rtol=1e-6, atol=1e-7), (b, column)


def test_population_does_not_depend_on_the_number_of_threads():
    """Random draws come from a counter-based generator keyed by seed, night, baby and
    second, so one thread and two threads give bit-identical populations (inconsistent
    caregiver: every baby uses its draws)."""
    setup = hungry_waking("inconsistent", 60.0)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = simulate_population(setup, 40)
        numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
        two = simulate_population(setup, 40)
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(one.summaries, two.summaries, equal_nan=True)
    assert one.metric("crying_min").std() > 0.0


def test_counter_draws_are_uniform_and_uncorrelated():
    """The population's draws are uniform on [0, 1) (deciles within 1% of 10%) and
    neighbouring seconds and babies are uncorrelated (|r| < 0.01) over 360,000 draws."""
    draws = _draws(np.uint64(20261122), 100, 3600)
    deciles = np.histogram(draws, bins=10, range=(0.0, 1.0))[0] / draws.size
    assert draws.min() >= 0.0 and draws.max() < 1.0
    assert np.all(np.abs(deciles - 0.1) < 0.01)
    assert abs(np.corrcoef(draws[:, :-1].ravel(), draws[:, 1:].ravel())[0, 1]) < 0.01
    assert abs(np.corrcoef(draws[:-1].ravel(), draws[1:].ravel())[0, 1]) < 0.01


@numba.njit
def _draws(key, babies, steps):
    out = np.empty((babies, steps))
    for b in range(babies):
        for k in range(steps):
            out[b, k] = kn.uniform(key, b, k, 1)
    return out


def test_varied_babies_differ_within_declared_bounds_and_are_reproducible():
    """With the default spread, temperament varies (within declared bounds), outcomes
    vary, and the same seed gives the same population."""
    setup = hungry_waking("delayed", 60.0, response_probability=1.0)
    a = simulate_population(setup, 64)
    b = simulate_population(setup, 64)
    assert np.array_equal(a.summaries, b.summaries, equal_nan=True)
    assert a.infants["reactivity"].std() > 0.05
    assert 0.3 <= a.infants["reactivity"].min() and a.infants["reactivity"].max() <= 3.0
    assert a.metric("crying_min").std() > 0.0


def test_more_reactive_babies_cry_longer_under_delay():
    """Across a population under a 5-min delay, crying minutes rise with reactivity
    (positive rank correlation), as the temperament parameter means."""
    pop = simulate_population(hungry_waking("delayed", 60.0, response_probability=1.0), 200)
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
        simulate_population(hungry_waking(), 0)
