"""Age shapes the baby (sim.engine.age): each rule goes the way the evidence gives (E12, E13, E16)."""

import numpy as np

from sim.engine import age
from sim.presets import bedtime
from sim.engine.simulate import simulate


def test_resting_heart_rate_falls_with_age():
    """About 150 bpm at birth, about 120 at one year, lower still at two and three."""
    rates = [age.resting_heart_rate(a) for a in (0, 6, 12, 24, 36)]
    assert rates[0] == 150.0 and rates[2] == 120.0
    assert all(b < a for a, b in zip(rates, rates[1:]))


def test_the_loads_answer_shrinks_with_age():
    """The same arousal feeds the load less at 12 and 24 months than at 2 (E16)."""
    factors = [age.load_factor(a) for a in (2, 6, 12, 24)]
    assert all(b < a for a, b in zip(factors, factors[1:]))
    assert factors[3] < 0.5 * factors[0]


def test_self_soothing_starts_higher_and_can_grow_further_with_age():
    """The typical starting capacity and its ceiling both rise with age (E13); without
    supported practice a baby of any age starts where a newborn does."""
    ages = np.array([0.0, 4.0, 12.0, 24.0, 36.0])
    start = [float(age.starting_self_soothing(a)) for a in ages]
    ceiling = [age.self_soothing_ceiling(a) for a in ages]
    assert all(b > a for a, b in zip(start, start[1:]))
    assert all(b > a for a, b in zip(ceiling, ceiling[1:]))
    assert all(s <= c for s, c in zip(start, ceiling))
    assert float(age.starting_self_soothing(24.0, practised=False)) == float(age.starting_self_soothing(0.0))


def test_moving_the_age_visibly_changes_a_night():
    """The same absent bedtime at 4 and at 24 months: the older baby's peak load is lower,
    its heart rate lower, and it starts with more self-soothing."""
    young = simulate(bedtime("absent").with_values(infant={"age_months": 4.0})).nights[0]
    older = simulate(bedtime("absent").with_values(infant={"age_months": 24.0})).nights[0]
    assert older.summary["peak_load"] < 0.8 * young.summary["peak_load"]
    assert older.column("heart_rate_bpm").mean() < young.column("heart_rate_bpm").mean() - 5
    assert older.carry_in.self_soothing > young.carry_in.self_soothing
