"""Bad input raises one clear error naming the setting and what is allowed."""

import dataclasses
import math

import pytest

import sim
from sim.declare import declarations
from sim.errors import CoregError


@pytest.mark.parametrize("make, key", [
    (lambda: sim.InfantParams(reactivity=9.0), "infant.reactivity"),
    (lambda: sim.RunParams(duration_min=-5.0), "run.duration_min"),
    (lambda: sim.InfantParams(age_months=math.nan), "infant.age_months"),
    (lambda: sim.SleepParams(pressure_end=math.inf), "sleep.pressure_end"),
    (lambda: sim.RunParams(nights=2.5), "run.nights"),
    (lambda: sim.Stressor(intensity="high"), "stressor.intensity"),
    (lambda: sim.Mechanisms(energy_depletes=1), "mechanisms.energy_depletes"),
    (lambda: sim.CaregiverParams.for_policy("resposive"), "caregiver.policy"),
    (lambda: sim.CaregiverParams(latency_s=60.0, latency_max_s=10.0), "caregiver.latency_max_s"),
    (lambda: sim.Stressor(resolved_by="time"), "stressor.duration_min"),
])
def test_bad_values_name_the_setting_and_what_is_allowed(make, key):
    """Out of bounds, negative durations, NaN, infinity, wrong types, unknown policies
    and impossible pairs are refused with a CoregError naming the key and saying what
    is allowed."""
    with pytest.raises(CoregError) as err:
        make()
    assert err.value.key == key
    assert err.value.allowed
    assert key in str(err.value)


def test_unknown_policy_suggests_the_near_one():
    """A misspelt policy gets a "did you mean" suggestion."""
    with pytest.raises(CoregError, match="did you mean 'responsive'"):
        sim.CaregiverParams.for_policy("resposive")


def test_a_setting_faster_than_the_step_runs_with_sub_steps_instead_of_a_refusal():
    """Vagal withdrawal at its 3-s bound with fast recovery (a time constant under 3 s) used to be
    refused; it is inside the bounds, so it now runs, with the 1-s step split into sub-steps
    (the default baby keeps one), and its vagal tone stays finite and inside [0, 1]."""
    from sim.engine.pack import pack_params
    from sim.engine.layout import Param

    fast = sim.Setup(infant=sim.InfantParams(vagal_withdraw_s=3.0, vagal_recover_s=20.0))
    default = sim.Setup()
    n_fast = pack_params(fast, self_soothing=0.0, fatigue=0.0)[Param.SUBSTEPS]
    n_default = pack_params(default, self_soothing=0.0, fatigue=0.0)[Param.SUBSTEPS]
    assert n_default == 1 and n_fast > 1
    vagal = sim.simulate(fast).nights[0].column("vagal")
    assert all(0.0 <= v <= 1.0 for v in vagal)


def test_schedules_must_fit_and_not_overlap():
    """Schedule ranges beyond run.nights, or overlapping, are refused."""
    absent = sim.CaregiverParams.for_policy("absent")
    with pytest.raises(CoregError, match="beyond run.nights"):
        sim.Setup(run=sim.RunParams(nights=3),
                  schedule=(sim.ScheduleEntry(first_night=1, last_night=5, caregiver=absent),))
    with pytest.raises(CoregError, match="overlap"):
        sim.Setup(run=sim.RunParams(nights=5),
                  schedule=(sim.ScheduleEntry(first_night=1, last_night=3, caregiver=absent),
                            sim.ScheduleEntry(first_night=3, last_night=5, caregiver=absent)))


def test_a_fussing_floor_above_the_crying_threshold_is_a_baby_who_keeps_crying():
    """fuss_floor's whole declared range runs (a bound that cannot run is a bug): a floor
    above the crying threshold is no longer fussing but crying, so a baby left alone with
    no expectancy left keeps crying -- more crying minutes than with the default floor."""
    setup = sim.Setup(run=sim.RunParams(duration_min=60.0), caregiver=sim.CaregiverParams.for_policy("absent"),
                      infant=sim.InfantParams(expectancy_start=0.0))
    high = sim.simulate(setup.with_values(infant={"fuss_floor": 0.5})).night(1).summary
    low = sim.simulate(setup).night(1).summary
    assert high["crying_min"] > low["crying_min"] + 5.0, (high["crying_min"], low["crying_min"])


@pytest.mark.parametrize("cls", [sim.RunParams, sim.InfantParams, sim.SleepParams, sim.Regimes, sim.Mechanisms,
                                 sim.Stressor, sim.CaregiverParams])
def test_every_setting_is_declared_with_help_and_bounds(cls):
    """Parameters are declared once: every field has help text, every number has bounds
    containing its default (what validation and the app's widgets are built from)."""
    for d in declarations(cls):
        assert d.help, d.name
        if d.kind in ("float", "int", "float_list"):
            assert d.lo is not None and d.hi is not None and d.lo < d.hi, d.name
            if d.default is not None and d.kind != "float_list":
                assert d.lo <= d.default <= d.hi, d.name


def test_changing_a_policy_resets_its_own_keys():
    """Merging a caregiver table that changes the policy takes the new policy's defaults
    for policy keys (delayed waits 300 s) but keeps the caregiver's own stress."""
    base = sim.CaregiverParams.for_policy("responsive", latency_s=10.0, stress=0.4)
    merged = base.merged({"policy": "delayed"})
    assert merged.latency_s == 300.0 and merged.stress == 0.4
    assert base.latency_s == 10.0  # nothing mutated


def test_setups_are_immutable():
    """A setup is a frozen description: assigning to it fails."""
    setup = sim.Setup()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setup.run = sim.RunParams()  # type: ignore[misc]
