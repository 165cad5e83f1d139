"""How well each claim holds away from the default baby, in both readings: a lesson must hold for
babies, not for one parameter set.

Two checks, each a share of cases per claim and reading:

* **one at a time**: every continuous infant setting scaled by 0.75, 0.9, 1.1 and 1.25
  (clipped to its declared bounds; a case that clipping leaves at the default is dropped;
  a claim about that very setting -- claim 12, age -- is exempt from it). Each claim in
  its default form (:mod:`sim.checks.claims`). Target: >= 97%.
* **population**: babies drawn from the documented population distribution -- every
  continuous infant setting and the age (:func:`sim.engine.population.draw_infants`, the same
  draws as ``coreg sweep --population``) -- each claim in its per-baby form
  (:data:`sim.checks.claims.PER_BABY_FORM`, argued there; target >= 90%) and in its strict default
  form beside it (target >= 85%).

``coreg robustness`` prints the table (``--json`` the numbers). The app's model page shows
the report shipped with the package (:data:`SHIPPED`, written by ``coreg robustness --json``;
the test suite checks that it is what the model gives today), since a fresh one takes minutes.
The work is spread over the machine's cores; the numbers do not depend on how.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from sim.checks.claims import ABOUT_SETTING, CLAIMS, PER_BABY_FORM, Case
from sim.i18n import _, current
from sim.declare import declarations
from sim.params import InfantParams, Setup
from sim.vocabulary import READING, READINGS

#: The report shipped with the package, shown by the app.
SHIPPED = Path(__file__).with_name("robustness_report.json")
FACTORS = (0.75, 0.9, 1.1, 1.25)
POPULATION_SIZE = 200
POPULATION_SEED = 1
#: What each share must reach: nearly every single change, and most babies of the varied population.
TARGETS = {"one_at_a_time": 0.97, "population": 0.90, "population_strict": 0.85}


@dataclass(frozen=True)
class ClaimShare:
    """One claim's results in one check: how many cases, how many held, which failed."""

    claim: int
    cases: int
    held: int
    failed: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.held / self.cases if self.cases else 1.0


@dataclass(frozen=True)
class ReadingReport:
    """Both checks in one reading: one at a time (default forms), and the population in the
    per-baby forms and in the strict (default) forms."""

    one_at_a_time: dict[int, ClaimShare]
    population: dict[int, ClaimShare]
    population_strict: dict[int, ClaimShare]

    def meets_targets(self) -> bool:
        return (all(s.share >= TARGETS["one_at_a_time"] for s in self.one_at_a_time.values())
                and all(s.share >= TARGETS["population"] for s in self.population.values())
                and all(s.share >= TARGETS["population_strict"] for s in self.population_strict.values()))


@dataclass(frozen=True)
class Report:
    """Both checks, claim by claim, in every reading."""

    readings: dict[str, ReadingReport]
    population_size: int
    factors: tuple[float, ...] = FACTORS
    per_baby_form: dict[int, str] = field(default_factory=lambda: dict(PER_BABY_FORM))

    def meets_targets(self) -> bool:
        return all(r.meets_targets() for r in self.readings.values())

    def as_json(self) -> dict[str, Any]:
        def rows(shares: dict[int, ClaimShare]) -> list[dict[str, Any]]:
            return [{"claim": n, "name": CLAIMS[n][0], "cases": s.cases, "held": s.held,
                     "share": round(s.share, 4), "failed": list(s.failed)} for n, s in shares.items()]
        return {"factors": list(self.factors), "babies": self.population_size, "seed": POPULATION_SEED,
                "targets": dict(TARGETS),
                "per_baby_form": {str(k): v for k, v in self.per_baby_form.items()},
                "readings": {name: {"one_at_a_time": rows(r.one_at_a_time), "population": rows(r.population),
                                    "population_strict": rows(r.population_strict),
                                    "meets_targets": r.meets_targets()}
                             for name, r in self.readings.items()},
                "meets_targets": self.meets_targets()}


def varied_settings() -> list[str]:
    """The continuous infant settings the one-at-a-time check moves."""
    return [d.name for d in declarations(InfantParams) if d.kind == "float"]


def one_at_a_time_cases(factors: tuple[float, ...] = FACTORS) -> list[tuple[str, dict[str, float]]]:
    """(label, infant values) for every setting and factor, clipped to the bounds; cases
    that clipping (or a zero default) leaves at the default are dropped."""
    base = InfantParams()
    cases = []
    for d in declarations(InfantParams):
        if d.kind != "float":
            continue
        default = getattr(base, d.name)
        for f in factors:
            value = float(np.clip(default * f, d.lo, d.hi))
            if value != default:
                cases.append((f"{d.name} x{f:g}", {d.name: value}))
    return cases


