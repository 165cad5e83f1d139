"""The equations of the co-regulation model (right-hand side and RK4), written once.

One source serves three uses: numba compiles :func:`rhs` and :func:`rk4_second` for the
kernel (inlined in the population's vectorised block, called as one compiled function,
:func:`rhs_once`, from the night loop); the same Python source evaluated by numpy
(:data:`rhs_np`, :data:`rk4_second_np`) is the cross-check and fallback. An independent transcription of the equations below, in
plain Python from this docstring and the About page, checks both (``tests/transcription.py``).

States (order and names in :mod:`sim.engine.layout`), all dimensionless 0..1 except ``G``:

====  ===================  =============================================================
A     arousal              relaxes toward ``T = D / (D + C)`` (drive over drive plus calming):
                           rises with rate ``rise_rate``, falls with ``fall_rate * C / 2``
                           (stronger regulation, faster fall); a smooth blend
                           ``r = sig(20 (T - A))`` picks between them:
                           ``A' = (T - A) (r rise_rate + (1 - r) fall_rate C / 2)``.
V     vagal tone           ``V' = (1 + coreg + 0.5 R (1 - A)) (1 - V) vagal_recover_rate
                           - 1.3 (A^3 + 0.1 violation) V vagal_withdraw_rate``.
Y     crying (signal)      ``Y' = (Y* - Y) cry_rate`` with
                           ``Y* = gE (1 - Z) (1 - (1 - gX cry) (1 - calling))``:
                           ``cry = 1 - (1 - a (1 - 0.8 coreg)) (1 - n (1 - 0.5 coreg))``,
                           ``a = 0.15 sig((A - cry_arousal + 0.15) / 0.05) + 0.85 sig((A - cry_arousal) / 0.05)``
                           (crying from arousal, with early fussing below the crying threshold),
                           ``n = need_crying * need_asleep`` (a physical need keeps the baby
                           signalling, even in arms); ``gE = 1.3 E / (E + 0.3)``;
                           ``gX = fuss_floor + (1 - fuss_floor) X`` (only fussing remains
                           when no answer is expected); ``calling = 0.1 B (1 - a)``: alone and
                           not distressed, a baby calls for company (a fussing-level signal that
                           does not depend on expectancy; distress turns it into crying).
E     crying energy        ``E' = -(Y + 0.5 A^2) E energy_deplete_rate + (1 - E)(1 - Y)(1 - A) energy_recover_rate``.
X     expectancy           ``X' = k (1 - X) learn_rate (s + (1 - s) A) - (1 - k) X erode_rate s'``,
                           ``k = u^2 ans = u^3 c`` (comfort: a contingent answer, weighted by how
                           much contact it gives), ``s = sig((Y - 0.05) / 0.03)``
                           (a visible signal), ``s' = (sig((Y - 0.1) / 0.03) - s0) / (1 - s0)``
                           with ``s0 = sig(-0.1 / 0.03)`` (a clear one; exactly 0 at silence,
                           so a quiet or sleeping baby keeps what it expects);
                           being answered while distressed teaches it too.
G     load, first stage    ``G' = (feed - G) load_lag_rate``, ``feed = load_gain * age factor *
                           softplus(A - load_baseline) (1 + uncontrollability_gain (1 - u))``.
L     stress load          ``L' = (G (1 - L) - L) load_decay_rate`` (sleep does not lower it).
Z     asleep               relaxes toward ``sig((s_p + 0.8 softplus(0.8 - E) - 1.2 (1 - 0.8 S) softplus(A - 0.3)
                           - 0.5 need_asleep - 0.4 + 0.05 S) / 0.04)``, ``S`` the self-settling
                           carried between nights (a practised baby falls asleep despite some
                           arousal, and at a little less sleep pressure: the cot cues sleep),
                           falling asleep at ``sleep_onset_rate``, waking at ``wake_rate``
                           (blend ``sig(20 (target - Z))``).
M     caregiver arousal    ``M' = Y^2 (1 - M) / 60 - (M - caregiver_stress) caregiver_fall_rate``.
B     alone, as felt       ``B' = (1 - p)(1 - B) alone_build_rate - p B / 5``.
W     misattuned, as felt  relaxes toward ``p (1 - (1 - (1 - c)^2)(1 - s (1 - ans)))`` -- a present
                           caregiver who ignores cues, or meets a signal with less than was
                           asked for: builds over 15 s, fades at ``misattunement_fade_rate``
                           (a still face lingers into the reunion).
====  ===================  =============================================================

with ``coreg = u c capacity``, ``capacity = (1 - 0.6 M) (1 - 0.6 fatigue)``;
``need = need_asleep + (1 - Z)(need_awake + B need_alone)``;
``violation = noncontingent_stress * X * W``;
``D = 1.5 (reactivity smin(need) + smin(violation)) + 0.03`` with ``smin(x) = x - softplus(x - 1)``
(a smooth ``min(x, 1)``): need is scaled by temperament, the violated expectation by how
strongly an answer was expected;
``C = 0.05 + 1.5 V + 2 coreg + 1.5 Z + R`` (``R`` = self-soothing capacity).
Sleep pressure ``s_p`` ramps smoothly (smoothstep) from ``pressure_start`` to
``pressure_end`` over ``ramp_min``. Each mechanism switch multiplies its term by 0 when off.

Sigmoids are algebraic, ``sig(x) = 0.5 (1 + x / sqrt(1 + x^2))``; ``softplus(x) =
0.5 (x + sqrt(x^2 + 4e-4))``: smooth and cheap. RK4 runs at 1 s; a parameter set whose
fastest rate needs it takes equal sub-steps inside each second (:mod:`sim.engine.numerics`), and
every second twice as many while the baby is between awake and asleep
(:func:`steps_this_second`).
"""

