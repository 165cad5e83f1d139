"""Named building blocks the claims, the library and the app share.

A **bedtime** is a night that starts with the baby put down alone under rising sleep
pressure: an ``alone`` stressor (0.6, lasts the night, acts while the caregiver is
away) and tiredness (0.2, resolved by five minutes of sleep), 90 minutes, sleep
pressure ramping from 0.3 to 0.9 over 45 minutes (the defaults of ``[sleep]``).

A **hungry waking** is a night waking with one need: hunger of 0.8 from minute 1,
resolved only by five minutes of being held (a feed), eased as the feed goes on.
"""

from __future__ import annotations

from sim.params import CaregiverParams, RunParams, Setup, Stressor

BEDTIME_STRESSORS = (
    Stressor(kind="alone", onset_min=0.0, intensity=0.6, resolved_by="none"),
    Stressor(kind="tired", onset_min=0.0, intensity=0.2, resolved_by="sleep"),
)
HUNGER = (Stressor(kind="hunger", onset_min=1.0, intensity=0.8, resolved_by="care", care_min=5.0),)
BEDTIME_MIN = 90.0


def bedtime(policy: str = "responsive", nights: int = 1, **caregiver: object) -> Setup:
    """The documented default bedtime under ``policy``."""
    return Setup(run=RunParams(duration_min=BEDTIME_MIN, nights=nights),
                 caregiver=CaregiverParams.for_policy(policy, **caregiver),
                 stressors=BEDTIME_STRESSORS)


def hungry_waking(policy: str = "responsive", duration_min: float = 60.0, **caregiver: object) -> Setup:
    """A night waking: hunger from minute 1 that only a feed in arms (5 minutes) resolves,
    sleep pressure ramping as at bedtime. Leaving a hungry baby unfed is not a practice
    anyone recommends: the absent caregiver here is a contrast, not an option."""
    return Setup(run=RunParams(duration_min=duration_min),
                 caregiver=CaregiverParams.for_policy(policy, **caregiver),
                 stressors=HUNGER)
