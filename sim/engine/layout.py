"""The kernel's arrays, each declared once: states, inputs, the record, the parameter vector, the
caregiver's policy vector and memory, the stressor table and its state, the night's accumulators and
the summary's running part.

The compiled kernel reads flat float arrays. What sits at which index, under which name and with
which meaning, and how a user-facing setting becomes a kernel number (seconds to a rate, a half-life
to a decay rate, a switch to 0/1) is declared in the tables below and nowhere else. From them come
the indices (``State.AROUSAL``, ``Param.RISE_RATE``, ``Acc.PRACTICE``: named tuples of ints, which
numba reads as constants), the sizes (``NSTATE``, ``NACC`` ...), the packing of a setup into a
vector (:func:`sim.engine.pack.pack_params`), the per-baby columns of a population, and the tuple
helpers the kernels use to keep a state or a lane's parameters in registers. Adding a kernel
parameter is one line in :data:`PARAMS` (and its use in the equations).
"""

from __future__ import annotations

import itertools
import math
from collections import namedtuple
from dataclasses import dataclass
from typing import Callable, ClassVar

import numpy as np
from numba.extending import overload

from sim.engine import age
from sim.engine.jit import njit
from sim.params import MAX_ACTIONS, MAX_CHECKINS


@dataclass(frozen=True)
class Slot:
    """One entry of a kernel array (or a block of ``size`` entries), what it holds, and the value it
    starts a night with (where the kernel resets the array: :func:`reset`)."""

    name: str
    meaning: str
    size: int = 1
    start: float = 0.0


def _table(kind: str, slots: tuple) -> tuple[tuple[str, ...], int, tuple]:
    """The names of a declared table, how many entries it spans, and its indices: a named tuple of
    ints, one field per (upper-cased) name; a block's index is that of its first entry."""
    names = tuple(slot.name for slot in slots)
    starts = tuple(itertools.accumulate((slot.size for slot in slots), initial=0))
    return names, starts[-1], namedtuple(kind, [name.upper() for name in names])(*starts[:-1])


def _start(slots: tuple) -> tuple[float, ...]:
    """The value each entry of a declared table starts a night with."""
    return tuple(slot.start for slot in slots for _ in range(slot.size))


@njit(_nrt=False)
def reset(values, start):
    """Set ``values`` to a table's starting values (``start``: its ``*_START`` tuple)."""
    for i in range(len(start)):
        values[i] = start[i]


# ---- states ---------------------------------------------------------------------------

STATES = (
    Slot("arousal", "sympathetic activation (0..1)"),
    Slot("vagal", "parasympathetic (vagal) tone (0..1)"),
    Slot("crying", "the crying signal (0..1)"),
    Slot("energy", "reserves for crying (0..1)"),
    Slot("expectancy", "learned expectation that signalling brings help (0..1)"),
    Slot("load_stage1", "first stage of the stress load's delay chain (>= 0)"),
    Slot("load", "slow, cortisol-like stress load (0..1)"),
    Slot("asleep", "0 awake, 1 asleep (asleep at or above sim.vocabulary.ASLEEP_AT)"),
    Slot("caregiver_arousal", "the caregiver's own arousal (0..1)"),
    Slot("alone_felt", "how much being alone is felt (0..1)"),
    Slot("misattuned_felt", "how much a present but unresponsive caregiver is felt (0..1)"),
)
STATE_NAMES, NSTATE, State = _table("State", STATES)


# ---- inputs (constant over one step; the policy and the stressors decide them) -----------

INPUTS = (
    Slot("presence", "the caregiver is in the room (0/1)"),
    Slot("contact", "0 none, ~0.4 voice and pat, 1 held"),
    Slot("contingency", "how well the response follows the baby's cues (0..1)"),
    Slot("need_asleep", "needs felt even asleep: hunger, discomfort (0..1)"),
    Slot("need_awake", "needs felt only awake: tiredness (0..1)"),
    Slot("need_alone", "the need of being alone, felt only awake and scaled by alone_felt"),
)
INPUT_NAMES, NINPUT, Input = _table("Input", INPUTS)


# ---- the record: one row per second ------------------------------------------------------

DERIVED = (
    Slot("need", "the need that drives arousal this second: min(1, felt needs)"),
    Slot("coregulation", "contact x contingency x the caregiver's capacity"),
    Slot("sleep_pressure", "sleep pressure at this second"),
)
REC_NAMES, NREC, Rec = _table("Rec", STATES + INPUTS + DERIVED)


# ---- the parameter vector ------------------------------------------------------------------

def _rate_s(seconds):
    return 1.0 / seconds


def _rate_min(minutes):
    return 1.0 / (minutes * 60.0)


