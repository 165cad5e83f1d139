"""The equations of the co-regulation model, written once.

One source serves three uses: numba compiles :func:`rhs` and :func:`rk4_step` for the
fast kernel; the same Python source, rebound to plain helpers (:data:`rhs_np`,
:data:`rk4_step_np`), evaluates on numpy arrays for the cross-check and fallback; and
scipy's reference solvers call the numpy form.

States (dimensionless; all in 0..1 except the load's first stage, which is >= 0):

====  ==========================  =====================================================
A     arousal (sympathetic)       relaxes toward ``D / (D + C)``: drive over drive plus
                                  calming. Rises with time constant ``arousal_rise_s``;
                                  falls with ``arousal_fall_s`` shortened in proportion
                                  to the calming C (stronger regulation, faster fall). A
                                  smooth blend, not a switch, picks the rate.
V     vagal tone                  recovers toward 1 (faster with contingent contact and
                                  self-soothing at low arousal); withdrawn at a rate
                                  proportional to arousal squared.
Y     crying (the signal)         follows ``cry(A) * gate(E) * (floor + (1-floor) X)``:
                                  a smooth step at ``cry_arousal``, gated by energy and
                                  by expectancy; the floor is fussing. Contingent
                                  contact damps it directly (being carried calms crying
                                  within seconds, E12).
E     crying energy               depletes in proportion to crying, refills when quiet.
X     expectancy                  learns from any signal: grows when it is answered
                                  (contact x contingency), erodes when not.
G     load, first stage           low-pass of the load's drive: arousal above
                                  ``load_baseline``, amplified by ``1 - contact``
                                  (uncontrollability).
L     stress load (cortisol-like) second stage; saturating; half-life
                                  ``load_halflife_min``. Sleep does not lower it directly.
Z     asleep                      relaxes toward a smooth step of sleep pressure minus
                                  arousal; falls asleep slowly, wakes fast.
B     alone, as felt              builds toward 1 while the caregiver is away (time
                                  constant ``alone_build_min``), falls to 0 within
                                  seconds of the caregiver's return: a check-in
                                  reassures for a while. Scales the ``alone`` need.
M     caregiver arousal           rises with crying heard (squared, so fussing is
                                  faint), in the room or not; settles toward the
                                  caregiver's own starting stress.
====  ==========================  =====================================================

Inputs, constant over a step: presence p, contact u, contingency c, need felt even
asleep (hunger, discomfort), need felt only awake (tiredness), and the ``alone`` need
(felt only awake, scaled by B). Sleep pressure is a smooth function of time evaluated
inside the right-hand side.

Sigmoids are algebraic, ``0.5 (1 + x / sqrt(1 + x^2))``: smooth, cheap, and
vectorisable (no ``exp``). Every time constant is at least 3 s so that RK4 at 1 s is
accurate; :func:`check_step_stability` refuses parameter sets that break this.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.errors import CoregError
from sim.jit import njit, numpy_form

if TYPE_CHECKING:
    from sim.params import Setup

# ---- state layout -----------------------------------------------------------------
A, V, Y, E, X, G, L, Z, M, B = range(10)
NSTATE = 10
STATE_NAMES = ("arousal", "vagal", "crying", "energy", "expectancy",
               "load_stage1", "load", "asleep", "caregiver_arousal", "alone_felt")

# ---- input layout -----------------------------------------------------------------
IN_P, IN_U, IN_C, IN_DSLEEP, IN_DWAKE, IN_DALONE = range(6)
NINPUT = 6

# ---- parameter vector layout (one night, one baby) ---------------------------------
# Time scales are stored as rates (1 / time constant in s): the kernel multiplies.
PARAM_NAMES = (
    "reactivity", "rise_rate", "fall_rate", "vagal_withdraw_rate", "vagal_recover_rate",
    "cry_arousal", "cry_rate", "fuss_floor", "energy_deplete_rate", "energy_recover_rate",
    "expectancy_learn_rate", "expectancy_erode_rate", "noncontingent_stress",
    "load_gain", "load_baseline", "load_lag_rate", "load_rate", "uncontrollability_gain",
    "sleep_onset_rate", "wake_rate", "self_soothing", "fatigue", "caregiver_stress",
    "caregiver_fall_rate", "pressure_start", "pressure_end", "ramp_rate", "alone_build_rate",
    "mech_expectancy", "mech_energy", "mech_uncontrollability", "mech_noncontingent",
    "mech_capacity",
)
(P_REACT, P_RISE, P_FALL, P_VWD, P_VREC, P_CRY_A, P_CRY_S, P_FUSS, P_EDEP, P_EREC,
 P_XLEARN, P_XERODE, P_NC, P_LGAIN, P_LBASE, P_GLAG, P_LTAU, P_UNC, P_ZON, P_ZWAKE,
 P_SELF, P_FATIGUE, P_MBASE, P_MFALL, P_S0, P_S1, P_RAMP, P_BUILD,
 P_MECH_X, P_MECH_E, P_MECH_UNC, P_MECH_NC, P_MECH_CAP) = range(len(PARAM_NAMES))
NPARAM = len(PARAM_NAMES)

# ---- shape constants (documented on the model page) --------------------------------
DRIVE_BASE = 0.03      # a small drive that is always there
CALM_BASE = 0.05       # calming that is always there
CALM_VAGAL = 1.5       # calming per unit of vagal tone
CALM_COREG = 2.0       # calming per unit of co-regulation (contact x contingency x capacity)
CALM_SLEEP = 1.5       # calming per unit of sleep
CALM_SELF = 1.0        # calming per unit of self-soothing capacity
CALM_REF = 2.0         # the calming at which arousal falls with time constant arousal_fall_s
CALM_MAX = CALM_BASE + CALM_VAGAL + CALM_COREG + CALM_SLEEP + CALM_SELF
VAGAL_COREG = 1.0      # vagal recovery boost per unit of co-regulation
VAGAL_SELF = 0.5       # vagal recovery boost per unit of self-soothing (at low arousal)
VAGAL_WITHDRAW = 0.9   # withdrawal rate at full arousal, times 1/vagal_withdraw_s
VAGAL_RESTORE_MAX = 1.0 + VAGAL_COREG + VAGAL_SELF
CRY_WIDTH = 0.05       # width of the smooth step from quiet to crying in arousal
CRY_SOOTHE = 0.5       # contingent contact damps the cry itself within seconds (E12, transport response)
ENERGY_HALF = 0.3      # energy at which the crying gate is about 0.6
SIGNAL_VISIBLE = 0.05  # a crying signal this strong is visible fussing (to caregiver and learning)
SIGNAL_WIDTH = 0.003
CAREGIVER_RISE_RATE = 1.0 / 60.0
ALONE_RESET_RATE = 1.0 / 5.0  # the felt aloneness fades within seconds of the caregiver's return
CAPACITY_PER_AROUSAL = 0.6
CAPACITY_PER_FATIGUE = 0.6
SLEEP_PER_AROUSAL = 0.4  # how much arousal offsets sleep pressure
SLEEP_PER_NEED = 0.5     # how much a need felt asleep (hunger) offsets it: it wakes the baby
SLEEP_OFFSET = 0.45      # sleep pressure needed at zero arousal to fall asleep
SLEEP_WIDTH = 0.04
MIN_TIME_CONSTANT_S = 3.0
STEP_S = 1.0


@njit(inline="always")
def sig(x):
    """Algebraic logistic: 0 at -inf, 1/2 at 0, 1 at +inf (smooth, no exp)."""
    return 0.5 + 0.5 * x / np.sqrt(1.0 + x * x)


@njit(inline="always")
def soft_relu(x):
    """A smooth max(x, 0) (width 0.02)."""
    return 0.5 * (x + np.sqrt(x * x + 4e-4))


@njit(inline="always")
def sleep_pressure(t, P):
    """Sleep pressure at time ``t``: smoothstep from pressure_start to pressure_end."""
    x = np.minimum(np.maximum(t * P[P_RAMP], 0.0), 1.0)
    return P[P_S0] + (P[P_S1] - P[P_S0]) * x * x * (3.0 - 2.0 * x)


@njit(inline="always")
def capacity(m, P):
    """How much of a response's regulation the caregiver can lend (1 = all of it)."""
    return (1.0 - CAPACITY_PER_AROUSAL * m * P[P_MECH_CAP]) * (1.0 - CAPACITY_PER_FATIGUE * P[P_FATIGUE])


