"""The browser benchmark's short form runs end to end (its figures are printed, not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_bench_smoke_runs_and_each_session_sees_only_its_own_settings():
    """`python -m dashboards.bench --smoke --json` completes, reports every figure, and the concurrent
    sessions each showed the numbers of their own slider settings."""
    proc = subprocess.run(
        [sys.executable, "-m", "dashboards.bench", "--smoke", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    for key in (
        "landing_median_ms",
        "landing_all_columns_median_ms",
        "load_median_ms",
        "load_sessions",
        "rss_max_later_ratio",
        "memory_sessions",
    ):
        assert key in result
    assert result["landing_median_ms"] > 0
    assert result["load_isolated"] is True
    assert result["load_distinct_settings"] == result["load_sessions"]


def test_load_smoke_runs_with_one_and_two_processes():
    """`python -m dashboards.bench --load --smoke --json` opens light-client sessions against one
    and then two serving processes, times every release, and the two processes share them."""
    proc = subprocess.run(
        [sys.executable, "-m", "dashboards.bench", "--load", "--smoke", "--json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert set(result["by_procs"]) == {"1", "2"}
    for procs, figures in result["by_procs"].items():
        assert figures["samples"] == result["sessions"] * result["rounds"]
        assert 0 < figures["median_ms"] <= figures["p90_ms"] <= figures["max_ms"]
        assert len(figures["sessions_per_process"]) == int(procs)
        assert sum(figures["sessions_per_process"]) == result["sessions"]
