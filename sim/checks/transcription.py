"""A second, independent transcription of the model's equations, for checking the kernel.

Written from the documented equations (the docstring of :mod:`sim.engine.model` and the About
page), in plain Python on floats: it imports neither the kernel's right-hand side nor its
parameter vector, and converts the user-facing settings (seconds, minutes, half-lives,
switches) itself. The tests compare it with the compiled right-hand side at many random
points, and the accuracy oracle (:mod:`sim.checks.reference`) integrates *this* function, so an
error in an equation or a unit conversion of the kernel cannot pass unnoticed.

Slow and simple on purpose; do not use it to run the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

STATE_ORDER = ("A", "V", "Y", "E", "X", "G", "L", "Z", "M", "B", "W")


def _sig(x: float) -> float:
    return 0.5 * (1.0 + x / math.sqrt(1.0 + x * x))


def _softplus(x: float) -> float:
    return 0.5 * (x + math.sqrt(x * x + 4e-4))


@dataclass(frozen=True)
class Settings:
    """Everything the equations read, in the units a user writes them."""

    infant: Any              # sim.params.InfantParams (or anything with the same attributes)
    pressure_start: float
    pressure_end: float
    ramp_min: float
    caregiver_stress: float
    caregiver_fall_min: float
    self_soothing: float     # the night's self-soothing capacity R
    self_settling: float     # the night's self-settling S
    fatigue: float           # the caregiver's fatigue that night
    mechanisms: Any          # sim.params.Mechanisms

    @classmethod
    def of_night(cls, setup: Any, night: int, carry: Any) -> "Settings":
        cg = setup.caregiver_for_night(night)
        return cls(infant=setup.infant, pressure_start=setup.sleep.pressure_start,
                   pressure_end=setup.sleep.pressure_end, ramp_min=setup.sleep.ramp_min,
                   caregiver_stress=cg.stress, caregiver_fall_min=cg.arousal_fall_min,
                   self_soothing=carry.self_soothing, self_settling=carry.self_settling, fatigue=carry.fatigue,
                   mechanisms=setup.mechanisms)


def derivatives(t: float, state: Sequence[float], inputs: Sequence[float], s: Settings) -> list[float]:
    """The time derivatives of (A, V, Y, E, X, G, L, Z, M, B, W) at time ``t`` (s), for the
    inputs (presence p, contact u, contingency c, need felt asleep, need felt awake, need of
    being alone)."""
    A, V, Y, E, X, G, L, Z, M, B, W = (float(v) for v in state)
    p, u, c, need_asleep, need_awake, need_alone = (float(v) for v in inputs)
    inf = s.infant
    mech = s.mechanisms
    on = {name: 1.0 if getattr(mech, name) else 0.0 for name in (
        "expectancy_gates_crying", "energy_depletes", "uncontrollability_amplifies_load",
        "noncontingent_presence_stresses", "caregiver_arousal_lowers_capacity", "alone_baby_calls")}

    # what the caregiver can lend
    capacity = (1.0 - 0.6 * M * on["caregiver_arousal_lowers_capacity"]) * (1.0 - 0.6 * s.fatigue)
    answered = u * c
    coreg = answered * capacity

    # drive and calming
    need = need_asleep + (1.0 - Z) * (need_awake + B * need_alone)
    violation = on["noncontingent_presence_stresses"] * inf.noncontingent_stress * X * W
    D = 1.5 * (inf.reactivity * (need - _softplus(need - 1.0)) + violation - _softplus(violation - 1.0)) + 0.03
    C = 0.05 + 1.5 * V + 2.0 * coreg + 1.5 * Z + s.self_soothing
    T = D / (D + C)
    r = _sig(20.0 * (T - A))
    dA = (T - A) * (r / inf.arousal_rise_s + (1.0 - r) * (C / 2.0) / inf.arousal_fall_s)

    # vagal tone
    dV = ((1.0 + coreg + 0.5 * s.self_soothing * (1.0 - A)) * (1.0 - V) / inf.vagal_recover_s
          - 1.3 * (A ** 3 + 0.1 * violation) * V / inf.vagal_withdraw_s)

    # crying: from arousal (fussing first, then crying) and from a physical need
    a = 0.15 * _sig((A - inf.cry_arousal + 0.15) / 0.05) + 0.85 * _sig((A - inf.cry_arousal) / 0.05)
    n = inf.need_crying * need_asleep
    cry = 1.0 - (1.0 - a * (1.0 - 0.8 * coreg)) * (1.0 - n * (1.0 - 0.5 * coreg))
    gE = 1.3 * E / (E + 0.3)
    expects = X if on["expectancy_gates_crying"] else 1.0
    gX = inf.fuss_floor + (1.0 - inf.fuss_floor) * expects
    calling = on["alone_baby_calls"] * 0.1 * B * (1.0 - a)
    dY = (gE * (1.0 - Z) * (1.0 - (1.0 - gX * cry) * (1.0 - calling)) - Y) / inf.cry_s

    # crying energy (minutes)
    dE = (-on["energy_depletes"] * (Y + 0.5 * A * A) * E / (inf.energy_deplete_min * 60.0)
          + (1.0 - E) * (1.0 - Y) * (1.0 - A) / (inf.energy_recover_min * 60.0))

    # expectancy
    visible = _sig((Y - 0.05) / 0.03)
    silent = _sig(-0.1 / 0.03)  # the clear-signal step is shifted to be 0 at Y = 0
    clear = (_sig((Y - 0.1) / 0.03) - silent) / (1.0 - silent)
    comfort = u ** 3 * c
    dX = (comfort * (1.0 - X) * (visible + (1.0 - visible) * A) / inf.expectancy_learn_s
          - (1.0 - comfort) * X * clear / (inf.expectancy_erode_min * 60.0))

    # the load's two stages
    age_factor = 1.0 / (1.0 + inf.age_months / 12.0)
    feed = (inf.load_gain * age_factor * _softplus(A - inf.load_baseline)
            * (1.0 + on["uncontrollability_amplifies_load"] * inf.uncontrollability_gain * (1.0 - u)))
    dG = (feed - G) / (inf.load_lag_min * 60.0)
    dL = (G * (1.0 - L) - L) * math.log(2.0) / (inf.load_halflife_min * 60.0)

    # sleep
    x = min(max(t / (s.ramp_min * 60.0), 0.0), 1.0)
    pressure = s.pressure_start + (s.pressure_end - s.pressure_start) * x * x * (3.0 - 2.0 * x)
    S = s.self_settling
    sleep_target = _sig((pressure + 0.8 * _softplus(0.8 - E) - 1.2 * (1.0 - 0.8 * S) * _softplus(A - 0.3)
                         - 0.5 * need_asleep - 0.4 + 0.05 * S) / 0.04)
    f = _sig(20.0 * (sleep_target - Z))
    dZ = (sleep_target - Z) * (f / inf.sleep_onset_s + (1.0 - f) / inf.wake_s)

    # the caregiver's own arousal (minutes)
    dM = Y * Y * (1.0 - M) / 60.0 - (M - s.caregiver_stress) / (s.caregiver_fall_min * 60.0)

    # felt aloneness (minutes to build, seconds to fade)
    dB = (1.0 - p) * (1.0 - B) / (inf.alone_build_min * 60.0) - p * B / 5.0

    # felt misattunement
    target_W = p * (1.0 - (1.0 - (1.0 - c) ** 2) * (1.0 - visible * (1.0 - answered)))
    b = _sig(20.0 * (target_W - W))
    dW = (target_W - W) * (b / 15.0 + (1.0 - b) / inf.misattunement_fade_s)

    return [dA, dV, dY, dE, dX, dG, dL, dZ, dM, dB, dW]
