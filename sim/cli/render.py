"""What the command line prints: summary tables, sweep tables, ``coreg show``, and progress.

Metric headings, the "never" metrics and the caveat come from :mod:`sim.vocabulary`,
so the command line says the same words as the app. A scenario's one-line texts (title,
summary, labels) are printable once read; its name (a file's stem) and its texts of
several lines are printed through :mod:`sim.printable`, so a terminal shows them as they are.
"""

from __future__ import annotations

import statistics
import sys
import textwrap
import time
import unicodedata
from typing import Any

from sim.evidence import reading_lines, reading_text, status_word
from sim.i18n import _, current, n_
from sim.params import POLICY_KEYS
from sim.printable import one_line, shown
from sim.vocabulary import NEVER_MEANS_INFINITE, TABLE_METRICS, caveat, metric_heading

#: The key numbers of each row of a sweep table (the hidden minutes with their split: asleep, awake).
SWEEP_METRICS = ("crying_min", "quiet_dysregulated_min", "hidden_asleep_min", "hidden_awake_min", "peak_load",
                 "time_to_settle_min", "final_expectancy")
#: How many of a policy's settings (POLICY_KEYS lists the most telling first) a caregiver's
#: one-line description always shows; settings changed from the defaults are shown too.
SHOWN_POLICY_KEYS = 3


