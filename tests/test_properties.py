"""Properties over many parameter sets (hypothesis): ranges, reproducibility, the dose."""

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claims import latency_curve, unaided_stop_s
from helpers import random_setup
from sim import model as m
from sim.declare import declaration
from sim.params import InfantParams
from sim.presets import hungry_night
from sim.simulate import simulate

# derandomize: the same examples in every run, so CI is reproducible
PROPERTY = settings(deadline=None, max_examples=40, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
TAIL_MIN = 0.25


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1))
def test_states_stay_in_range_and_finite(seed):
    """For any parameters within their declared bounds (and any policy), every state
    stays finite and within its range: all in [0, 1] except the load's first stage,
    which is >= 0 (40 examples, 30-min nights)."""
    setup = random_setup(np.random.default_rng(seed))
    assume(setup is not None)
    record = simulate(setup).nights[0].record
    states = record[:, :m.NSTATE]
    assert np.all(np.isfinite(record))
    eps = 1e-9
    for i, name in enumerate(m.STATE_NAMES):
        assert states[:, i].min() >= -eps, name
        if name != "load_stage1":
            assert states[:, i].max() <= 1 + eps, name


@PROPERTY
@given(seed=st.integers(0, 2**32 - 1))
def test_same_seed_same_run(seed):
    """Randomness goes through the one seed: an inconsistent caregiver (random
    latencies and answers) gives identical runs for the same seed."""
    setup = hungry_night("inconsistent", 60.0).with_values(run={"seed": seed})
    a, b = simulate(setup), simulate(setup)
    assert np.array_equal(a.nights[0].record, b.nights[0].record)


def test_the_seed_matters():
    """Different seeds give different inconsistent caregivers (so the seed is used): the
    moment the caregiver first arrives differs between seeds."""
    arrivals = set()
    for seed in range(6):
        night = simulate(hungry_night("inconsistent", 60.0).with_values(run={"seed": seed})).nights[0]
        arrivals.add(int(np.argmax(night.column("presence") > 0.5)))
    assert len(arrivals) > 1


def _bounded(name, low_share=0.0, high_share=1.0):
    d = declaration(InfantParams, name)
    span = d.hi - d.lo
    return st.floats(d.lo + low_share * span, d.lo + high_share * span)


@settings(deadline=None, max_examples=15, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(reactivity=_bounded("reactivity", 0.1, 0.5), cry_arousal=_bounded("cry_arousal", 0.3, 0.6),
       energy=_bounded("energy_deplete_min", 0.0, 0.3), erode=_bounded("expectancy_erode_min", 0.0, 0.3),
       load_gain=_bounded("load_gain", 0.1, 0.6))
def test_a_longer_latency_never_lowers_the_cost(reactivity, cry_arousal, energy, erode, load_gain):
    """Claim 3 over random babies (15 examples): for latencies from 10 s up to the time
    crying stops unaided, a longer latency never lowers peak load, protest minutes or
    crying minutes.

    Explicit tolerance: TAIL_MIN (0.25 min) on crying and protest minutes. Hypothesis
    found corners (fastest exhaustion and erosion, low reactivity) where a caregiver who
    arrives seconds before crying would have stopped gets a short tail of crying in
    arms (the answer revives expectancy): 3-7 s more crying in total than the unanswered
    baby. A scan of 129 babies over the same box, corners included, found none. Peak
    load has no tolerance."""
    infant = {"reactivity": reactivity, "cry_arousal": cry_arousal, "energy_deplete_min": energy,
              "expectancy_erode_min": erode, "load_gain": load_gain}
    setup = hungry_night("absent", 120.0).with_values(infant=infant)
    r = simulate(setup)
    crying = np.flatnonzero(r.nights[0].column("crying") >= r.setup.regimes.crying)
    assume(crying.size > 0 and crying[-1] + 1 < r.nights[0].record.shape[0] - 1)
    stop = int(crying[-1]) + 1 - 60
    assume(stop > 10)
    rows = latency_curve(list(np.linspace(10.0, stop, 6)), infant=infant)
    for key, tol in (("crying_min", TAIL_MIN), ("protest_min", TAIL_MIN), ("peak_load", 1e-9)):
        values = [row[key] for row in rows]
        assert all(b >= a - tol for a, b in zip(values, values[1:])), (key, values)


def test_unaided_stop_is_measured_from_the_onset():
    """The dose range ends where crying stops with no one coming (~20 min after onset)."""
    assert 15 * 60 <= unaided_stop_s() <= 40 * 60
