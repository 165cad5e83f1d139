"""The night loop: policy decides, stressors set the need, RK4 advances one second.

:func:`run_night` is compiled by numba (module level, cached). The same source runs
under numpy with no compilation via :data:`run_night_np` -- the cross-check and the
fallback. Row ``k`` of the record holds the state at ``t = k`` s and the inputs the
policy chose for the step that starts there (columns: :data:`sim.layout.REC_NAMES`).

:func:`run_population` runs many babies with the same :func:`observe` per baby, but
advances a block of babies at once (:func:`advance_block`, SIMD across babies).

What made it fast (measured; see ``python -m sim.bench``): kernels compiled without
numba's reference counting (``_nrt=False``; each array handed to a helper inside the
loop otherwise costs an atomic operation, which stalled the loop and doubled a night's
time), and the lane-major block layout with a constant block size, which lets LLVM
vectorise the RK4 step over babies.

What made it compile fast (CPU seconds on an empty cache, this 2-core machine, 2026-12-06:
night loop / summary / population). Inlining at numba's IR level (``inline="always"``)
re-types a function at every call site: with every model, policy, stressor and summary
function inlined the compile took 9.3 / 2.1 / 27.5 s. With nothing inlined, 4.0 / 1.6 /
7.4 s, but a population of 1,000 babies ran 2-3x slower (its vectorised block needs the
equations inlined) and a night 25% slower. Now the equations are inlined only where the
population's block uses them (:func:`advance_block`), the night loop calls the right-hand
side as one compiled function (:func:`sim.model.rhs_once`: compiled once, not four times
per RK4 step), and policies, stressors and the running summary are compiled once each
(without reference counting): 3.3 / 1.5 / 14.8 s, while a night runs as fast as before
(0.72-0.79 ms against 0.76-0.84 ms) and so does a population (about 400 ms, measured side
by side). LLVM still inlines what is small.
"""

from __future__ import annotations

import types

import numba
import numpy as np

from sim import model as m
from sim import policies as pol
from sim import stressors as st
from sim import summary as sm
from sim.jit import njit, numpy_form
from sim.layout import NINPUT, NPARAM, NREC, NSTATE, Param, Rec, State, lane_params, lane_state, select

# The night's accumulators: what moves the slow states between nights (sim.nights).
# Put-down seconds are awake seconds before the night's first sleep with the baby in its cot
# (the ``alone`` stressor acting, not held). Each is crying, quiet but aroused (arousal at or
# above the crying threshold), or calm -- and a calm second counts as *settling* only once the
# baby has been distressed that night (calm before any distress is not yet being bothered, not
# settling). What the baby shows and feels decides, whoever the caregiver is. The night's first
# sleep is the first row asleep (asleep >= 1/2); it counts as held when the contact chosen for that
# row's step is at least 1/2.
(ACC_CALM_BEFORE, ACC_CALM, ACC_QUIET_AROUSED, ACC_CRYING, ACC_DISTRESSED, ACC_PRACTICE, ACC_RESPONDING,
 ACC_FIRST_SLEEP) = range(8)
NACC = 8
NOT_YET, UNHELD, HELD = 0.0, 1.0, 2.0  # how the night's first sleep came (ACC_FIRST_SLEEP)
PRACTICE_LOW = 0.25   # self-soothing practice: arousal from here ...
PRACTICE_HIGH = 0.7   # ... to here (moderate distress)


