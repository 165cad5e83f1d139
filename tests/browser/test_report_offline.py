"""The standalone HTML report opens from a file with nothing fetched from anywhere."""

from __future__ import annotations

import pytest

from dashboards.report import write_report
from sim.scenario import load_scenario, run_scenario
from sim.vocabulary import CAVEAT

pytestmark = pytest.mark.browser


def test_report_opens_from_a_file_offline_and_draws_its_figures(page, tmp_path):
    """Opened from disk, the report draws its plots and makes no network request at all."""
    sc = load_scenario("tears_together")
    path = tmp_path / "report.html"
    write_report(path, sc.title, run_scenario(sc), scenario=sc)
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
    page.locator("canvas").first.wait_for()
    assert page.locator("canvas").count() >= 9
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
    assert CAVEAT in page.content()
