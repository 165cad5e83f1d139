"""The night loop: policy decides, stressors set the need, RK4 advances one second.

:func:`run_night` is compiled by numba (module level, cached). The same source runs
under numpy with no compilation via :data:`run_night_np` -- the cross-check and the
fallback. Row ``k`` of the record holds the state at ``t = k`` s and the inputs the
policy chose for the step that starts there (columns: :data:`sim.engine.layout.REC_NAMES`).

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
side as one compiled function (:func:`sim.engine.model.rhs_once`: compiled once, not four times
per RK4 step), and policies, stressors and the running summary are compiled once each
(without reference counting): 3.3 / 1.5 / 14.8 s, while a night runs as fast as before
(0.72-0.79 ms against 0.76-0.84 ms) and so does a population (about 400 ms, measured side
by side). LLVM still inlines what is small.
"""

from __future__ import annotations

import types
from typing import NamedTuple

import numba
import numpy as np

from sim.engine import model as m
from sim.engine import policies as pol
from sim.engine import stressors as st
from sim.engine import summary as sm
from sim.engine.jit import njit, numpy_form
from sim.engine.layout import (ACC_START, MEMORY_START, NACC, NINPUT, NMEMORY, NPARAM, NREC, NRUNNING, NSTATE,
                               NSTRESSOR_STATE, RUNNING_START, Acc, Param, Rec, State, lane_params,
                               lane_state, reset, select)
from sim.vocabulary import ASLEEP_AT

NOT_YET, UNHELD, HELD = 0.0, 1.0, 2.0  # how the night's first sleep came (Acc.FIRST_SLEEP)
PRACTICE_LOW = 0.25   # self-soothing practice: arousal from here ...
PRACTICE_HIGH = 0.7   # ... to here (moderate distress)


@njit(inline="always")
def observe(k, night, y, u_prev, P, habituation, sstate, mem, draw_lat, draw_p, row, acc):
    """Second ``k`` of a night: stressors, policy, record ``row``, practice counts.

    ``night``: what the night shares (its length, the caregiver's policy, the stressors, the
    regimes' thresholds: a :class:`Night` or :class:`Babies`); then the baby's state ``y``, the
    contact of the step before, its parameters ``P`` and habituation, the stressors' state and
    the caregiver's memory, the second's two uniforms, and where its row and accumulators go.
    Returns the inputs of the step that starts at ``k``: presence, contact, contingency and
    the needs felt asleep, awake and alone.
    """
    t = float(k)
    n_steps, theta_cry, theta_arousal = night.n_steps, night.crying_at, night.arousal_at
    asleep = y[State.ASLEEP]
    pending, d_sleep, d_wake, d_alone = st.assess(night.stressors, sstate, t, habituation, u_prev, asleep)
    p, u, c = pol.decide(night.policy, mem, t, y[State.CRYING], y[State.AROUSAL], asleep, pending, theta_cry,
                         theta_arousal, draw_lat, draw_p)
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
        awake = y[State.ASLEEP] < ASLEEP_AT
        held = u >= st.HELD_CONTACT
        if acc[Acc.FIRST_SLEEP] == NOT_YET:
            if not awake:
                acc[Acc.FIRST_SLEEP] = HELD if held else UNHELD
            elif not held and d_alone > 0.0:  # put down, before the first sleep
                if y[State.CRYING] >= theta_cry or a >= P[Param.CRY_AROUSAL]:
                    acc[Acc.DISTRESSED] = 1.0
                if y[State.CRYING] >= theta_cry:
                    acc[Acc.CRYING] += 1.0
                elif a >= P[Param.CRY_AROUSAL]:
                    acc[Acc.QUIET_AROUSED] += 1.0
                elif acc[Acc.DISTRESSED] > 0.5:
                    acc[Acc.CALM] += 1.0
                else:
                    acc[Acc.CALM_BEFORE] += 1.0
        if awake and not held and p > 0.5 and c >= 0.5 and PRACTICE_LOW <= a <= PRACTICE_HIGH:
            acc[Acc.PRACTICE] += 1.0  # calming itself with a caregiver near and available, not holding
        if p > 0.5 and (y[State.CRYING] >= theta_cry or a >= theta_arousal):
            acc[Acc.RESPONDING] += 1.0  # night-time responding: present while the baby is distressed
    return p, u, c, d_sleep, d_wake, d_alone


