"""Speed benchmark: every figure side by side with scipy's LSODA on the same model.

``python -m sim.bench`` prints a table; ``--json`` prints one JSON object with the keys
of PERFORMANCE.md. All times are medians of repeats within this one run; ratios > 1
mean faster than the peer. Ratios come from paired rounds (ours, then LSODA, back to
back) and are the median of the rounds' ratios, so a burst of load on this shared
machine hits both sides. ``--quick`` uses fewer rounds (for a smoke test).

* episode: three 60-min hungry wakings (attuned, delayed, absent), the compiled night loop (policy, stressors and RK4, filling the record) vs LSODA
  (rtol 1e-6, atol 1e-9) integrating the same model on the same inputs segment by
  segment -- integration against integration. ``episode_simulate_ms`` adds what
  ``simulate`` does around it (packing, the summary metrics, the result objects), with
  its own ratio. The error is the largest difference from the DOP853 oracle (rtol 1e-12,
  atol 1e-14) over all states and steps. A feed eases hunger second by second, so LSODA
  restarts at every second of a feed; ``bedtime_episode_*`` times the landing page's three
  bedtimes (60 min), where it meets few input changes: the fairer, lower ratio.
* population: 1,000 varied babies, 60 min; the LSODA peer is timed per baby on 5 of 20
  such babies in each round (1,000 LSODA runs would take about a minute).
* nights_30: one baby, 30 graduated bedtimes of 90 min.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any, Callable

PEER_BABIES = 20



#: The 30-night workload's bedtimes: 90 minutes, the length its speed target is set for.
NIGHTS_MIN = 90.0

def _median_time(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fresh_process_s(args: list[str], repeats: int) -> float | None:
    if not args or shutil.which(args[0]) is None:
        return None
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return None
    return statistics.median(times)


def run(quick: bool = False) -> dict[str, Any]:
    import numpy as np

    from sim.engine import kernel as kn
    from sim.checks import reference as ref
    from sim.engine.nights import Carry
    from sim.engine.population import draw_infants, simulate_population
    from sim.presets import bedtime, hungry_waking
    from sim.engine.simulate import night_loop_args, simulate

    rounds = 3 if quick else 9

    def episodes_against_lsoda(episodes: list) -> dict[str, float]:
        """Paired rounds: each times ours and LSODA back to back, so both see the same load
        on this shared machine; a speedup is the median of the rounds' ratios."""
        for setup in episodes:  # warm: compile or load the cache
            simulate(setup)
        kernel_ms, simulate_ms, lsoda_ms, ratios, simulate_ratios, errors = [], [], [], [], [], []
        for setup in episodes:
            result = simulate(setup)
            args = night_loop_args(setup, 1, Carry.first(setup))
            for _ in range(rounds):
                k_ms = 1e3 * _median_time(lambda a=args: kn.run_night(*a), 5)
                s_ms = 1e3 * _median_time(lambda s=setup: simulate(s), 5)
                l_ms = 1e3 * _median_time(lambda r=result: ref.peer_night(r), 1)
                kernel_ms.append(k_ms)
                simulate_ms.append(s_ms)
                lsoda_ms.append(l_ms)
                ratios.append(l_ms / k_ms)
                simulate_ratios.append(l_ms / s_ms)
            oracle = ref.reference_night(result)
            errors.append(float(np.max(np.abs(oracle - result.nights[0].record[:, :oracle.shape[1]]))))
        return {"ms": statistics.median(kernel_ms), "lsoda_ms": statistics.median(lsoda_ms),
                "ratio": statistics.median(ratios), "error": max(errors),
                "simulate_ms": statistics.median(simulate_ms), "simulate_ratio": statistics.median(simulate_ratios)}

    hungry = episodes_against_lsoda([hungry_waking("responsive", 60.0, response_probability=1.0),
                                     hungry_waking("delayed", 60.0, response_probability=1.0),
                                     hungry_waking("absent", 60.0)])
    # the landing page's bedtimes: no feed, so LSODA meets few input changes (its easier case)
    bed = episodes_against_lsoda([bedtime(p).with_values(run={"duration_min": 60.0})
                                  for p in ("responsive", "delayed", "absent")])

    pop_setup = hungry_waking("responsive", 60.0)
    simulate_population(pop_setup, 8)
    n_pop = 200 if quick else 1000
    infants = draw_infants(pop_setup, PEER_BABIES, 1.0, np.random.default_rng(7))
    peers = [simulate(pop_setup.with_values(infant={k: float(v[b]) for k, v in infants.items()}))
             for b in range(PEER_BABIES)]
    pop_ms, peer_ms, pop_ratios = [], [], []
    per_round = PEER_BABIES // 4
    for i in range(rounds if quick else 5):
        p_ms = 1e3 * _median_time(lambda: simulate_population(pop_setup, n_pop), 1)
        chosen = [peers[(i * per_round + j) % PEER_BABIES] for j in range(per_round)]
        l_ms = 1e3 * statistics.mean(_median_time(lambda r=r: ref.peer_night(r), 1)
                                     for r in chosen)
        pop_ms.append(p_ms * 1000 / n_pop)
        peer_ms.append(l_ms)
        pop_ratios.append(l_ms / (p_ms / n_pop))

    nights = bedtime("graduated", nights=30).with_values(run={"duration_min": NIGHTS_MIN})
    simulate(nights)
    nights_ms = 1e3 * _median_time(lambda: simulate(nights), 3 if quick else 7)

    coreg = shutil.which("coreg")
    help_s = _fresh_process_s([coreg, "--help"] if coreg else [], 3 if quick else 7)
    library_s = _fresh_process_s([coreg, "run", "tears_together"] if coreg else [], 3)
    return {
        "episode_ms": round(hungry["ms"], 3),
        "episode_lsoda_ms": round(hungry["lsoda_ms"], 2),
        "episode_speedup_vs_lsoda": round(hungry["ratio"], 1),
        "episode_max_error": float(f"{max(hungry['error'], bed['error']):.3g}"),
        "episode_simulate_ms": round(hungry["simulate_ms"], 3),
        "episode_simulate_speedup_vs_lsoda": round(hungry["simulate_ratio"], 1),
        "bedtime_episode_ms": round(bed["ms"], 3),
        "bedtime_episode_lsoda_ms": round(bed["lsoda_ms"], 2),
        "bedtime_episode_speedup_vs_lsoda": round(bed["ratio"], 1),
        "population_1000_ms": round(statistics.median(pop_ms), 1),
        "population_babies_timed": n_pop,
        "population_lsoda_per_baby_ms": round(statistics.median(peer_ms), 2),
        "population_speedup_per_baby_vs_lsoda": round(statistics.median(pop_ratios), 1),
        "nights_30_ms": round(nights_ms, 2),
        "help_s": None if help_s is None else round(help_s, 3),
        "run_library_s": None if library_s is None else round(library_s, 3),
        "cores": os.cpu_count(),
    }


