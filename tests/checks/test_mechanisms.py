"""Each named mechanism matters: switching any one off breaks at least one numbered claim.

The tests below also state what each assumption does on its own, so a reader sees the
mechanism at work and not only that some claim fails without it.
"""

import dataclasses

import pytest

from sim.checks import claims
from sim.params import CaregiverParams, Mechanisms, RunParams, ScriptedAction, Setup, Stressor
from sim.presets import BEDTIME_STRESSORS, bedtime, hungry_waking
from sim.engine.simulate import simulate
from sim.vocabulary import READINGS

#: The claims each mechanism carries in each reading, as the model page shows them.
CARRIES = claims.MECHANISM_CLAIMS


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Mechanisms)])
def test_switching_a_mechanism_off_breaks_the_claims_it_carries(name, reading):
    """Every mechanism is load-bearing: with it off (everything else at the defaults), the
    claims listed in CARRIES for this reading fail, and no other claim does."""
    verdicts = claims.check_all(mechanisms=Mechanisms(**{name: False}), reading=reading)
    broken = {n for n, v in verdicts.items() if not v.holds}
    assert broken == set(CARRIES[name][reading]), broken


def test_every_mechanism_is_listed_and_carries_a_claim():
    """CARRIES names every switch of [mechanisms], and each carries at least one claim in at
    least one reading (a new switch must carry a claim)."""
    assert set(CARRIES) == {f.name for f in dataclasses.fields(Mechanisms)}
    assert all(any(by_reading.values()) for by_reading in CARRIES.values())


def test_crying_energy_tires_the_cry():
    """Mechanism: crying energy depletes. With expectancy not gating crying, an unanswered
    hungry baby's crying still weakens as energy runs out: at 40 min at least 30% below its
    level at 5 min."""
    mech = Mechanisms(expectancy_gates_crying=False)
    nr = simulate(dataclasses.replace(hungry_waking("absent"), mechanisms=mech)).nights[0]
    crying = nr.column("crying")
    assert crying[40 * 60] <= 0.7 * crying[5 * 60], (crying[5 * 60], crying[40 * 60])


def test_being_alone_amplifies_the_load():
    """Mechanism: uncontrollability amplifies the load (E11). With a discomfort nothing
    resolves, an absent night's peak load is >= 1.5 x that of a night held throughout by a
    caregiver who misses every cue (contact 1, contingency 0), although the held baby is
    at least as aroused (within 0.05)."""
    held = CaregiverParams.for_policy("scripted", actions=(
        ScriptedAction(at_min=0.0, present=True, contact=1.0, contingency=0.0),))
    discomfort = (Stressor(kind="discomfort", onset_min=1.0, intensity=0.8, resolved_by="none"),)
    absent = dataclasses.replace(hungry_waking("absent", 90.0), stressors=discomfort)
    a = simulate(absent).nights[0].summary
    h = simulate(dataclasses.replace(absent, caregiver=held)).nights[0].summary
    assert a["peak_load"] >= 1.5 * h["peak_load"], (a["peak_load"], h["peak_load"])
    assert h["mean_arousal"] >= a["mean_arousal"] - 0.05


def test_supported_practice_builds_self_soothing():
    """Mechanism: self-soothing grows with supported practice (E13). A two-year-old over 10
    bedtimes: it grows when a caregiver stays near without picking up (contact 0.3,
    attuned), and more than when left alone or held by a caregiver who ignores its cues."""
    def final_soothing(**caregiver: object) -> float:
        setup = Setup(run=RunParams(duration_min=60.0, nights=10), stressors=BEDTIME_STRESSORS,
                      caregiver=CaregiverParams.for_policy(**caregiver))
        result = simulate(setup.with_values(infant={"age_months": 24.0}))
        return result.nights[-1].carry_in.self_soothing, result.nights[0].carry_in.self_soothing

    near, start = final_soothing(policy="responsive", contact=0.3, contingency=0.9, response_probability=1.0)
    alone, _ = final_soothing(policy="absent")
    forced, _ = final_soothing(policy="responsive", contact=1.0, contingency=0.2, response_probability=1.0)
    assert near >= start + 0.01, (start, near)
    assert near > alone and near > forced, (near, alone, forced)


def test_quiet_sleep_does_not_erode_expectancy():
    """Expectancy erodes with unanswered *signalling*, not with quiet: a baby with
    no need, left alone for a 12-hour night, keeps through its hours of silent sleep what it
    expected when it fell asleep (within 0.005). A smooth step with a long tail once eroded it
    from 0.8 to 0.18 over such a night."""
    setup = Setup(run=RunParams(duration_min=720), stressors=(),
                  caregiver=CaregiverParams.for_policy("absent"))
    nr = simulate(setup).nights[0]
    asleep = int(round(nr.summary["time_to_sleep_min"] * 60)) + 300
    expectancy = nr.column("expectancy")
    assert abs(expectancy[-1] - expectancy[asleep]) < 5e-3, (expectancy[asleep], expectancy[-1])


def test_a_calm_baby_alone_calls_for_company():
    """Mechanism: a baby alone and not distressed calls for company, whatever it expects. A
    baby of 8 months who no longer expects an answer (expectancy 0) and has stopped minding
    being put down (habituation 1) fusses visibly (signal >= 0.05) within five minutes of being
    put down, and a responsive caregiver comes; with the mechanism off it stays silent and no
    one comes."""
    base = dataclasses.replace(hungry_waking("responsive", 20.0), stressors=BEDTIME_STRESSORS)
    base = base.with_values(infant={"expectancy_start": 0.0, "habituation": 1.0}, caregiver={"response_probability": 1.0})
    calls = simulate(base).nights[0]
    silent = simulate(dataclasses.replace(base, mechanisms=Mechanisms(alone_baby_calls=False))).nights[0]
    assert calls.column("crying")[:300].max() >= 0.05 and calls.summary["caregiver_present_min"] > 0
    assert silent.column("crying")[:300].max() < 0.05 and silent.summary["caregiver_present_min"] == 0


def test_settling_is_learned():
    """Mechanism: falling asleep in the cot is learned. Seven absent bedtimes in the seeds'
    reading (where the distress of being put down barely habituates): night 7 falls asleep at
    least 3 min sooner than night 1 with the mechanism on, and not sooner with it off."""
    def sleeps(on: bool) -> tuple[float, float]:
        setup = dataclasses.replace(bedtime("absent", nights=7), reading="stress_stays",
                                    mechanisms=Mechanisms(settling_is_learned=on))
        r = simulate(setup)
        return r.nights[0].summary["time_to_sleep_min"], r.nights[-1].summary["time_to_sleep_min"]
    first, last = sleeps(True)
    assert last <= first - 3.0, (first, last)
    first, last = sleeps(False)
    assert last >= first, (first, last)
