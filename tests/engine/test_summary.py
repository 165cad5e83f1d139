"""Regimes and summary metrics follow their documented definitions."""

import json
import math

import numpy as np

ROUNDED = 1e-6  # summaries are reported to 6 decimals

from sim.engine import summary as sm
from sim.engine.layout import NREC, Rec, State
from sim.presets import hungry_waking
from sim.engine.simulate import simulate


def _record(crying, arousal=None, load=None, coreg=None):
    n = len(crying)
    rec = np.zeros((n, NREC))
    rec[:, State.CRYING] = crying
    rec[:, State.AROUSAL] = 0.1 if arousal is None else arousal
    rec[:, State.LOAD] = 0.0 if load is None else load
    rec[:, State.VAGAL] = 0.8
    rec[:, Rec.COREGULATION] = 0.0 if coreg is None else coreg
    return rec


def _summarize(rec, onset=0.0):
    regimes = np.empty(rec.shape[0], dtype=np.int8)
    values = np.empty(sm.NSUMMARY)
    sm.summarize(rec, 0.2, 0.5, 0.3, onset, regimes, values)
    return regimes, sm.as_dict(values)


def test_short_regime_stretches_take_the_preceding_regime():
    """A 10-s stretch of crying inside quiet is absorbed by the preceding regime (no
    flicker); at the night's start a short stretch takes the following regime."""
    crying = np.zeros(200)
    crying[100:110] = 0.5          # 10 s: shorter than 15 s
    crying[0:8] = 0.5              # 8 s at the very start
    regimes, _ = _summarize(_record(crying))
    assert np.all(regimes == sm.SETTLED)
    crying[100:130] = 0.5          # 30 s: long enough to count
    regimes, _ = _summarize(_record(crying))
    assert np.all(regimes[100:130] == sm.PROTEST)


def test_bouts_merge_short_gaps_and_drop_short_cries():
    """Bouts: stretches of crying with gaps under 30 s merged; stretches under 5 s dropped."""
    crying = np.zeros(600)
    crying[10:70] = 0.5            # 60 s
    crying[90:150] = 0.5           # 20-s gap: same bout (10..150 = 140 s)
    crying[300:303] = 0.5          # 3 s: dropped
    crying[400:460] = 0.5          # 40-s gap before it: a second bout of 60 s
    _, summary = _summarize(_record(crying))
    assert summary["bouts"] == 2
    assert math.isclose(summary["mean_bout_min"], (140 + 60) / 2 / 60, abs_tol=ROUNDED)
    assert math.isclose(summary["crying_min"], (60 + 60 + 3 + 60) / 60, abs_tol=ROUNDED)


def test_releasing_needs_contingent_contact_falling_arousal_and_low_load():
    """Crying in contingent contact (>= 1/2) with arousal falling and load below the
    threshold is 'releasing'; the same crying with rising arousal is 'protest'."""
    n = 120
    falling = np.linspace(0.9, 0.6, n)
    rising = falling[::-1].copy()
    regimes, _ = _summarize(_record(np.full(n, 0.6), arousal=falling, coreg=np.full(n, 0.8)))
    assert np.all(regimes[:-1] == sm.RELEASING)
    regimes, _ = _summarize(_record(np.full(n, 0.6), arousal=rising, coreg=np.full(n, 0.8)))
    assert np.all(regimes == sm.PROTEST)


def test_quiet_with_high_load_is_the_hidden_quadrant():
    """Quiet with low arousal but a load above its threshold is quiet_dysregulated."""
    regimes, summary = _summarize(_record(np.zeros(120), arousal=np.full(120, 0.1), load=np.full(120, 0.4)))
    assert np.all(regimes == sm.QUIET_DYSREGULATED)
    assert math.isclose(summary["quiet_dysregulated_min"], 119 / 60, abs_tol=ROUNDED)


def test_missing_quantities_are_null_not_made_up():
    """No bouts -> mean_bout_min is null; never settling -> time_to_settle_min null; and
    the JSON has no NaN anywhere."""
    _, quiet = _summarize(_record(np.zeros(400)))
    assert quiet["bouts"] == 0 and quiet["mean_bout_min"] is None
    absent = simulate(hungry_waking("absent", 60.0)).summary_json()
    assert absent["time_to_settle_min"] is None
    text = json.dumps(absent, allow_nan=False)
    assert "NaN" not in text


def test_time_to_settle_counts_from_the_first_onset():
    """time_to_settle_min runs from the first stressor onset to the start of the first
    settled stretch of at least 5 minutes."""
    crying = np.zeros(1200)
    crying[60:300] = 0.6           # cries from the onset at 60 s to 300 s
    _, summary = _summarize(_record(crying), onset=60.0)
    assert math.isclose(summary["time_to_settle_min"], (300 - 60) / 60, abs_tol=ROUNDED)
    assert math.isclose(summary["quiet_to_settled_min"], 0.0, abs_tol=1e-9)