TARGETS = {
    "episode_speedup_vs_lsoda": ("episode vs LSODA", ">= 50x", lambda v: v >= 50),
    "bedtime_episode_speedup_vs_lsoda": ("bedtime episode vs LSODA", ">= 50x", lambda v: v >= 50),
    "episode_max_error": ("episode error vs DOP853", "<= 1e-4", lambda v: v <= 1e-4),
    "population_speedup_per_baby_vs_lsoda": ("population per baby vs LSODA", ">= 300x", lambda v: v >= 300),
    "population_1000_ms": ("1,000 babies, 60 min", "aim <= 150 ms", lambda v: v <= 150),
    "nights_30_ms": ("30 nights of 90 min", "<= 100 ms", lambda v: v <= 100),
    "help_s": ("coreg --help", "<= 0.3 s", lambda v: v is not None and v <= 0.3),
    "run_library_s": ("coreg run tears_together", "about 1 s", lambda v: v is not None and v <= 1.5),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a 200-baby population")
    args = parser.parse_args(argv)
    print("benchmarking (medians; the peer is scipy LSODA on the same inputs)...", file=sys.stderr)
    figures = run(quick=args.quick)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"one 60-min episode:   {figures['episode_ms']} ms   (LSODA {figures['episode_lsoda_ms']} ms); "
          f"with simulate()'s summary and results {figures['episode_simulate_ms']} ms "
          f"({figures['episode_simulate_speedup_vs_lsoda']}x)")
    print(f"one 60-min bedtime:   {figures['bedtime_episode_ms']} ms   (LSODA {figures['bedtime_episode_lsoda_ms']} ms)")
    print(f"1,000 babies, 60 min: {figures['population_1000_ms']} ms   "
          f"(LSODA {figures['population_lsoda_per_baby_ms']} ms per baby, 5 of {PEER_BABIES} per round)")
    print(f"30 nights of 90 min:  {figures['nights_30_ms']} ms")
    print(f"coreg --help:         {figures['help_s']} s;  coreg run tears_together: {figures['run_library_s']} s")
    print()
    for key, (label, target, ok) in TARGETS.items():
        value = figures[key]
        mark = "met" if ok(value) else "NOT met"
        print(f"  {label:32s} {str(value):>10s}   target {target:14s} {mark}")
    return 0

