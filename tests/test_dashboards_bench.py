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
