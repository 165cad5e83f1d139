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
from sim.engine.model import SIGNAL_VISIBLE
from sim.params import MAX_ACTIONS, MAX_CHECKINS, CaregiverParams
from sim.vocabulary import POLICY_CODE

# the kernel's policy codes (from the vocabulary: one list of policies)
RESPONSIVE = POLICY_CODE["responsive"]
DELAYED = POLICY_CODE["delayed"]
GRADUATED = POLICY_CODE["graduated"]
ABSENT = POLICY_CODE["absent"]
INCONSISTENT = POLICY_CODE["inconsistent"]
STILL_FACE = POLICY_CODE["still_face"]
RUPTURE_REPAIR = POLICY_CODE["rupture_repair"]
SCRIPTED = POLICY_CODE["scripted"]

# policy parameter vector
(Q_KIND, Q_LAT, Q_LATMAX, Q_PROB, Q_RETRY, Q_FUSS, Q_LEAVE, Q_CONTACT, Q_CONTING,
 Q_CHECKIN, Q_NINT, Q_PLAY, Q_STILL, Q_REUNION, Q_SYNC, Q_MISMATCH, Q_NACT) = range(17)
Q_INT0 = 17
Q_ACT0 = Q_INT0 + MAX_CHECKINS
NQ = Q_ACT0 + 4 * MAX_ACTIONS

# policy memory
MEM_MODE, MEM_TIMER, MEM_INDEX, MEM_CALM, MEM_QUIET, MEM_SYNC = range(6)
NMEM = 6
AWAY, WAITING, HOLDING, RETRY, CHECKIN = range(5)

# what the caregiver can see
FUSS_SEEN = SIGNAL_VISIBLE
QUIET_RESTARTS_S = 60.0  # graduated: this much quiet restarts the wait
MISMATCH_GRACE_S = 10.0  # rupture_repair: contingency falls to 0 over this much mismatch


def pack_policy(cg: CaregiverParams) -> np.ndarray:
    q = np.zeros(NQ)
    q[Q_KIND] = POLICY_CODE[cg.policy]
    q[Q_LAT] = cg.latency_s
    q[Q_LATMAX] = -1.0 if cg.latency_max_s is None else cg.latency_max_s
    q[Q_PROB] = cg.response_probability
    q[Q_RETRY] = cg.retry_s
    q[Q_FUSS] = 1.0 if cg.respond_to_fussing else 0.0
    q[Q_LEAVE] = cg.settled_before_leaving_min * 60.0
    q[Q_CONTACT] = cg.contact
    q[Q_CONTING] = cg.contingency
    q[Q_CHECKIN] = cg.checkin_min * 60.0
    q[Q_NINT] = len(cg.checkin_intervals_min)
    for i, w in enumerate(cg.checkin_intervals_min):
        q[Q_INT0 + i] = w * 60.0
    q[Q_PLAY] = cg.play_min * 60.0
    q[Q_STILL] = cg.still_min * 60.0
    q[Q_REUNION] = cg.reunion_min * 60.0
    q[Q_SYNC] = cg.repair_s * cg.in_sync_fraction / (1.0 - cg.in_sync_fraction)  # mean in-step stretch (s)
    q[Q_MISMATCH] = cg.repair_s if cg.repaired else cg.unrepaired_s
    q[Q_NACT] = len(cg.actions)
    for i, a in enumerate(cg.actions):
        base = Q_ACT0 + 4 * i
        q[base] = a.at_min * 60.0
        q[base + 1] = 1.0 if a.present else 0.0
        q[base + 2] = a.contact
        q[base + 3] = a.contingency
    return q


@njit(_nrt=False)
def reset_memory(mem):
    """A policy's memory at the start of a night: away, in step."""
    for i in range(NMEM):
        mem[i] = 0.0
    mem[MEM_SYNC] = 1.0


@njit(_nrt=False)
def _latency(q, draw):
    if q[Q_LATMAX] < 0.0:
        return q[Q_LAT]
    return q[Q_LAT] + draw * (q[Q_LATMAX] - q[Q_LAT])