from __future__ import annotations

import numpy as np

from sim.engine.age import resting_heart_rate
from sim.engine.jit import njit, numpy_form
from sim.engine.layout import Input, Param, State, axpy, rk4_combine

# ---- shape constants (documented on the model page) ----------------------------------
DRIVE_BASE = 0.03      # a small drive that is always there
DRIVE_GAIN = 1.5       # drive per unit of need (times reactivity) against the calming terms below
CALM_BASE = 0.05       # calming that is always there
CALM_VAGAL = 1.5       # calming per unit of vagal tone
CALM_COREG = 2.0       # calming per unit of co-regulation (contact x contingency x capacity)
CALM_SLEEP = 1.5       # calming per unit of sleep
CALM_SELF = 1.0        # calming per unit of self-soothing capacity
CALM_REF = 2.0         # the calming at which arousal falls at exactly fall_rate
AROUSAL_BLEND = 20.0   # steepness of the blend between the rise and the fall rate
VAGAL_COREG = 1.0      # vagal recovery boost per unit of co-regulation
VAGAL_SELF = 0.5       # vagal recovery boost per unit of self-soothing (at low arousal)
VAGAL_WITHDRAW = 1.3   # withdrawal at full arousal (it grows with arousal cubed), times vagal_withdraw_rate
VAGAL_PER_VIOLATION = 0.1  # a violated expectation withdraws vagal tone directly too
CRY_WIDTH = 0.05       # width of the smooth steps from quiet to fussing to crying in arousal
FUSS_SHARE = 0.15      # the share of the arousal-driven signal that is early fussing ...
FUSS_LEAD = 0.15       # ... which starts this far below the crying threshold: early cues
CALLING = 0.1         # alone and not distressed, a baby calls for company (fussing, not crying)
CRY_SOOTHE_AROUSAL = 0.8  # contingent contact damps arousal-driven crying (transport response, E12/E17)
CRY_SOOTHE_NEED = 0.5  # ... and need-driven crying only partly (contact reduces, does not erase, E3)
ENERGY_HALF = 0.3      # energy at which the crying gate is about 0.65
EXHAUSTING_AROUSAL = 0.5  # high arousal uses energy too, even without crying (a long distress tires)
SIGNAL_VISIBLE = 0.05  # a crying signal this strong is visible fussing (to caregiver and learning)
SIGNAL_WIDTH = 0.03
SIGNAL_CLEAR = 0.1    # a signal this strong, unanswered, erodes expectancy (above what a caregiver notices)
#: the clear-signal step at silence (sig(-SIGNAL_CLEAR / SIGNAL_WIDTH)), and the scale that keeps it
#: reaching 1: the step is shifted to be exactly 0 at Y = 0
CLEAR_AT_SILENCE = 0.5 - 0.5 * (SIGNAL_CLEAR / SIGNAL_WIDTH) / (1.0 + (SIGNAL_CLEAR / SIGNAL_WIDTH) ** 2) ** 0.5
CLEAR_SCALE = 1.0 / (1.0 - CLEAR_AT_SILENCE)
MISATTUNE_BUILD_S = 15.0   # a still face is felt within about 15 s
CAREGIVER_RISE_RATE = 1.0 / 60.0
ALONE_RESET_RATE = 1.0 / 5.0  # the felt aloneness fades within seconds of the caregiver's return
CAPACITY_PER_AROUSAL = 0.6
CAPACITY_PER_FATIGUE = 0.6
SLEEP_PER_AROUSAL = 1.2  # how much arousal offsets sleep pressure ...
SETTLING_RELIEF = 0.8    # ... less by this share for a baby fully practised at falling asleep on its own
SETTLING_CUE = 0.05       # and the cot cues sleep: a practised baby falls asleep at this much less pressure
SLEEP_AROUSAL_FREE = 0.3  # ... above this level (a calm baby falls asleep as readily as a held one)
SLEEP_PER_EXHAUSTION = 0.8  # how much spent crying energy adds to it: a baby who cried itself out sleeps ...
SLEEP_SPENT = 0.8            # ... once energy is below this (a short cry does not)
SLEEP_PER_NEED = 0.5     # how much a need felt asleep (hunger) offsets it: it wakes the baby
SLEEP_OFFSET = 0.40      # sleep pressure needed at zero arousal to fall asleep
SLEEP_WIDTH = 0.04
SLEEP_BLEND = 20.0
TRANSITION_LOW = 0.02    # between these, the baby is falling asleep or waking: the integrator
TRANSITION_HIGH = 0.98   # takes twice its steps (sim.engine.model.steps_this_second)


