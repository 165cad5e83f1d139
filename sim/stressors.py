"""Stressors: what makes the baby need something, and what resolves it.

Each stressor has an onset, an intensity and a resolution: ``care`` (after
``care_min`` of being held, contact >= 0.5), ``time`` (after ``duration_min``),
``sleep`` (after five consecutive minutes asleep) or ``none``. Hunger and discomfort
are felt asleep (they wake the baby); tiredness and being alone are felt only awake.
``alone`` is passed to the model as its own need, weakened by settling habituation
(``1 - habituation``); the model scales it by the felt aloneness B, which builds up
while the caregiver is away and fades when the caregiver returns.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from sim.jit import njit
from sim.params import Stressor

KIND_CODES = {"hunger": 0, "discomfort": 1, "tired": 2, "alone": 3, "custom": 4}
RESOLVE_CODES = {"care": 0, "time": 1, "sleep": 2, "none": 3}
FELT_ASLEEP = {"hunger": True, "discomfort": True, "tired": False, "alone": False, "custom": True}

# columns of the stressor table
S_ONSET, S_INTENSITY, S_RESOLVE, S_CARE, S_DURATION, S_FELT_ASLEEP, S_ALONE = range(7)
NCOL = 7
# columns of the per-night stressor state
ST_CARE, ST_RESOLVED, ST_ASLEEP_RUN = range(3)
NSTATE_COLS = 3
SLEEP_RESOLVES_S = 300.0   # asleep this long resolves a "sleep" stressor
HELD_CONTACT = 0.5         # contact at or above this counts as being held (care)


def pack_stressors(stressors: Sequence[Stressor]) -> np.ndarray:
    table = np.zeros((len(stressors), NCOL))
    for i, s in enumerate(stressors):
        table[i, S_ONSET] = s.onset_min * 60.0
        table[i, S_INTENSITY] = s.intensity
        table[i, S_RESOLVE] = RESOLVE_CODES[s.resolved_by]
        table[i, S_CARE] = s.care_min * 60.0
        table[i, S_DURATION] = (s.duration_min or 0.0) * 60.0
        table[i, S_FELT_ASLEEP] = 1.0 if FELT_ASLEEP[s.kind] else 0.0
        table[i, S_ALONE] = 1.0 if s.kind == "alone" else 0.0
    return table


@njit
def active(table, state, i, t):
    """Whether stressor ``i`` acts at time ``t`` (started, not resolved, not timed out)."""
    if t < table[i, S_ONSET] or state[i, ST_RESOLVED] > 0.5:
        return False
    if table[i, S_RESOLVE] == 1.0 and t >= table[i, S_ONSET] + table[i, S_DURATION]:
        return False
    return True


@njit
def care_pending(table, state, t):
    """Whether a need that only care resolves is still unmet (the caregiver knows)."""
    for i in range(table.shape[0]):
        if table[i, S_RESOLVE] == 0.0 and active(table, state, i, t):
            return True
    return False


@njit
def need(table, state, t, habituation, out):
    """Need felt even asleep (out[0]), only awake (out[1]) and of being alone (out[2])."""
    alone_part = 0.0
    asleep_part = 0.0
    awake_part = 0.0
    for i in range(table.shape[0]):
        if not active(table, state, i, t):
            continue
        if table[i, S_ALONE] > 0.5:
            alone_part += table[i, S_INTENSITY] * (1.0 - habituation)
        elif table[i, S_FELT_ASLEEP] > 0.5:
            asleep_part += table[i, S_INTENSITY]
        else:
            awake_part += table[i, S_INTENSITY]
    out[0] = min(asleep_part, 1.0)
    out[1] = min(awake_part, 1.0)
    out[2] = min(alone_part, 1.0)


@njit
def update(table, state, t, contact, asleep):
    """Bookkeeping after a 1-s step: care received, sleep runs, resolutions."""
    for i in range(table.shape[0]):
        if not active(table, state, i, t):
            continue
        code = table[i, S_RESOLVE]
        if code == 0.0 and contact >= HELD_CONTACT:
            state[i, ST_CARE] += 1.0
            if state[i, ST_CARE] >= table[i, S_CARE]:
                state[i, ST_RESOLVED] = 1.0
        elif code == 2.0:
            if asleep >= 0.5:
                state[i, ST_ASLEEP_RUN] += 1.0
                if state[i, ST_ASLEEP_RUN] >= SLEEP_RESOLVES_S:
                    state[i, ST_RESOLVED] = 1.0
            else:
                state[i, ST_ASLEEP_RUN] = 0.0