def _halflife_min(minutes):
    return math.log(2.0) / (minutes * 60.0)


def _same(value):
    return value


def _flag(value):
    return np.asarray(value, dtype=float) if isinstance(value, np.ndarray) else float(bool(value))


#: How a setting becomes a kernel number (each works on a float or a numpy array).
CONVERSIONS: dict[str, Callable] = {
    "same": _same,
    "rate_s": _rate_s,             # a time constant in seconds -> 1/s
    "rate_min": _rate_min,         # a time constant in minutes -> 1/s
    "halflife_min": _halflife_min,  # a half-life in minutes -> decay rate 1/s
    "flag": _flag,                 # a switch -> 1.0 / 0.0
    "age_load": age.load_factor,     # age in months -> the load's age factor (sim.engine.age)
}


@dataclass(frozen=True)
class ParamSlot:
    """One entry of the kernel's parameter vector.

    ``source`` names where the value comes from: ``group.setting`` of the setup
    (``infant``, ``sleep``, ``mechanisms``; ``caregiver`` is the night's caregiver),
    ``carry.<slow state>`` (changes between nights), or ``numerics.substeps``.
    ``convert`` names the unit conversion (:data:`CONVERSIONS`).
    """

    name: str
    source: str
    convert: str = "same"
    size: ClassVar[int] = 1

    @property
    def group(self) -> str:
        return self.source.split(".", 1)[0]

    @property
    def setting(self) -> str:
        return self.source.split(".", 1)[1]


PARAMS = (
    ParamSlot("reactivity", "infant.reactivity"),
    ParamSlot("rise_rate", "infant.arousal_rise_s", "rate_s"),
    ParamSlot("fall_rate", "infant.arousal_fall_s", "rate_s"),
    ParamSlot("vagal_withdraw_rate", "infant.vagal_withdraw_s", "rate_s"),
    ParamSlot("vagal_recover_rate", "infant.vagal_recover_s", "rate_s"),
    ParamSlot("cry_arousal", "infant.cry_arousal"),
    ParamSlot("cry_rate", "infant.cry_s", "rate_s"),
    ParamSlot("fuss_floor", "infant.fuss_floor"),
    ParamSlot("need_crying", "infant.need_crying"),
    ParamSlot("energy_deplete_rate", "infant.energy_deplete_min", "rate_min"),
    ParamSlot("energy_recover_rate", "infant.energy_recover_min", "rate_min"),
    ParamSlot("expectancy_learn_rate", "infant.expectancy_learn_s", "rate_s"),
    ParamSlot("expectancy_erode_rate", "infant.expectancy_erode_min", "rate_min"),
    ParamSlot("noncontingent_stress", "infant.noncontingent_stress"),
    ParamSlot("misattunement_fade_rate", "infant.misattunement_fade_s", "rate_s"),
    ParamSlot("load_gain", "infant.load_gain"),
    ParamSlot("load_age_factor", "infant.age_months", "age_load"),
    ParamSlot("load_baseline", "infant.load_baseline"),
    ParamSlot("load_lag_rate", "infant.load_lag_min", "rate_min"),
    ParamSlot("load_decay_rate", "infant.load_halflife_min", "halflife_min"),
    ParamSlot("uncontrollability_gain", "infant.uncontrollability_gain"),
    ParamSlot("sleep_onset_rate", "infant.sleep_onset_s", "rate_s"),
    ParamSlot("wake_rate", "infant.wake_s", "rate_s"),
    ParamSlot("alone_build_rate", "infant.alone_build_min", "rate_min"),
    ParamSlot("self_soothing", "carry.self_soothing"),
    ParamSlot("fatigue", "carry.fatigue"),
    ParamSlot("self_settling", "carry.self_settling"),
    ParamSlot("caregiver_stress", "caregiver.stress"),
    ParamSlot("caregiver_fall_rate", "caregiver.arousal_fall_min", "rate_min"),
    ParamSlot("pressure_start", "sleep.pressure_start"),
    ParamSlot("pressure_end", "sleep.pressure_end"),
    ParamSlot("ramp_rate", "sleep.ramp_min", "rate_min"),
    ParamSlot("mech_expectancy", "mechanisms.expectancy_gates_crying", "flag"),
    ParamSlot("mech_energy", "mechanisms.energy_depletes", "flag"),
    ParamSlot("mech_uncontrollability", "mechanisms.uncontrollability_amplifies_load", "flag"),
    ParamSlot("mech_noncontingent", "mechanisms.noncontingent_presence_stresses", "flag"),
    ParamSlot("mech_capacity", "mechanisms.caregiver_arousal_lowers_capacity", "flag"),
    ParamSlot("mech_calling", "mechanisms.alone_baby_calls", "flag"),
    ParamSlot("substeps", "numerics.substeps"),
)
PARAM_NAMES, NPARAM, Param = _table("Param", PARAMS)


