"""Between two nights: what resets, what carries over, and how practice moves the slow states.

A night starts from :func:`initial_state`: arousal and vagal tone at rest, no crying,
full crying energy, awake, not yet feeling alone or misattuned, the caregiver at their
own starting stress; expectancy and the load come from the night before
(:class:`Carry`). After each night, :func:`next_night` applies these rules:

* the load (both stages of its chain) decays over ``run.gap_h`` with its own time
  constants; crying energy refills completely over the day;
* expectancy relaxes ``infant.expectancy_relax`` of the way back to its starting value;
* **supported practice builds self-soothing** (E13): self-soothing grows toward its age
  ceiling (:mod:`sim.age`) by ``infant.self_soothing_rate`` times the share of a full
  night of practice -- :data:`PRACTICE_FULL_S` of the baby calming itself at moderate
  arousal, awake, not held, with a caregiver present and contingent (alone, under a still
  face or while held, it is not practice);
* **settling habituates** (E2): when the baby falls asleep without being held and without
  escalating distress, being put down becomes less distressing by
  ``infant.habituation_rate`` times the night's settling credit: the share of a full night
  of settling (:data:`SETTLING_FULL_S` awake and put down -- the ``alone`` stressor acting,
  not held -- before that first sleep, either just reassured (felt aloneness below 1/2) or
  calm (arousal below the crying threshold) after a caregiver's visit that night), times
  the share of that put-down time spent so. A baby left to cry it out is reassured only
  in the minute after it is put down and gains little, even once it has stopped crying
  (it has not learned that being put down is safe, only that no one comes, E11); check-ins
  reassure and let the settling after them count; a baby held to sleep is not practising
  being put down;
* caregiver fatigue grows with the hours spent responding at night (present while the
  baby cries or is agitated; calm play does not count) and recovers a share by day.

The accumulators are counted second by second in :func:`sim.kernel.observe`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim import age
from sim.kernel import ACC_CALM, ACC_CRYING, ACC_FIRST_SLEEP, ACC_PRACTICE, ACC_QUIET_AROUSED, ACC_RESPONDING, UNHELD
from sim.layout import NSTATE, State
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
                   habituation=inf.habituation, fatigue=setup.caregiver.fatigue, self_settling=inf.self_settling)


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


def next_night(setup: Setup, carry: Carry, last: np.ndarray, acc: np.ndarray, infant: Any = None) -> Carry:
    """The slow states at the start of the next night (rules in the module docstring).

    ``last``: the night's final record row; ``acc``: its accumulators; ``infant``: the
    baby's settings if not ``setup.infant`` (a population's varied baby).
    """
    inf = infant if infant is not None else setup.infant
    mech = setup.mechanisms
    x_end = float(last[State.EXPECTANCY])
    toward = carry.expectancy if setup.reading == "stress_stays" else inf.expectancy_start
    expectancy = x_end + inf.expectancy_relax * (toward - x_end)
    soothing = carry.self_soothing
    if mech.supported_practice_builds_self_soothing:
        share = min(1.0, acc[ACC_PRACTICE] / PRACTICE_FULL_S)
        soothing += inf.self_soothing_rate * share * max(age.self_soothing_ceiling(inf.age_months) - soothing, 0.0)
    habituation = carry.habituation
    self_settling = carry.self_settling
    if mech.settling_habituates and acc[ACC_FIRST_SLEEP] == UNHELD:
        put_down = acc[ACC_CALM] + acc[ACC_QUIET_AROUSED] + acc[ACC_CRYING]
        settling = acc[ACC_CALM] + QUIET_COUNTS[setup.reading] * acc[ACC_QUIET_AROUSED]
        share = min(1.0, settling / SETTLING_FULL_S) * settling / max(put_down, 1.0)
        habituation += inf.habituation_rate * share * (1.0 - habituation)
        quiet = acc[ACC_CALM] + acc[ACC_QUIET_AROUSED]
        share = min(1.0, quiet / SETTLING_FULL_S) * quiet / max(put_down, 1.0)
        self_settling += inf.self_settling_rate * share * (1.0 - self_settling)
    hours = acc[ACC_RESPONDING] / 3600.0
    fatigue = (carry.fatigue + FATIGUE_PER_HOUR * hours * (1.0 - carry.fatigue)) * (1.0 - FATIGUE_DAY_RECOVERY)
    gap_s = setup.run.gap_h * 3600.0
    load = float(last[State.LOAD]) * 0.5 ** (gap_s / (inf.load_halflife_min * 60.0))
    stage = float(last[State.LOAD_STAGE1]) * math.exp(-gap_s / (inf.load_lag_min * 60.0))
    return Carry(expectancy=float(expectancy), self_soothing=float(soothing),
                 habituation=float(habituation), fatigue=float(min(max(fatigue, 0.0), 1.0)),
                 self_settling=float(self_settling),
                 load=load, load_stage1=stage)