@njit(inline="always")
def rhs(t, y, p, u, c, need_asleep, need_awake, need_alone, P):
    """Time derivatives of the ten states, as a tuple.

    ``y`` is a 10-tuple (numba keeps it in registers) or anything that unpacks into
    ten floats or arrays (numpy evaluates the same code on arrays).
    """
    a, v, cry, energy, expect, stage, load, asleep, m, felt_alone = y

    coreg = u * c * capacity(m, P)
    need = need_asleep + (1.0 - asleep) * (need_awake + felt_alone * need_alone)
    violated = P[P_MECH_NC] * P[P_NC] * p * (1.0 - c) * expect
    drive = P[P_REACT] * np.minimum(need + violated, 1.0) + DRIVE_BASE
    calm = (CALM_BASE + CALM_VAGAL * v + CALM_COREG * coreg + CALM_SLEEP * asleep
            + CALM_SELF * P[P_SELF])
    target = drive / (drive + calm)
    rising = sig((target - a) * 50.0)
    d_arousal = (target - a) * (rising * P[P_RISE] + (1.0 - rising) * (calm * (1.0 / CALM_REF)) * P[P_FALL])

    restore = 1.0 + VAGAL_COREG * coreg + VAGAL_SELF * P[P_SELF] * (1.0 - a)
    d_vagal = restore * (1.0 - v) * P[P_VREC] - VAGAL_WITHDRAW * a * a * v * P[P_VWD]

    gate_e = (1.0 + ENERGY_HALF) * energy / (energy + ENERGY_HALF)
    gate_x = P[P_FUSS] + (1.0 - P[P_FUSS]) * (P[P_MECH_X] * expect + (1.0 - P[P_MECH_X]))
    cry_target = sig((a - P[P_CRY_A]) * (1.0 / CRY_WIDTH)) * gate_e * gate_x * (1.0 - CRY_SOOTHE * coreg)
    d_crying = (cry_target - cry) * P[P_CRY_S]

    d_energy = (-P[P_MECH_E] * cry * energy * P[P_EDEP]
              + (1.0 - energy) * (1.0 - cry) * P[P_EREC])

    signal = sig((cry - SIGNAL_VISIBLE) * (1.0 / SIGNAL_WIDTH))
    answered = c * u
    d_expect = signal * (answered * (1.0 - expect) * P[P_XLEARN]
                       - (1.0 - answered) * expect * P[P_XERODE])

    uncontrolled = 1.0 + P[P_MECH_UNC] * P[P_UNC] * (1.0 - u)
    feed = P[P_LGAIN] * soft_relu(a - P[P_LBASE]) * uncontrolled
    d_stage = (feed - stage) * P[P_GLAG]
    d_load = (stage * (1.0 - load) - load) * P[P_LTAU]

    s = sleep_pressure(t, P)
    sleep_target = sig((s - SLEEP_PER_AROUSAL * a - SLEEP_PER_NEED * need_asleep - SLEEP_OFFSET)
                       * (1.0 / SLEEP_WIDTH))
    falling = sig((sleep_target - asleep) * 20.0)
    d_asleep = (sleep_target - asleep) * (falling * P[P_ZON] + (1.0 - falling) * P[P_ZWAKE])

    # crying, not fussing, is what a caregiver hears: the square keeps fussing faint
    d_caregiver = cry * cry * (1.0 - m) * CAREGIVER_RISE_RATE - (m - P[P_MBASE]) * P[P_MFALL]

    d_alone = (1.0 - p) * (1.0 - felt_alone) * P[P_BUILD] - p * felt_alone * ALONE_RESET_RATE

    return (d_arousal, d_vagal, d_crying, d_energy, d_expect, d_stage, d_load, d_asleep,
            d_caregiver, d_alone)