# ---- the caregiver's policy vector and memory (sim.engine.policies) ----------------------------

#: One action of a ``scripted`` caregiver, as it sits in the policy vector.
ACTION = (
    Slot("at", "the second from which it holds"),
    Slot("present", "1 present, 0 away"),
    Slot("contact", "contact while present"),
    Slot("contingency", "contingency while present"),
)
ACTION_NAMES, NACTION, Action = _table("Action", ACTION)

POLICY = (
    Slot("kind", "the policy's code (sim.vocabulary.POLICY_CODE)"),
    Slot("latency", "seconds from noticing a signal to coming (the shortest, where it varies)"),
    Slot("latency_max", "the longest latency, drawn uniformly up to it; -1: a fixed latency"),
    Slot("probability", "the chance of answering once the wait is over"),
    Slot("retry", "seconds until a re-check after not answering"),
    Slot("fussing", "1: fussing is a signal too"),
    Slot("leave", "settled seconds before leaving"),
    Slot("contact", "contact while answering, checking in or playing"),
    Slot("contingency", "contingency while answering, checking in or playing"),
    Slot("checkin", "graduated: seconds a check-in lasts"),
    Slot("n_intervals", "graduated: how many waits are given"),
    Slot("play", "still_face: seconds of play before the still face"),
    Slot("still", "still_face: seconds of still face"),
    Slot("in_step", "rupture_repair: the mean in-step stretch (s)"),
    Slot("mismatch", "rupture_repair: the mean mismatch (s)"),
    Slot("n_actions", "scripted: how many actions"),
    Slot("intervals", "graduated: the wait before each check-in (s), the last repeating", MAX_CHECKINS),
    Slot("actions", "scripted: the actions in order, NACTION entries each (ACTION)", NACTION * MAX_ACTIONS),
)
POLICY_NAMES, NPOLICY, PolicyParam = _table("PolicyParam", POLICY)

#: What a caregiver remembers from one second to the next (reset at the start of a night).
MEMORY = (
    Slot("mode", "what the caregiver is doing (sim.engine.policies: AWAY, WAITING, HOLDING ...)"),
    Slot("timer", "seconds left of a wait or a check-in; seconds counted of signalling or of a mismatch"),
    Slot("index", "graduated: which wait comes next"),
    Slot("calm", "holding: settled seconds in a row"),
    Slot("quiet", "graduated: quiet seconds in a row"),
    Slot("in_step", "rupture_repair: 1 in step, 0 in a mismatch", start=1.0),
)
MEMORY_NAMES, NMEMORY, Memory = _table("Memory", MEMORY)
MEMORY_START = _start(MEMORY)


# ---- the stressor table and its state (sim.engine.stressors) --------------------------------------

#: One row per stressor.
STRESSOR = (
    Slot("onset", "the second from which it acts"),
    Slot("intensity", "how strongly it is felt (0..1)"),
    Slot("resolve", "what resolves it (sim.vocabulary.RESOLUTION_CODE)"),
    Slot("care", "care: seconds of being held that resolve it"),
    Slot("duration", "time: seconds it lasts"),
    Slot("felt_asleep", "1: felt asleep too (it wakes the baby)"),
    Slot("alone", "1: the need of being alone"),
)
STRESSOR_NAMES, NSTRESSOR, StressorCol = _table("StressorCol", STRESSOR)

#: One row per stressor, through one night.
STRESSOR_STATE = (
    Slot("held", "care: seconds held so far"),
    Slot("resolved", "1 once resolved"),
    Slot("asleep_run", "sleep: seconds asleep in a row"),
)
STRESSOR_STATE_NAMES, NSTRESSOR_STATE, StressorState = _table("StressorState", STRESSOR_STATE)


# ---- what a night leaves behind (sim.engine.kernel, sim.engine.summary) ---------------------------

#: The night's accumulators: what moves the slow states between nights (sim.engine.nights). Put-down
#: seconds are awake seconds before the night's first sleep with the baby in its cot (the ``alone``
#: stressor acting, not held), counted by what the baby shows and feels, whoever the caregiver is.
ACCUMULATORS = (
    Slot("calm_before", "put-down seconds calm before any distress that night (not yet bothered)"),
    Slot("calm", "put-down seconds calm after a distress: settling"),
    Slot("quiet_aroused", "put-down seconds quiet but aroused (arousal at or above infant.cry_arousal)"),
    Slot("crying", "put-down seconds crying"),
    Slot("distressed", "1 once the baby has cried or been aroused before its first sleep"),
    Slot("practice", "seconds of supported practice (awake, not held, moderately distressed, "
                     "a caregiver present and in step)"),
    Slot("responding", "seconds the caregiver is present while the baby cries or looks agitated"),
    Slot("first_sleep", "how the night's first sleep (its first row asleep) came: sim.engine.kernel's NOT_YET, "
                        "UNHELD or HELD (the contact chosen for that row's step holds the baby)"),
)
ACC_NAMES, NACC, Acc = _table("Acc", ACCUMULATORS)
ACC_START = _start(ACCUMULATORS)

