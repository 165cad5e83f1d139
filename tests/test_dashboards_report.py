"""The standalone HTML report: one file, everything inline, the caveat and the numbers in it."""

from __future__ import annotations

import re

import pytest

from dashboards.report import report_html, write_report
from sim.presets import bedtime
from sim.scenario import load_scenario, run_scenario
from sim.vocabulary import CAVEAT


@pytest.fixture(scope="module")
def scenario_and_results():
    sc = load_scenario("tears_together")
    return sc, run_scenario(sc)


def test_report_is_self_contained(tmp_path, scenario_and_results):
    """No script or stylesheet is loaded from anywhere: every <script> is inline."""
    sc, results = scenario_and_results
    path = tmp_path / "report.html"
    write_report(path, sc.title, results, scenario=sc)
    text = path.read_text(encoding="utf-8")
    assert re.search(r"<script[^>]*\bsrc=", text) is None
    assert re.search(r"<link[^>]*\bhref=", text) is None
    assert "Bokeh" in text and len(text) > 500_000  # BokehJS is inlined


def test_report_carries_caveat_title_table_and_evidence(scenario_and_results):
    """The report says what it is not, names the scenario, and tabulates every variant."""
    sc, results = scenario_and_results
    text = report_html(sc.title, results, scenario=sc)
    assert CAVEAT in text
    assert "Tears together, tears alone" in text
    assert "Summary per variant and night" in text
    for label in results:
        assert f"{label}: what you hear" in text
    assert "contested" in text
    assert 'name="viewport"' in text


def test_report_of_several_nights_plots_each_night(tmp_path):
    """A multi-night run adds the across-nights figures."""
    from sim.simulate import simulate

    res = simulate(bedtime("absent", nights=3))
    text = report_html("Three nights", {"Absent": res})
    assert "Across nights" in text


def test_report_is_written_whole_or_not_at_all(tmp_path, monkeypatch, scenario_and_results):
    """A failure while rendering leaves no file behind (atomic write)."""
    import dashboards.report as rep

    sc, results = scenario_and_results
    path = tmp_path / "r.html"

    def boom(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(rep, "report_html", boom)
    with pytest.raises(RuntimeError):
        write_report(path, sc.title, results, scenario=sc)
    assert not path.exists()
