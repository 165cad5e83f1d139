"""The night loop: policy decides, stressors set the need, RK4 advances one second.

:func:`run_night` is compiled by numba (module level, cached). The same source runs
under numpy with no compilation via :data:`run_night_np` -- the cross-check and the
fallback. Row ``k`` of the record holds the state at ``t = k`` s and the inputs the
policy chose for the step that starts there.
"""

from __future__ import annotations

import types

import numba
import numpy as np

from sim import model as m
from sim import summary as sm
from sim import policies as pol
from sim import stressors as st
from sim.jit import njit, numpy_form
from sim.record import (NREC, R_C, R_COREG, R_DALONE, R_DSLEEP, R_DWAKE, R_NEED, R_P,  # noqa: F401
                        R_PRESSURE, R_U, REC_NAMES)


# night accumulators (the practice that moves the slow states between nights)
ACC_SETTLING, ACC_PRACTICE, ACC_RESPONDING = range(3)
NACC = 3
PRACTICE_LOW = 0.3    # self-soothing practice: arousal from here ...
PRACTICE_HIGH = 0.75  # ... to here (moderate distress)


@njit
def run_night(P, q, table, y0, n_steps, draws, theta_cry, theta_arousal, habituation, rec, acc):
    """Integrate one night of ``n_steps`` seconds; fills ``rec`` (n_steps+1 rows) and ``acc``."""
    y = (y0[0], y0[1], y0[2], y0[3], y0[4], y0[5], y0[6], y0[7], y0[8], y0[9])
    mem = np.zeros(pol.NMEM)
    mem[pol.MEM_SYNC] = 1.0
    sstate = np.zeros((table.shape[0], st.NSTATE_COLS))
    settling = 0.0
    practice = 0.0
    responding = 0.0
    u = 0.0
    for k in range(n_steps + 1):
        t = float(k)
        pending, d_sleep, d_wake, d_alone = st.assess(table, sstate, t, habituation, u, y[m.Z])
        p, u, c = pol.decide(q, mem, t, y[m.Y], y[m.A], y[m.Z], pending, theta_cry, theta_arousal,
                             draws[k, 0], draws[k, 1])
        row = rec[k]
        row[0], row[1], row[2], row[3], row[4] = y[0], y[1], y[2], y[3], y[4]
        row[5], row[6], row[7], row[8], row[9] = y[5], y[6], y[7], y[8], y[9]
        rec[k, R_P] = p
        rec[k, R_U] = u
        rec[k, R_C] = c
        rec[k, R_NEED] = min(d_sleep + d_wake + d_alone * y[m.B], 1.0)
        rec[k, R_DSLEEP] = d_sleep
        rec[k, R_DWAKE] = d_wake
        rec[k, R_DALONE] = d_alone
        rec[k, R_COREG] = u * c * m.capacity(y[m.M], P)
        rec[k, R_PRESSURE] = m.sleep_pressure(t, P)
        if k == n_steps:
            break
        awake = y[m.Z] < 0.5
        if awake and p < 0.5 and d_alone > 0.0 and y[m.A] < theta_arousal:
            settling += 1.0
        if awake and p > 0.5 and u < st.HELD_CONTACT and PRACTICE_LOW <= y[m.A] <= PRACTICE_HIGH:
            practice += 1.0
        if p > 0.5:
            responding += 1.0
        y = m.rk4_step(t, y, p, u, c, d_sleep, d_wake, d_alone, P)
    acc[ACC_SETTLING] = settling
    acc[ACC_PRACTICE] = practice
    acc[ACC_RESPONDING] = responding


def _plain(module, **functions):
    """A namespace with a module's constants and plain (uncompiled) functions."""
    ns = types.SimpleNamespace(**{k: v for k, v in vars(module).items() if k.isupper()})
    ns.__dict__.update(functions)
    return ns


_active = st.active.py_func
#: The same loop with no compilation anywhere (numpy RK4, plain-Python policy).
run_night_np = numpy_form(
    run_night,
    m=_plain(m, rk4_step=m.rk4_step_np, capacity=m._capacity_np, sleep_pressure=m._sleep_pressure_np),
    pol=_plain(pol, decide=numpy_form(
        pol.decide,
        _answering=numpy_form(pol._answering, _latency=pol._latency.py_func),
        _graduated=pol._graduated.py_func,
        _rupture_repair=pol._rupture_repair.py_func)),
    st=_plain(st, assess=numpy_form(st.assess, active=_active)),
)


@njit(parallel=True)
def run_population(Pb, q, table, y0b, n_steps, draws, theta, habituation_b,
                   first_onset, trace_every, summaries, traces, accb, lastb):
    """Many babies, one night each, in parallel (prange over babies).

    ``Pb``/``y0b``/``habituation_b``: per-baby parameters, start states, habituation.
    ``draws``: (babies, n_steps + 1, 2). Fills per-baby ``summaries`` (NSUMMARY),
    ``traces`` (babies, 3, n_trace) of crying, arousal and load every ``trace_every``
    s (float32), ``accb`` (practice accumulators) and ``lastb`` (final state).
    """
    nb = Pb.shape[0]
    for b in numba.prange(nb):
        rec = np.empty((n_steps + 1, NREC))
        acc = np.zeros(NACC)
        run_night(Pb[b], q, table, y0b[b], n_steps, draws[b], theta[0], theta[1],
                  habituation_b[b], rec, acc)
        regimes = np.empty(n_steps + 1, dtype=np.int8)
        sm.summarize(rec, theta[0], theta[1], theta[2], first_onset, regimes, summaries[b])
        for j in range(traces.shape[2]):
            k = j * trace_every
            traces[b, 0, j] = rec[k, m.Y]
            traces[b, 1, j] = rec[k, m.A]
            traces[b, 2, j] = rec[k, m.L]
        for i in range(NACC):
            accb[b, i] = acc[i]
        for i in range(NREC):
            lastb[b, i] = rec[n_steps, i]
