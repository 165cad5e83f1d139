"""A population of babies under one caregiver policy: every infant setting varied.

Each baby's infant settings are drawn around the setup's values by the variation each
setting declares (:class:`sim.declare.Variation` in :class:`sim.params.InfantParams`:
temperament and age widely, every physiological time scale and gain by a lognormal of
width 0.1), clipped to the declared bounds, all from the run's one seed, in declaration
order -- so ``coreg sweep --population``, the Population page and the robustness report
draw the same babies for the same seed. ``spread = 0`` gives identical babies; 1 is the
documented variety (:func:`population_table` lists it). A caregiver's random choices (an
inconsistent caregiver's answers, a rupture's timing) come from a counter-based generator
keyed by the seed, the night, the baby and the second (:func:`sim.engine.kernel.uniform`), so
results do not depend on the number of threads.
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np

from sim.engine import kernel as kn
from sim.engine import summary as sm
from sim.declare import Declaration, declarations
from sim.engine.layout import NACC, NREC, NSTATE, Param
from sim.engine.nights import Carry, initial_state, next_night
from sim.engine.pack import pack_params, pack_population, population_substeps
from sim.params import InfantParams, Setup
from sim.engine.policies import pack_policy
from sim.engine.simulate import first_onset_s
from sim.engine.stressors import pack_stressors

TRACE_EVERY_S = 10
MAX_BABIES = 100_000


@dataclass(frozen=True)
class PopulationResult:
    """Per-baby summaries (nights, babies, metrics; NaN = does not exist) and traces."""

    setup: Setup
    infants: dict[str, np.ndarray]      # varied parameter -> value per baby
    summaries: np.ndarray               # (nights, babies, len(SUMMARY_KEYS))
    traces: np.ndarray                  # (nights, babies, 3, n_trace) float32: crying, arousal, load
    trace_t_s: np.ndarray

    @property
    def size(self) -> int:
        return self.summaries.shape[1]

    def metric(self, key: str, night: int = -1) -> np.ndarray:
        """One summary metric for every baby on ``night`` (1-based; -1 = last)."""
        idx = night - 1 if night > 0 else night
        return self.summaries[idx, :, sm.SUMMARY_KEYS.index(key)]

    def rows(self, night: int = -1) -> list[dict[str, Any]]:
        """One summary dict per baby (``None`` where a metric does not exist)."""
        idx = night - 1 if night > 0 else night
        return [{"baby": b + 1, **sm.as_dict(self.summaries[idx, b])} for b in range(self.size)]

    def percentiles(self, quantity: str, q: tuple[float, ...] = (10, 50, 90), night: int = -1) -> np.ndarray:
        """Percentile bands over babies of ``crying``, ``arousal`` or ``load`` through the night."""
        idx = night - 1 if night > 0 else night
        j = ("crying", "arousal", "load").index(quantity)
        return np.percentile(self.traces[idx, :, j, :], q, axis=0)


def varied_settings() -> tuple[Declaration, ...]:
    """The infant settings that vary from baby to baby, in draw order."""
    return tuple(d for d in declarations(InfantParams) if d.vary is not None)


def draw_infants(setup: Setup, n: int, spread: float, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every varied infant setting for ``n`` babies (:func:`varied_settings`), clipped to its bounds."""
    values = {}
    for d in varied_settings():
        arr = np.asarray(d.vary.draw(getattr(setup.infant, d.name), n, spread, rng), dtype=float)
        values[d.name] = np.clip(arr, d.lo, d.hi)
    return values


def population_table() -> list[tuple[str, str]]:
    """(setting, how it varies) for every varied infant setting: the documented population."""
    return [(d.name, d.vary.describe(d.unit)) for d in varied_settings()]


def simulate_population(setup: Setup, n: int, *, spread: float = 1.0) -> PopulationResult:
    """Run ``n`` varied babies through ``setup`` (all its nights), in parallel."""
    if not 1 <= n <= MAX_BABIES:
        raise ValueError(f"population size must be from 1 to {MAX_BABIES}, not {n}")
    if not 0.0 <= spread <= 3.0:
        raise ValueError(f"spread must be from 0 to 3, not {spread}")
    rng = np.random.default_rng(np.random.SeedSequence([setup.run.seed, 0xBABE]))
    infants = draw_infants(setup, n, spread, rng)
    nights = setup.run.nights
    per_baby = [types.SimpleNamespace(**{**vars_of(setup.infant), **{k: float(v[b]) for k, v in infants.items()}})
                for b in range(n)]
    n_steps = int(round(setup.run.duration_min * 60.0))
    n_trace = n_steps // TRACE_EVERY_S + 1
    table = pack_stressors(setup.stressors)
    onset = first_onset_s(setup)
    carries = [Carry.first(setup, baby) for baby in per_baby]
    summaries = np.empty((nights, n, sm.NSUMMARY))
    traces = np.empty((nights, n, 3, n_trace), dtype=np.float32)
    scratch = kn.PopulationScratch.empty(min(numba.get_num_threads(), -(-n // kn.BLOCK)), n_steps, table.shape[0])
    reg = setup.regimes
    for night in range(1, nights + 1):
        caregiver = setup.caregiver_for_night(night)
        base = pack_params(setup, self_soothing=0.0, fatigue=0.0, caregiver=caregiver)
        carry_columns = {"self_soothing": np.array([c.self_soothing for c in carries]),
                         "fatigue": np.array([c.fatigue for c in carries]),
                         "self_settling": np.array([c.self_settling for c in carries])}
        params = pack_population(base, infants, carry_columns)
        params[:, Param.SUBSTEPS] = population_substeps(params)
        order = np.argsort(params[:, Param.SUBSTEPS], kind="stable")
        starts = np.array([initial_state(c, caregiver.stress) for c in carries]).reshape(n, NSTATE)
        habituations = np.array([c.habituation for c in carries])
        key = np.random.SeedSequence([setup.run.seed, night, n]).generate_state(1, np.uint64)[0]
        babies = kn.Babies(params=params, policy=pack_policy(caregiver), stressors=table, starts=starts,
                           habituations=habituations, n_steps=n_steps, key=key, crying_at=reg.crying,
                           arousal_at=reg.arousal, load_at=reg.load, first_onset=onset, trace_every=TRACE_EVERY_S,
                           order=order)
        out = kn.BabiesOut(summaries=summaries[night - 1], traces=traces[night - 1], acc=np.empty((n, NACC)),
                           last_rows=np.empty((n, NREC)))
        kn.run_population(babies, out, scratch)
        practice, last_rows = out.acc, out.last_rows
        if night < nights:
            carries = [next_night(setup, carries[b], last_rows[b], practice[b], per_baby[b]) for b in range(n)]
    summaries.flags.writeable = False
    traces.flags.writeable = False
    return PopulationResult(setup=setup, infants=infants, summaries=summaries, traces=traces,
                            trace_t_s=np.arange(n_trace) * float(TRACE_EVERY_S))


def vars_of(infant: InfantParams) -> dict[str, Any]:
    """The infant's settings as a plain dict (fast; no validation)."""
    return {f.name: getattr(infant, f.name) for f in dataclasses.fields(infant)}