@njit(inline="always")
def _axpy(y, h, k):
    """y + h k for 10-tuples (written out: numba keeps every element in a register)."""
    return (y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2], y[3] + h * k[3], y[4] + h * k[4],
            y[5] + h * k[5], y[6] + h * k[6], y[7] + h * k[7], y[8] + h * k[8], y[9] + h * k[9])


@njit(inline="always")
def _rk4_combine(y, h, k1, k2, k3, k4):
    w = h / 6.0
    return (y[0] + w * (k1[0] + 2.0 * k2[0] + 2.0 * k3[0] + k4[0]),
            y[1] + w * (k1[1] + 2.0 * k2[1] + 2.0 * k3[1] + k4[1]),
            y[2] + w * (k1[2] + 2.0 * k2[2] + 2.0 * k3[2] + k4[2]),
            y[3] + w * (k1[3] + 2.0 * k2[3] + 2.0 * k3[3] + k4[3]),
            y[4] + w * (k1[4] + 2.0 * k2[4] + 2.0 * k3[4] + k4[4]),
            y[5] + w * (k1[5] + 2.0 * k2[5] + 2.0 * k3[5] + k4[5]),
            y[6] + w * (k1[6] + 2.0 * k2[6] + 2.0 * k3[6] + k4[6]),
            y[7] + w * (k1[7] + 2.0 * k2[7] + 2.0 * k3[7] + k4[7]),
            y[8] + w * (k1[8] + 2.0 * k2[8] + 2.0 * k3[8] + k4[8]),
            y[9] + w * (k1[9] + 2.0 * k2[9] + 2.0 * k3[9] + k4[9]))


