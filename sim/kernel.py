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


@njit(inline="always")
def night_step(k, n_steps, y, u_prev, P, q, table, sstate, mem, draw_lat, draw_p,
               theta_cry, theta_arousal, habituation, row, acc):
    """Second ``k`` of a night: stressors, policy, record ``row``, RK4 (unless last).

    Returns the new state tuple and this step's contact (the next step's ``u_prev``).
    """
    t = float(k)
    pending, d_sleep, d_wake, d_alone = st.assess(table, sstate, t, habituation, u_prev, y[m.Z])
    p, u, c = pol.decide(q, mem, t, y[m.Y], y[m.A], y[m.Z], pending, theta_cry, theta_arousal,
                         draw_lat, draw_p)
    row[0], row[1], row[2], row[3], row[4] = y[0], y[1], y[2], y[3], y[4]
    row[5], row[6], row[7], row[8], row[9] = y[5], y[6], y[7], y[8], y[9]
    row[R_P] = p
    row[R_U] = u
    row[R_C] = c
    row[R_NEED] = min(d_sleep + d_wake + d_alone * y[m.B], 1.0)
    row[R_DSLEEP] = d_sleep
    row[R_DWAKE] = d_wake
    row[R_DALONE] = d_alone
    row[R_COREG] = u * c * m.capacity(y[m.M], P)
    row[R_PRESSURE] = m.sleep_pressure(t, P)
    if k == n_steps:
        return y, u
    awake = y[m.Z] < 0.5
    if awake and p < 0.5 and d_alone > 0.0 and y[m.A] < theta_arousal:
        acc[ACC_SETTLING] += 1.0
    if awake and p > 0.5 and u < st.HELD_CONTACT and PRACTICE_LOW <= y[m.A] <= PRACTICE_HIGH:
        acc[ACC_PRACTICE] += 1.0
    if p > 0.5 and (y[m.Y] >= theta_cry or y[m.A] >= theta_arousal):
        acc[ACC_RESPONDING] += 1.0  # night-time responding: present while the baby is distressed
    return m.rk4_step(t, y, p, u, c, d_sleep, d_wake, d_alone, P), u


@njit
def run_night(P, q, table, y0, n_steps, draws, theta_cry, theta_arousal, habituation, rec, acc):
    """Integrate one night of ``n_steps`` seconds; fills ``rec`` (n_steps+1 rows) and ``acc``."""
    y = (y0[0], y0[1], y0[2], y0[3], y0[4], y0[5], y0[6], y0[7], y0[8], y0[9])
    mem = np.zeros(pol.NMEM)
    mem[pol.MEM_SYNC] = 1.0
    sstate = np.zeros((table.shape[0], st.NSTATE_COLS))
    for i in range(NACC):
        acc[i] = 0.0
    u = 0.0
    for k in range(n_steps + 1):
        y, u = night_step(k, n_steps, y, u, P, q, table, sstate, mem, draws[k, 0], draws[k, 1],
                          theta_cry, theta_arousal, habituation, rec[k], acc)


def _plain(module, **functions):
    """A namespace with a module's constants and plain (uncompiled) functions."""
    ns = types.SimpleNamespace(**{k: v for k, v in vars(module).items() if k.isupper()})
    ns.__dict__.update(functions)
    return ns


_active = st.active.py_func
_plain_night_step = numpy_form(
    night_step,
    m=_plain(m, rk4_step=m.rk4_step_np, capacity=m._capacity_np, sleep_pressure=m._sleep_pressure_np),
    pol=_plain(pol, decide=numpy_form(
        pol.decide,
        _answering=numpy_form(pol._answering, _latency=pol._latency.py_func),
        _graduated=pol._graduated.py_func,
        _rupture_repair=pol._rupture_repair.py_func)),
    st=_plain(st, assess=numpy_form(st.assess, active=_active)),
)
#: The same loop with no compilation anywhere (numpy RK4, plain-Python policy).
run_night_np = numpy_form(run_night, night_step=_plain_night_step)


BLOCK = 16  # babies advanced together, second by second (independent work to overlap)


@njit(parallel=True)
def run_population(Pb, q, table, y0b, n_steps, draws, theta, habituation_b,
                   first_onset, trace_every, summaries, traces, accb, lastb):
    """Many babies, one night each: blocks of babies in parallel (prange over blocks).

    Within a block the time loop is outside and the babies inside, so the processor
    overlaps the babies' independent arithmetic. ``Pb``/``y0b``/``habituation_b``:
    per-baby parameters, start states, habituation; ``draws``: (babies, n_steps + 1, 2).
    Fills per-baby ``summaries``, ``traces`` (babies, 3, n_trace: crying, arousal, load
    every ``trace_every`` s, float32), ``accb`` (practice) and ``lastb`` (final row).
    """
    nb = Pb.shape[0]
    nblocks = (nb + BLOCK - 1) // BLOCK
    for blk in numba.prange(nblocks):
        lo = blk * BLOCK
        size = min(nb, lo + BLOCK) - lo
        rec = np.empty((size, n_steps + 1, NREC))
        ys = np.empty((size, m.NSTATE))
        us = np.zeros(size)
        mems = np.zeros((size, pol.NMEM))
        sst = np.zeros((size, table.shape[0], st.NSTATE_COLS))
        for j in range(size):
            ys[j] = y0b[lo + j]
            mems[j, pol.MEM_SYNC] = 1.0
            for i in range(NACC):
                accb[lo + j, i] = 0.0
        for k in range(n_steps + 1):
            for j in range(size):
                b = lo + j
                s = ys[j]
                y = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9])
                y, us[j] = night_step(k, n_steps, y, us[j], Pb[b], q, table, sst[j], mems[j],
                                      draws[b, k, 0], draws[b, k, 1], theta[0], theta[1],
                                      habituation_b[b], rec[j, k], accb[b])
                s[0], s[1], s[2], s[3], s[4] = y[0], y[1], y[2], y[3], y[4]
                s[5], s[6], s[7], s[8], s[9] = y[5], y[6], y[7], y[8], y[9]
        for j in range(size):
            b = lo + j
            regimes = np.empty(n_steps + 1, dtype=np.int8)
            sm.summarize(rec[j], theta[0], theta[1], theta[2], first_onset, regimes, summaries[b])
            for i in range(traces.shape[2]):
                kk = i * trace_every
                traces[b, 0, i] = rec[j, kk, m.Y]
                traces[b, 1, i] = rec[j, kk, m.A]
                traces[b, 2, i] = rec[j, kk, m.L]
            for i in range(NREC):
                lastb[b, i] = rec[j, n_steps, i]
