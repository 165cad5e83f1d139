"""A second, independent implementation of the per-night summary and regimes, for checking the kernel.

Part of the independent night logic (:mod:`sim.checks.night_logic_check`, which says how it was
written and which rules the documentation left open: the ``GAP`` keys below): the regime of each
second, the smoothing of short stretches, bouts, and every summary metric. Slow and simple on
purpose (Python lists and floats); nothing of the kernel is imported.
"""

from __future__ import annotations

import math
from typing import Any

from sim.vocabulary import SUMMARY_KEYS

# ---- constants, as sim.engine.summary and sim.vocabulary declare them (read with help()) --------
ASLEEP = 0.5                                      # sim.vocabulary.ASLEEP_AT: asleep at or above it
BOUT_GAP_S, BOUT_MIN_S, MIN_STRETCH_S, SETTLE_STRETCH_S = 30, 5, 15, 300   # sim.engine.summary
SETTLED, RELEASING, PROTEST, HIDDEN = range(4)    # the regimes, in sim.vocabulary's order


# ---- the summary ------------------------------------------------------------------------------
def _stretches(values: list) -> list[list]:
    """[value, start, end) runs of equal values."""
    runs: list[list] = []
    for i, v in enumerate(values):
        if runs and runs[-1][0] == v:
            runs[-1][2] = i + 1
        else:
            runs.append([v, i, i + 1])
    return runs


def bouts_of(crying: list) -> list[tuple[int, int]]:
    """Stretches of crying, gaps under 30 s merged, then stretches under 5 s dropped (GAP bouts)."""
    merged: list[list[int]] = []
    for v, start, end in _stretches(crying):
        if v and merged and start - merged[-1][1] < BOUT_GAP_S:
            merged[-1][1] = end
        elif v:
            merged.append([start, end])
    return [(s, e) for s, e in merged if e - s >= BOUT_MIN_S]


def smooth(regimes: list[int]) -> list[int]:
    """A stretch shorter than 15 s takes the regime before it (GAP smoothing at the start)."""
    runs = _stretches(regimes)
    first_long = next((v for v, s, e in runs if e - s >= MIN_STRETCH_S), runs[0][0] if runs else 0)
    out: list[int] = []
    for v, start, end in runs:
        out.extend([v if end - start >= MIN_STRETCH_S else (out[-1] if out else first_long)] * (end - start))
    return out


def _settled_from(reg: list[int], first: int) -> int | None:
    """The start of the first settled stretch of SETTLE_STRETCH_S rows counting rows from ``first``."""
    start = None
    for i in range(max(0, first), len(reg)):
        start = (i if start is None else start) if reg[i] == SETTLED else None
        if start is not None and i + 1 - start >= SETTLE_STRETCH_S:
            return start
    return None


def summarize(rows: list, th_cry: float, th_arousal: float, th_load: float, first_onset_s: float) -> dict:
    """The per-night metrics (the ``--json`` summary and the kernel's extras) of ``rows``: one
    ``(state, inputs, coregulation)`` row per second."""
    n = len(rows)
    steps = n - 1                                                    # GAP rows
    A, V, Y, E, X, _, L, Z, M = ([r[0][i] for r in rows] for i in range(9))
    raw = []
    for i in range(n):
        falling = i + 1 < n and A[i + 1] < A[i]                      # GAP falling
        if Y[i] >= th_cry:
            raw.append(RELEASING if (rows[i][2] >= 0.5 and falling and L[i] < th_load) else PROTEST)
        else:
            raw.append(SETTLED if (A[i] < th_arousal and L[i] < th_load) else HIDDEN)
    reg = smooth(raw)
    bouts = bouts_of([v >= th_cry for v in Y[:steps]])
    out: dict[str, Any] = {key: None for key in SUMMARY_KEYS}
    out["crying_min"] = sum(1 for v in Y[:steps] if v >= th_cry) / 60.0
    out["bouts"] = len(bouts)
    out["mean_bout_min"] = sum(e - s for s, e in bouts) / len(bouts) / 60.0 if bouts else None
    for code, key in ((SETTLED, "settled_min"), (RELEASING, "releasing_min"), (PROTEST, "protest_min"),
                      (HIDDEN, "quiet_dysregulated_min")):
        out[key] = reg[:steps].count(code) / 60.0
    out["hidden_asleep_min"] = sum(1 for i in range(steps) if reg[i] == HIDDEN and Z[i] >= ASLEEP) / 60.0
    out["hidden_awake_min"] = sum(1 for i in range(steps) if reg[i] == HIDDEN and Z[i] < ASLEEP) / 60.0
    onset = int(math.floor(first_onset_s))                           # GAP settle
    start = _settled_from(reg[:steps], onset)
    out["time_to_settle_min"] = None if start is None else (start - onset) / 60.0
    after = _settled_from(reg[:steps], bouts[-1][1]) if bouts else None      # GAP quiet_to_settled
    out["quiet_to_settled_min"] = None if after is None else (after - bouts[-1][1]) / 60.0
    sleep_at = next((i for i in range(n) if Z[i] >= ASLEEP), None)
    out["time_to_sleep_min"] = None if sleep_at is None else sleep_at / 60.0
    out.update(peak_load=max(L), final_load=L[-1], final_expectancy=X[-1], final_caregiver_arousal=M[-1],
               peak_arousal=max(A), mean_arousal=sum(A) / n, min_vagal=min(V), final_energy=E[-1],
               peak_caregiver_arousal=max(M))
    out["caregiver_present_min"] = sum(1 for r in rows[:steps] if r[1][0] > 0.0) / 60.0
    return out
