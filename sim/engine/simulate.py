"""Running the model: one baby over one or more nights.

:func:`simulate` is the one entry point for a single baby. It takes an immutable
:class:`~sim.params.Setup` and returns a :class:`RunResult`; nothing is mutated.
:func:`iter_nights` yields the same nights one at a time (for streaming long runs).
What happens between two nights, and the loop over them, is :mod:`sim.engine.nights`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine import kernel as kn
from sim.engine import model as m
from sim.engine import summary as sm
from sim.engine.layout import REC_NAMES
from sim.engine.nights import Carry, initial_state, night_by_night
from sim.engine.pack import pack_params
from sim.params import CaregiverParams, Setup
from sim.engine.policies import pack_policy
from sim.engine.stressors import pack_stressors


def summary_record(summary: Mapping[str, Any], reading: str) -> dict[str, Any]:
    """A night's summary as users get it (``--json``, sweep rows): the metrics, then the
    reading in force (every output says which reading it ran under). The one place that adds it;
    ``summary`` stays numeric."""
    return {**summary, "reading": reading}


@dataclass(frozen=True)
class NightResult:
    """One night: the 1-s record, the regime of every second, the summary (numbers only),
    and what the night ran under: the caregiver's policy, the age, the reading."""

    night: int
    record: np.ndarray          # (n_steps + 1, kernel.NREC), read-only
    regime: np.ndarray          # (n_steps + 1,) codes into summary.REGIMES
    summary: dict[str, Any]
    carry_in: Carry
    policy: str
    age_months: float
    reading: str

    @property
    def t_s(self) -> np.ndarray:
        return np.arange(self.record.shape[0], dtype=float)

    def summary_json(self) -> dict[str, Any]:
        """The night's summary with the reading in force (:func:`summary_record`)."""
        return summary_record(self.summary, self.reading)

    def column(self, name: str) -> np.ndarray:
        """A recorded quantity by name (``arousal``, ``load``, ``contact`` ...)."""
        if name == "heart_rate_bpm":
            return m.heart_rate(self.column("arousal"), self.column("crying"), self.age_months)
        return self.record[:, REC_NAMES.index(name)]


@dataclass(frozen=True)
class RunResult:
    """All nights of one baby, with the setup that produced them."""

    setup: Setup
    nights: tuple[NightResult, ...]
    engine: str

    def summary_json(self) -> dict[str, Any]:
        """The ``--json`` shape: flat for one night, ``{"nights": [...]}`` for more."""
        if len(self.nights) == 1:
            return self.nights[0].summary_json()
        return {"nights": [{"night": n.night, **n.summary_json()} for n in self.nights]}

    def night(self, number: int) -> NightResult:
        """Night ``number`` (1-based; negative counts from the end)."""
        return self.nights[number - 1] if number > 0 else self.nights[number]


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


def night_params(setup: Setup, night: int, carry: Carry) -> np.ndarray:
    """The parameter vector the kernel uses on ``night`` given the carried slow states."""
    return pack_params(setup, self_soothing=carry.self_soothing, fatigue=carry.fatigue,
                       self_settling=carry.self_settling, caregiver=setup.caregiver_for_night(night))


def night_loop_args(setup: Setup, night: int, carry: Carry) -> tuple[kn.Night, kn.NightRecord]:
    """What the compiled night loop (:func:`sim.engine.kernel.run_night`) takes for ``night``:
    the :class:`~sim.engine.kernel.Night` and the :class:`~sim.engine.kernel.NightRecord` it
    fills. The benchmark uses this to time the integration alone."""
    n_steps = int(round(setup.run.duration_min * 60.0))
    table = pack_stressors(setup.stressors)
    caregiver = setup.caregiver_for_night(night)
    reg = setup.regimes
    inputs = kn.Night(params=night_params(setup, night, carry), policy=pack_policy(caregiver),
                      stressors=table, start=initial_state(carry, caregiver.stress), n_steps=n_steps,
                      draws=draws_for(setup.run.seed, night, n_steps), crying_at=reg.crying,
                      arousal_at=reg.arousal, habituation=carry.habituation)
    return inputs, kn.NightRecord.empty(n_steps, table.shape[0])


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

    def run(night: int, caregiver: CaregiverParams, carry: Carry) -> tuple[NightResult, Any, Any]:
        inputs, out = night_loop_args(setup, night, carry)
        night_loop(inputs, out)
        rec = out.record
        regimes = np.empty(rec.shape[0], dtype=np.int8)
        values = np.empty(sm.NSUMMARY)
        sm.summarize(rec, reg.crying, reg.arousal, reg.load, onset, regimes, values)
        rec.flags.writeable = False
        regimes.flags.writeable = False
        result = NightResult(night=night, record=rec, regime=regimes, summary=sm.as_dict(values),
                             carry_in=carry, policy=caregiver.policy, age_months=setup.infant.age_months,
                             reading=setup.reading)
        return result, rec[-1], out.acc

    yield from night_by_night(setup, run)


def simulate(setup: Setup, *, engine: str = "numba") -> RunResult:
    """Run ``setup`` for ``run.nights`` nights. ``engine``: "numba" (fast) or "numpy"."""
    return RunResult(setup=setup, nights=tuple(iter_nights(setup, engine=engine)), engine=engine)