class Night(NamedTuple):
    """What the night loop (:func:`run_night`) runs: one baby, one night, one caregiver."""

    params: np.ndarray     # (NPARAM,) the night's parameter vector (sim.engine.pack.pack_params)
    policy: np.ndarray     # (NPOLICY,) the caregiver's policy vector (sim.engine.policies.pack_policy)
    stressors: np.ndarray  # (stressors, NSTRESSOR) the stressor table (sim.engine.stressors.pack_stressors)
    start: np.ndarray      # (NSTATE,) the state at the night's start (sim.engine.nights.initial_state)
    n_steps: int           # seconds in the night
    draws: np.ndarray      # (n_steps + 1, 2) the second's uniforms: a latency, then the rest
    crying_at: float       # regimes.crying: a signal at or above it is crying
    arousal_at: float      # regimes.arousal: arousal at or above it looks agitated
    habituation: float     # settling habituation, carried from the night before


class NightRecord(NamedTuple):
    """What the night loop fills (the record and the accumulators) and its scratch space."""

    record: np.ndarray          # (n_steps + 1, NREC) one row per second (sim.engine.layout.REC_NAMES)
    acc: np.ndarray             # (NACC,) the night's accumulators (sim.engine.layout.ACCUMULATORS)
    memory: np.ndarray          # (NMEMORY,) scratch: the caregiver's memory
    stressor_state: np.ndarray  # (stressors, NSTRESSOR_STATE) scratch: the stressors' state

    @classmethod
    def empty(cls, n_steps: int, n_stressors: int) -> "NightRecord":
        return cls(np.empty((n_steps + 1, NREC)), np.zeros(NACC), np.zeros(NMEMORY),
                   np.zeros((n_stressors, NSTRESSOR_STATE)))


@njit(_nrt=False, nogil=True)
def run_night(night, out):
    """Integrate one :class:`Night`; fills ``out`` (a :class:`NightRecord`): ``n_steps + 1``
    rows of record and the accumulators.

    Compiled without numba's reference counting: passing arrays to the helpers inside the
    loop then costs nothing (with it, each pass is an atomic operation that stalls the loop),
    and nothing here allocates.
    """
    P, draws = night.params, night.draws
    rec, acc, mem, sstate = out
    y = lane_state(night.start, 0, 1)
    reset(mem, MEMORY_START)
    reset(acc, ACC_START)
    sstate[:, :] = 0.0
    u = 0.0
    for k in range(night.n_steps + 1):
        p, u, c, d_sleep, d_wake, d_alone = observe(k, night, y, u, P, night.habituation, sstate, mem,
                                                    draws[k, 0], draws[k, 1], rec[k], acc)
        if k < night.n_steps:
            y = m.rk4_second(float(k), y, p, u, c, d_sleep, d_wake, d_alone, P)


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
                          reset=reset.py_func, m=_uncompiled(m, rk4_second=m.rk4_second_np))


#: Babies advanced together in one block. Inside a block the state, inputs and parameters
#: are stored lane by lane (row ``i`` of a quantity holds it for all BLOCK babies), so the
#: compiler turns the RK4 loop over the babies into SIMD instructions (8 doubles at a time
#: with AVX-512); a constant block size lets it prove the rows do not overlap.
BLOCK = 16


