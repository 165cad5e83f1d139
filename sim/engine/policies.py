"""Caregiver response policies: what a caregiver does, step by step.

A policy sees only what a caregiver can see -- crying (the signal at or above
``regimes.crying``), fussing (a visible signal, at or above :data:`FUSS_SEEN`), how agitated
the baby looks (arousal at or above ``regimes.arousal``), whether it is asleep (``asleep`` at
or above 1/2), and whether a need the caregiver sees to is still *pending* -- never the load.
A need is pending while a ``care`` stressor acts (a feed not yet given) or a ``sleep`` one
does (a tired baby until five minutes asleep have resolved its tiredness). At each second
``t`` the policy reads the record's row ``t`` and sets presence ``p``, contact ``u`` and
contingency ``c`` for the step from ``t`` to ``t + 1``. Randomness comes from the run's
per-second uniforms (:func:`sim.engine.simulate.draws_for`): column 0 of second ``t`` sets a latency
noticed at ``t``, column 1 decides an answer, or a rupture, at ``t``.

=================  ==================================================================
responsive         *away* until a signal (crying; fussing too if
                   ``respond_to_fussing``); then it *waits* the latency, counted from
                   the second it noticed (it comes at the row the latency ends).
                   When the wait is over: if the baby still signals or looks agitated,
                   it answers with ``response_probability`` (draw column 1) -- or
                   re-checks after ``retry_s``, with a fresh draw; if the baby signals
                   no more, it goes back to waiting for a signal. Answering, it holds
                   (``contact``, ``contingency``) and counts the seconds in which nothing
                   is pending and the baby is quiet and calm (not crying, not agitated)
                   or asleep -- the second of arrival not counted, any other second
                   restarting the count -- and leaves at the row this count reaches
                   ``settled_before_leaving_min`` (at least one such second).
delayed            responsive with a long fixed latency (default 300 s).
inconsistent       responsive with probability 0.4 and latency uniform in
                   ``latency_s..latency_max_s`` (default 10..600 s).
graduated          counts the seconds in which the baby fusses or cries (a visible
                   signal); when the count reaches the current wait
                   (``checkin_intervals_min``: the first, then the next, the last
                   repeating) it checks in (voice and pat, contact 0.4) for
                   ``checkin_min``, then leaves and counts again from zero (the row a
                   check-in ends does not count). :data:`QUIET_RESTARTS_S` of quiet in a
                   row restart the count (the next wait stays the same).
absent             never comes during the night.
still_face         play (present, ``contact``, ``contingency``) for ``play_min``, then
                   a still face (present, contact 0, contingency 0) for ``still_min``,
                   then play again (the reunion, and on after it).
rupture_repair     present, with ``contact``, always; the contingency that reaches the
                   baby is ``contingency`` times the share in step. In step, each second
                   a mismatch starts with probability 1 / (mean in-step stretch)
                   (``repair_s * f / (1 - f)``, f = ``in_sync_fraction``); in a
                   mismatch, each second it is repaired with probability 1 / (mean
                   mismatch: ``repair_s`` if ``repaired``, else ``unrepaired_s``), both
                   decided by draw column 1 against at most 1. The share is 1 in step
                   (the second a mismatch starts still counts 1) and falls linearly with
                   the mismatch's age: ``1 - age / MISMATCH_GRACE_S``, the age counting
                   the seconds of mismatch before this one (so a rupture repaired within
                   seconds barely registers and an unrepaired one does, E9).
scripted           an explicit timeline of ``[[caregiver.actions]]``: from each action's
                   ``at_min`` on, its presence, contact (0 when not present) and
                   contingency; away before the first.
=================  ==================================================================
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import njit, numpy_form
from sim.engine.layout import NACTION, NPOLICY, Action, Memory, PolicyParam
from sim.engine.model import SIGNAL_VISIBLE
from sim.params import CaregiverParams
from sim.vocabulary import ASLEEP_AT, POLICY_CODE

# the kernel's policy codes (from the vocabulary: one list of policies)
RESPONSIVE = POLICY_CODE["responsive"]
DELAYED = POLICY_CODE["delayed"]
GRADUATED = POLICY_CODE["graduated"]
ABSENT = POLICY_CODE["absent"]
INCONSISTENT = POLICY_CODE["inconsistent"]
STILL_FACE = POLICY_CODE["still_face"]
RUPTURE_REPAIR = POLICY_CODE["rupture_repair"]
SCRIPTED = POLICY_CODE["scripted"]

AWAY, WAITING, HOLDING, RETRY, CHECKIN = range(5)  # what the caregiver is doing (Memory.MODE)

# what the caregiver can see
FUSS_SEEN = SIGNAL_VISIBLE
QUIET_RESTARTS_S = 60.0  # graduated: this much quiet restarts the wait
MISMATCH_GRACE_S = 10.0  # rupture_repair: contingency falls to 0 over this much mismatch


def pack_policy(cg: CaregiverParams) -> np.ndarray:
    """The caregiver's policy vector (:data:`sim.engine.layout.POLICY`), times in seconds."""
    q = np.zeros(NPOLICY)
    q[PolicyParam.KIND] = POLICY_CODE[cg.policy]
    q[PolicyParam.LATENCY] = cg.latency_s
    q[PolicyParam.LATENCY_MAX] = -1.0 if cg.latency_max_s is None else cg.latency_max_s
    q[PolicyParam.PROBABILITY] = cg.response_probability
    q[PolicyParam.RETRY] = cg.retry_s
    q[PolicyParam.FUSSING] = 1.0 if cg.respond_to_fussing else 0.0
    q[PolicyParam.LEAVE] = cg.settled_before_leaving_min * 60.0
    q[PolicyParam.CONTACT] = cg.contact
    q[PolicyParam.CONTINGENCY] = cg.contingency
    q[PolicyParam.CHECKIN] = cg.checkin_min * 60.0
    q[PolicyParam.N_INTERVALS] = len(cg.checkin_intervals_min)
    for i, w in enumerate(cg.checkin_intervals_min):
        q[PolicyParam.INTERVALS + i] = w * 60.0
    q[PolicyParam.PLAY] = cg.play_min * 60.0
    q[PolicyParam.STILL] = cg.still_min * 60.0
    q[PolicyParam.IN_STEP] = cg.repair_s * cg.in_sync_fraction / (1.0 - cg.in_sync_fraction)
    q[PolicyParam.MISMATCH] = cg.repair_s if cg.repaired else cg.unrepaired_s
    q[PolicyParam.N_ACTIONS] = len(cg.actions)
    for i, a in enumerate(cg.actions):
        base = PolicyParam.ACTIONS + NACTION * i
        q[base + Action.AT] = a.at_min * 60.0
        q[base + Action.PRESENT] = 1.0 if a.present else 0.0
        q[base + Action.CONTACT] = a.contact
        q[base + Action.CONTINGENCY] = a.contingency
    return q


