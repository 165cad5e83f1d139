"""Regimes (the four quadrants) and the per-night summary metrics.

A night of ``n`` seconds has ``n + 1`` rows (row ``k`` is the state at ``k`` s); row ``k``
stands for the second from ``k`` to ``k + 1``.

* quiet: crying below ``regimes.crying`` (fussing counts as quiet);
* regulated: arousal below ``regimes.arousal`` and load below ``regimes.load``;
* ``settled`` = quiet and regulated; ``quiet_dysregulated`` = quiet, not regulated (the
  hidden minutes, split by whether the baby is asleep, ``asleep`` >= 1/2);
* ``releasing`` = crying in contingent contact (contact x contingency x capacity
  >= 1/2) with arousal falling (row ``k + 1``'s below row ``k``'s; at the last row, below the
  row before) and the load below ``regimes.load``;
* ``protest`` = all other crying.

A regime stretch shorter than :data:`MIN_STRETCH_S` takes the preceding regime; at the
night's start, that of the first later stretch that lasts that long (or of the night's last
stretch). Bouts: stretches of crying, gaps under :data:`BOUT_GAP_S` merged first, then bouts
under :data:`BOUT_MIN_S` dropped.

Which rows count: minutes (crying, each regime, the caregiver's presence), bouts and the
settled stretches count rows 0 .. n-1; extremes (peaks, the lowest vagal tone), mean
arousal and the final values take every row, 0 .. n. Summary values are rounded to six
decimals.

* ``time_to_settle_min``: from the first stressor's onset (its whole second) to the start
  of the first settled stretch of at least :data:`SETTLE_STRETCH_S` that lies at or after
  the onset (a stretch under way at the onset counts from there: 0 is possible);
* ``quiet_to_settled_min``: from the end of the last bout to the start of the first settled
  stretch of at least :data:`SETTLE_STRETCH_S` at or after it (the time the baby took to
  settle after it last cried);
* ``time_to_sleep_min``: from the night's start to the first row asleep.

Metrics that do not exist are NaN here and ``None`` to users.
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

from sim.engine.jit import njit
from sim.engine.layout import NRUNNING, RUNNING_START, Rec, Running, State, reset
from sim.vocabulary import ASLEEP_AT, REGIME_CODE, SUMMARY_KEYS

SETTLED = REGIME_CODE["settled"]
RELEASING = REGIME_CODE["releasing"]
PROTEST = REGIME_CODE["protest"]
QUIET_DYSREGULATED = REGIME_CODE["quiet_dysregulated"]
MIN_STRETCH_S = 15
BOUT_GAP_S = 30
BOUT_MIN_S = 5
SETTLE_STRETCH_S = 300

#: Index of each metric in the summary vector (the vocabulary's order): ``Out.PEAK_LOAD``.
Out = namedtuple("Out", [key.upper() for key in SUMMARY_KEYS])(*range(len(SUMMARY_KEYS)))
NSUMMARY = len(SUMMARY_KEYS)


@njit(_nrt=False)
def raw_regime(arousal, falling, crying, load, coreg, th_cry, th_arousal, th_load):
    """The regime of one row before smoothing (``falling``: arousal falls from this row)."""
    if crying < th_cry:
        if arousal < th_arousal and load < th_load:
            return SETTLED
        return QUIET_DYSREGULATED
    if coreg >= 0.5 and falling and load < th_load:
        return RELEASING
    return PROTEST


@njit(_nrt=False)
def summary_add_row(k, n, row, th_cry, th_arousal, th_load, run, raw, is_crying, is_asleep):
    """Account for row ``k`` (of ``n``) of a night's record: the raw regime of the row
    before it (now that it is known whether arousal fell), crying and presence seconds,
    first sleep, extremes."""
    a = row[State.AROUSAL]
    crying = row[State.CRYING]
    load = row[State.LOAD]
    coreg = row[Rec.COREGULATION]
    if k > 0:
        before = run[Running.PREV_AROUSAL]
        raw[k - 1] = raw_regime(before, a < before, run[Running.PREV_CRYING], run[Running.PREV_LOAD],
                                run[Running.PREV_COREGULATION], th_cry, th_arousal, th_load)
    if k == n - 1:  # the last row: falling if it fell into this row
        falling = k > 0 and a < run[Running.PREV_AROUSAL]
        raw[k] = raw_regime(a, falling, crying, load, coreg, th_cry, th_arousal, th_load)
    else:  # durations count steps: rows 0..n-2 each stand for one second
        is_crying[k] = crying >= th_cry
        is_asleep[k] = row[State.ASLEEP] >= ASLEEP_AT
        if crying >= th_cry:
            run[Running.CRYING] += 1.0
        if row[Rec.PRESENCE] > 0.5:
            run[Running.PRESENT] += 1.0
    if run[Running.FIRST_SLEEP] < 0.0 and row[State.ASLEEP] >= ASLEEP_AT:
        run[Running.FIRST_SLEEP] = k
    run[Running.PEAK_LOAD] = max(run[Running.PEAK_LOAD], load)
    run[Running.PEAK_AROUSAL] = max(run[Running.PEAK_AROUSAL], a)
    run[Running.PEAK_CAREGIVER_AROUSAL] = max(run[Running.PEAK_CAREGIVER_AROUSAL],
                                              row[State.CAREGIVER_AROUSAL])
    run[Running.MIN_VAGAL] = min(run[Running.MIN_VAGAL], row[State.VAGAL])
    run[Running.SUM_AROUSAL] += a
    run[Running.PREV_AROUSAL] = a
    run[Running.PREV_CRYING] = crying
    run[Running.PREV_LOAD] = load
    run[Running.PREV_COREGULATION] = coreg


@njit
def smooth_regimes(reg, min_len):
    """Stretches shorter than ``min_len`` take the preceding regime (the next at the start)."""
    n = reg.shape[0]
    out = reg.copy()
    k = 0
    while k < n:
        j = k
        while j < n and reg[j] == reg[k]:
            j += 1
        if j - k < min_len:
            if k > 0:
                fill = out[k - 1]
            else:
                # night start: take the first stretch that is long enough
                jj = j
                fill = reg[k]
                while jj < n:
                    kk = jj
                    while jj < n and reg[jj] == reg[kk]:
                        jj += 1
                    if jj - kk >= min_len or jj == n:
                        fill = reg[kk]
                        break
            for i in range(k, j):
                out[i] = fill
        k = j
    return out


@njit
def bouts(is_crying, starts, ends):
    """Fill bout starts/ends (row indices, end exclusive) from per-second crying flags;
    return the number of bouts."""
    n = is_crying.shape[0]
    nb = 0
    k = 0
    while k < n:
        if is_crying[k]:
            j = k
            while j < n and is_crying[j]:
                j += 1
            if nb > 0 and k - ends[nb - 1] < BOUT_GAP_S:
                ends[nb - 1] = j
            else:
                starts[nb] = k
                ends[nb] = j
                nb += 1
            k = j
        else:
            k += 1
    kept = 0
    for b in range(nb):
        if ends[b] - starts[b] >= BOUT_MIN_S:
            starts[kept] = starts[b]
            ends[kept] = ends[b]
            kept += 1
    return kept


@njit
def _first_settled(reg, start_at, min_len):
    """Start of the first settled stretch that lasts ``min_len`` rows from ``start_at`` on."""
    n = reg.shape[0]
    k = start_at
    while k < n:
        if reg[k] == SETTLED:
            j = k
            while j < n and reg[j] == SETTLED:
                j += 1
            if j - k >= min_len:
                return k
            k = j
        else:
            k += 1
    return -1


@njit(_nrt=False)
def _summary_rows(rec, th_cry, th_arousal, th_load, run, raw, is_crying, is_asleep):
    n = rec.shape[0]
    reset(run, RUNNING_START)
    for k in range(n):
        summary_add_row(k, n, rec[k], th_cry, th_arousal, th_load, run, raw, is_crying, is_asleep)


@njit(_nrt=True)  # explicit: it allocates, even when called from a kernel compiled without
def summary_finish(run, raw, is_crying, is_asleep, last_row, first_onset_s, regimes_out, out):
    """The metrics from the running part (:func:`summary_add_row` over all ``n`` rows):
    smooths the regimes into ``regimes_out`` and fills ``out``."""
    n = raw.shape[0]
    steps = n - 1
    reg = smooth_regimes(raw, MIN_STRETCH_S)
    settled = 0.0
    releasing = 0.0
    protest = 0.0
    qdys = 0.0
    hidden_asleep = 0.0
    for k in range(n):
        regimes_out[k] = reg[k]
        if k < steps:
            r = reg[k]
            if r == SETTLED:
                settled += 1.0
            elif r == RELEASING:
                releasing += 1.0
            elif r == PROTEST:
                protest += 1.0
            else:
                qdys += 1.0
                if is_asleep[k]:
                    hidden_asleep += 1.0
    out[Out.CRYING_MIN] = run[Running.CRYING] / 60.0
    out[Out.SETTLED_MIN] = settled / 60.0
    out[Out.RELEASING_MIN] = releasing / 60.0
    out[Out.PROTEST_MIN] = protest / 60.0
    out[Out.QUIET_DYSREGULATED_MIN] = qdys / 60.0
    out[Out.HIDDEN_ASLEEP_MIN] = hidden_asleep / 60.0
    out[Out.HIDDEN_AWAKE_MIN] = (qdys - hidden_asleep) / 60.0
    out[Out.CAREGIVER_PRESENT_MIN] = run[Running.PRESENT] / 60.0
    starts = np.empty(n, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    nb = bouts(is_crying, starts, ends)
    out[Out.BOUTS] = nb
    if nb > 0:
        total = 0.0
        for b in range(nb):
            total += ends[b] - starts[b]
        out[Out.MEAN_BOUT_MIN] = total / nb / 60.0
    else:
        out[Out.MEAN_BOUT_MIN] = np.nan
    onset = int(first_onset_s)
    if onset < 0:
        onset = 0
    # a settled stretch under way at the onset counts from the onset on
    settle = _first_settled(reg[:steps], onset, SETTLE_STRETCH_S) if onset < steps else -1
    out[Out.TIME_TO_SETTLE_MIN] = (settle - onset) / 60.0 if settle >= 0 else np.nan
    if nb > 0:
        last_end = ends[nb - 1]
        after = _first_settled(reg[:steps], last_end, SETTLE_STRETCH_S) if last_end < steps else -1
        out[Out.QUIET_TO_SETTLED_MIN] = (after - last_end) / 60.0 if after >= 0 else np.nan
    else:
        out[Out.QUIET_TO_SETTLED_MIN] = np.nan
    first_sleep = run[Running.FIRST_SLEEP]
    out[Out.TIME_TO_SLEEP_MIN] = first_sleep / 60.0 if first_sleep >= 0.0 else np.nan
    out[Out.PEAK_LOAD] = run[Running.PEAK_LOAD]
    out[Out.PEAK_AROUSAL] = run[Running.PEAK_AROUSAL]
    out[Out.PEAK_CAREGIVER_AROUSAL] = run[Running.PEAK_CAREGIVER_AROUSAL]
    out[Out.MIN_VAGAL] = run[Running.MIN_VAGAL]
    out[Out.MEAN_AROUSAL] = run[Running.SUM_AROUSAL] / n
    out[Out.FINAL_LOAD] = last_row[State.LOAD]
    out[Out.FINAL_EXPECTANCY] = last_row[State.EXPECTANCY]
    out[Out.FINAL_CAREGIVER_AROUSAL] = last_row[State.CAREGIVER_AROUSAL]
    out[Out.FINAL_ENERGY] = last_row[State.ENERGY]


@njit
def summarize(rec, th_cry, th_arousal, th_load, first_onset_s, regimes_out, out):
    """Per-night metrics of a 1-s record; fills ``regimes_out`` (smoothed) and ``out``."""
    n = rec.shape[0]
    run = np.empty(NRUNNING)
    raw = np.empty(n, dtype=np.int8)
    is_crying = np.empty(n - 1, dtype=np.int8)
    is_asleep = np.empty(n - 1, dtype=np.int8)
    _summary_rows(rec, th_cry, th_arousal, th_load, run, raw, is_crying, is_asleep)
    summary_finish(run, raw, is_crying, is_asleep, rec[n - 1], first_onset_s, regimes_out, out)


def as_dict(values: np.ndarray) -> dict[str, float | int | None]:
    """Summary values keyed by name; NaN (does not exist) becomes ``None``."""
    out: dict[str, float | int | None] = {}
    for key, v in zip(SUMMARY_KEYS, values):
        v = float(v)
        if math.isnan(v):
            out[key] = None
        elif key == "bouts":
            out[key] = int(v)
        else:
            out[key] = round(v, 6)
    return out