#: The running part of a night's summary, updated row by row (a population keeps no records).
RUNNING = (
    Slot("crying", "crying seconds"),
    Slot("present", "seconds with the caregiver present"),
    Slot("peak_load", "the highest load so far"),
    Slot("peak_arousal", "the highest arousal so far"),
    Slot("peak_caregiver_arousal", "the caregiver's highest arousal so far"),
    Slot("min_vagal", "the lowest vagal tone so far", start=1.0),
    Slot("sum_arousal", "arousal summed over the rows"),
    Slot("first_sleep", "the first row asleep (-1: none yet)", start=-1.0),
    Slot("prev_arousal", "the row before's arousal"),
    Slot("prev_crying", "the row before's crying"),
    Slot("prev_load", "the row before's load"),
    Slot("prev_coregulation", "the row before's co-regulation"),
)
RUNNING_NAMES, NRUNNING, Running = _table("Running", RUNNING)
RUNNING_START = _start(RUNNING)


# ---- tuple helpers for the kernels (generated from the sizes above) ----------------------------
#
# numba keeps a tuple of floats in registers; an array passed to a helper would be a memory
# round trip. These stubs are implemented for numba by code generated from NSTATE / NPARAM, so
# a new state or parameter needs no hand-written change here.

def _generated(args: str, n: int, item: Callable[[int], str]) -> Callable:
    """A function of ``args`` returning the tuple ``(item(0), ..., item(n - 1))``."""
    src = f"def impl({args}):\n    return ({', '.join(item(i) for i in range(n))},)\n"
    namespace: dict = {}
    exec(src, namespace)  # noqa: S102 -- code generated from the declared sizes, nothing external
    return namespace["impl"]


def axpy(y, h, k):
    """``y + h * k`` element by element, for state tuples."""
    return tuple(a + h * b for a, b in zip(y, k))


def rk4_combine(y, h, k1, k2, k3, k4):
    """The RK4 update ``y + h/6 (k1 + 2 k2 + 2 k3 + k4)`` for state tuples."""
    return tuple(a + h / 6.0 * (b + 2.0 * c + 2.0 * d + e) for a, b, c, d, e in zip(y, k1, k2, k3, k4))


def select(flag, a, b):
    """``a`` where ``flag`` else ``b``, element by element (branch-free in the kernel)."""
    return tuple(x if flag else z for x, z in zip(a, b))


def state_of(arr):
    """The state tuple from the first NSTATE entries of an array."""
    return tuple(float(arr[i]) for i in range(NSTATE))


def lane_state(ys, j, block):
    """The state of lane ``j`` from a lane-major block (row ``i`` holds state ``i`` of every lane)."""
    return tuple(float(ys[i * block + j]) for i in range(NSTATE))


def lane_params(pt, j, block):
    """The parameter vector of lane ``j`` from a lane-major block, as a tuple."""
    return tuple(float(pt[i * block + j]) for i in range(NPARAM))


@overload(axpy, inline="always")
def _axpy_numba(y, h, k):
    return _generated("y, h, k", NSTATE, lambda i: f"y[{i}] + h * k[{i}]")


@overload(rk4_combine, inline="always")
def _rk4_combine_numba(y, h, k1, k2, k3, k4):
    return _generated("y, h, k1, k2, k3, k4", NSTATE,
                      lambda i: f"y[{i}] + (h / 6.0) * (k1[{i}] + 2.0 * k2[{i}] + 2.0 * k3[{i}] + k4[{i}])")


@overload(select, inline="always")
def _select_numba(flag, a, b):
    return _generated("flag, a, b", NSTATE, lambda i: f"a[{i}] if flag else b[{i}]")


@overload(state_of, inline="always")
def _state_of_numba(arr):
    return _generated("arr", NSTATE, lambda i: f"arr[{i}]")


@overload(lane_state, inline="always")
def _lane_state_numba(ys, j, block):
    return _generated("ys, j, block", NSTATE, lambda i: f"ys[{i} * block + j]")


@overload(lane_params, inline="always")
def _lane_params_numba(pt, j, block):
    return _generated("pt, j, block", NPARAM, lambda i: f"pt[{i} * block + j]")
