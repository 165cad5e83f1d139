"""Running the model: one baby over one or more nights.

:func:`simulate` is the one entry point for a single baby. It takes an immutable
:class:`~sim.params.Setup` and returns a :class:`RunResult`; nothing is mutated.

Between two nights (documented rules, see :func:`next_night`):

* fast states reset: arousal, vagal tone, crying, asleep, caregiver arousal;
* crying energy refills completely over the day;
* the load (both stages of its chain) decays over ``run.gap_h`` with its own time
  constants;
* expectancy relaxes ``infant.expectancy_relax`` of the way back to its starting value;
* self-soothing grows toward its age ceiling by ``self_soothing_rate`` times the share
  of a full night of supported practice (20 min at moderate arousal with a caregiver
  present and not holding) -- if ``supported_practice_builds_self_soothing``;
* settling habituation grows by ``habituation_rate`` times the share of a full night
  of settling (10 min awake, put down alone, without escalating: arousal below the
  regulated threshold) -- if ``settling_habituates``;
* caregiver fatigue grows with the hours spent responding at night (present while
  the baby cries or is agitated; calm play does not count) and recovers a share by day.
"""

from __future__ import annotations

import functools

import math
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from sim import kernel as kn
from sim import model as m
from sim import summary as sm
from sim.pack import pack_params
from sim.params import InfantParams, Setup
from sim.policies import pack_policy
from sim.stressors import pack_stressors

RESTING_AROUSAL = 0.05
RESTING_VAGAL = 0.85
PRACTICE_FULL_S = 20 * 60.0
SETTLING_FULL_S = 10 * 60.0
FATIGUE_PER_HOUR = 0.4
FATIGUE_DAY_RECOVERY = 0.3


def self_soothing_ceiling(age_months: float) -> float:
    """How far self-soothing can grow at this age: ~0.2 at 4 months, ~0.7 at 2 years (E13)."""
    return min(1.0, 0.1 + 0.025 * age_months)


@dataclass(frozen=True)
class Carry:
    """The slow states carried from one night into the next."""

    expectancy: float
    self_soothing: float
    habituation: float
    fatigue: float
    load: float = 0.0
    load_stage1: float = 0.0

    @classmethod
    def first(cls, setup: Setup) -> "Carry":
        return cls(expectancy=setup.infant.expectancy_start,
                   self_soothing=min(setup.infant.self_soothing, self_soothing_ceiling(setup.infant.age_months)),
                   habituation=setup.infant.habituation,
                   fatigue=setup.caregiver.fatigue)


@dataclass(frozen=True)
class NightResult:
    """One night: the 1-s record, the regime of every second, and the summary."""

    night: int
    record: np.ndarray          # (n_steps + 1, kernel.NREC), read-only
    regime: np.ndarray          # (n_steps + 1,) codes into summary.REGIMES
    summary: dict[str, Any]
    carry_in: Carry
    policy: str
    age_months: float

    @property
    def t_s(self) -> np.ndarray:
        return np.arange(self.record.shape[0], dtype=float)

    def column(self, name: str) -> np.ndarray:
        """A recorded quantity by name (``arousal``, ``load``, ``contact`` ...)."""
        if name == "heart_rate_bpm":
            return m.heart_rate(self.column("arousal"), self.column("crying"), self.age_months)
        return self.record[:, kn.REC_NAMES.index(name)]


@dataclass(frozen=True)
class RunResult:
    """All nights of one baby, with the setup that produced them."""

    setup: Setup
    nights: tuple[NightResult, ...]
    engine: str

    def summary_json(self) -> dict[str, Any]:
        """The ``--json`` shape: flat for one night, ``{"nights": [...]}`` for more."""
        if len(self.nights) == 1:
            return dict(self.nights[0].summary)
        return {"nights": [{"night": n.night, **n.summary} for n in self.nights]}

    def night(self, number: int) -> NightResult:
        """Night ``number`` (1-based; negative counts from the end)."""
        return self.nights[number - 1] if number > 0 else self.nights[number]


def initial_state(setup: Setup, carry: Carry, caregiver_stress: float) -> np.ndarray:
    y = np.zeros(m.NSTATE)
    y[m.A] = RESTING_AROUSAL
    y[m.V] = RESTING_VAGAL
    y[m.Y] = 0.0
    y[m.E] = 1.0
    y[m.X] = carry.expectancy
    y[m.G] = carry.load_stage1
    y[m.L] = carry.load
    y[m.Z] = 0.0
    y[m.M] = caregiver_stress
    y[m.B] = 0.0  # just put down: being alone is not yet felt
    return y


@functools.lru_cache(maxsize=64)
def draws_for(seed: int, night: int, n_steps: int, baby: int | None = None) -> np.ndarray:
    """The per-step uniforms of one night: one seed, a separate stream per night (and baby).

    Read-only and cached: a page re-running the same seed with new settings reuses them.
    """
    key = [seed, night] if baby is None else [seed, night, baby]
    draws = np.random.default_rng(np.random.SeedSequence(key)).random((n_steps + 1, 2))
    draws.flags.writeable = False
    return draws


