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

from dataclasses import dataclass
from typing import Any

import numba
import numpy as np

from sim.engine import kernel as kn
from sim.engine import summary as sm
from sim.declare import Declaration, declarations
from sim.engine.layout import NACC, NREC, NSTATE, Param
from sim.engine.nights import Carry, initial_state, night_by_night
from sim.engine.pack import pack_params, pack_population, population_substeps
from sim.params import CaregiverParams, InfantParams, Setup
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


class VariedInfants:
    """A population's infant settings: each varied setting an array (one value per baby, as
    drawn), every other one the setup's own value, read by name like :class:`InfantParams`."""

    def __init__(self, infant: InfantParams, varied: dict[str, np.ndarray]) -> None:
        self._infant = infant
        self._varied = varied

    def __getattr__(self, name: str) -> Any:
        varied = self.__dict__["_varied"]
        return varied[name] if name in varied else getattr(self.__dict__["_infant"], name)


def simulate_population(setup: Setup, n: int, *, spread: float = 1.0) -> PopulationResult:
    """Run ``n`` varied babies through ``setup`` (all its nights), in parallel."""
    if not 1 <= n <= MAX_BABIES:
        raise ValueError(f"population size must be from 1 to {MAX_BABIES}, not {n}")
    if not 0.0 <= spread <= 3.0:
        raise ValueError(f"spread must be from 0 to 3, not {spread}")
    rng = np.random.default_rng(np.random.SeedSequence([setup.run.seed, 0xBABE]))
    infants = draw_infants(setup, n, spread, rng)
    n_steps = int(round(setup.run.duration_min * 60.0))
    n_trace = n_steps // TRACE_EVERY_S + 1
    table = pack_stressors(setup.stressors)
    onset = first_onset_s(setup)
    chunks = min(numba.get_num_threads(), -(-n // kn.BLOCK))
    scratch = kn.PopulationScratch.empty(chunks, n_steps, table.shape[0])
    reg = setup.regimes

    def run(night: int, caregiver: CaregiverParams, carry: Carry) -> tuple[kn.BabiesOut, Any, Any]:
        base = pack_params(setup, self_soothing=0.0, fatigue=0.0, caregiver=caregiver)
        params = pack_population(base, n, infants, carry)
        params[:, Param.SUBSTEPS] = population_substeps(params)
        starts = np.broadcast_to(initial_state(carry, caregiver.stress), (n, NSTATE))
        habituations = np.broadcast_to(carry.habituation, (n,))
        key = np.random.SeedSequence([setup.run.seed, night, n]).generate_state(1, np.uint64)[0]
        babies = kn.Babies(params=params, policy=pack_policy(caregiver), stressors=table,
                           starts=np.ascontiguousarray(starts),
                           habituations=np.ascontiguousarray(habituations),
                           n_steps=n_steps, key=key, crying_at=reg.crying, arousal_at=reg.arousal,
                           load_at=reg.load, first_onset=onset, trace_every=TRACE_EVERY_S,
                           order=np.argsort(params[:, Param.SUBSTEPS], kind="stable"))
        out = kn.BabiesOut(summaries=np.empty((n, sm.NSUMMARY)), acc=np.empty((n, NACC)),
                           traces=np.empty((n, 3, n_trace), dtype=np.float32), last_rows=np.empty((n, NREC)))
        kn.run_population(babies, out, scratch)
        return out, out.last_rows, out.acc

    nights = list(night_by_night(setup, run, VariedInfants(setup.infant, infants)))
    summaries = np.stack([out.summaries for out in nights])
    traces = np.stack([out.traces for out in nights])
    summaries.flags.writeable = False
    traces.flags.writeable = False
    return PopulationResult(setup=setup, infants=infants, summaries=summaries, traces=traces,
                            trace_t_s=np.arange(n_trace) * float(TRACE_EVERY_S))
