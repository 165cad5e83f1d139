"""The night loop: policy decides, stressors set the need, RK4 advances one second.

:func:`run_night` is compiled by numba (module level, cached). The same source runs
under numpy with no compilation via :data:`run_night_np` -- the cross-check and the
fallback. Row ``k`` of the record holds the state at ``t = k`` s and the inputs the
policy chose for the step that starts there.

:func:`run_population` runs many babies with the same :func:`observe` per baby, but
advances a block of babies at once (:func:`advance_block`, SIMD across babies).

What made it fast (measured; see ``python -m sim.bench``): kernels compiled without
numba's reference counting (``_nrt=False``; each array handed to a helper inside the
loop otherwise costs an atomic operation, which stalled the loop and doubled a night's
time), and the lane-major block layout with a constant block size, which lets LLVM
vectorise the RK4 step over babies.
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
def observe(k, n_steps, y, u_prev, P, q, table, sstate, mem, draw_lat, draw_p,
            theta_cry, theta_arousal, habituation, row, acc):
    """Second ``k`` of a night: stressors, policy, record ``row``, practice counts.

    Returns the inputs of the step that starts at ``k``: presence, contact,
    contingency and the needs felt asleep, awake and alone.
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
    if k < n_steps:
        awake = y[m.Z] < 0.5
        if awake and p < 0.5 and d_alone > 0.0 and y[m.A] < theta_arousal:
            acc[ACC_SETTLING] += 1.0
        if awake and p > 0.5 and u < st.HELD_CONTACT and PRACTICE_LOW <= y[m.A] <= PRACTICE_HIGH:
            acc[ACC_PRACTICE] += 1.0
        if p > 0.5 and (y[m.Y] >= theta_cry or y[m.A] >= theta_arousal):
            acc[ACC_RESPONDING] += 1.0  # night-time responding: present while the baby is distressed
    return p, u, c, d_sleep, d_wake, d_alone


@njit(_nrt=False, nogil=True)
def run_night(P, q, table, y0, n_steps, draws, theta_cry, theta_arousal, habituation, rec, acc,
              mem, sstate):
    """Integrate one night of ``n_steps`` seconds; fills ``rec`` (n_steps+1 rows) and ``acc``.

    ``mem`` (the policy's memory) and ``sstate`` (the stressors' state) are scratch
    arrays from :func:`scratch`. Compiled without numba's reference counting: passing
    arrays to the helpers inside the loop then costs nothing (with it, each pass is an
    atomic operation that stalls the loop), and nothing here allocates.
    """
    y = (y0[0], y0[1], y0[2], y0[3], y0[4], y0[5], y0[6], y0[7], y0[8], y0[9])
    mem[:] = 0.0
    mem[pol.MEM_SYNC] = 1.0
    sstate[:, :] = 0.0
    for i in range(NACC):
        acc[i] = 0.0
    u = 0.0
    for k in range(n_steps + 1):
        p, u, c, d_sleep, d_wake, d_alone = observe(k, n_steps, y, u, P, q, table, sstate, mem,
                                                    draws[k, 0], draws[k, 1], theta_cry,
                                                    theta_arousal, habituation, rec[k], acc)
        if k < n_steps:
            y = m.rk4_step(float(k), y, p, u, c, d_sleep, d_wake, d_alone, P)


