"""The standalone HTML report: one file, everything inline, the caveat and the numbers in it."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from dashboards.report import report_html, write_report
from sim.evidence import EVIDENCE
from sim.presets import bedtime
from sim.scenario import load_scenario, run_scenario
from sim.engine.simulate import simulate
from sim.vocabulary import CAVEAT, READING, metric_heading


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
    from sim.engine.simulate import simulate

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


@pytest.fixture(scope="module")
def two_readings():
    """Two short absent bedtimes, one under each reading."""
    setup = bedtime("absent", nights=2)
    setup = dataclasses.replace(setup, run=dataclasses.replace(setup.run, duration_min=20))
    trials = dataclasses.replace(setup, reading="learns_to_settle")
    return {"Seeds": simulate(setup), "Trials": simulate(trials)}


def _said(name: str) -> str:
    """A reading as the report says it: label, evidence key and the evidence's whole label."""
    r = READING[name]
    return f"{r.label} ({r.evidence}, {EVIDENCE[r.evidence].label})"


def test_report_says_the_reading_and_its_evidence_label_beside_the_caveat(scenario_and_results, two_readings):
    """Right after the caveat the report names the reading in force with its evidence label from the
    registry: one line when every variant shares it, one per variant when they differ."""
    sc, results = scenario_and_results
    text = html.unescape(report_html(sc.title, results, scenario=sc))
    after = text[text.index(CAVEAT) + len(CAVEAT):]
    assert after.index(f"Reading: {_said('stress_stays')}") < 80
    text = html.unescape(report_html("Two readings", two_readings))
    after = text[text.index(CAVEAT) + len(CAVEAT):]
    seeds = f"Reading, Seeds: {_said('stress_stays')}"
    trials = f"Reading, Trials: {_said('learns_to_settle')}"
    assert after.index(seeds) < 80 and after.index(seeds) < after.index(trials) < 300


def test_report_table_gives_each_rows_reading_and_the_hidden_split(two_readings):
    """The summary table has a Reading column (each row the label of its run's reading) and, right
    after the hidden minutes, their split asleep / awake under the vocabulary's headings."""
    text = html.unescape(report_html("Two readings", two_readings))
    heads = re.findall(r"<th scope='col'>([^<]*)</th>", text)
    assert heads[:4] == ["Variant", "Night", "Caregiver", "Reading"]
    at = heads.index(metric_heading("quiet_dysregulated_min"))
    assert heads[at + 1:at + 3] == [metric_heading("hidden_asleep_min"), metric_heading("hidden_awake_min")]
    rows = re.findall(r"<tr><th scope='row'>([^<]*)</th><td>\d+</td><td>[^<]*</td><td>([^<]*)</td>", text)
    assert sorted(set(rows)) == [("Seeds", READING["stress_stays"].label),
                                 ("Trials", READING["learns_to_settle"].label)]
    assert len(rows) == 4