@njit(inline="always")
def observe(k, n_steps, y, u_prev, P, q, table, sstate, mem, draw_lat, draw_p,
            theta_cry, theta_arousal, habituation, row, acc):
    """Second ``k`` of a night: stressors, policy, record ``row``, practice counts.

    Returns the inputs of the step that starts at ``k``: presence, contact,
    contingency and the needs felt asleep, awake and alone.
    """
    t = float(k)
    pending, d_sleep, d_wake, d_alone = st.assess(table, sstate, t, habituation, u_prev, y[State.ASLEEP])
    p, u, c = pol.decide(q, mem, t, y[State.CRYING], y[State.AROUSAL], y[State.ASLEEP], pending,
                         theta_cry, theta_arousal, draw_lat, draw_p)
    for i in range(NSTATE):
        row[i] = y[i]
    row[Rec.PRESENCE] = p
    row[Rec.CONTACT] = u
    row[Rec.CONTINGENCY] = c
    row[Rec.NEED_ASLEEP] = d_sleep
    row[Rec.NEED_AWAKE] = d_wake
    row[Rec.NEED_ALONE] = d_alone
    row[Rec.NEED] = min(d_sleep + (1.0 - y[State.ASLEEP]) * (d_wake + d_alone * y[State.ALONE_FELT]), 1.0)
    row[Rec.COREGULATION] = u * c * m.capacity(y[State.CAREGIVER_AROUSAL], P)
    row[Rec.SLEEP_PRESSURE] = m.sleep_pressure(t, P)
    if k < n_steps:
        a = y[State.AROUSAL]
        awake = y[State.ASLEEP] < 0.5
        held = u >= st.HELD_CONTACT
        if acc[ACC_FIRST_SLEEP] == NOT_YET:
            if not awake:
                acc[ACC_FIRST_SLEEP] = HELD if held else UNHELD
            elif not held and d_alone > 0.0:  # put down, before the first sleep
                if y[State.CRYING] >= theta_cry or a >= P[Param.CRY_AROUSAL]:
                    acc[ACC_DISTRESSED] = 1.0
                if y[State.CRYING] >= theta_cry:
                    acc[ACC_CRYING] += 1.0
                elif a >= P[Param.CRY_AROUSAL]:
                    acc[ACC_QUIET_AROUSED] += 1.0
                elif acc[ACC_DISTRESSED] > 0.5:
                    acc[ACC_CALM] += 1.0
                else:
                    acc[ACC_CALM_BEFORE] += 1.0
        if awake and not held and p > 0.5 and c >= 0.5 and PRACTICE_LOW <= a <= PRACTICE_HIGH:
            acc[ACC_PRACTICE] += 1.0  # calming itself with a caregiver near and available, not holding
        if p > 0.5 and (y[State.CRYING] >= theta_cry or a >= theta_arousal):
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
    y = lane_state(y0, 0, 1)
    pol.reset_memory(mem)
    sstate[:, :] = 0.0
    for i in range(NACC):
        acc[i] = 0.0
    u = 0.0
    for k in range(n_steps + 1):
        p, u, c, d_sleep, d_wake, d_alone = observe(k, n_steps, y, u, P, q, table, sstate, mem,
                                                    draws[k, 0], draws[k, 1], theta_cry,
                                                    theta_arousal, habituation, rec[k], acc)
        if k < n_steps:
            y = m.rk4_second(float(k), y, p, u, c, d_sleep, d_wake, d_alone, P)