def scratch(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scratch arrays for :func:`run_night`: the policy's memory and the stressors' state."""
    return np.zeros(pol.NMEM), np.zeros((table.shape[0], st.NSTATE_COLS))


def _plain(module, **functions):
    """A namespace with a module's constants and plain (uncompiled) functions."""
    ns = types.SimpleNamespace(**{k: v for k, v in vars(module).items() if k.isupper()})
    ns.__dict__.update(functions)
    return ns


_active = st.active.py_func
_plain_observe = numpy_form(
    observe,
    m=_plain(m, rk4_step=m.rk4_step_np, capacity=m._capacity_np, sleep_pressure=m._sleep_pressure_np),
    pol=_plain(pol, decide=numpy_form(
        pol.decide,
        _answering=numpy_form(pol._answering, _latency=pol._latency.py_func),
        _graduated=pol._graduated.py_func,
        _rupture_repair=pol._rupture_repair.py_func)),
    st=_plain(st, assess=numpy_form(st.assess, active=_active)),
)
#: The same loop with no compilation anywhere (numpy RK4, plain-Python policy).
run_night_np = numpy_form(run_night, observe=_plain_observe,
                          m=_plain(m, rk4_step=m.rk4_step_np))


#: Babies advanced together in one block. Inside a block the state, inputs and parameters
#: are stored lane by lane (row ``i`` of a quantity holds it for all BLOCK babies), so the
#: compiler turns the RK4 loop over the babies into SIMD instructions (8 doubles at a time
#: with AVX-512); a constant block size lets it prove the rows do not overlap.
BLOCK = 16


@njit(inline="always")
def _lane_params(Pt, j):
    """The parameter vector of lane ``j`` as a tuple (indexed like the 1-D vector)."""
    return (Pt[0 * BLOCK + j], Pt[1 * BLOCK + j], Pt[2 * BLOCK + j], Pt[3 * BLOCK + j],
            Pt[4 * BLOCK + j], Pt[5 * BLOCK + j], Pt[6 * BLOCK + j], Pt[7 * BLOCK + j],
            Pt[8 * BLOCK + j], Pt[9 * BLOCK + j], Pt[10 * BLOCK + j], Pt[11 * BLOCK + j],
            Pt[12 * BLOCK + j], Pt[13 * BLOCK + j], Pt[14 * BLOCK + j], Pt[15 * BLOCK + j],
            Pt[16 * BLOCK + j], Pt[17 * BLOCK + j], Pt[18 * BLOCK + j], Pt[19 * BLOCK + j],
            Pt[20 * BLOCK + j], Pt[21 * BLOCK + j], Pt[22 * BLOCK + j], Pt[23 * BLOCK + j],
            Pt[24 * BLOCK + j], Pt[25 * BLOCK + j], Pt[26 * BLOCK + j], Pt[27 * BLOCK + j],
            Pt[28 * BLOCK + j], Pt[29 * BLOCK + j], Pt[30 * BLOCK + j], Pt[31 * BLOCK + j],
            Pt[32 * BLOCK + j])


@njit
def advance_block(t, ys, ins, Pt):
    """One RK4 step of 1 s for every lane of a block (``ys``/``ins``/``Pt``: lane-major
    rows of BLOCK). This is the loop the compiler vectorises."""
    for j in range(BLOCK):
        y = (ys[0 * BLOCK + j], ys[1 * BLOCK + j], ys[2 * BLOCK + j], ys[3 * BLOCK + j],
             ys[4 * BLOCK + j], ys[5 * BLOCK + j], ys[6 * BLOCK + j], ys[7 * BLOCK + j],
             ys[8 * BLOCK + j], ys[9 * BLOCK + j])
        y = m.rk4_step(t, y, ins[0 * BLOCK + j], ins[1 * BLOCK + j], ins[2 * BLOCK + j],
                       ins[3 * BLOCK + j], ins[4 * BLOCK + j], ins[5 * BLOCK + j], _lane_params(Pt, j))
        ys[0 * BLOCK + j] = y[0]
        ys[1 * BLOCK + j] = y[1]
        ys[2 * BLOCK + j] = y[2]
        ys[3 * BLOCK + j] = y[3]
        ys[4 * BLOCK + j] = y[4]
        ys[5 * BLOCK + j] = y[5]
        ys[6 * BLOCK + j] = y[6]
        ys[7 * BLOCK + j] = y[7]
        ys[8 * BLOCK + j] = y[8]
        ys[9 * BLOCK + j] = y[9]


@njit(inline="always")
def uniform(key, baby, k, slot):
    """A uniform draw in [0, 1) for ``baby`` at second ``k`` (``slot`` 0: latency, 1: the
    rest), from a counter-based generator (SplitMix64 of the position): reproducible
    from the seed alone, in any order and on any number of threads, with nothing stored."""
    z = np.uint64(key) + np.uint64((baby * 2 + slot) * 1_000_003 + k + 1) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return float(z >> np.uint64(11)) * (1.0 / 9007199254740992.0)


class PopulationBuffers:
    """Scratch space for :func:`run_population`, one slice per thread (chunk). No
    record is kept: each baby's summary runs along (:func:`sim.summary.summary_row`),
    so a block's working set stays in the processor's cache."""

    def __init__(self, nchunks: int, n_steps: int, n_stressors: int) -> None:
        self.rows = np.empty((nchunks, BLOCK, NREC))
        self.runs = np.empty((nchunks, BLOCK, sm.NRUN))
        self.raws = np.empty((nchunks, BLOCK, n_steps + 1), dtype=np.int8)
        self.cryings = np.empty((nchunks, BLOCK, n_steps), dtype=np.int8)
        self.regimes = np.empty((nchunks, n_steps + 1), dtype=np.int8)
        self.ys = np.empty((nchunks, m.NSTATE * BLOCK))
        self.ins = np.zeros((nchunks, m.NINPUT * BLOCK))
        self.Pt = np.empty((nchunks, m.NPARAM * BLOCK))
        self.us = np.zeros((nchunks, BLOCK))
        self.mems = np.zeros((nchunks, BLOCK, pol.NMEM))
        self.sst = np.zeros((nchunks, BLOCK, n_stressors, st.NSTATE_COLS))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.rows, self.runs, self.raws, self.cryings, self.regimes, self.ys, self.ins,
                self.Pt, self.us, self.mems, self.sst)


