"""Tables for users: the CSV layout of the contract, written atomically."""

from __future__ import annotations

import csv
import io
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from sim.engine.simulate import NightResult, RunResult
from sim.vocabulary import REGIMES

CONTRACT_COLUMNS = (
    "t_s", "night", "arousal", "vagal", "crying", "energy", "expectancy", "load", "asleep",
    "caregiver_arousal", "caregiver_present", "contact", "contingency", "need",
    "heart_rate_bpm", "regime",
)
#: Extras after the contract columns: two recorded quantities, then the reading of the contested
#: core the night ran under (every output says which reading it ran under).
RECORDED_EXTRAS = ("sleep_pressure", "coregulation")
EXTRA_COLUMNS = RECORDED_EXTRAS + ("reading",)
_SOURCE = {"caregiver_present": "presence"}


def night_columns(night: NightResult, output_step_s: int = 1) -> dict[str, np.ndarray | list]:
    """The contract columns (then the extras, the reading last) of one night, every
    ``output_step_s`` seconds."""
    rows = np.arange(0, night.record.shape[0], output_step_s)
    cols: dict[str, np.ndarray | list] = {"t_s": night.t_s[rows].astype(int),
                                          "night": np.full(rows.size, night.night)}
    for name in CONTRACT_COLUMNS[2:-1] + RECORDED_EXTRAS:
        values = night.column(_SOURCE.get(name, name))[rows]
        cols[name] = values.astype(int) if name == "caregiver_present" else values
    cols["regime"] = [REGIMES[r] for r in night.regime[rows]]
    cols["reading"] = [night.reading] * rows.size
    order = list(CONTRACT_COLUMNS) + list(EXTRA_COLUMNS)
    return {k: cols[k] for k in order}


def night_rows(night: NightResult, output_step_s: int, prefix: Sequence[object] = ()) -> Iterable[list[object]]:
    """CSV rows of one night, each led by ``prefix``."""
    cols = night_columns(night, output_step_s)
    names = list(cols)
    for i in range(len(cols["t_s"])):
        yield list(prefix) + [_cell(cols[c][i]) for c in names]


def rows_of(result: RunResult, output_step_s: int | None = None,
            lead: dict[str, object] | None = None) -> Iterable[list[object]]:
    """CSV rows of every night of ``result``, each prefixed by the ``lead`` values."""
    step = output_step_s or result.setup.run.output_step_s
    prefix = list((lead or {}).values())
    for night in result.nights:
        yield from night_rows(night, step, prefix)


def header(lead: Sequence[str] = ()) -> list[str]:
    return list(lead) + list(CONTRACT_COLUMNS) + list(EXTRA_COLUMNS)


def _cell(value: object) -> object:
    if isinstance(value, (np.floating, float)):
        return f"{float(value):.6g}"
    if isinstance(value, np.integer):
        return int(value)
    return value


def csv_text(results: dict[str, RunResult] | RunResult, lead_name: str = "variant") -> str:
    """The whole CSV as text: one result plain, several with a leading ``variant`` column."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if isinstance(results, RunResult):
        writer.writerow(header())
        writer.writerows(rows_of(results))
    else:
        writer.writerow(header([lead_name]))
        for label, result in results.items():
            writer.writerows(rows_of(result, lead={lead_name: label}))
    return buf.getvalue()


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (temp file, then rename).

    The temporary file is created with the permissions of any new file (0666 less the
    umask), not the private 0600 of :func:`tempfile.mkstemp`.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class CsvStream:
    """A CSV written night by night, so a long run never holds more than one night's rows:
    to a temporary file beside ``path`` that :meth:`commit` renames into place (whole or not
    at all), or to stdout for ``path == "-"``."""

    def __init__(self, path: str, lead: Sequence[str] = ()) -> None:
        self.path = path
        self._tmp: Path | None = None
        if path == "-":
            import sys

            self._fh = sys.stdout
        else:
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\n")
        self._writer.writerow(header(lead))

    def write_night(self, night: NightResult, output_step_s: int, prefix: Sequence[object] = ()) -> None:
        self._writer.writerows(night_rows(night, output_step_s, prefix))

    def commit(self) -> None:
        """Put the file in place (or flush stdout)."""
        if self._tmp is None:
            self._fh.flush()
            return
        self._fh.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Leave nothing behind."""
        if self._tmp is not None:
            self._fh.close()
            self._tmp.unlink(missing_ok=True)