def population_cases(n: int = POPULATION_SIZE, seed: int = POPULATION_SEED) -> list[tuple[str, dict[str, float]]]:
    """(label, infant values) for ``n`` babies of the documented population."""
    from sim.engine.population import draw_infants

    setup = Setup().with_values(run={"seed": seed})
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xBABE]))
    infants = draw_infants(setup, n, 1.0, rng)
    return [(f"baby {b + 1}", {k: float(v[b]) for k, v in infants.items()}) for b in range(n)]


def _judge(args: tuple[str, dict[str, float], str, str]) -> tuple[dict[int, bool], dict[int, bool]]:
    """One case in one reading: each claim's verdict in its default form and in its per-baby
    form (the same runs serve both). A one-at-a-time case is exempt from the claim about the
    very setting it moves."""
    label, infant, reading, check = args
    exempt = {n for n, setting in ABOUT_SETTING.items() if setting in infant} if check == "one_at_a_time" else set()
    case = Case(infant, reading=reading)
    strict = {n: fn(case, False).holds for n, (_, fn) in CLAIMS.items() if n not in exempt}
    per_baby = {n: (fn(case, True).holds if n in PER_BABY_FORM else strict[n]) for n, (_, fn) in CLAIMS.items()
                if n not in exempt}
    return strict, per_baby


def _tally(results: list[tuple[str, dict[int, bool]]]) -> dict[int, ClaimShare]:
    out = {}
    for n in CLAIMS:
        judged = [(label, held[n]) for label, held in results if n in held]
        out[n] = ClaimShare(claim=n, cases=len(judged), held=sum(ok for _, ok in judged),
                            failed=tuple(label for label, ok in judged if not ok))
    return out


def _map(fn: Callable, items: list, workers: int | None) -> list:
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(items) < 8:
        return [fn(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (4 * workers))))


def run(population: int = POPULATION_SIZE, factors: tuple[float, ...] = FACTORS, workers: int | None = None,
        readings: tuple[str, ...] = READINGS) -> Report:
    """Both checks in every reading (see the module docstring)."""
    cases = {"one_at_a_time": one_at_a_time_cases(factors), "population": population_cases(population)}
    jobs = [(label, infant, reading, check) for reading in readings for check, found in cases.items()
            for label, infant in found]
    verdicts = _map(_judge, jobs, workers)
    out = {}
    for reading in readings:
        def pick(check: str, form: int) -> list[tuple[str, dict[int, bool]]]:
            return [(job[0], forms[form]) for job, forms in zip(jobs, verdicts) if job[2] == reading and job[3] == check]
        out[reading] = ReadingReport(one_at_a_time=_tally(pick("one_at_a_time", 0)),
                                     population=_tally(pick("population", 1)),
                                     population_strict=_tally(pick("population", 0)))
    return Report(readings=out, population_size=population, factors=factors)


def render(report: Report) -> str:
    """The report as a text table: per reading, each claim's one-at-a-time share, its
    population share in the per-baby form and in the strict form."""
    from sim.cli.render import pad, rpad

    pct = current().percent
    head = (pad(_("claim"), 48) + " " + rpad(_("one at a time"), 14) + " " + rpad(_("population"), 12) + " "
            + rpad(_("strict"), 8),
            " " * 48 + " " + rpad(_("target {share}", share=pct(TARGETS["one_at_a_time"])), 14) + " "
            + rpad(_("target {share}", share=pct(TARGETS["population"])), 12) + " "
            + rpad(pct(TARGETS["population_strict"]), 8))
    lines = []
    for reading, rr in report.readings.items():
        lines += [_("reading: {label} ({name})", label=_(READING[reading].label), name=reading), *head]
        for n, (name, _fn) in CLAIMS.items():
            a, p, s = rr.one_at_a_time[n], rr.population[n], rr.population_strict[n]
            shown = _(name)
            lines.append(f"{n:>2}. {pad(shown[:44], 44)} {rpad(pct(a.share), 8)} ({a.cases - a.held:>2} x) "
                         f"{rpad(pct(p.share), 7)} ({p.cases - p.held:>2} x) {rpad(pct(s.share), 7)}")
        failed = [(n, label) for n, s in rr.one_at_a_time.items() for label in s.failed]
        if failed:
            lines.append(_("fails one at a time: {cases}", cases="; ".join(
                _("claim {n} at {setting}", n=n, setting=label) for n, label in failed)))
        lines.append("")
    lines.append(_("one at a time: every continuous infant setting x {factors} (clipped to its bounds); population: "
                   "{n} babies (seed {seed}).", factors="; ".join(current().decimal(f) for f in report.factors),
                   n=current().number(report.population_size), seed=POPULATION_SEED))
    for n, form in report.per_baby_form.items():
        lines.append(_("per baby, claim {n}: {form}", n=n, form=_(form)))
    return "\n".join(lines)


def shipped() -> dict[str, Any] | None:
    """The report shipped with the package (JSON form), or None if it is missing."""
    try:
        return json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