@njit(inline="always")
def rk4_step(t, y, p, u, c, need_asleep, need_awake, need_alone, P):
    """One classic RK4 step of 1 s with constant inputs; returns the new state tuple."""
    h = STEP_S
    k1 = rhs(t, y, p, u, c, need_asleep, need_awake, need_alone, P)
    k2 = rhs(t + 0.5 * h, _axpy(y, 0.5 * h, k1), p, u, c, need_asleep, need_awake, need_alone, P)
    k3 = rhs(t + 0.5 * h, _axpy(y, 0.5 * h, k2), p, u, c, need_asleep, need_awake, need_alone, P)
    k4 = rhs(t + h, _axpy(y, h, k3), p, u, c, need_asleep, need_awake, need_alone, P)
    return _rk4_combine(y, h, k1, k2, k3, k4)


_sleep_pressure_np = numpy_form(sleep_pressure)
_capacity_np = numpy_form(capacity)
#: The same equations evaluated by numpy with no compilation: cross-check and fallback.
rhs_np = numpy_form(rhs, sig=sig.py_func, soft_relu=soft_relu.py_func,
                    sleep_pressure=_sleep_pressure_np, capacity=_capacity_np)
rk4_step_np = numpy_form(rk4_step, rhs=rhs_np, _axpy=_axpy.py_func, _rk4_combine=_rk4_combine.py_func)


def rhs_numpy(t: float, y: np.ndarray, inp: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Derivatives as a new array (for scipy's solvers), evaluated by numpy.

    ``inp``: the six inputs in the order of ``IN_P .. IN_DALONE``.
    """
    return np.array(rhs_np(t, y, inp[IN_P], inp[IN_U], inp[IN_C], inp[IN_DSLEEP], inp[IN_DWAKE],
                           inp[IN_DALONE], P))


def heart_rate(arousal: np.ndarray, crying: np.ndarray, age_months: float) -> np.ndarray:
    """Illustrative heart rate (bpm): resting rate by age plus arousal and crying.

    Resting falls from ~150 at birth to ~120 at one year (E12); arousal adds up to
    ~20 and crying up to ~25 more.
    """
    resting = 150.0 - 30.0 * min(age_months, 12.0) / 12.0
    return resting + 20.0 * arousal + 25.0 * crying


def fastest_time_constant(P: np.ndarray) -> tuple[float, str]:
    """The smallest time constant the equations can reach with these parameters.

    Upper bounds of each state's relaxation rate over all inputs in range; returns the
    smallest time constant (s) and which state has it.
    """
    rates = {
        "arousal": max(P[P_RISE], (CALM_MAX / CALM_REF) * P[P_FALL]),
        "vagal": VAGAL_WITHDRAW * P[P_VWD] + VAGAL_RESTORE_MAX * P[P_VREC],
        "crying": P[P_CRY_S],
        "energy": P[P_EDEP] + P[P_EREC],
        "expectancy": P[P_XLEARN] + P[P_XERODE],
        "asleep": max(P[P_ZON], P[P_ZWAKE]),
        "caregiver_arousal": CAREGIVER_RISE_RATE + P[P_MFALL],
        "alone_felt": max(P[P_BUILD], ALONE_RESET_RATE),
    }
    stage_max = P[P_LGAIN] * 1.0 * (1.0 + P[P_UNC])
    rates["load"] = max(P[P_GLAG], (1.0 + stage_max) * P[P_LTAU])
    name = max(rates, key=rates.get)
    return 1.0 / rates[name], name


def check_step_stability(setup: "Setup") -> None:
    """Refuse a parameter set whose fastest time constant is below 3 s (RK4 at 1 s)."""
    from sim.pack import pack_params

    P = pack_params(setup, self_soothing=setup.infant.self_soothing, fatigue=setup.caregiver.fatigue)
    tau, state = fastest_time_constant(P)
    if tau < MIN_TIME_CONSTANT_S:
        hints = {
            "vagal": "raise infant.vagal_withdraw_s or infant.vagal_recover_s",
            "arousal": "raise infant.arousal_rise_s or infant.arousal_fall_s",
        }
        raise CoregError(
            f"infant ({state})",
            f"these settings make {state} change with a time constant of {tau:.2f} s, "
            f"faster than the 1-s step can follow accurately",
            f"settings whose fastest time constant is at least {MIN_TIME_CONSTANT_S:g} s; "
            + hints.get(state, "slow that state down"),
        )


def load_rate(halflife_min: float) -> float:
    """Decay rate (1/s) of the load for a half-life in minutes."""
    return math.log(2.0) / (halflife_min * 60.0)