@njit(parallel=True, _nrt=False, nogil=True)
def run_population(Pb, q, table, y0b, n_steps, key, theta, habituation_b,
                   first_onset, trace_every, summaries, traces, accb, lastb,
                   rows_c, runs_c, raws_c, cryings_c, regimes_c, ys_c, ins_c, Pt_c, us_c, mems_c, sst_c):
    """Many babies, one night each, in blocks of BLOCK; the chunks (threads) share the blocks.

    Every second, each baby of a block observes and its caregiver decides (scalar code,
    the same :func:`observe` as a single night) and its summary takes the row in, then
    :func:`advance_block` moves all of them at once. The last block is padded with copies of its last baby (computed,
    never reported). ``Pb``/``y0b``/``habituation_b``: per-baby parameters, start states,
    habituation; ``key``: the night's random key (see :func:`uniform`). Fills per-baby ``summaries``,
    ``traces`` (babies, 3, n_trace: crying, arousal, load every ``trace_every`` s,
    float32), ``accb`` (practice) and ``lastb`` (final row). The remaining arguments are
    the :class:`PopulationBuffers`; their first dimension is the number of chunks.
    Compiled without reference counting, like :func:`run_night`.
    """
    nb = Pb.shape[0]
    nblocks = (nb + BLOCK - 1) // BLOCK
    nchunks = rows_c.shape[0]
    n_rows = n_steps + 1
    for chunk in numba.prange(nchunks):
        rows = rows_c[chunk]
        runs = runs_c[chunk]
        raws = raws_c[chunk]
        cryings = cryings_c[chunk]
        regimes = regimes_c[chunk]
        ys = ys_c[chunk]
        ins = ins_c[chunk]
        Pt = Pt_c[chunk]
        us = us_c[chunk]
        mems = mems_c[chunk]
        sst = sst_c[chunk]
        for blk in range(chunk, nblocks, nchunks):
            lo = blk * BLOCK
            size = min(nb, lo + BLOCK) - lo
            for j in range(BLOCK):
                b = lo + min(j, size - 1)
                for i in range(m.NSTATE):
                    ys[i * BLOCK + j] = y0b[b, i]
                for i in range(m.NPARAM):
                    Pt[i * BLOCK + j] = Pb[b, i]
                us[j] = 0.0
                mems[j, :] = 0.0
                mems[j, pol.MEM_SYNC] = 1.0
                sst[j, :, :] = 0.0
            for j in range(size):
                for i in range(NACC):
                    accb[lo + j, i] = 0.0
                sm.summary_start(runs[j])
            for k in range(n_steps + 1):
                for j in range(size):
                    b = lo + j
                    y = (ys[0 * BLOCK + j], ys[1 * BLOCK + j], ys[2 * BLOCK + j], ys[3 * BLOCK + j],
                         ys[4 * BLOCK + j], ys[5 * BLOCK + j], ys[6 * BLOCK + j], ys[7 * BLOCK + j],
                         ys[8 * BLOCK + j], ys[9 * BLOCK + j])
                    p, u, c, d_sleep, d_wake, d_alone = observe(
                        k, n_steps, y, us[j], Pb[b], q, table, sst[j], mems[j], uniform(key, b, k, 0),
                        uniform(key, b, k, 1), theta[0], theta[1], habituation_b[b], rows[j], accb[b])
                    sm.summary_row(k, n_rows, rows[j], theta[0], theta[1], theta[2], runs[j], raws[j], cryings[j])
                    if k % trace_every == 0:
                        i = k // trace_every
                        traces[b, 0, i] = y[m.Y]
                        traces[b, 1, i] = y[m.A]
                        traces[b, 2, i] = y[m.L]
                    us[j] = u
                    ins[0 * BLOCK + j] = p
                    ins[1 * BLOCK + j] = u
                    ins[2 * BLOCK + j] = c
                    ins[3 * BLOCK + j] = d_sleep
                    ins[4 * BLOCK + j] = d_wake
                    ins[5 * BLOCK + j] = d_alone
                if k < n_steps:
                    advance_block(float(k), ys, ins, Pt)
            for j in range(size):
                b = lo + j
                sm.summary_finish(runs[j], raws[j], cryings[j], rows[j], first_onset, regimes, summaries[b])
                for i in range(NREC):
                    lastb[b, i] = rows[j, i]