@njit(_nrt=False)
def _latency(q, draw):
    if q[PolicyParam.LATENCY_MAX] < 0.0:
        return q[PolicyParam.LATENCY]
    return q[PolicyParam.LATENCY] + draw * (q[PolicyParam.LATENCY_MAX] - q[PolicyParam.LATENCY])


@njit(_nrt=False)
def _answering(q, mem, signal, agitated, crying, asleep, pending, draw_lat, draw_p):
    """responsive / delayed / inconsistent: notice, wait, answer or re-check, hold, leave."""
    mode = mem[Memory.MODE]
    if mode == AWAY:
        if signal:
            mem[Memory.MODE] = WAITING
            mem[Memory.TIMER] = _latency(q, draw_lat) + 1.0  # counted down this very step
            mode = WAITING
    elif mode == HOLDING:
        calm = (not crying) and (not agitated)
        if (not pending) and (calm or asleep):
            mem[Memory.CALM] += 1.0
        else:
            mem[Memory.CALM] = 0.0
        if mem[Memory.CALM] >= max(q[PolicyParam.LEAVE], 1.0):  # at least one settled second, always
            mem[Memory.MODE] = AWAY
            mode = AWAY
    if mode == WAITING or mode == RETRY:
        mem[Memory.TIMER] -= 1.0
        if mem[Memory.TIMER] <= 0.0:
            if signal or agitated:
                if draw_p < q[PolicyParam.PROBABILITY]:
                    mem[Memory.MODE] = HOLDING
                    mem[Memory.CALM] = 0.0
                    mode = HOLDING
                else:
                    mem[Memory.MODE] = RETRY
                    mem[Memory.TIMER] = q[PolicyParam.RETRY]
            else:
                mem[Memory.MODE] = AWAY
    return mode == HOLDING