@njit
def advance_block(t, ys, ins, Pt, steps):
    """One second for every lane of a block (``ys``/``ins``/``Pt``: lane-major rows of
    BLOCK). This is the loop the compiler vectorises. Each lane takes the steps its state at
    the start of the second asks for (:func:`sim.engine.model.steps_this_second`, kept in
    ``steps``); the block steps as often as its most demanding lane, and a lane that needs
    fewer keeps its state once its own steps are done."""
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


class Babies(NamedTuple):
    """What the population kernel (:func:`run_population`) runs: many babies, one night each,
    one caregiver."""

    params: np.ndarray     # (babies, NPARAM) each baby's parameter vector (sim.engine.pack.pack_population)
    policy: np.ndarray     # (NPOLICY,) the caregiver's policy vector (sim.engine.policies.pack_policy)
    stressors: np.ndarray  # (stressors, NSTRESSOR) the stressor table (sim.engine.stressors.pack_stressors)
    starts: np.ndarray     # (babies, NSTATE) each baby's state at the night's start
    habituations: np.ndarray  # (babies,) each baby's settling habituation
    n_steps: int           # seconds in the night
    key: np.uint64         # the night's random key (see uniform)
    crying_at: float       # regimes.crying
    arousal_at: float      # regimes.arousal
    load_at: float         # regimes.load
    first_onset: float     # the first stressor's onset (s), for time to settle
    trace_every: int       # seconds between the saved traces
    order: np.ndarray      # (babies,) the order in which babies fill the blocks: babies that need the
    #                        same number of sub-steps side by side (a block steps as often as its most
    #                        demanding baby; each baby's own result does not depend on it)


class BabiesOut(NamedTuple):
    """What the population kernel fills, per baby."""

    summaries: np.ndarray  # (babies, NSUMMARY) the summary metrics
    traces: np.ndarray     # (babies, 3, n_trace) float32: crying, arousal, load every trace_every s
    acc: np.ndarray        # (babies, NACC) the night's accumulators (for the next night)
    last_rows: np.ndarray  # (babies, NREC) the night's final record row


class PopulationScratch(NamedTuple):
    """Scratch space for :func:`run_population`, one slice per thread (chunk) along the first
    dimension. No record is kept: each baby's summary runs along
    (:func:`sim.engine.summary.summary_add_row`), so a block's working set stays in the
    processor's cache. Inside a block, ``states``, ``inputs`` and ``params`` are lane-major."""

    rows: np.ndarray        # (chunks, BLOCK, NREC) each lane's row of this second
    runs: np.ndarray        # (chunks, BLOCK, NRUNNING) each lane's running summary
    raws: np.ndarray        # (chunks, BLOCK, n_steps + 1) int8: each lane's raw regimes
    cryings: np.ndarray     # (chunks, BLOCK, n_steps) int8: each lane's crying seconds
    asleeps: np.ndarray     # (chunks, BLOCK, n_steps) int8: each lane's seconds asleep
    regimes: np.ndarray     # (chunks, n_steps + 1) int8: the smoothed regimes of one lane at a time
    states: np.ndarray      # (chunks, NSTATE * BLOCK)
    inputs: np.ndarray      # (chunks, NINPUT * BLOCK)
    lane_params: np.ndarray  # (chunks, NPARAM * BLOCK)
    contacts: np.ndarray    # (chunks, BLOCK) each lane's contact of the step before
    steps: np.ndarray       # (chunks, BLOCK) each lane's RK4 steps this second
    memories: np.ndarray    # (chunks, BLOCK, NMEMORY) each lane's caregiver's memory
    stressor_states: np.ndarray  # (chunks, BLOCK, stressors, NSTRESSOR_STATE)

    @classmethod
    def empty(cls, nchunks: int, n_steps: int, n_stressors: int) -> "PopulationScratch":
        lanes = (nchunks, BLOCK)
        return cls(np.empty((*lanes, NREC)), np.empty((*lanes, NRUNNING)),
                   np.empty((*lanes, n_steps + 1), dtype=np.int8), np.empty((*lanes, n_steps), dtype=np.int8),
                   np.empty((*lanes, n_steps), dtype=np.int8),
                   np.empty((nchunks, n_steps + 1), dtype=np.int8),
                   np.empty((nchunks, NSTATE * BLOCK)), np.zeros((nchunks, NINPUT * BLOCK)),
                   np.empty((nchunks, NPARAM * BLOCK)), np.zeros(lanes), np.ones(lanes), np.zeros((*lanes, NMEMORY)),
                   np.zeros((*lanes, n_stressors, NSTRESSOR_STATE)))


