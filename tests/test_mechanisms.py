"""Each named mechanism matters: switching any one off breaks a claim or a mechanism test.

The mechanism tests below state what each assumption does on its own; the last test
proves, mechanism by mechanism, that the suite can fail.
"""

import dataclasses

import pytest

from claims import CLAIMS
from sim.params import CaregiverParams, Mechanisms, RunParams, ScriptedAction, Setup, Stressor
from sim.presets import BEDTIME_STRESSORS, hungry_night
from sim.simulate import simulate


def energy_tires_the_cry(mech: Mechanisms | None = None) -> tuple[bool, dict]:
    """With expectancy not gating crying, unanswered crying still weakens as energy runs
    out: crying at 40 min is at least 30% below crying at 5 min."""
    mech = mech or Mechanisms()
    mech = dataclasses.replace(mech, expectancy_gates_crying=False)
    nr = simulate(dataclasses.replace(hungry_night("absent", 60.0), mechanisms=mech)).nights[0]
    crying = nr.column("crying")
    early, late = float(crying[5 * 60]), float(crying[40 * 60])
    return late <= 0.7 * early, {"crying_5min": early, "crying_40min": late}


def alone_costs_more(mech: Mechanisms | None = None) -> tuple[bool, dict]:
    """Arousal with no one responding feeds the load more (E11): with a discomfort nothing
    resolves, an absent night's peak load is >= 1.3 x that of a night held throughout
    by a caregiver who misses every cue (contact 1, contingency 0), although the held
    baby is at least as aroused."""
    mech = mech or Mechanisms()
    held = CaregiverParams.for_policy("scripted", actions=(
        ScriptedAction(at_min=0.0, present=True, contact=1.0, contingency=0.0),))
    discomfort = (Stressor(kind="discomfort", onset_min=1.0, intensity=0.8, resolved_by="none"),)
    absent = dataclasses.replace(hungry_night("absent", 90.0), stressors=discomfort, mechanisms=mech)
    unattuned = dataclasses.replace(absent, caregiver=held)
    a, h = simulate(absent).nights[0], simulate(unattuned).nights[0]
    measured = {"absent_peak_load": a.summary["peak_load"], "held_unattuned_peak_load": h.summary["peak_load"],
                "absent_mean_arousal": a.summary["mean_arousal"], "held_mean_arousal": h.summary["mean_arousal"]}
    ok = (a.summary["peak_load"] >= 1.3 * h.summary["peak_load"]
          and h.summary["mean_arousal"] >= a.summary["mean_arousal"] - 0.05)
    return ok, measured


def supported_practice(mech: Mechanisms | None = None) -> tuple[bool, dict]:
    """A two-year-old over 10 bedtimes: self-soothing grows by >= 0.05 when a caregiver
    stays near without pushing (contact 0.3, attuned), more than when left alone or
    comforted by force (held, contingency 0.2)."""
    mech = mech or Mechanisms()

    def final_soothing(**caregiver: object) -> float:
        setup = Setup(run=RunParams(duration_min=60.0, nights=10), stressors=BEDTIME_STRESSORS,
                      caregiver=CaregiverParams.for_policy(**caregiver), mechanisms=mech)
        setup = setup.with_values(infant={"age_months": 24.0})
        return simulate(setup).nights[-1].carry_in.self_soothing

    start = 0.05
    near = final_soothing(policy="responsive", contact=0.3, contingency=0.9, response_probability=1.0)
    alone = final_soothing(policy="absent")
    forced = final_soothing(policy="responsive", contact=1.0, contingency=0.2, response_probability=1.0)
    measured = {"near_without_pushing": near, "left_alone": alone, "forced_comfort": forced}
    return near >= start + 0.05 and near > alone and near > forced, measured


MECHANISM_TESTS = {"energy_tires_the_cry": energy_tires_the_cry, "alone_costs_more": alone_costs_more,
                   "supported_practice": supported_practice}


def test_crying_energy_tires_the_cry():
    """Mechanism: crying energy depletes (see energy_tires_the_cry)."""
    ok, measured = energy_tires_the_cry()
    assert ok, measured


def test_being_alone_amplifies_the_load():
    """Mechanism: uncontrollability amplifies the load (see alone_costs_more)."""
    ok, measured = alone_costs_more()
    assert ok, measured


def test_supported_practice_builds_self_soothing():
    """Mechanism: self-soothing grows with supported practice (see supported_practice)."""
    ok, measured = supported_practice()
    assert ok, measured


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Mechanisms)])
def test_switching_a_mechanism_off_breaks_a_test(name):
    """Every mechanism is load-bearing: with it off, at least one claim or mechanism
    test fails (so none of these tests passes whatever the model does)."""
    mech = Mechanisms(**{name: False})
    checks = {**CLAIMS, **MECHANISM_TESTS}
    failing = [check for check, fn in checks.items() if not fn(mech)[0]]
    assert failing, f"switching {name} off broke no claim or mechanism test"