@njit(inline="always")
def sig(x):
    """Algebraic logistic: 0 at -inf, 1/2 at 0, 1 at +inf (smooth, no exp)."""
    return 0.5 + 0.5 * x / np.sqrt(1.0 + x * x)


@njit(inline="always")
def softplus(x):
    """A smooth max(x, 0) (width 0.02)."""
    return 0.5 * (x + np.sqrt(x * x + 4e-4))


@njit(inline="always")
def sleep_pressure(t, P):
    """Sleep pressure at time ``t``: smoothstep from pressure_start to pressure_end."""
    x = np.minimum(np.maximum(t * P[Param.RAMP_RATE], 0.0), 1.0)
    return P[Param.PRESSURE_START] + (P[Param.PRESSURE_END] - P[Param.PRESSURE_START]) * x * x * (3.0 - 2.0 * x)


@njit(inline="always")
def capacity(m, P):
    """How much of a response's regulation the caregiver can lend (1 = all of it)."""
    return ((1.0 - CAPACITY_PER_AROUSAL * m * P[Param.MECH_CAPACITY])
            * (1.0 - CAPACITY_PER_FATIGUE * P[Param.FATIGUE]))


@njit(inline="always")
def rhs(t, y, p, u, c, need_asleep, need_awake, need_alone, P):
    """Time derivatives of the states, as a tuple in :data:`sim.engine.layout.STATES` order.

    ``y`` is a tuple (numba keeps it in registers) or anything that unpacks into the
    states (numpy evaluates the same code on arrays).
    """
    a, v, cry, energy, expect, stage, load, asleep, m, alone, misattuned = y

    coreg = u * c * capacity(m, P)
    need = need_asleep + (1.0 - asleep) * (need_awake + alone * need_alone)
    violation = P[Param.MECH_NONCONTINGENT] * P[Param.NONCONTINGENT_STRESS] * expect * misattuned
    # need is scaled by temperament; a caregiver who is there but does not answer is not: how
    # strongly the baby expected an answer sets that (each a smooth min(x, 1))
    drive = DRIVE_GAIN * (P[Param.REACTIVITY] * (need - softplus(need - 1.0))
                          + violation - softplus(violation - 1.0)) + DRIVE_BASE
    calm = (CALM_BASE + CALM_VAGAL * v + CALM_COREG * coreg + CALM_SLEEP * asleep
            + CALM_SELF * P[Param.SELF_SOOTHING])
    target = drive / (drive + calm)
    rising = sig((target - a) * AROUSAL_BLEND)
    d_arousal = (target - a) * (rising * P[Param.RISE_RATE]
                                + (1.0 - rising) * (calm * (1.0 / CALM_REF)) * P[Param.FALL_RATE])

    restore = 1.0 + VAGAL_COREG * coreg + VAGAL_SELF * P[Param.SELF_SOOTHING] * (1.0 - a)
    withdraw = VAGAL_WITHDRAW * (a * a * a + VAGAL_PER_VIOLATION * violation)
    d_vagal = restore * (1.0 - v) * P[Param.VAGAL_RECOVER_RATE] - withdraw * v * P[Param.VAGAL_WITHDRAW_RATE]

    cues = (FUSS_SHARE * sig((a - P[Param.CRY_AROUSAL] + FUSS_LEAD) * (1.0 / CRY_WIDTH))
            + (1.0 - FUSS_SHARE) * sig((a - P[Param.CRY_AROUSAL]) * (1.0 / CRY_WIDTH)))
    from_arousal = cues * (1.0 - CRY_SOOTHE_AROUSAL * coreg)
    from_need = P[Param.NEED_CRYING] * need_asleep * (1.0 - CRY_SOOTHE_NEED * coreg)
    gate_e = (1.0 + ENERGY_HALF) * energy / (energy + ENERGY_HALF)
    gate_x = P[Param.FUSS_FLOOR] + (1.0 - P[Param.FUSS_FLOOR]) * (
        P[Param.MECH_EXPECTANCY] * expect + (1.0 - P[Param.MECH_EXPECTANCY]))
    calling = P[Param.MECH_CALLING] * CALLING * alone * (1.0 - cues)
    cry_target = gate_e * (1.0 - asleep) * (1.0 - (1.0 - gate_x * (1.0 - (1.0 - from_arousal) * (1.0 - from_need)))
                                            * (1.0 - calling))
    d_crying = (cry_target - cry) * P[Param.CRY_RATE]

    d_energy = (-P[Param.MECH_ENERGY] * (cry + EXHAUSTING_AROUSAL * a * a) * energy * P[Param.ENERGY_DEPLETE_RATE]
                + (1.0 - energy) * (1.0 - cry) * (1.0 - a) * P[Param.ENERGY_RECOVER_RATE])

    signal = sig((cry - SIGNAL_VISIBLE) * (1.0 / SIGNAL_WIDTH))
    # a clear signal, shifted to be exactly 0 at silence: without it the step's long tail
    # would erode expectancy through hours of quiet sleep
    unanswered_signal = (sig((cry - SIGNAL_CLEAR) * (1.0 / SIGNAL_WIDTH)) - CLEAR_AT_SILENCE) * CLEAR_SCALE
    answered = u * c
    comforted = u * u * answered  # what teaches that signalling brings help: being picked up counts
    #                               fully, a voice and a pat (contact 0.4) a sixteenth as much
    d_expect = (comforted * (1.0 - expect) * P[Param.EXPECTANCY_LEARN_RATE] * (signal + (1.0 - signal) * a)
                - (1.0 - comforted) * expect * P[Param.EXPECTANCY_ERODE_RATE] * unanswered_signal)

    uncontrolled = 1.0 + P[Param.MECH_UNCONTROLLABILITY] * P[Param.UNCONTROLLABILITY_GAIN] * (1.0 - u)
    feed = (P[Param.LOAD_GAIN] * P[Param.LOAD_AGE_FACTOR] * softplus(a - P[Param.LOAD_BASELINE])
            * uncontrolled)
    d_stage = (feed - stage) * P[Param.LOAD_LAG_RATE]
    d_load = (stage * (1.0 - load) - load) * P[Param.LOAD_DECAY_RATE]

    s = sleep_pressure(t, P)
    sleep_target = sig((s + SLEEP_PER_EXHAUSTION * softplus(SLEEP_SPENT - energy) - SLEEP_PER_AROUSAL * (1.0 - SETTLING_RELIEF * P[Param.SELF_SETTLING]) * softplus(a - SLEEP_AROUSAL_FREE)
                        - SLEEP_PER_NEED * need_asleep - SLEEP_OFFSET + SETTLING_CUE * P[Param.SELF_SETTLING])
                       * (1.0 / SLEEP_WIDTH))
    falling = sig((sleep_target - asleep) * SLEEP_BLEND)
    d_asleep = (sleep_target - asleep) * (falling * P[Param.SLEEP_ONSET_RATE] + (1.0 - falling) * P[Param.WAKE_RATE])

    # crying, not fussing, is what a caregiver hears: the square keeps fussing faint
    d_caregiver = (cry * cry * (1.0 - m) * CAREGIVER_RISE_RATE
                   - (m - P[Param.CAREGIVER_STRESS]) * P[Param.CAREGIVER_FALL_RATE])

    d_alone = (1.0 - p) * (1.0 - alone) * P[Param.ALONE_BUILD_RATE] - p * alone * ALONE_RESET_RATE

    # present but not answering: cues ignored, or a signal met with less than was asked for
    ignored = (1.0 - c) * (1.0 - c)
    unattuned = p * (1.0 - (1.0 - ignored) * (1.0 - signal * (1.0 - answered)))
    building = sig((unattuned - misattuned) * AROUSAL_BLEND)
    d_misattuned = (unattuned - misattuned) * (building * (1.0 / MISATTUNE_BUILD_S)
                                               + (1.0 - building) * P[Param.MISATTUNEMENT_FADE_RATE])

    return (d_arousal, d_vagal, d_crying, d_energy, d_expect, d_stage, d_load, d_asleep,
            d_caregiver, d_alone, d_misattuned)