@njit(parallel=True, _nrt=False, nogil=True)
def run_population(babies, out, scratch):
    """Many :class:`Babies`, one night each, in blocks of BLOCK; the chunks (threads) of
    ``scratch`` (a :class:`PopulationScratch`) share the blocks; fills ``out`` (:class:`BabiesOut`).

    Every second, each baby of a block observes and its caregiver decides (scalar code,
    the same :func:`observe` as a single night) and its summary takes the row in, then
    :func:`advance_block` moves all of them at once. The last block is padded with copies
    of its last baby (computed, never reported). Compiled without reference counting,
    like :func:`run_night`. The arrays are taken out of the structures before the parallel
    loop: inside it, numba (0.6x) drops a write made through a structure's member.
    """
    params, starts, habituations = babies.params, babies.starts, babies.habituations
    order, key, n_steps = babies.order, babies.key, babies.n_steps
    summaries, traces, accs, last_rows = out
    (rows_c, runs_c, raws_c, cryings_c, asleeps_c, regimes_c, ys_c, ins_c, lanes_c, us_c, steps_c,
     mems_c, sst_c) = scratch
    nb = params.shape[0]
    nblocks = (nb + BLOCK - 1) // BLOCK
    nchunks = rows_c.shape[0]
    n_rows = n_steps + 1
    for chunk in numba.prange(nchunks):
        rows, runs, raws, cryings = rows_c[chunk], runs_c[chunk], raws_c[chunk], cryings_c[chunk]
        asleeps, ys, ins, lanes = asleeps_c[chunk], ys_c[chunk], ins_c[chunk], lanes_c[chunk]
        us, steps, mems, sst = us_c[chunk], steps_c[chunk], mems_c[chunk], sst_c[chunk]
        for blk in range(chunk, nblocks, nchunks):
            lo = blk * BLOCK
            size = min(nb, lo + BLOCK) - lo
            for j in range(BLOCK):
                b = order[lo + min(j, size - 1)]
                for i in range(NSTATE):
                    ys[i * BLOCK + j] = starts[b, i]
                for i in range(NPARAM):
                    lanes[i * BLOCK + j] = params[b, i]
                us[j] = 0.0
                reset(mems[j], MEMORY_START)
                sst[j, :, :] = 0.0
            for j in range(size):
                reset(accs[order[lo + j]], ACC_START)
                reset(runs[j], RUNNING_START)
            for k in range(n_steps + 1):
                for j in range(size):
                    b = order[lo + j]
                    y = lane_state(ys, j, BLOCK)
                    p, u, c, d_sleep, d_wake, d_alone = observe(
                        k, babies, y, us[j], params[b], habituations[b], sst[j], mems[j],
                        uniform(key, b, k, 0), uniform(key, b, k, 1), rows[j], accs[b])
                    sm.summary_add_row(k, n_rows, rows[j], babies.crying_at, babies.arousal_at,
                                       babies.load_at, runs[j], raws[j], cryings[j], asleeps[j])
                    if k % babies.trace_every == 0:
                        i = k // babies.trace_every
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
                    advance_block(float(k), ys, ins, lanes, steps)
            for j in range(size):
                b = order[lo + j]
                sm.summary_finish(runs[j], raws[j], cryings[j], asleeps[j], rows[j], babies.first_onset,
                                  regimes_c[chunk], summaries[b])
                for i in range(NREC):
                    last_rows[b, i] = rows[j, i]
