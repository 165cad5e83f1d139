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


@njit(inline="always")
def active(table, state, i, t):
    """Whether stressor ``i`` acts at time ``t`` (started, not resolved, not timed out)."""
    if t < table[i, S_ONSET] or state[i, ST_RESOLVED] > 0.5:
        return False
    if table[i, S_RESOLVE] == 1.0 and t >= table[i, S_ONSET] + table[i, S_DURATION]:
        return False
    return True


@njit(inline="always")
def assess(table, state, t, habituation, last_contact, asleep):
    """Account for the step that just ended, then say what the baby needs at ``t``.

    First the bookkeeping of the last second (``t - 1``): care received (contact >=
    0.5), runs of sleep, resolutions. Then returns ``(pending, need_asleep,
    need_awake, need_alone)``: whether a need only care resolves is unmet (the
    caregiver knows: a feed not yet given), and the needs felt even asleep, only
    awake, and of being alone (after habituation), each capped at 1.
    """
    alone_part = 0.0
    asleep_part = 0.0
    awake_part = 0.0
    pending = False
    for i in range(table.shape[0]):
        code = table[i, S_RESOLVE]
        if t > 0.0 and active(table, state, i, t - 1.0):
            if code == 0.0 and last_contact >= HELD_CONTACT:
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
        if not active(table, state, i, t):
            continue
        if code == 0.0:
            pending = True
        if table[i, S_ALONE] > 0.5:
            alone_part += table[i, S_INTENSITY] * (1.0 - habituation)
        elif table[i, S_FELT_ASLEEP] > 0.5:
            asleep_part += table[i, S_INTENSITY]
        else:
            awake_part += table[i, S_INTENSITY]
    return pending, min(asleep_part, 1.0), min(awake_part, 1.0), min(alone_part, 1.0)
