"""Caregiver policies do what their documentation says, second by second."""

import numpy as np

from sim.engine.model import SIGNAL_VISIBLE
from sim.params import CaregiverParams, RunParams, ScriptedAction, Setup
from sim.presets import bedtime, hungry_waking
from sim.engine.simulate import simulate


def _presence(setup):
    return simulate(setup).nights[0].column("presence")


def test_responsive_comes_after_its_latency_and_leaves_when_settled():
    """A responsive caregiver (latency 30 s, probability 1) arrives 30 s after the first
    visible cue (fussing counts: respond_to_fussing is on by default), holds with contact
    1, and leaves once the feed is done and the baby has been calm for
    settled_before_leaving_min."""
    night = simulate(hungry_waking("responsive", 60.0, latency_s=30.0, response_probability=1.0)).nights[0]
    crying = night.column("crying") >= SIGNAL_VISIBLE
    first_cry = int(np.argmax(crying))
    arrival = int(np.argmax(night.column("presence") > 0.5))
    assert arrival - first_cry == 30
    assert night.column("contact")[arrival] == 1.0
    departure = arrival + int(np.argmax(night.column("presence")[arrival:] < 0.5))
    assert abs((departure - arrival) - (5 * 60 + 3 * 60)) <= 2  # a 5-min feed, 3 calm minutes (+-2 s grid)


def test_absent_never_comes():
    """No response at all until the night ends."""
    assert _presence(hungry_waking("absent", 60.0)).max() == 0.0


def test_graduated_checks_in_after_growing_waits_with_voice_and_pat():
    """Graduated: check-ins of 1 min with contact 0.4 (no pick-up), the first after
    2 min of crying, the next after longer waits."""
    night = simulate(bedtime("graduated")).nights[0]
    p = night.column("presence")
    starts = np.flatnonzero(np.diff(p) > 0.5) + 1
    assert len(starts) >= 2
    assert set(np.unique(night.column("contact")[p > 0.5])) == {0.4}
    lengths = [int(np.argmax(p[s:] < 0.5)) for s in starts[:2]]
    assert lengths == [60, 60]
    gaps = np.diff(starts)
    assert gaps[0] >= 4 * 60


def test_still_face_phases():
    """Still face: play (present, contingent), still face (present, contact 0,
    contingency 0) from 2 to 4 min, then reunion play."""
    night = simulate(Setup(run=RunParams(duration_min=6.0), stressors=(),
                           caregiver=CaregiverParams.for_policy("still_face"))).nights[0]
    c, p = night.column("contingency"), night.column("presence")
    assert np.all(p == 1.0)
    assert c[60] == 1.0 and c[180] == 0.0 and c[300] == 1.0


def test_scripted_follows_its_timeline():
    """Scripted: away until 2 min, held from 2 to 5 min, then away."""
    actions = (ScriptedAction(at_min=2.0, present=True, contact=1.0, contingency=0.9),
               ScriptedAction(at_min=5.0, present=False, contact=0.0, contingency=0.0))
    setup = hungry_waking("scripted", 10.0, actions=actions)
    p = _presence(setup)
    assert p[119] == 0.0 and p[120] == 1.0 and p[299] == 1.0 and p[300] == 0.0


def test_quick_repair_of_mismatches_keeps_the_baby_calmer_than_no_repair():
    """Rupture and repair (E9): with mismatches repaired within seconds the baby is
    calmer (mean arousal lower by > 0.1, vagal tone less withdrawn) than when mismatches go
    unrepaired, over five seeds."""
    def mean_of(repaired):
        rows = []
        for seed in range(1, 6):
            setup = Setup(run=RunParams(duration_min=30.0, seed=seed), stressors=(),
                          caregiver=CaregiverParams.for_policy("rupture_repair", repaired=repaired))
            s = simulate(setup).nights[0].summary
            rows.append((s["mean_arousal"], -s["min_vagal"]))
        return np.mean(rows, axis=0)

    repaired, unrepaired = mean_of(True), mean_of(False)
    assert repaired[0] + 0.1 < unrepaired[0]
    assert repaired[1] < unrepaired[1]


def test_calm_play_does_not_tire_the_caregiver():
    """Fatigue accumulates with night-time responding to distress, not with calm play:
    a week of still-face play sessions leaves the caregiver as rested as no sessions."""
    setup = Setup(run=RunParams(duration_min=6.0, nights=3), stressors=(),
                  caregiver=CaregiverParams.for_policy("still_face", still_min=0.1))
    assert simulate(setup).nights[-1].carry_in.fatigue == 0.0


def test_inconsistent_answers_only_some_cries():
    """Inconsistent (probability 0.4): over 20 seeds the caregiver sometimes answers
    within ten minutes and sometimes does not."""
    answered = 0
    for seed in range(20):
        p = _presence(hungry_waking("inconsistent", 30.0).with_values(run={"seed": seed}))
        answered += int(p[: 11 * 60].max() > 0.5)
    assert 0 < answered < 20