def first_onset_s(setup: Setup) -> float:
    return min((s.onset_min * 60.0 for s in setup.stressors), default=0.0)


def next_night(setup: Setup, carry: Carry, last: np.ndarray, acc: np.ndarray,
               infant: InfantParams | None = None) -> Carry:
    """The slow states at the start of the next night (rules in the module docstring).

    ``last``: the night's final record row; ``acc``: its practice accumulators.
    """
    inf = infant or setup.infant
    mech = setup.mechanisms
    expectancy = last[m.X] + inf.expectancy_relax * (inf.expectancy_start - last[m.X])
    soothing = carry.self_soothing
    if mech.supported_practice_builds_self_soothing:
        share = min(1.0, acc[kn.ACC_PRACTICE] / PRACTICE_FULL_S)
        soothing += inf.self_soothing_rate * share * (self_soothing_ceiling(inf.age_months) - soothing)
    habituation = carry.habituation
    if mech.settling_habituates:
        share = min(1.0, acc[kn.ACC_SETTLING] / SETTLING_FULL_S)
        habituation += inf.habituation_rate * share * (1.0 - habituation)
    hours = acc[kn.ACC_RESPONDING] / 3600.0
    fatigue = (carry.fatigue + FATIGUE_PER_HOUR * hours * (1.0 - carry.fatigue)) * (1.0 - FATIGUE_DAY_RECOVERY)
    gap_s = setup.run.gap_h * 3600.0
    load = last[m.L] * 0.5 ** (gap_s / (inf.load_halflife_min * 60.0))
    stage = last[m.G] * math.exp(-gap_s / (inf.load_lag_min * 60.0))
    return Carry(expectancy=float(expectancy), self_soothing=float(soothing),
                 habituation=float(habituation), fatigue=float(min(max(fatigue, 0.0), 1.0)),
                 load=float(load), load_stage1=float(stage))


def night_params(setup: Setup, night: int, carry: Carry) -> np.ndarray:
    """The parameter vector the kernel uses on ``night`` given the carried slow states."""
    return pack_params(setup, self_soothing=carry.self_soothing, fatigue=carry.fatigue,
                       caregiver=setup.caregiver_for_night(night))


def night_loop_args(setup: Setup, night: int, carry: Carry) -> tuple:
    """The arguments of the compiled night loop (:func:`sim.kernel.run_night`) for
    ``night``; its record and accumulators are arguments 9 and 10. The benchmark uses
    this to time the integration alone."""
    n_steps = int(round(setup.run.duration_min * 60.0))
    table = pack_stressors(setup.stressors)
    caregiver = setup.caregiver_for_night(night)
    reg = setup.regimes
    return (night_params(setup, night, carry), pack_policy(caregiver), table,
            initial_state(setup, carry, caregiver.stress), n_steps,
            draws_for(setup.run.seed, night, n_steps), reg.crying, reg.arousal, carry.habituation,
            np.empty((n_steps + 1, kn.NREC)), np.zeros(kn.NACC), *kn.scratch(table))


def iter_nights(setup: Setup, *, engine: str = "numba") -> Iterator[NightResult]:
    """The nights of ``setup`` one at a time, each computed when asked for.

    A caller that writes each night out and lets it go (the command line's streaming CSV)
    holds one night's record at a time, whatever ``run.nights`` is.
    """
    if engine not in ("numba", "numpy"):
        raise ValueError(f"engine must be 'numba' or 'numpy', not {engine!r}")
    night_loop = kn.run_night if engine == "numba" else kn.run_night_np
    onset = first_onset_s(setup)
    reg = setup.regimes
    carry = Carry.first(setup)
    for night in range(1, setup.run.nights + 1):
        args = night_loop_args(setup, night, carry)
        night_loop(*args)
        rec, acc = args[9], args[10]
        regimes = np.empty(rec.shape[0], dtype=np.int8)
        values = np.empty(sm.NSUMMARY)
        sm.summarize(rec, reg.crying, reg.arousal, reg.load, onset, regimes, values)
        rec.flags.writeable = False
        regimes.flags.writeable = False
        yield NightResult(night=night, record=rec, regime=regimes,
                          summary=sm.as_dict(values), carry_in=carry,
                          policy=setup.caregiver_for_night(night).policy,
                          age_months=setup.infant.age_months)
        carry = next_night(setup, carry, rec[-1], acc)


def simulate(setup: Setup, *, engine: str = "numba") -> RunResult:
    """Run ``setup`` for ``run.nights`` nights. ``engine``: "numba" (fast) or "numpy"."""
    return RunResult(setup=setup, nights=tuple(iter_nights(setup, engine=engine)), engine=engine)
