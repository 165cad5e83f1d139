"""Stressors: what makes the baby need something, and what resolves it.

Each stressor has an onset, an intensity and a resolution: ``care`` (after ``care_min``
of being held, contact >= 1/2, counted while the stressor acts; the need eases in
proportion as the care goes on -- intensity x (1 - held time / care time) -- as a feed
satisfies hunger gradually), ``time`` (after ``duration_min``), ``sleep`` (after five
consecutive minutes asleep, :data:`SLEEP_RESOLVES_S`) or ``none``. A stressor acts from the
second its onset is reached. Hunger, discomfort and custom needs are felt asleep (they wake
the baby); tiredness and being alone are felt only awake. ``alone`` is passed to the model
as its own need: the sum of the alone stressors' intensities, weakened by settling
habituation (``x (1 - habituation)``), then capped at 1 (as the other two needs are); the
model scales it by the felt aloneness B, which builds up while the caregiver is away and
fades when the caregiver returns. At second ``t`` the bookkeeping first accounts for the
step that just ended (held time, runs of sleep judged on row ``t``), then says what the
baby needs.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from sim.engine.jit import njit, numpy_form
from sim.engine.layout import NSTRESSOR, StressorCol, StressorState
from sim.params import Stressor
from sim.vocabulary import ASLEEP_AT, RESOLUTION_CODE, STRESSOR_KIND

BY_CARE = RESOLUTION_CODE["care"]
BY_TIME = RESOLUTION_CODE["time"]
BY_SLEEP = RESOLUTION_CODE["sleep"]

SLEEP_RESOLVES_S = 300.0   # asleep this long resolves a "sleep" stressor
HELD_CONTACT = 0.5         # contact at or above this counts as being held (care)


def pack_stressors(stressors: Sequence[Stressor]) -> np.ndarray:
    """The stressor table: one row per stressor (:data:`sim.engine.layout.STRESSOR`), times in seconds."""
    table = np.zeros((len(stressors), NSTRESSOR))
    for i, s in enumerate(stressors):
        kind = STRESSOR_KIND[s.kind]
        table[i, StressorCol.ONSET] = s.onset_min * 60.0
        table[i, StressorCol.INTENSITY] = s.intensity
        table[i, StressorCol.RESOLVE] = RESOLUTION_CODE[s.resolved_by]
        table[i, StressorCol.CARE] = s.care_min * 60.0
        table[i, StressorCol.DURATION] = (s.duration_min or 0.0) * 60.0
        table[i, StressorCol.FELT_ASLEEP] = 1.0 if kind.felt_asleep else 0.0
        table[i, StressorCol.ALONE] = 1.0 if kind.alone else 0.0
    return table


@njit(_nrt=False)
def active(table, state, i, t):
    """Whether stressor ``i`` acts at time ``t`` (started, not resolved, not timed out)."""
    if t < table[i, StressorCol.ONSET] or state[i, StressorState.RESOLVED] > 0.5:
        return False
    ends = table[i, StressorCol.ONSET] + table[i, StressorCol.DURATION]
    if table[i, StressorCol.RESOLVE] == BY_TIME and t >= ends:
        return False
    return True


@njit(_nrt=False)
def assess(table, state, t, habituation, last_contact, asleep):
    """Account for the step that just ended, then say what the baby needs at ``t``.

    First the bookkeeping of the last second (``t - 1``): care received (contact >=
    0.5), runs of sleep, resolutions. Then returns ``(pending, need_asleep,
    need_awake, need_alone)``: whether a need the caregiver sees to is unmet (a feed
    not yet given, a tired baby not yet asleep), and the needs felt even asleep, only
    awake, and of being alone (after habituation), each capped at 1.
    """
    alone_part = 0.0
    asleep_part = 0.0
    awake_part = 0.0
    pending = False
    for i in range(table.shape[0]):
        code = table[i, StressorCol.RESOLVE]
        if t > 0.0 and active(table, state, i, t - 1.0):
            if code == BY_CARE and last_contact >= HELD_CONTACT:
                state[i, StressorState.HELD] += 1.0
                if state[i, StressorState.HELD] >= table[i, StressorCol.CARE]:
                    state[i, StressorState.RESOLVED] = 1.0
            elif code == BY_SLEEP:
                if asleep >= ASLEEP_AT:
                    state[i, StressorState.ASLEEP_RUN] += 1.0
                    if state[i, StressorState.ASLEEP_RUN] >= SLEEP_RESOLVES_S:
                        state[i, StressorState.RESOLVED] = 1.0
                else:
                    state[i, StressorState.ASLEEP_RUN] = 0.0
        if not active(table, state, i, t):
            continue
        intensity = table[i, StressorCol.INTENSITY]
        if code == BY_CARE:
            pending = True
            intensity *= 1.0 - state[i, StressorState.HELD] / table[i, StressorCol.CARE]  # eases with care
        elif code == BY_SLEEP:
            pending = True  # a tired baby: a caregiver who answers stays until it sleeps
        if table[i, StressorCol.ALONE] > 0.5:
            alone_part += intensity * (1.0 - habituation)
        elif table[i, StressorCol.FELT_ASLEEP] > 0.5:
            asleep_part += intensity
        else:
            awake_part += intensity
    return pending, min(asleep_part, 1.0), min(awake_part, 1.0), min(alone_part, 1.0)


#: The same bookkeeping in plain Python (the uncompiled fallback and cross-check).
assess_np = numpy_form(assess, active=active.py_func)
