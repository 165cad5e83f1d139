"""Between two nights: what resets, what carries over, and how a night's experience moves
the slow states.

A night starts from :func:`initial_state`: arousal and vagal tone at rest, no crying,
full crying energy, awake, not yet feeling alone or misattuned, the caregiver at their
own starting stress; expectancy and the load come from the night before
(:class:`Carry`). After each night, :func:`next_night` applies these rules, each by what
the baby experienced that night -- never by the name of the caregiver's policy:

* the load (both stages of its chain) decays over ``run.gap_h`` with its own time
  constants; crying energy refills completely over the day;
* **expectancy** keeps what the night taught, less a share: it relaxes
  ``infant.expectancy_relax`` of the way back toward where that night *started* (not toward
  night 1's value), so nights of unanswered crying compound -- the classic extinction curve
  (E2) -- and answered nights build trust the same way;
* **supported practice builds self-soothing** (E13): self-soothing grows toward its age
  ceiling (:mod:`sim.engine.age`) by ``infant.self_soothing_rate`` times the share of a full
  night of practice, ``min(1, practice seconds / PRACTICE_FULL_S)``. A practice second is one
  in which the baby, awake, not held (contact below 1/2) and moderately distressed (arousal
  from ``PRACTICE_LOW`` to ``PRACTICE_HIGH``), has a caregiver present and in step with it
  (contingency at least 1/2): it is left to calm itself with help at hand. Alone, under a
  still face or while held, it is not practice;
* the night's **put-down seconds** (counted in :func:`sim.engine.kernel.observe`): awake seconds
  before the night's first sleep with the baby in its cot -- the ``alone`` stressor acting,
  contact below 1/2 -- whether or not a caregiver stands beside it. Each is crying (at or
  above ``regimes.crying``), quiet but aroused (arousal at or above ``infant.cry_arousal``)
  or calm; a calm second counts as *settling* only once the baby has been distressed that
  night (calm before any distress is not yet being bothered). Only a night whose first
  sleep comes in the cot (not held) moves the next two states;
* **settling habituates** (E2; what counts is the contested choice, E1): being put down
  becomes less distressing by ``infant.habituation_rate`` times the night's settling
  credit (:func:`settling_credit`): settling seconds against all put-down seconds since the
  first distress, times how full a night of it that was (:data:`SETTLING_FULL_S` counts
  fully). Settling seconds are the calm ones and, in the trials' reading
  (``learns_to_settle``), the quiet-but-aroused ones too (:data:`QUIET_COUNTS`): there a
  baby who has gone quiet is learning to settle, while in the seeds' reading
  (``stress_stays``) a baby quiet because no one comes has learned only that;
* **settling is learned** (E2): self-settling -- how readily the baby falls asleep in its
  cot despite some arousal, at a little less sleep pressure -- grows by
  ``infant.self_settling_rate`` times the night's quiet credit (:func:`quiet_credit`): every
  put-down second without crying against all of them, times how full a night of it that
  was (as for the settling credit), in both readings (the behaviour is not contested);
* caregiver fatigue grows with the hours ``h`` spent responding at night (seconds in which
  the caregiver is present while the baby cries or looks agitated, arousal at or above
  ``regimes.arousal``; calm play does not count) and recovers a share by day:
  ``F <- (F + FATIGUE_PER_HOUR h (1 - F)) (1 - FATIGUE_DAY_RECOVERY)``. Night 1 starts from
  the night-1 caregiver's ``fatigue``.

The night's seconds are counted on rows 0 .. n-1 of its record (the row of the night's end
starts no step). A switched-off mechanism leaves its slow state at its night-1 value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine import age
from sim.engine.kernel import UNHELD
from sim.engine.layout import NSTATE, Acc, State
from sim.params import Setup

RESTING_AROUSAL = 0.05
RESTING_VAGAL = 0.85
PRACTICE_FULL_S = 5 * 60.0
SETTLING_FULL_S = 6 * 60.0
#: How much a put-down second that is quiet but aroused counts as settling, per reading: the
#: trials' reading trusts the quiet, the seeds' reading counts only calm.
QUIET_COUNTS = {"stress_stays": 0.0, "learns_to_settle": 1.0}
FATIGUE_PER_HOUR = 0.4
FATIGUE_DAY_RECOVERY = 0.3


@dataclass(frozen=True)
class Carry:
    """The slow states carried from one night into the next."""

    expectancy: float
    self_soothing: float
    habituation: float
    fatigue: float
    self_settling: float = 0.0
    load: float = 0.0
    load_stage1: float = 0.0

    @classmethod
    def first(cls, setup: Setup, infant: Any = None) -> "Carry":
        """Night 1's slow states (``infant``: the baby's settings if not ``setup.infant``)."""
        inf = infant if infant is not None else setup.infant
        return cls(expectancy=inf.expectancy_start,
                   self_soothing=float(age.starting_self_soothing(
                       inf.age_months, inf.self_soothing, setup.mechanisms.supported_practice_builds_self_soothing)),
                   habituation=inf.habituation, fatigue=setup.caregiver_for_night(1).fatigue,
                   self_settling=inf.self_settling)


def initial_state(carry: Carry, caregiver_stress: float) -> np.ndarray:
    """The state at the start of a night."""
    y = np.zeros(NSTATE)
    y[State.AROUSAL] = RESTING_AROUSAL
    y[State.VAGAL] = RESTING_VAGAL
    y[State.ENERGY] = 1.0
    y[State.EXPECTANCY] = carry.expectancy
    y[State.LOAD_STAGE1] = carry.load_stage1
    y[State.LOAD] = carry.load
    y[State.CAREGIVER_AROUSAL] = caregiver_stress
    return y


def _share(part: float, whole: float) -> float:
    """How much a night of ``part`` seconds out of ``whole`` counts: the share of the time,
    times how full a night it was (:data:`SETTLING_FULL_S` of it counts fully)."""
    return min(1.0, part / SETTLING_FULL_S) * part / max(whole, 1.0)


def settling_credit(acc: np.ndarray, reading: str) -> float:
    """The night's credit toward "being put down is not distressing": settling (calm after
    distress, and in the trials' reading quiet but aroused too) against all put-down seconds
    since the first distress."""
    settling = acc[Acc.CALM] + QUIET_COUNTS[reading] * acc[Acc.QUIET_AROUSED]
    return _share(settling, acc[Acc.CALM] + acc[Acc.QUIET_AROUSED] + acc[Acc.CRYING])


def quiet_credit(acc: np.ndarray) -> float:
    """The night's credit toward self-settling: falling asleep in the cot without crying."""
    quiet = acc[Acc.CALM_BEFORE] + acc[Acc.CALM] + acc[Acc.QUIET_AROUSED]
    return _share(quiet, quiet + acc[Acc.CRYING])


