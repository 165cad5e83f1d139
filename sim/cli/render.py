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
from typing import Any

from sim.evidence import reading_lines, reading_text
from sim.params import POLICY_KEYS
from sim.printable import one_line, shown
from sim.vocabulary import CAVEAT, NEVER_MEANS_INFINITE, TABLE_METRICS, metric_heading

#: The key numbers of each row of a sweep table (the hidden minutes with their split: asleep, awake).
SWEEP_METRICS = ("crying_min", "quiet_dysregulated_min", "hidden_asleep_min", "hidden_awake_min", "peak_load",
                 "time_to_settle_min", "final_expectancy")
#: How many of a policy's settings (POLICY_KEYS lists the most telling first) a caregiver's
#: one-line description always shows; settings changed from the defaults are shown too.
SHOWN_POLICY_KEYS = 3


def cell_text(metric: str, value: Any) -> str:
    """One table cell: ``never`` for a time that never came, ``-`` for a value that does not exist."""
    if value is None:
        return "never" if metric in NEVER_MEANS_INFINITE else "-"
    if metric == "bouts":
        return str(int(value))
    if metric.endswith("_min"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def _shown_nights(n: int, limit: int) -> list[int]:
    if n <= limit:
        return list(range(1, n + 1))
    step = (n - 1) / (limit - 1)
    return sorted({1 + round(i * step) for i in range(limit)})


def render_summary(sc: Any, results: dict[str, Any], compare: bool) -> str:
    """The summary table printed by ``run`` and ``compare``."""
    columns: list[tuple[str, Any, int]] = []
    for label, result in results.items():
        nights = len(result.nights)
        for n in _shown_nights(nights, 3 if compare else 7):
            if compare:
                head = label if nights == 1 else f"{label} n{n}"
            else:
                head = "value" if nights == 1 else f"night {n}"
            columns.append((head, result, n))
    headings = {metric: metric_heading(metric) for metric in TABLE_METRICS}
    width = max(len(h) for h in headings.values())
    colw = max(9, *(len(h) + 1 for h, _, _ in columns))
    title = f"{sc.title} ({one_line(sc.name)}, evidence: {sc.status})"
    lines = [title, "=" * min(len(title), 100)]
    if not compare:
        lines.append(f"{sc.label}: {caregiver_text(sc.base)}")
    lines += reading_lines({label: r.setup.reading for label, r in results.items()})
    lines.append(f"{'':<{width}}" + "".join(f"{h:>{colw}}" for h, _, _ in columns))
    for metric, heading in headings.items():
        cells = "".join(f"{cell_text(metric, r.night(n).summary.get(metric)):>{colw}}" for _, r, n in columns)
        lines.append(f"{heading:<{width}}{cells}")
    nights = max(len(r.nights) for r in results.values())
    if nights > len(_shown_nights(nights, 3 if compare else 7)):
        lines.append(f"(some nights left out; --json or --csv give all {nights})")
    lines += ["", CAVEAT]
    return "\n".join(lines)


def render_sweep(sc: Any, keys: list[str], rows: list[dict], population: int | None) -> str:
    """One line per grid point (and night): the key metrics, medians over babies."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((tuple(row["value"].values()), row["night"]), []).append(row)
    nights = len({night for _, night in groups})
    heads = [*keys] + (["night"] if nights > 1 else []) + list(SWEEP_METRICS)
    widths = [max(8, len(h) + 2) for h in heads]
    what = f"median of {population} babies" if population else "one baby"
    lines = [f"{sc.title} ({one_line(sc.name)}): sweep, {what} per row",
             *reading_lines({sc.label: sc.base.reading}),
             "".join(f"{h:>{w}}" for h, w in zip(heads, widths))]
    for (values, night), group in groups.items():
        cells = [f"{v:.4g}" for v in values] + ([str(night)] if nights > 1 else [])
        for m in SWEEP_METRICS:
            present = [r[m] for r in group if r[m] is not None]
            if len(present) * 2 <= len(group) and m in NEVER_MEANS_INFINITE:
                cells.append("never")  # the median baby never got there
            elif not present:
                cells.append("-")
            else:
                cells.append(cell_text(m, statistics.median(present)))
        lines.append("".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    lines += ["", CAVEAT]
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
        parts.append(f"{len(cg.actions)} scripted action{'' if len(cg.actions) == 1 else 's'}")
    return cg.policy + (f" ({', '.join(parts)})" if parts else "")


def caregiver_text(setup: Any) -> str:
    """The caregiver of a setup in one line, with its per-night schedule and number of nights."""
    text = caregiver_summary(setup.caregiver)
    if setup.schedule:
        parts = [f"nights {e.first_night}-{e.last_night}: {caregiver_summary(e.caregiver)}" for e in setup.schedule]
        text = "; ".join(parts) + f"; other nights: {text}"
    if setup.run.nights > 1:
        text += f"; {setup.run.nights} nights"
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
    """What ``coreg show`` prints: the scenario as an instructor reads it."""
    from sim.scenario import scenario_to_toml

    def para(text: str, indent: str = "  ") -> str:
        return textwrap.indent(textwrap.dedent(shown(text)).strip(), indent)

    lines = [sc.title, "=" * min(len(sc.title), 100), f"name: {one_line(sc.name)}    status: {sc.status}",
             f"reading: {sc.base.reading} = {reading_text(sc.base.reading, qualifier=True)}"]
    if sc.summary:
        lines += ["", sc.summary]
    if sc.learning_goal:
        lines += ["", "Learning goal:", para(sc.learning_goal)]
    lines += ["", "Evidence:"]
    if not sc.evidence:
        lines.append("  none: this scenario is an illustration only")
    for e in sc.evidence_entries():
        lines.append(f"  {e.key} [{e.label}] {e.citation}")
        lines.append(textwrap.fill(e.text, width=96, initial_indent="      ", subsequent_indent="      "))
    lines += ["", "Variants:", f"  {sc.label} (base): {caregiver_text(sc.base)}"]
    for v in sc.variants:
        name = v.setup.reading
        own = "" if name == sc.base.reading else f"; reading: {name} = {reading_text(name)}"
        lines.append(f"  {v.label}: {caregiver_text(v.setup)}{own}")
    if sc.expects:
        lines += ["", "What it demonstrates (checked by `coreg check`):"]
        for e in sc.expects:
            lines.append(f"  - {e.describe(sc.label)}")
            if e.why:
                lines.append(f"    {e.why}")
    if sc.notes:
        lines += ["", "Instructor notes:", para(sc.notes)]
    if sc.questions:
        lines += ["", "Discussion questions:"]
        lines += [textwrap.fill(shown(q), width=96, initial_indent=f"  {i}. ", subsequent_indent="     ")
                  for i, q in enumerate(sc.questions, 1)]
    lines += ["", "Settings (the scenario file; `coreg show NAME --toml` prints only this):",
              para(scenario_to_toml(sc), "    "), "", CAVEAT]
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
        sys.stderr.write(f"\r{self.what}: [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}")
        sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write(f"  {time.perf_counter() - self.start:.1f} s\n")
            sys.stderr.flush()