@njit(_nrt=False)
def _answering(q, mem, signal, agitated, crying, asleep, pending, draw_lat, draw_p):
    """responsive / delayed / inconsistent: notice, wait, answer or re-check, hold, leave."""
    mode = mem[MEM_MODE]
    if mode == AWAY:
        if signal:
            mem[MEM_MODE] = WAITING
            mem[MEM_TIMER] = _latency(q, draw_lat) + 1.0  # counted down this very step
            mode = WAITING
    elif mode == HOLDING:
        calm = (not crying) and (not agitated)
        if (not pending) and (calm or asleep):
            mem[MEM_CALM] += 1.0
        else:
            mem[MEM_CALM] = 0.0
        if mem[MEM_CALM] >= max(q[Q_LEAVE], 1.0):  # at least one settled second, whatever the setting
            mem[MEM_MODE] = AWAY
            mode = AWAY
    if mode == WAITING or mode == RETRY:
        mem[MEM_TIMER] -= 1.0
        if mem[MEM_TIMER] <= 0.0:
            if signal or agitated:
                if draw_p < q[Q_PROB]:
                    mem[MEM_MODE] = HOLDING
                    mem[MEM_CALM] = 0.0
                    mode = HOLDING
                else:
                    mem[MEM_MODE] = RETRY
                    mem[MEM_TIMER] = q[Q_RETRY]
            else:
                mem[MEM_MODE] = AWAY
    return mode == HOLDING


@njit(_nrt=False)
def _graduated(q, mem, signalling):
    """Returns whether the caregiver is checking in during this step."""
    if mem[MEM_MODE] == CHECKIN:
        mem[MEM_TIMER] -= 1.0
        if mem[MEM_TIMER] <= 0.0:
            mem[MEM_MODE] = AWAY
            mem[MEM_TIMER] = 0.0
            mem[MEM_INDEX] = min(mem[MEM_INDEX] + 1.0, q[Q_NINT] - 1.0)
            return False
        return True
    if signalling:
        mem[MEM_QUIET] = 0.0
        mem[MEM_TIMER] += 1.0
        if mem[MEM_TIMER] >= q[Q_INT0 + int(mem[MEM_INDEX])]:
            mem[MEM_MODE] = CHECKIN
            mem[MEM_TIMER] = q[Q_CHECKIN]
            return True
    else:
        mem[MEM_QUIET] += 1.0
        if mem[MEM_QUIET] >= QUIET_RESTARTS_S:
            mem[MEM_TIMER] = 0.0
    return False


@njit(_nrt=False)
def _rupture_repair(q, mem, draw):
    """The share of the caregiver's contingency that reaches the baby this step.

    1 in step; during a mismatch it falls linearly with the mismatch's age.
    """
    if mem[MEM_SYNC] > 0.5:
        if draw < 1.0 / max(q[Q_SYNC], 1.0):
            mem[MEM_SYNC] = 0.0
            mem[MEM_TIMER] = 0.0
    else:
        if draw < 1.0 / max(q[Q_MISMATCH], 1.0):
            mem[MEM_SYNC] = 1.0
        else:
            mem[MEM_TIMER] += 1.0
    if mem[MEM_SYNC] > 0.5:
        return 1.0
    return max(0.0, 1.0 - mem[MEM_TIMER] / MISMATCH_GRACE_S)


@njit(_nrt=False)
def decide(q, mem, t, crying_level, arousal, asleep_level, pending, theta_cry, theta_arousal,
           draw_lat, draw_p):
    """(presence, contact, contingency) for the step starting at ``t``."""
    kind = int(q[Q_KIND])
    crying = crying_level >= theta_cry
    fussing = crying_level >= FUSS_SEEN
    agitated = arousal >= theta_arousal
    asleep = asleep_level >= 0.5
    if kind == RESPONSIVE or kind == DELAYED or kind == INCONSISTENT:
        signal = crying or (q[Q_FUSS] > 0.5 and fussing)
        if _answering(q, mem, signal, agitated, crying, asleep, pending, draw_lat, draw_p):
            return 1.0, q[Q_CONTACT], q[Q_CONTING]
    elif kind == GRADUATED:
        if _graduated(q, mem, crying or fussing):
            return 1.0, q[Q_CONTACT], q[Q_CONTING]
    elif kind == STILL_FACE:
        if q[Q_PLAY] <= t < q[Q_PLAY] + q[Q_STILL]:
            return 1.0, 0.0, 0.0
        return 1.0, q[Q_CONTACT], q[Q_CONTING]
    elif kind == RUPTURE_REPAIR:
        return 1.0, q[Q_CONTACT], q[Q_CONTING] * _rupture_repair(q, mem, draw_p)
    elif kind == SCRIPTED:
        present, contact, contingency = 0.0, 0.0, 0.0
        for i in range(int(q[Q_NACT])):
            base = Q_ACT0 + 4 * i
            if q[base] <= t:
                present = q[base + 1]
                contact = q[base + 2] * q[base + 1]
                contingency = q[base + 3]
        return present, contact, contingency
    return 0.0, 0.0, 0.0


#: The same decisions in plain Python (the uncompiled fallback and cross-check).
decide_np = numpy_form(decide, _answering=numpy_form(_answering, _latency=_latency.py_func),
                       _graduated=_graduated.py_func, _rupture_repair=_rupture_repair.py_func)