def width_of(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` filled with spaces on the right to ``width`` terminal columns."""
    return text + " " * max(0, width - width_of(text))


def rpad(text: str, width: int) -> str:
    """``text`` filled with spaces on the left to ``width`` terminal columns."""
    return " " * max(0, width - width_of(text)) + text


def cell_text(metric: str, value: Any) -> str:
    """One table cell: ``never`` for a time that never came, ``-`` for a value that does not exist
    (numbers in the language in force)."""
    if value is None:
        return _("never") if metric in NEVER_MEANS_INFINITE else "-"
    if metric == "bouts":
        return current().number(int(value))
    if metric.endswith("_min"):
        return current().number(value, 1)
    return current().number(value, 3)


def _shown_nights(n: int, limit: int) -> list[int]:
    if n <= limit:
        return list(range(1, n + 1))
    step = (n - 1) / (limit - 1)
    return sorted({1 + round(i * step) for i in range(limit)})


def render_summary(sc: Any, results: dict[str, Any], compare: bool) -> str:
    """The summary table printed by ``run`` and ``compare``."""
    from sim.scenario import scenario_texts

    texts = scenario_texts(sc)
    columns: list[tuple[str, Any, int]] = []
    for label, result in results.items():
        nights = len(result.nights)
        for n in _shown_nights(nights, 3 if compare else 7):
            if compare:
                head = texts.label(label) if nights == 1 else _("{variant} n{night}", variant=texts.label(label),
                                                                night=current().number(n))
            else:
                head = _("value") if nights == 1 else _("night {n}", n=current().number(n))
            columns.append((head, result, n))
    headings = {metric: metric_heading(metric) for metric in TABLE_METRICS}
    width = max(width_of(h) for h in headings.values())
    colw = max(9, *(width_of(h) + 1 for h, _r, _n in columns))
    title = _("{title} ({name}, evidence: {status})", title=texts.title, name=one_line(sc.name),
              status=status_word(sc.status))
    lines = [title, "=" * min(width_of(title), 100)]
    if not compare:
        lines.append(f"{texts.label(sc.label)}: {caregiver_text(sc.base)}")
    lines += reading_lines({texts.label(label): r.setup.reading for label, r in results.items()})
    lines.append(pad("", width) + "".join(rpad(h, colw) for h, _r, _n in columns))
    for metric, heading in headings.items():
        cells = "".join(rpad(cell_text(metric, r.night(n).summary.get(metric)), colw) for _h, r, n in columns)
        lines.append(pad(heading, width) + cells)
    nights = max(len(r.nights) for r in results.values())
    if nights > len(_shown_nights(nights, 3 if compare else 7)):
        lines.append(_("(some nights left out; --json or --csv give all {n})", n=current().number(nights)))
    lines += ["", caveat()]
    return "\n".join(lines)


def render_sweep(sc: Any, keys: list[str], rows: list[dict], population: int | None) -> str:
    """One line per grid point (and night): the key metrics, medians over babies."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((tuple(row["value"].values()), row["night"]), []).append(row)
    from sim.scenario import scenario_texts

    texts = scenario_texts(sc)
    nights = len({night for _v, night in groups})
    heads = [*keys] + (["night"] if nights > 1 else []) + list(SWEEP_METRICS)
    widths = [max(8, len(h) + 2) for h in heads]
    if population:
        title = _("{title} ({name}): sweep, median of {n} babies per row", title=texts.title,
                  name=one_line(sc.name), n=current().number(population))
    else:
        title = _("{title} ({name}): sweep, one baby per row", title=texts.title, name=one_line(sc.name))
    lines = [title, *reading_lines({texts.label(sc.label): sc.base.reading}),
             "".join(f"{h:>{w}}" for h, w in zip(heads, widths))]
    for (values, night), group in groups.items():
        cells = [current().decimal(v, 4) for v in values] + ([current().number(night)] if nights > 1 else [])
        for m in SWEEP_METRICS:
            present = [r[m] for r in group if r[m] is not None]
            if len(present) * 2 <= len(group) and m in NEVER_MEANS_INFINITE:
                cells.append(_("never"))  # the median baby never got there
            elif not present:
                cells.append("-")
            else:
                cells.append(cell_text(m, statistics.median(present)))
        lines.append("".join(rpad(c, w) for c, w in zip(cells, widths)))
    lines += ["", caveat()]
    return "\n".join(lines)


def caregiver_summary(cg: Any) -> str:
    """``delayed (latency_s = 300, response_probability = 0.9)``: the policy and its telling settings."""
    from sim.scenario import caregiver_table

    changed = caregiver_table(cg)
    keys = list(POLICY_KEYS.get(cg.policy, ())[:SHOWN_POLICY_KEYS])
    keys += [k for k in changed if k not in keys and k not in ("policy", "actions")]
    keys = [k for k in keys if k != "actions"]
    parts = [f"{k} = {setting_text(getattr(cg, k))}" for k in keys if getattr(cg, k) is not None]
    if cg.policy == "scripted":
        parts.append(n_("{n} scripted action", "{n} scripted actions", len(cg.actions)))
    return cg.policy + (f" ({', '.join(parts)})" if parts else "")


def caregiver_text(setup: Any) -> str:
    """The caregiver of a setup in one line, with its per-night schedule and number of nights."""
    text = caregiver_summary(setup.caregiver)
    if setup.schedule:
        parts = [_("nights {first}-{last}: {caregiver}", first=e.first_night, last=e.last_night,
                   caregiver=caregiver_summary(e.caregiver)) for e in setup.schedule]
        text = "; ".join(parts) + "; " + _("other nights: {caregiver}", caregiver=text)
    if setup.run.nights > 1:
        text += "; " + n_("{n} night", "{n} nights", setup.run.nights)
    return text


def setting_text(value: Any) -> str:
    """A setting's value as a scenario file writes it: ``true``, ``300``, ``[2, 4, 6]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(setting_text(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def render_show(sc: Any) -> str:
    """What ``coreg show`` prints: the scenario as an instructor reads it, in the language in force
    (the scenario's texts from :func:`sim.scenario.scenario_texts`; names, keys and the file as they are)."""
    from sim.scenario import scenario_texts, scenario_to_toml

    texts = scenario_texts(sc)

    def para(text: str, indent: str = "  ") -> str:
        return textwrap.indent(textwrap.dedent(shown(text)).strip(), indent)

    lines = [texts.title, "=" * min(width_of(texts.title), 100),
             _("name: {name}    status: {status}", name=one_line(sc.name), status=status_word(sc.status)),
             _("reading: {name} = {reading}", name=sc.base.reading,
               reading=reading_text(sc.base.reading, qualifier=True))]
    if texts.summary:
        lines += ["", texts.summary]
    if texts.learning_goal:
        lines += ["", _("Learning goal:"), para(texts.learning_goal)]
    lines += ["", _("Evidence:")]
    if not sc.evidence:
        lines.append("  " + _("none: this scenario is an illustration only"))
    for e in sc.evidence_entries():
        lines.append(f"  {e.key} [{e.label}] {e.citation}")
        lines.append(textwrap.fill(e.shown_text, width=96, initial_indent="      ", subsequent_indent="      "))
    lines += ["", _("Variants:"), "  " + _("{label} (base): {caregiver}", label=texts.label(sc.label),
                                            caregiver=caregiver_text(sc.base))]
    for v in sc.variants:
        name = v.setup.reading
        if name == sc.base.reading:
            lines.append(f"  {texts.label(v.label)}: {caregiver_text(v.setup)}")
        else:
            lines.append("  " + _("{label}: {caregiver}; reading: {name} = {reading}", label=texts.label(v.label),
                                  caregiver=caregiver_text(v.setup), name=name, reading=reading_text(name)))
    if sc.expects:
        lines += ["", _("What it demonstrates (checked by `coreg check`):")]
        for e, why in zip(sc.expects, texts.expect_why):
            lines.append(f"  - {e.describe(sc.label, texts.label)}")
            if why:
                lines.append(f"    {why}")
    if texts.notes:
        lines += ["", _("Instructor notes:"), para(texts.notes)]
    if texts.questions:
        lines += ["", _("Discussion questions:")]
        lines += [textwrap.fill(shown(q), width=96, initial_indent=f"  {i}. ", subsequent_indent="     ")
                  for i, q in enumerate(texts.questions, 1)]
    lines += ["", _("Settings (the scenario file; `coreg show NAME --toml` prints only this):"),
              para(scenario_to_toml(sc), "    "), "", caveat()]
    return "\n".join(lines)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """A progress bar on stderr when it is a terminal (silent otherwise)."""

    def __init__(self, total: int, what: str, enabled: bool = True, always: bool = False):
        self.total = max(total, 1)
        self.what = what
        self.count = 0
        self.start = time.perf_counter()
        self.enabled = enabled and (total > 1 or always) and is_terminal(sys.stderr)
        self._draw()

    def step(self) -> None:
        self.count += 1
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.count / self.total)
        bar = "#" * filled + "." * (width - filled)
        sys.stderr.write("\r" + _("{what}: [{bar}] {done}/{total}", what=self.what, bar=bar,
                                   done=current().number(self.count), total=current().number(self.total)))
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("  " + _("{seconds} s", seconds=current().number(time.perf_counter() - self.start, 1))
                             + "\n")
            sys.stderr.flush()