def next_night(setup: Setup, carry: Carry, last: np.ndarray, acc: np.ndarray, infant: Any = None) -> Carry:
    """The slow states at the start of the next night (rules in the module docstring).

    ``last``: the night's final record row; ``acc``: its accumulators; ``infant``: the
    baby's settings if not ``setup.infant`` (a population's varied baby).
    """
    inf = infant if infant is not None else setup.infant
    mech = setup.mechanisms
    x_end = float(last[State.EXPECTANCY])
    expectancy = x_end + inf.expectancy_relax * (carry.expectancy - x_end)
    soothing = carry.self_soothing
    if mech.supported_practice_builds_self_soothing:
        share = min(1.0, acc[Acc.PRACTICE] / PRACTICE_FULL_S)
        soothing += inf.self_soothing_rate * share * max(age.self_soothing_ceiling(inf.age_months) - soothing, 0.0)
    habituation = carry.habituation
    self_settling = carry.self_settling
    unheld = acc[Acc.FIRST_SLEEP] == UNHELD
    if mech.settling_habituates and unheld:
        habituation += inf.habituation_rate * settling_credit(acc, setup.reading) * (1.0 - habituation)
    if mech.settling_is_learned and unheld:
        self_settling += inf.self_settling_rate * quiet_credit(acc) * (1.0 - self_settling)
    hours = acc[Acc.RESPONDING] / 3600.0
    fatigue = (carry.fatigue + FATIGUE_PER_HOUR * hours * (1.0 - carry.fatigue)) * (1.0 - FATIGUE_DAY_RECOVERY)
    gap_s = setup.run.gap_h * 3600.0
    load = float(last[State.LOAD]) * 0.5 ** (gap_s / (inf.load_halflife_min * 60.0))
    stage = float(last[State.LOAD_STAGE1]) * math.exp(-gap_s / (inf.load_lag_min * 60.0))
    return Carry(expectancy=float(expectancy), self_soothing=float(soothing),
                 habituation=float(habituation), fatigue=float(min(max(fatigue, 0.0), 1.0)),
                 self_settling=float(self_settling),
                 load=load, load_stage1=stage)
