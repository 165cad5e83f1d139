"""Files written by the command line and the app: whole or not at all, normal permissions."""

import os
import stat

import pytest

from sim.export import write_atomic


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
