"""Between two nights: what resets, what carries over, how a night's experience moves the slow
states, and the loop over nights that every run shares (:func:`night_by_night`).

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
starts no step). A switched-off mechanism leaves its slow state at its night-1 value. The rules
take one baby's numbers or a population's arrays (one value per baby) alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine import age
from sim.engine.kernel import UNHELD
from sim.engine.layout import NSTATE, Acc, State
from sim.params import CaregiverParams, Setup

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
    """The slow states carried from one night into the next: one baby's numbers, or a
    population's arrays (one value per baby; a value all babies share may stay a number)."""

    expectancy: Any
    self_soothing: Any
    habituation: Any
    fatigue: Any
    self_settling: Any = 0.0
    load: Any = 0.0
    load_stage1: Any = 0.0

    @classmethod
    def first(cls, setup: Setup, infant: Any = None) -> "Carry":
        """Night 1's slow states (``infant``: the babies' settings if not ``setup.infant``)."""
        inf = infant if infant is not None else setup.infant
        practised = setup.mechanisms.supported_practice_builds_self_soothing
        return cls(expectancy=inf.expectancy_start,
                   self_soothing=age.starting_self_soothing(inf.age_months, inf.self_soothing, practised),
                   habituation=inf.habituation, fatigue=setup.caregiver_for_night(1).fatigue,
                   self_settling=inf.self_settling)


def initial_state(carry: Carry, caregiver_stress: float) -> np.ndarray:
    """The state at the start of a night (one row per baby when the slow states are arrays)."""
    babies = np.broadcast(carry.expectancy, carry.load, carry.load_stage1).shape
    y = np.zeros((*babies, NSTATE))
    y[..., State.AROUSAL] = RESTING_AROUSAL
    y[..., State.VAGAL] = RESTING_VAGAL
    y[..., State.ENERGY] = 1.0
    y[..., State.EXPECTANCY] = carry.expectancy
    y[..., State.LOAD_STAGE1] = carry.load_stage1
    y[..., State.LOAD] = carry.load
    y[..., State.CAREGIVER_AROUSAL] = caregiver_stress
    return y


def _share(part, whole):
    """How much a night of ``part`` seconds out of ``whole`` counts: the share of the time,
    times how full a night it was (:data:`SETTLING_FULL_S` of it counts fully)."""
    return np.minimum(1.0, part / SETTLING_FULL_S) * part / np.maximum(whole, 1.0)


def settling_credit(acc: np.ndarray, reading: str):
    """The night's credit toward "being put down is not distressing": settling (calm after
    distress, and in the trials' reading quiet but aroused too) against all put-down seconds
    since the first distress."""
    calm, quiet, crying = acc[..., Acc.CALM], acc[..., Acc.QUIET_AROUSED], acc[..., Acc.CRYING]
    return _share(calm + QUIET_COUNTS[reading] * quiet, calm + quiet + crying)


def quiet_credit(acc: np.ndarray):
    """The night's credit toward self-settling: falling asleep in the cot without crying."""
    quiet = acc[..., Acc.CALM_BEFORE] + acc[..., Acc.CALM] + acc[..., Acc.QUIET_AROUSED]
    return _share(quiet, quiet + acc[..., Acc.CRYING])


def next_night(setup: Setup, carry: Carry, last: np.ndarray, acc: np.ndarray, infant: Any = None) -> Carry:
    """The slow states at the start of the next night (rules in the module docstring).

    ``last``: the night's final record row; ``acc``: its accumulators; ``infant``: the babies'
    settings if not ``setup.infant`` (a population's, each varied setting an array).
    """
    inf = infant if infant is not None else setup.infant
    mech = setup.mechanisms
    x_end = last[..., State.EXPECTANCY]
    expectancy = x_end + inf.expectancy_relax * (carry.expectancy - x_end)
    soothing = carry.self_soothing
    if mech.supported_practice_builds_self_soothing:
        share = np.minimum(1.0, acc[..., Acc.PRACTICE] / PRACTICE_FULL_S)
        room = np.maximum(age.self_soothing_ceiling(inf.age_months) - soothing, 0.0)
        soothing = soothing + inf.self_soothing_rate * share * room
    habituation = carry.habituation
    self_settling = carry.self_settling
    unheld = acc[..., Acc.FIRST_SLEEP] == UNHELD  # only a first sleep in the cot moves these two
    if mech.settling_habituates:
        credit = settling_credit(acc, setup.reading)
        habituation = habituation + unheld * inf.habituation_rate * credit * (1.0 - habituation)
    if mech.settling_is_learned:
        credit = quiet_credit(acc)
        self_settling = self_settling + unheld * inf.self_settling_rate * credit * (1.0 - self_settling)
    hours = acc[..., Acc.RESPONDING] / 3600.0
    fatigue = carry.fatigue + FATIGUE_PER_HOUR * hours * (1.0 - carry.fatigue)
    fatigue = fatigue * (1.0 - FATIGUE_DAY_RECOVERY)
    gap_s = setup.run.gap_h * 3600.0
    load = last[..., State.LOAD] * 0.5 ** (gap_s / (inf.load_halflife_min * 60.0))
    stage = last[..., State.LOAD_STAGE1] * np.exp(-gap_s / (inf.load_lag_min * 60.0))
    return Carry(expectancy=expectancy, self_soothing=soothing, habituation=habituation,
                 fatigue=np.clip(fatigue, 0.0, 1.0), self_settling=self_settling, load=load,
                 load_stage1=stage)


#: Runs one night: ``(night, its caregiver, the slow states it starts from)`` -> (what the run
#: keeps of it, its final record row(s), its accumulators).
NightRunner = Callable[[int, CaregiverParams, Carry], tuple[Any, np.ndarray, np.ndarray]]


def night_by_night(setup: Setup, run_night: NightRunner, infant: Any = None) -> Iterator[Any]:
    """The loop over nights every run shares, one baby or a population: from night 1's slow
    states on, each night of ``setup`` is run by ``run_night``, what it keeps is yielded, and
    the slow states move on to the next night (:func:`next_night`). ``infant``: the babies'
    settings if not ``setup.infant``."""
    carry = Carry.first(setup, infant)
    for night in range(1, setup.run.nights + 1):
        kept, last, acc = run_night(night, setup.caregiver_for_night(night), carry)
        yield kept
        carry = next_night(setup, carry, last, acc, infant)
