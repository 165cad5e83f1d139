"""The speed benchmark runs and reports every figure of PERFORMANCE.md (a smoke run).

Speed itself is not asserted here (the machine is shared and noisy): the figures and
their targets are printed by ``python -m sim.bench``. This test checks the command
works, reports every key, and that its ratios are measured against a real peer.
"""

import json
import subprocess
import sys

KEYS = ("episode_ms", "episode_lsoda_ms", "episode_speedup_vs_lsoda", "episode_max_error",
        "population_1000_ms", "population_speedup_per_baby_vs_lsoda", "nights_30_ms", "help_s",
        "cores", "run_library_s", "episode_simulate_ms", "episode_simulate_speedup_vs_lsoda")


def test_benchmark_reports_every_figure():
    """`python -m sim.bench --quick --json` prints one JSON object with every key of
    PERFORMANCE.md; the compiled episode is faster than LSODA (ratio > 1) and within
    1e-4 of the DOP853 oracle; the whole simulate() is timed and compared too."""
    done = subprocess.run([sys.executable, "-m", "sim.bench", "--quick", "--json"], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for key in KEYS:
        assert key in figures, key
    assert figures["episode_speedup_vs_lsoda"] > 1.0
    assert figures["population_speedup_per_baby_vs_lsoda"] > 1.0
    assert figures["episode_max_error"] <= 1e-4
    assert figures["episode_simulate_ms"] > 0.0 and figures["episode_simulate_speedup_vs_lsoda"] > 1.0