def scratch(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scratch arrays for :func:`run_night`: the policy's memory and the stressors' state."""
    return np.zeros(pol.NMEM), np.zeros((table.shape[0], st.NSTATE_COLS))


def _uncompiled(module, **functions):
    """A namespace with a module's constants and plain (uncompiled) functions."""
    ns = types.SimpleNamespace(**{k: v for k, v in vars(module).items() if k.isupper()})
    ns.__dict__.update(functions)
    return ns


_plain_observe = numpy_form(
    observe,
    m=_uncompiled(m, capacity=m.capacity_np, sleep_pressure=m.sleep_pressure_np),
    pol=_uncompiled(pol, decide=pol.decide_np),
    st=_uncompiled(st, assess=st.assess_np),
)


def _plain_lane_state(y0, j, block):
    return tuple(float(y0[i * block + j]) for i in range(NSTATE))


#: The same loop with no compilation anywhere (numpy RK4, plain-Python policy).
run_night_np = numpy_form(run_night, observe=_plain_observe, lane_state=_plain_lane_state,
                          m=_uncompiled(m, rk4_second=m.rk4_second_np),
                          pol=_uncompiled(pol, reset_memory=pol.reset_memory.py_func))


#: Babies advanced together in one block. Inside a block the state, inputs and parameters
#: are stored lane by lane (row ``i`` of a quantity holds it for all BLOCK babies), so the
#: compiler turns the RK4 loop over the babies into SIMD instructions (8 doubles at a time
#: with AVX-512); a constant block size lets it prove the rows do not overlap.
BLOCK = 16


@njit
def advance_block(t, ys, ins, Pt, steps):
    """One second for every lane of a block (``ys``/``ins``/``Pt``: lane-major rows of
    BLOCK). This is the loop the compiler vectorises. Each lane takes the steps its state at
    the start of the second asks for (:func:`sim.model.steps_this_second`, kept in ``steps``);
    the block steps as often as its most demanding lane, and a lane that needs fewer keeps its
    state once its own steps are done."""
    most = 1
    for j in range(BLOCK):
        steps[j] = m.steps_this_second(lane_state(ys, j, BLOCK), lane_params(Pt, j, BLOCK))
        most = max(most, int(steps[j]))
    for s in range(most):
        for j in range(BLOCK):
            P = lane_params(Pt, j, BLOCK)
            n = steps[j]
            h = 1.0 / n
            y = lane_state(ys, j, BLOCK)
            new = m.rk4_step(t + s * h, y, h, ins[0 * BLOCK + j], ins[1 * BLOCK + j], ins[2 * BLOCK + j],
                             ins[3 * BLOCK + j], ins[4 * BLOCK + j], ins[5 * BLOCK + j], P, m.rhs)
            y = select(s < n, new, y)
            for i in range(NSTATE):
                ys[i * BLOCK + j] = y[i]


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
    record is kept: each baby's summary runs along (:func:`sim.summary.summary_add_row`),
    so a block's working set stays in the processor's cache."""

    def __init__(self, nchunks: int, n_steps: int, n_stressors: int) -> None:
        self.rows = np.empty((nchunks, BLOCK, NREC))
        self.runs = np.empty((nchunks, BLOCK, sm.NRUN))
        self.raws = np.empty((nchunks, BLOCK, n_steps + 1), dtype=np.int8)
        self.cryings = np.empty((nchunks, BLOCK, n_steps), dtype=np.int8)
        self.asleeps = np.empty((nchunks, BLOCK, n_steps), dtype=np.int8)
        self.regimes = np.empty((nchunks, n_steps + 1), dtype=np.int8)
        self.ys = np.empty((nchunks, NSTATE * BLOCK))
        self.ins = np.zeros((nchunks, NINPUT * BLOCK))
        self.Pt = np.empty((nchunks, NPARAM * BLOCK))
        self.us = np.zeros((nchunks, BLOCK))
        self.steps = np.ones((nchunks, BLOCK))
        self.mems = np.zeros((nchunks, BLOCK, pol.NMEM))
        self.sst = np.zeros((nchunks, BLOCK, n_stressors, st.NSTATE_COLS))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.rows, self.runs, self.raws, self.cryings, self.asleeps, self.regimes, self.ys, self.ins,
                self.Pt, self.us, self.steps, self.mems, self.sst)


@njit(parallel=True, _nrt=False, nogil=True)
def run_population(params, policy, table, starts, n_steps, key, thresholds, habituations,
                   first_onset, trace_every, order, summaries, traces, practice, last_rows,
                   rows_c, runs_c, raws_c, cryings_c, asleeps_c, regimes_c, ys_c, ins_c, Pt_c, us_c, steps_c, mems_c, sst_c):
    """Many babies, one night each, in blocks of BLOCK; the chunks (threads) share the blocks.

    ==============  ===================================================================
    params          (babies, NPARAM) each baby's parameter vector (:func:`sim.pack.pack_population`)
    policy          the caregiver's policy vector (:func:`sim.policies.pack_policy`)
    table           the stressor table (:func:`sim.stressors.pack_stressors`)
    starts          (babies, NSTATE) each baby's state at the night's start
    n_steps         seconds in the night
    key             the night's random key (see :func:`uniform`)
    thresholds      (crying, arousal, load) of the regimes
    habituations    (babies,) each baby's settling habituation
    first_onset     the first stressor's onset (s), for time to settle
    trace_every     seconds between the saved traces
    order           (babies,) the order in which babies fill the blocks: babies that need the
                    same number of sub-steps side by side (a block steps as often as its
                    most demanding baby; each baby's own result does not depend on it)
    summaries       out (babies, NSUMMARY): each baby's summary metrics
    traces          out (babies, 3, n_trace) float32: crying, arousal, load every trace_every s
    practice        out (babies, NACC): the night's accumulators (for the next night)
    last_rows       out (babies, NREC): the night's final record row
    the rest        :class:`PopulationBuffers` (first dimension: the number of chunks)
    ==============  ===================================================================

    Every second, each baby of a block observes and its caregiver decides (scalar code,
    the same :func:`observe` as a single night) and its summary takes the row in, then
    :func:`advance_block` moves all of them at once. The last block is padded with copies
    of its last baby (computed, never reported). Compiled without reference counting,
    like :func:`run_night`.
    """
    nb = params.shape[0]
    nblocks = (nb + BLOCK - 1) // BLOCK
    nchunks = rows_c.shape[0]
    n_rows = n_steps + 1
    for chunk in numba.prange(nchunks):
        rows = rows_c[chunk]
        runs = runs_c[chunk]
        raws = raws_c[chunk]
        cryings = cryings_c[chunk]
        asleeps = asleeps_c[chunk]
        regimes = regimes_c[chunk]
        ys = ys_c[chunk]
        ins = ins_c[chunk]
        Pt = Pt_c[chunk]
        us = us_c[chunk]
        steps = steps_c[chunk]
        mems = mems_c[chunk]
        sst = sst_c[chunk]
        for blk in range(chunk, nblocks, nchunks):
            lo = blk * BLOCK
            size = min(nb, lo + BLOCK) - lo
            for j in range(BLOCK):
                b = order[lo + min(j, size - 1)]
                for i in range(NSTATE):
                    ys[i * BLOCK + j] = starts[b, i]
                for i in range(NPARAM):
                    Pt[i * BLOCK + j] = params[b, i]
                us[j] = 0.0
                pol.reset_memory(mems[j])
                sst[j, :, :] = 0.0
            for j in range(size):
                for i in range(NACC):
                    practice[order[lo + j], i] = 0.0
                sm.summary_start(runs[j])
            for k in range(n_steps + 1):
                for j in range(size):
                    b = order[lo + j]
                    y = lane_state(ys, j, BLOCK)
                    p, u, c, d_sleep, d_wake, d_alone = observe(
                        k, n_steps, y, us[j], params[b], policy, table, sst[j], mems[j], uniform(key, b, k, 0),
                        uniform(key, b, k, 1), thresholds[0], thresholds[1], habituations[b], rows[j],
                        practice[b])
                    sm.summary_add_row(k, n_rows, rows[j], thresholds[0], thresholds[1], thresholds[2],
                                       runs[j], raws[j], cryings[j], asleeps[j])
                    if k % trace_every == 0:
                        i = k // trace_every
                        traces[b, 0, i] = y[State.CRYING]
                        traces[b, 1, i] = y[State.AROUSAL]
                        traces[b, 2, i] = y[State.LOAD]
                    us[j] = u
                    ins[0 * BLOCK + j] = p
                    ins[1 * BLOCK + j] = u
                    ins[2 * BLOCK + j] = c
                    ins[3 * BLOCK + j] = d_sleep
                    ins[4 * BLOCK + j] = d_wake
                    ins[5 * BLOCK + j] = d_alone
                if k < n_steps:
                    advance_block(float(k), ys, ins, Pt, steps)
            for j in range(size):
                b = order[lo + j]
                sm.summary_finish(runs[j], raws[j], cryings[j], asleeps[j], rows[j], first_onset, regimes, summaries[b])
                for i in range(NREC):
                    last_rows[b, i] = rows[j, i]