@njit(_nrt=False)
def _graduated(q, mem, signalling):
    """Returns whether the caregiver is checking in during this step."""
    if mem[Memory.MODE] == CHECKIN:
        mem[Memory.TIMER] -= 1.0
        if mem[Memory.TIMER] <= 0.0:
            mem[Memory.MODE] = AWAY
            mem[Memory.TIMER] = 0.0
            mem[Memory.INDEX] = min(mem[Memory.INDEX] + 1.0, q[PolicyParam.N_INTERVALS] - 1.0)
            return False
        return True
    if signalling:
        mem[Memory.QUIET] = 0.0
        mem[Memory.TIMER] += 1.0
        if mem[Memory.TIMER] >= q[PolicyParam.INTERVALS + int(mem[Memory.INDEX])]:
            mem[Memory.MODE] = CHECKIN
            mem[Memory.TIMER] = q[PolicyParam.CHECKIN]
            return True
    else:
        mem[Memory.QUIET] += 1.0
        if mem[Memory.QUIET] >= QUIET_RESTARTS_S:
            mem[Memory.TIMER] = 0.0
    return False


@njit(_nrt=False)
def _rupture_repair(q, mem, draw):
    """The share of the caregiver's contingency that reaches the baby this step.

    1 in step; during a mismatch it falls linearly with the mismatch's age.
    """
    if mem[Memory.IN_STEP] > 0.5:
        if draw < 1.0 / max(q[PolicyParam.IN_STEP], 1.0):
            mem[Memory.IN_STEP] = 0.0
            mem[Memory.TIMER] = 0.0
    else:
        if draw < 1.0 / max(q[PolicyParam.MISMATCH], 1.0):
            mem[Memory.IN_STEP] = 1.0
        else:
            mem[Memory.TIMER] += 1.0
    if mem[Memory.IN_STEP] > 0.5:
        return 1.0
    return max(0.0, 1.0 - mem[Memory.TIMER] / MISMATCH_GRACE_S)


@njit(_nrt=False)
def decide(q, mem, t, crying_level, arousal, asleep_level, pending, theta_cry, theta_arousal,
           draw_lat, draw_p):
    """(presence, contact, contingency) for the step starting at ``t``."""
    kind = int(q[PolicyParam.KIND])
    crying = crying_level >= theta_cry
    fussing = crying_level >= FUSS_SEEN
    agitated = arousal >= theta_arousal
    asleep = asleep_level >= ASLEEP_AT
    if kind == RESPONSIVE or kind == DELAYED or kind == INCONSISTENT:
        signal = crying or (q[PolicyParam.FUSSING] > 0.5 and fussing)
        if _answering(q, mem, signal, agitated, crying, asleep, pending, draw_lat, draw_p):
            return 1.0, q[PolicyParam.CONTACT], q[PolicyParam.CONTINGENCY]
    elif kind == GRADUATED:
        if _graduated(q, mem, crying or fussing):
            return 1.0, q[PolicyParam.CONTACT], q[PolicyParam.CONTINGENCY]
    elif kind == STILL_FACE:
        if q[PolicyParam.PLAY] <= t < q[PolicyParam.PLAY] + q[PolicyParam.STILL]:
            return 1.0, 0.0, 0.0
        return 1.0, q[PolicyParam.CONTACT], q[PolicyParam.CONTINGENCY]
    elif kind == RUPTURE_REPAIR:
        return 1.0, q[PolicyParam.CONTACT], q[PolicyParam.CONTINGENCY] * _rupture_repair(q, mem, draw_p)
    elif kind == SCRIPTED:
        present, contact, contingency = 0.0, 0.0, 0.0
        for i in range(int(q[PolicyParam.N_ACTIONS])):
            base = PolicyParam.ACTIONS + NACTION * i
            if q[base + Action.AT] <= t:
                present = q[base + Action.PRESENT]
                contact = q[base + Action.CONTACT] * present
                contingency = q[base + Action.CONTINGENCY]
        return present, contact, contingency
    return 0.0, 0.0, 0.0


#: The same decisions in plain Python (the uncompiled fallback and cross-check).
decide_np = numpy_form(decide, _answering=numpy_form(_answering, _latency=_latency.py_func),
                       _graduated=_graduated.py_func, _rupture_repair=_rupture_repair.py_func)
