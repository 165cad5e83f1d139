"""Nights chain by the documented rules: what resets, what refills, what carries over."""

import math

from sim.engine.layout import State
from sim.engine.nights import FATIGUE_DAY_RECOVERY
from sim.params import CaregiverParams, ScheduleEntry
from sim.presets import bedtime
from sim.engine.simulate import simulate


def test_fast_states_reset_energy_refills_load_decays_expectancy_relaxes():
    """Between nights: arousal, crying, asleep reset; energy refills to 1; the load
    decays by 0.5^(gap/half-life); expectancy relaxes expectancy_relax of the way back."""
    setup = bedtime("absent", nights=2)
    r = simulate(setup)
    end, start = r.nights[0].record[-1], r.nights[1].record[0]
    inf = setup.infant
    assert start[State.ENERGY] == 1.0 and end[State.ENERGY] < 1.0
    assert start[State.CRYING] == 0.0 and start[State.ASLEEP] == 0.0
    gap_min = setup.run.gap_h * 60
    assert math.isclose(start[State.LOAD], end[State.LOAD] * 0.5 ** (gap_min / inf.load_halflife_min), rel_tol=1e-9)
    expected_x = end[State.EXPECTANCY] + inf.expectancy_relax * (inf.expectancy_start - end[State.EXPECTANCY])
    assert math.isclose(start[State.EXPECTANCY], expected_x, rel_tol=1e-9)


def test_load_carries_over_when_nights_are_close():
    """With a short gap (1 h) the next night starts with a load left from the last."""
    setup = bedtime("absent", nights=2).with_values(run={"gap_h": 1.0})
    r = simulate(setup)
    assert r.nights[1].record[0, State.LOAD] > 0.3 * r.nights[0].record[-1, State.LOAD]


def test_schedule_picks_each_nights_caregiver():
    """Nights 1-2 absent, then the base caregiver (responsive): the policy of each night
    follows the schedule, and the responsive nights have the caregiver present."""
    setup = bedtime("responsive", nights=4, response_probability=1.0)
    setup = setup.with_values(schedule=(ScheduleEntry(first_night=1, last_night=2,
                                                      caregiver=CaregiverParams.for_policy("absent")),))
    r = simulate(setup)
    assert [n.policy for n in r.nights] == ["absent", "absent", "responsive", "responsive"]
    assert r.nights[0].summary["caregiver_present_min"] == 0.0
    assert r.nights[2].summary["caregiver_present_min"] > 0.0


def test_caregiver_fatigue_accumulates_with_responding_and_recovers_by_day():
    """Fatigue grows with night-time responding and a share recovers by day: after a
    night with nothing to answer, carried-in fatigue falls by the day's recovery."""
    busy = simulate(bedtime("delayed", nights=3, response_probability=1.0))
    assert busy.nights[2].carry_in.fatigue > 0.0
    rested = simulate(bedtime("absent", nights=2).with_values(caregiver={"fatigue": 0.5}))
    assert math.isclose(rested.nights[1].carry_in.fatigue, 0.5 * (1 - FATIGUE_DAY_RECOVERY), rel_tol=1e-9)
