"""Regimes (the four quadrants) and the per-night summary metrics.

* quiet: crying below ``regimes.crying`` (fussing counts as quiet);
* regulated: arousal below ``regimes.arousal`` and load below ``regimes.load``;
* ``settled`` = quiet and regulated; ``quiet_dysregulated`` = quiet, not regulated;
* ``releasing`` = crying in contingent contact (contact x contingency x capacity
  >= 1/2) with arousal falling and the load below ``regimes.load``;
* ``protest`` = all other crying.

A regime stretch shorter than 15 s takes the preceding regime (the following one at
the night's start). Bouts: stretches of crying, gaps under 30 s merged, stretches
under 5 s dropped. Metrics that do not exist are NaN here and ``None`` to users.
"""

from __future__ import annotations

import math

import numpy as np

from sim import model as m
from sim.jit import njit
from sim.record import R_COREG

REGIMES = ("settled", "releasing", "protest", "quiet_dysregulated")
SETTLED, RELEASING, PROTEST, QUIET_DYSREGULATED = range(4)
MIN_STRETCH_S = 15
BOUT_GAP_S = 30
BOUT_MIN_S = 5
SETTLE_STRETCH_S = 300

SUMMARY_KEYS = (
    "crying_min", "bouts", "mean_bout_min", "settled_min", "releasing_min",
    "protest_min", "quiet_dysregulated_min", "time_to_settle_min", "quiet_to_settled_min",
    "time_to_sleep_min", "peak_load", "final_load", "final_expectancy",
    "final_caregiver_arousal", "peak_arousal", "mean_arousal", "min_vagal",
    "final_energy", "caregiver_present_min", "peak_caregiver_arousal",
)
(S_CRYING, S_BOUTS, S_MEAN_BOUT, S_SETTLED, S_RELEASING, S_PROTEST, S_QDYS, S_TTS,
 S_Q2S, S_TTSLEEP, S_PEAK_LOAD, S_FINAL_LOAD, S_FINAL_X, S_FINAL_M, S_PEAK_A,
 S_MEAN_A, S_MIN_V, S_FINAL_E, S_PRESENT, S_PEAK_M) = range(len(SUMMARY_KEYS))
NSUMMARY = len(SUMMARY_KEYS)


@njit
def raw_regimes(arousal, crying, load, coreg, th_cry, th_arousal, th_load, out):
    n = arousal.shape[0]
    for k in range(n):
        if crying[k] < th_cry:
            if arousal[k] < th_arousal and load[k] < th_load:
                out[k] = SETTLED
            else:
                out[k] = QUIET_DYSREGULATED
        else:
            if k + 1 < n:
                falling = arousal[k + 1] < arousal[k]
            else:
                falling = arousal[k] < arousal[k - 1] if k > 0 else False
            if coreg[k] >= 0.5 and falling and load[k] < th_load:
                out[k] = RELEASING
            else:
                out[k] = PROTEST


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
def bouts(crying, th_cry, starts, ends):
    """Fill bout starts/ends (row indices, end exclusive); return the number of bouts."""
    n = crying.shape[0]
    nb = 0
    k = 0
    while k < n:
        if crying[k] >= th_cry:
            j = k
            while j < n and crying[j] >= th_cry:
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


@njit(_nrt=True)  # explicit: it allocates, even when called from a kernel compiled without
def summarize(rec, th_cry, th_arousal, th_load, first_onset_s, regimes_out, out):
    """Per-night metrics of a 1-s record; fills ``regimes_out`` (smoothed) and ``out``."""
    n = rec.shape[0]
    arousal = rec[:, m.A]
    crying = rec[:, m.Y]
    load = rec[:, m.L]
    raw = np.empty(n, dtype=np.int8)
    raw_regimes(arousal, crying, load, rec[:, R_COREG], th_cry, th_arousal, th_load, raw)
    reg = smooth_regimes(raw, MIN_STRETCH_S)
    for k in range(n):
        regimes_out[k] = reg[k]
    # durations count steps (rows 0..n-2 each stand for one second)
    steps = n - 1
    counts = np.zeros(4)
    cry_s = 0.0
    present = 0.0
    for k in range(steps):
        counts[reg[k]] += 1.0
        if crying[k] >= th_cry:
            cry_s += 1.0
        if rec[k, m.NSTATE] > 0.5:
            present += 1.0
    out[S_CRYING] = cry_s / 60.0
    out[S_SETTLED] = counts[SETTLED] / 60.0
    out[S_RELEASING] = counts[RELEASING] / 60.0
    out[S_PROTEST] = counts[PROTEST] / 60.0
    out[S_QDYS] = counts[QUIET_DYSREGULATED] / 60.0
    out[S_PRESENT] = present / 60.0
    starts = np.empty(n, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    nb = bouts(crying[:steps], th_cry, starts, ends)
    out[S_BOUTS] = nb
    if nb > 0:
        total = 0.0
        for b in range(nb):
            total += ends[b] - starts[b]
        out[S_MEAN_BOUT] = total / nb / 60.0
    else:
        out[S_MEAN_BOUT] = np.nan
    onset = int(first_onset_s)
    if onset < 0:
        onset = 0
    # a settled stretch under way at the onset counts from the onset on
    settle = _first_settled(reg[:steps], onset, SETTLE_STRETCH_S) if onset < steps else -1
    out[S_TTS] = (settle - onset) / 60.0 if settle >= 0 else np.nan
    if nb > 0:
        last_end = ends[nb - 1]
        after = _first_settled(reg[:steps], last_end, SETTLE_STRETCH_S) if last_end < steps else -1
        out[S_Q2S] = (after - last_end) / 60.0 if after >= 0 else np.nan
    else:
        out[S_Q2S] = np.nan
    out[S_TTSLEEP] = np.nan
    for k in range(n):
        if rec[k, m.Z] >= 0.5:
            out[S_TTSLEEP] = k / 60.0
            break
    peak_load = 0.0
    peak_a = 0.0
    peak_m = 0.0
    min_v = 1.0
    sum_a = 0.0
    for k in range(n):
        peak_load = max(peak_load, load[k])
        peak_a = max(peak_a, arousal[k])
        peak_m = max(peak_m, rec[k, m.M])
        min_v = min(min_v, rec[k, m.V])
        sum_a += arousal[k]
    out[S_PEAK_LOAD] = peak_load
    out[S_PEAK_A] = peak_a
    out[S_PEAK_M] = peak_m
    out[S_MIN_V] = min_v
    out[S_MEAN_A] = sum_a / n
    out[S_FINAL_LOAD] = load[n - 1]
    out[S_FINAL_X] = rec[n - 1, m.X]
    out[S_FINAL_M] = rec[n - 1, m.M]
    out[S_FINAL_E] = rec[n - 1, m.E]


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
