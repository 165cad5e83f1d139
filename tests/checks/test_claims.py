"""The fifteen claims of the model, each a test named after it, on the default baby, in
both readings of the contested core (``stress_stays``, the seeds'; ``learns_to_settle``,
the trials').

The claims themselves (setups, thresholds, what is measured) live in :mod:`sim.checks.claims`,
where the robustness report uses them too. A claim that names a reading is checked in
that reading's form; every other claim must hold in both. Each docstring quotes the values
measured on this model (the same in both readings unless it says otherwise; the tests
print them on failure); the thresholds asserted are the model's. All runs are deterministic.
"""

import pytest

from sim.checks import claims
from sim.vocabulary import READINGS


@pytest.fixture(scope="module", params=READINGS)
def case(request):
    """The default baby in one reading; runs shared between the claims are computed once."""
    return claims.Case(reading=request.param)


def test_quiet_is_not_regulated(case):
    """Claim 1. Default bedtime, absent: crying stops between 15 and 60 min (measured
    18.1), the baby is then silent or asleep >= 80% of the rest (96%), and quiet but
    dysregulated >= 20 min (93)."""
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
    (about 17 and 18 min), crying, protest and peak load never fall as the wait grows
    (tolerance 15 s, the regimes' resolution; 0.1% of the load); absent has the highest
    peak load."""
    v = claims.latency_is_a_dose(case)
    assert v.holds, {k: x for k, x in v.measured.items() if not k.endswith("rows")}


def test_the_caregiver_calms_first(case):
    """Claim 4. Absent bedtime: the caregiver's arousal is halfway back to baseline within
    10 min of crying stopping (measured 5.3 min) while the baby's load is >= 75% of its
    peak or still rising (87%, rising)."""
    v = claims.caregiver_calms_first(case)
    assert v.holds, v.measured


def test_extinction_of_crying_is_not_extinction_of_distress(case):
    """Claim 5, per reading. Absent bedtimes. The seeds' reading (E1, contested): night 3's
    crying <= 50% of night 1's (16.3 -> 0 min) while night 3's peak load is >= 80% of night
    1's (0.56 -> 0.51, 92%). The trials' reading: the load falls with the crying, night 7's
    peak load <= 50% of night 1's (0.56 -> 0.003)."""
    v = claims.extinction_of_crying(case)
    assert v.holds, v.measured


def test_it_is_never_too_late(case):
    """Claim 6. Five absent bedtimes, then responsive: night 8's final expectancy >= 0.8 x
    an all-responsive run's (0.97 vs 0.999 in the seeds' reading, 0.96 in the trials')."""
    v = claims.never_too_late(case)
    assert v.holds, v.measured


def test_still_face(case):
    """Claim 7. Play, still face, reunion (2 min each): arousal rises >= 0.15 above play
    (0.26); vagal tone falls by less than 60% (41%); no crying in the still face (<= 1 min);
    after the reunion vagal tone has recovered 30-90% of its dip (58%) and arousal is still
    >= 0.05 above play (0.08); peak load <= 0.1 x an absent bedtime's (0.002) and no higher
    than when the caregiver leaves the room for those two minutes instead (0.001 vs 0.008)."""
    v = claims.still_face(case)
    assert v.holds, v.measured


def test_quiet_can_be_regulated(case):
    """Claim 8. Hungry waking, fed in arms as sleep pressure rises: asleep at the end (1.0),
    ends settled, quiet but dysregulated < 0.1 min (0)."""
    v = claims.quiet_can_be_regulated(case)
    assert v.holds, v.measured


def test_coregulation_needs_a_regulated_caregiver(case):
    """Claim 9. Hungry waking, same latency: a stressed and a fatigued caregiver each take
    >= 20% longer to settle the baby than a calm, rested one (3.2 and 3.3 min vs 2.5)."""
    v = claims.regulated_caregiver(case)
    assert v.holds, v.measured


def test_the_trials_side(case):
    """Claim 10. Graduated check-ins over 7 bedtimes (E2): time to sleep 16.8 -> 8.7 min
    (<= 0.75 x), crying 14.6 -> 0 (<= half), peak load 0.37 -> 0.003 (lower), quiet but
    dysregulated 44 -> 0 (not higher)."""
    v = claims.trials_side(case)
    assert v.holds, v.measured


def test_attuned_care_is_stable(case):
    """Claim 11. 14 responsive bedtimes: expectancy stays >= 0.7 every night (lowest 0.98);
    night 14's quiet-dysregulated minutes, peak load and time to sleep are no higher than
    night 1's (0 vs 0; 0.0026 vs 0.0026; 12.1 vs 12.1 min)."""
    v = claims.attuned_care_is_stable(case)
    assert v.holds, v.measured


def test_age_shapes_the_baby(case):
    """Claim 12. The same hungry waking answered after 5 min at 2, 6, 12 and 24 months: the
    peak load never rises with age (0.27, 0.21, 0.14, 0.08; at 24 months <= 0.7 x at 2), the
    resting heart rate falls (145 -> 115 bpm) and night-1 self-soothing rises
    (0.05 -> 0.32)."""
    v = claims.age_shapes_the_baby(case)
    assert v.holds, v.measured


def test_extinction_works_as_behaviour(case):
    """Claim 13, every reading (E2, robust). Seven absent bedtimes: night 7's crying <= 35%
    of night 1's (16.3 -> 0 min) and night 7 falls asleep sooner (22.4 -> 13.1 min in the
    seeds' reading, -> 8.5 in the trials')."""
    v = claims.extinction_works_as_behaviour(case)
    assert v.holds, v.measured


def test_no_harm_that_grows(case):
    """Claim 14, every reading. Thirty absent bedtimes: from night 3 on, neither the peak load
    nor the hidden minutes rise above night 3's (seeds' reading: 0.51 and 98 min on night 3,
    0.32 and 30 min by night 30; trials': 0.39 and 64 min, then 0.003 and 0). In the trials'
    reading night 30's peak load is <= 25% of night 1's (0.5%)."""
    v = claims.no_harm_that_grows(case)
    assert v.holds, v.measured


def test_contact_reduces_crying_it_does_not_erase_it(case):
    """Claim 15 (E3, E17). A colicky evening: carried throughout, the baby cries 21 min
    against 39 when answered after a minute (54%: within 25-75%), and its peak load is no
    higher (0.03 vs 0.16)."""
    v = claims.contact_reduces_crying(case)
    assert v.holds, v.measured


def test_every_claim_of_the_model_has_its_test():
    """The claims module and this file agree: fifteen claims, each checked above (in both
    readings, through the ``case`` fixture)."""
    tested = {name for name in globals() if name.startswith("test_")}
    assert len(claims.CLAIMS) == 15
    for _, fn in claims.CLAIMS.values():
        assert any(fn.__name__ in globals()[name].__code__.co_names for name in tested), fn.__name__
