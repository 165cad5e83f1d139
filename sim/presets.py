"""Named building blocks the claims, the library and the app share.

A **bedtime** is a night that starts with the baby put down alone under rising sleep
pressure: an ``alone`` stressor (0.6, lasts the night, acts while the caregiver is
away) and tiredness (0.2, resolved by five minutes of sleep), two hours, sleep
pressure ramping from 0.3 to 0.9 over 45 minutes (the defaults of ``[sleep]``).

A **hungry waking** is a night waking with one need: hunger of 0.8 from minute 1,
resolved only by five minutes of being held (a feed), eased as the feed goes on.

The **repair** is five absent bedtimes, then attuned ones; the **still-face session** and the
**colicky evening** are described where they are built.
"""

from __future__ import annotations

from sim.params import CaregiverParams, RunParams, ScheduleEntry, ScriptedAction, Setup, SleepParams, Stressor

BEDTIME_STRESSORS = (
    Stressor(kind="alone", onset_min=0.0, intensity=0.6, resolved_by="none"),
    Stressor(kind="tired", onset_min=0.0, intensity=0.2, resolved_by="sleep"),
)
HUNGER = (Stressor(kind="hunger", onset_min=1.0, intensity=0.8, resolved_by="care", care_min=5.0),)
BEDTIME_MIN = 120.0
#: A colicky evening: a low-grade discomfort all evening (soothable: in arms it stays below
#: crying), four unsoothable spasms (they pass with time, not with care) and, whenever the
#: baby is not held, being put down alone.
COLIC_SPASMS_MIN = (10.0, 35.0, 60.0, 85.0)
COLIC_SPASM_LENGTH_MIN = 5.0
COLIC_SPASM = 0.9
COLIC_FUSSINESS = 0.35
EVENING_MIN = 105.0


def bedtime(policy: str = "responsive", nights: int = 1, **caregiver: object) -> Setup:
    """The documented default bedtime under ``policy``."""
    return Setup(run=RunParams(duration_min=BEDTIME_MIN, nights=nights),
                 caregiver=CaregiverParams.for_policy(policy, **caregiver),
                 stressors=BEDTIME_STRESSORS)


#: How many absent bedtimes the documented repair starts with.
REPAIR_ABSENT_NIGHTS = 5


def repair(nights: int = 8, absent_nights: int = REPAIR_ABSENT_NIGHTS) -> Setup:
    """``absent_nights`` absent bedtimes, then an attuned caregiver who answers every signal
    (it is never too late)."""
    answering = CaregiverParams.for_policy("responsive", response_probability=1.0)
    schedule = (ScheduleEntry(first_night=1, last_night=absent_nights, caregiver=CaregiverParams.for_policy("absent")),)
    return Setup(run=RunParams(duration_min=BEDTIME_MIN, nights=nights), caregiver=answering,
                 stressors=BEDTIME_STRESSORS, schedule=schedule)


def hungry_waking(policy: str = "responsive", duration_min: float = 60.0, **caregiver: object) -> Setup:
    """A night waking: hunger from minute 1 that only a feed in arms (5 minutes) resolves,
    sleep pressure ramping as at bedtime. Leaving a hungry baby unfed is not a practice
    anyone recommends: the absent caregiver here is a contrast, not an option."""
    return Setup(run=RunParams(duration_min=duration_min),
                 caregiver=CaregiverParams.for_policy(policy, **caregiver),
                 stressors=HUNGER)


#: A still-face session runs on after the reunion (play goes on) until the load has peaked.
SESSION_MIN = 40.0
#: Being left alone in the middle of play, awake and engaged (at bedtime, a drowsy baby minds less).
LEFT_IN_PLAY = Stressor(kind="alone", onset_min=0.0, intensity=1.0, resolved_by="none")


def still_face_session(separation: bool = False) -> Setup:
    """Play, still face, reunion, two minutes each, with no other need (E7); play goes on
    after the reunion until the slow load has peaked (:data:`SESSION_MIN`). With
    ``separation``, the caregiver leaves the room for the middle two minutes instead of
    holding a still face. Both carry the same ``alone`` stressor (:data:`LEFT_IN_PLAY`),
    which acts only while the caregiver is away: inert under the still face."""
    alone = (LEFT_IN_PLAY,)
    if not separation:
        return Setup(run=RunParams(duration_min=SESSION_MIN), stressors=alone,
                     caregiver=CaregiverParams.for_policy("still_face"))
    play = CaregiverParams.for_policy("still_face")
    actions = (ScriptedAction(at_min=0.0, present=True, contact=play.contact, contingency=play.contingency),
               ScriptedAction(at_min=play.play_min, present=False, contact=0.0, contingency=0.0),
               ScriptedAction(at_min=play.play_min + play.still_min, present=True, contact=play.contact,
                              contingency=play.contingency))
    return Setup(run=RunParams(duration_min=SESSION_MIN), stressors=alone,
                 caregiver=CaregiverParams.for_policy("scripted", actions=actions))


def colicky_evening(policy: str = "responsive", **caregiver: object) -> Setup:
    """An evening of colic (E3, E17), awake (sleep pressure low): a low-grade discomfort all
    evening, four unsoothable spasms (:data:`COLIC_SPASM`, five minutes each) that pass with
    time, not with care, and being put down alone whenever the baby is not held.
    ``policy="carried"`` is the caregiver who holds the baby throughout (supplemental
    carrying); any other policy is built with ``caregiver``'s settings."""
    stressors = tuple(Stressor(kind="discomfort", onset_min=t, intensity=COLIC_SPASM, resolved_by="time",
                               duration_min=COLIC_SPASM_LENGTH_MIN) for t in COLIC_SPASMS_MIN)
    stressors += (Stressor(kind="discomfort", onset_min=0.0, intensity=COLIC_FUSSINESS, resolved_by="none"),
                  BEDTIME_STRESSORS[0])
    if policy == "carried":
        cg = CaregiverParams.for_policy("scripted", actions=(ScriptedAction(at_min=0.0, present=True, contact=1.0,
                                                                            contingency=0.9),))
    else:
        cg = CaregiverParams.for_policy(policy, **caregiver)
    return Setup(run=RunParams(duration_min=EVENING_MIN), caregiver=cg, stressors=stressors,
                 sleep=SleepParams(pressure_start=0.1, pressure_end=0.3, ramp_min=EVENING_MIN))
