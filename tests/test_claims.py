"""The twelve claims of MODEL.md, each a test named after it, on the default baby.

The claims themselves (setups, thresholds, what is measured) live in :mod:`sim.claims`,
where the robustness report uses them too. Each docstring quotes the values measured
on this model (``coreg robustness`` and these tests print them on failure); the
thresholds asserted are MODEL.md's. All runs are deterministic.
"""

import pytest

from sim import claims


@pytest.fixture(scope="module")
def case():
    """The default baby; runs shared between the claims are computed once."""
    return claims.Case()


def test_quiet_is_not_regulated(case):
    """Claim 1. Default bedtime, absent: crying stops between 15 and 60 min (measured
    18.5), the baby is then silent or asleep >= 80% of the rest (93%), and quiet but
    dysregulated >= 20 min (71)."""
    v = claims.quiet_is_not_regulated(case)
    assert v.holds, v.measured


def test_tears_together_tears_alone(case):
    """Claim 2. Bedtime, responsive: <= 1 min quiet-dysregulated (0) and peak load <= 0.25 x
    absent's (0.005). Hungry waking, responsive: >= 1 min releasing, crying in arms until fed
    (2.3 min), and peak load <= 0.25 x absent's (0.003)."""
    v = claims.tears_together(case)
    assert v.holds, v.measured


def test_latency_is_a_dose(case):
    """Claim 3. Hungry waking and bedtime: for latencies from 10 s to the unaided stop
    (about 17 and 19 min), crying, protest and peak load never fall as the wait grows
    (tolerance 15 s, the regimes' resolution; 0.1% of the load); absent has the highest
    peak load."""
    v = claims.latency_is_a_dose(case)
    assert v.holds, {k: x for k, x in v.measured.items() if not k.endswith("rows")}


def test_the_caregiver_calms_first(case):
    """Claim 4. Absent bedtime: the caregiver's arousal is halfway back to baseline within
    10 min of crying stopping (measured about 5 min) while the baby's load is >= 75% of its
    peak or still rising (86%, rising)."""
    v = claims.caregiver_calms_first(case)
    assert v.holds, v.measured


def test_extinction_of_crying_is_not_extinction_of_distress(case):
    """Claim 5. Absent bedtime, 5 nights: crying falls >= 50% (16.1 -> 6.6 min, 59%) while
    the peak load falls relatively by less than half as much (0.56 -> 0.59: not at all)."""
    v = claims.extinction_of_crying(case)
    assert v.holds, v.measured


def test_it_is_never_too_late(case):
    """Claim 6. Five absent bedtimes, then responsive: night 8's final expectancy >= 0.8 x
    an all-responsive run's (0.92 vs 0.93, ratio 0.99)."""
    v = claims.never_too_late(case)
    assert v.holds, v.measured


def test_still_face(case):
    """Claim 7. Play, still face, reunion (2 min each): arousal rises >= 0.15 above play
    (0.26); vagal tone falls by less than 60% (42%); no crying in the still face (<= 1 min);
    after the reunion vagal tone has recovered 30-90% of its dip (55%) and arousal is still
    >= 0.05 above play (0.10); peak load <= 0.1 x an absent bedtime's (0.001)."""
    v = claims.still_face(case)
    assert v.holds, v.measured


def test_quiet_can_be_regulated(case):
    """Claim 8. Hungry waking, fed in arms as sleep pressure rises: asleep at the end (1.0),
    ends settled, quiet but dysregulated < 0.1 min (0)."""
    v = claims.quiet_can_be_regulated(case)
    assert v.holds, v.measured


def test_co_regulation_needs_a_regulated_caregiver(case):
    """Claim 9. Hungry waking, same latency: a stressed (0.8) and a fatigued (0.8) caregiver
    take >= 20% longer to settle the baby (2.5 -> 3.25 and 3.3 min)."""
    v = claims.regulated_caregiver(case)
    assert v.holds, v.measured


def test_the_trials_side(case):
    """Claim 10. Graduated bedtime, 7 nights (E2): time to sleep <= 0.75 x night 1's (17.6 ->
    12.1 min), crying <= half (14.6 -> 0), peak load lower (0.36 -> 0.003), quiet but
    dysregulated not higher (39 -> 0)."""
    v = claims.trials_side(case)
    assert v.holds, v.measured


def test_attuned_care_is_stable(case):
    """Claim 11. 14 responsive bedtimes: final expectancy >= 0.7 every night (lowest 0.90);
    night 14's quiet-dysregulated, peak load and time to sleep no higher than night 1's
    (0 and 0; 0.003 and 0.003; 12.1 and 12.1 min)."""
    v = claims.attuned_care_is_stable(case)
    assert v.holds, v.measured


def test_age_shapes_the_baby(case):
    """Claim 12. A hungry waking answered after 5 min at 2, 6, 12 and 24 months: peak load
    never rises and is <= 0.7 x at 24 months what it is at 2 (0.28 -> 0.08); resting heart
    rate falls (145, 135, 120, 115); self-soothing at night 1 rises (0.05 -> 0.32)."""
    v = claims.age_shapes_the_baby(case)
    assert v.holds, v.measured


def test_every_claim_of_the_model_has_its_test():
    """The claims module and this file agree: twelve claims, each checked above."""
    tested = {name for name in globals() if name.startswith("test_")}
    assert len(claims.CLAIMS) == 12
    assert len(tested) - 1 == len(claims.CLAIMS)
