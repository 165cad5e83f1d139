"""`coreg export` (CONTRACT.md): a lesson in one file from the command line; exit 2 and nothing
written for a bad scenario, option or a case too long."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim import cli

ROOT = Path(__file__).resolve().parents[2]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_export_and_its_help_documents_the_contract_options(capsys):
    """`coreg --help` lists export with an example; `coreg export --help` shows --page (its three pages),
    --set and -o, and examples."""
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0 and "\n    export " in out and "coreg export tears_together -o lesson.html" in out
    code, out, _ = run_cli(capsys, "export", "--help")
    assert code == 0
    for text in ("--page {compare,nights,lesson}", "--set", "-o FILE.html", "examples:"):
        assert text in out


def test_export_writes_the_page_as_one_file_and_says_so(capsys, tmp_path):
    """`coreg export SCENARIO --page lesson -o FILE` writes one HTML file and says where on stderr."""
    target = tmp_path / "lesson.html"
    code, out, err = run_cli(capsys, "export", "tears_together", "--page", "lesson", "-o", str(target))
    assert code == 0 and out == ""
    assert f"wrote {target}" in err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("argv, message", [
    (["no_such_case", "-o", "{out}"], "no library scenario named 'no_such_case'"),
    (["tears_together", "--page", "population", "-o", "{out}"], "invalid choice: 'population'"),
    (["tears_together", "--set", "infant.reactivity=99", "-o", "{out}"], "infant.reactivity: 99 is out of bounds"),
    (["tears_together", "--page", "nights", "--nights", "30", "-o", "{out}"], "2 to 14 nights"),
    (["tears_together", "--page", "lesson", "--set", "run.nights=365", "--set", "run.duration_min=720",
      "-o", "{out}"], "hours of simulated time"),
    (["tears_together"], "-o/--output"),
])
def test_a_bad_scenario_option_or_case_exits_2_with_a_message_and_writes_nothing(capsys, tmp_path, argv, message):
    """Each mistake, and a case longer than the app may compute, exits 2 with a one-line message; the
    folder stays empty (no file, no temporary file)."""
    out = tmp_path / "out.html"
    code, _, err = run_cli(capsys, "export", *[a.format(out=out) for a in argv])
    assert code == 2
    assert message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_fresh_process_writes_a_file_that_references_no_other_file(tmp_path):
    """As a user runs it (a fresh process, which never imports Panel): the file has no script or
    stylesheet fetched from elsewhere."""
    target = tmp_path / "compare.html"
    subprocess.run([sys.executable, "-m", "sim", "export", "tears_together", "-o", str(target)],
                   check=True, capture_output=True, text=True, cwd=tmp_path)
    text = target.read_text(encoding="utf-8")
    assert "Bokeh" in text and not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", text)
