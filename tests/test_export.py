"""Files written by the command line and the app: whole or not at all, normal permissions; the
CSV's columns."""

import csv
import dataclasses
import io
import os
import stat

import pytest

from sim.export import CONTRACT_COLUMNS, csv_text, write_atomic
from sim.params import RunParams, Setup
from sim.engine.simulate import simulate


def test_written_file_has_normal_permissions_and_no_temp_file_remains(tmp_path):
    """A written file gets the permissions of any new file (0666 less the umask, here
    0644), not a temp file's private 0600, and no temporary file is left beside it."""
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "run.csv", "t_s,crying\n0,0.1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "run.csv").stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["run.csv"]
    assert (tmp_path / "run.csv").read_text() == "t_s,crying\n0,0.1\n"


def test_failed_write_leaves_the_old_file_untouched(tmp_path):
    """If writing fails half-way (here: text that cannot be encoded), the previous file
    is unchanged and no temporary file is left."""
    target = tmp_path / "report.csv"
    target.write_text("old\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "new\n\udcff")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["report.csv"]


def test_the_csv_says_the_reading_of_every_row_after_the_contract_columns():
    """The CSV is the contract columns, then the extras with ``reading`` among them; every row's
    reading is the one its run ran under, for one result and for several (led by ``variant``); the
    first line is the header (no comment line for a spreadsheet to trip over)."""
    short = Setup(run=RunParams(duration_min=2, nights=2, output_step_s=30))
    trials = simulate(dataclasses.replace(short, reading="learns_to_settle"))
    rows = list(csv.reader(io.StringIO(csv_text(trials))))
    head = rows[0]
    assert tuple(head[:len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS and "reading" in head[len(CONTRACT_COLUMNS):]
    at = rows[0].index("reading")
    assert len(rows) == 1 + 2 * 5 and {r[at] for r in rows[1:]} == {"learns_to_settle"}
    rows = list(csv.reader(io.StringIO(csv_text({"Seeds": simulate(short), "Trials": trials}))))
    at = rows[0].index("reading")
    assert rows[0][0] == "variant" and {(r[0], r[at]) for r in rows[1:]} == {
        ("Seeds", "stress_stays"), ("Trials", "learns_to_settle")}