@njit(inline="always")
def rk4_step(t, y, h, p, u, c, need_asleep, need_awake, need_alone, P, f):
    """One classic RK4 step of ``h`` seconds with constant inputs; returns the new state tuple.
    ``f`` is the right-hand side: :func:`rhs` itself (inlined: the population's vectorised block)
    or :func:`rhs_once` (one compiled function: the night loop)."""
    k1 = f(t, y, p, u, c, need_asleep, need_awake, need_alone, P)
    k2 = f(t + 0.5 * h, axpy(y, 0.5 * h, k1), p, u, c, need_asleep, need_awake, need_alone, P)
    k3 = f(t + 0.5 * h, axpy(y, 0.5 * h, k2), p, u, c, need_asleep, need_awake, need_alone, P)
    k4 = f(t + h, axpy(y, h, k3), p, u, c, need_asleep, need_awake, need_alone, P)
    return rk4_combine(y, h, k1, k2, k3, k4)


@njit(inline="always")
def steps_this_second(y, P):
    """The RK4 steps the second starting at state ``y`` takes: the parameter set's sub-steps,
    doubled while the baby is between awake and asleep. Falling asleep is a steep, self-feeding
    switch (sleep calms arousal, calmer arousal lets sleep come); its curvature, which the
    Jacobian does not see, left 1.4e-4 of error at a hungry baby's unaided sleep with one step."""
    n = int(P[Param.SUBSTEPS])
    if TRANSITION_LOW < y[State.ASLEEP] < TRANSITION_HIGH:
        return 2 * n
    return n


@njit
def rhs_once(t, y, p, u, c, need_asleep, need_awake, need_alone, P):
    """:func:`rhs` compiled once as a function of its own (the night loop's four calls per step)."""
    return rhs(t, y, p, u, c, need_asleep, need_awake, need_alone, P)


@njit(inline="always")
def rk4_second(t, y, p, u, c, need_asleep, need_awake, need_alone, P):
    """Advance one second from ``t``: ``substeps`` equal RK4 steps (1 for most babies), twice as
    many while the baby is between awake and asleep (:func:`steps_this_second`)."""
    n = steps_this_second(y, P)
    h = 1.0 / n
    for i in range(n):
        y = rk4_step(t + i * h, y, h, p, u, c, need_asleep, need_awake, need_alone, P, rhs_once)
    return y


def _plain_axpy(y, h, k):
    return tuple(a + h * b for a, b in zip(y, k))


def _plain_combine(y, h, k1, k2, k3, k4):
    return tuple(a + (h / 6.0) * (b + 2.0 * c + 2.0 * d + e) for a, b, c, d, e in zip(y, k1, k2, k3, k4))


sleep_pressure_np = numpy_form(sleep_pressure)
capacity_np = numpy_form(capacity)
#: The same equations evaluated by numpy with no compilation: cross-check and fallback.
rhs_np = numpy_form(rhs, sig=sig.py_func, softplus=softplus.py_func,
                    sleep_pressure=sleep_pressure_np, capacity=capacity_np)
rk4_step_np = numpy_form(rk4_step, axpy=_plain_axpy, rk4_combine=_plain_combine)
rk4_second_np = numpy_form(rk4_second, rk4_step=rk4_step_np, rhs_once=rhs_np)


def rhs_numpy(t: float, y: np.ndarray, inputs: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Derivatives as a new array (for scipy's solvers), evaluated by numpy.

    ``inputs``: the inputs in :data:`sim.engine.layout.INPUTS` order.
    """
    return np.array(rhs_np(t, y, inputs[Input.PRESENCE], inputs[Input.CONTACT], inputs[Input.CONTINGENCY],
                           inputs[Input.NEED_ASLEEP], inputs[Input.NEED_AWAKE], inputs[Input.NEED_ALONE], P))


def heart_rate(arousal: np.ndarray, crying: np.ndarray, age_months: float) -> np.ndarray:
    """Illustrative heart rate (bpm): the resting rate for the age (:mod:`sim.engine.age`) plus
    arousal (up to ~20) and crying (up to ~25 more)."""
    return resting_heart_rate(age_months) + 20.0 * arousal + 25.0 * crying


__all__ = ["State", "Param", "Input", "rhs", "rk4_second", "rhs_np", "rk4_second_np", "rhs_numpy"]
