"""A standalone HTML report: figures, summary table, caveat and the reading in force, in one
file that opens offline.

All JavaScript and CSS is inlined (``bokeh.resources.INLINE``); the file makes no request
to any server when opened from disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bokeh.embed import file_html
from bokeh.layouts import column, row
from bokeh.models import ColumnDataSource, DataRange1d, Div, Range1d
from bokeh.plotting import figure
from bokeh.resources import INLINE

from dashboards import figures, theme
from dashboards.text import caveat, escape, metric_heading, number_text, policy_label, reading_label, repair, status_word
from sim.evidence import reading_lines
from sim.export import write_atomic
from sim.engine.simulate import RunResult
from sim.i18n import N_, _, current
from sim.vocabulary import TABLE_METRICS

_EXTERNAL_SCRIPT = re.compile(
    r'<script[^>]*\bsrc="[^"]*"[^>]*>\s*</script>\s*|<link[^>]*\bhref="[^"]*"[^>]*>\s*'
)


def without_external_files(page: str) -> str:
    """A standalone page without the scripts and stylesheets it would fetch from elsewhere.

    With Panel loaded in the same process, Bokeh's bundle also lists Panel's extension files
    (ES-module shim, KaTeX) as external scripts and stylesheets; a standalone page uses core
    Bokeh models only and must not fetch anything (it may be opened from a file, offline).
    """
    return _EXTERNAL_SCRIPT.sub("", page)

def with_lang(page: str) -> str:
    """A standalone page with ``<html lang>`` of the language in force (Bokeh writes ``en``)."""
    return page.replace('<html lang="en">', f'<html lang="{current().html_lang}">', 1)


STYLE = """
body { overflow-wrap: anywhere; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 12px;
  color: #1a1a1a; }
.caveat { border-left: 6px solid #E69F00; background: #fff7e6; padding: 0.5em 0.8em; }
table.coreg { border-collapse: collapse; }
table.coreg th, table.coreg td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
.badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 0.8em; border: 1px solid #555; }
"""


def _div(text: str) -> Div:
    # each Div renders in its own shadow root: the style has to travel with it
    return Div(text=f"<style>{STYLE}</style>{text}", sizing_mode="stretch_width")


#: Said beside the table: what the hidden minutes are made of (every result that shows them says so).
HIDDEN_SPLIT = N_(
    "Quiet but dysregulated (hidden) minutes are split in two: asleep while the slow stress load is "
    "still high, and awake, quiet and still aroused. A sleeping baby whose load is still coming down "
    "is not a baby silently panicking."
)


def summary_table(results: Mapping[str, RunResult]) -> str:
    """Per variant and night: the reading it ran under and every metric of ``TABLE_METRICS`` (the
    hidden minutes with their split; ``None`` shown as a dash: does not exist)."""
    head = "".join(f"<th scope='col'>{escape(metric_heading(k))}</th>" for k in TABLE_METRICS)
    body = []
    for label, res in results.items():
        for night in res.nights:
            cells = "".join(f"<td>{number_text(night.summary.get(k))}</td>" for k in TABLE_METRICS)
            body.append(
                f"<tr><th scope='row'>{escape(label)}</th><td>{current().number(night.night)}</td>"
                f"<td>{escape(policy_label(night.policy))}</td><td>{escape(reading_label(night.reading))}</td>"
                f"{cells}</tr>"
            )
    cols = "".join(f"<th scope='col'>{escape(w)}</th>" for w in (_("Variant"), _("Night"), _("Caregiver"), _("Reading")))
    return (
        f"<table class='coreg summary'><caption>" + escape(_('Summary per variant and night')) + f"</caption><thead><tr>"
        f"{cols}{head}</tr>"
        f"</thead><tbody>{''.join(body)}</tbody></table><p>{escape(_(HIDDEN_SPLIT))}</p>"
    )


def reading_html(results: Mapping[str, RunResult]) -> str:
    """The reading in force and its evidence label, said beside the caveat."""
    lines = reading_lines({label: r.setup.reading for label, r in results.items()}, qualifier=True)
    return "".join(f"<p class='reading' role='note'>{escape(line)}</p>" for line in lines)


def _scenario_html(scenario: Any) -> str:
    if scenario is None:
        return ""
    from sim.scenario import scenario_texts

    texts = scenario_texts(scenario)
    parts = []
    summary = texts.summary
    if summary:
        parts.append(f"<p>{escape(summary)}</p>")
    status = getattr(scenario, "status", "")
    if status:
        badge = f"<span class='badge'>{escape(status_word(status))}</span>"
        parts.append("<p>" + _("How sure: {status}", status=badge) + "</p>")
    goal = texts.learning_goal
    if goal:
        parts.append(
            f"<h2>" + escape(_('What to look for')) + f"</h2><p style='white-space:pre-wrap'>{escape(goal.strip())}</p>"
        )
    notes = texts.notes
    if notes:
        parts.append(f"<h2>" + escape(_('Notes')) + f"</h2><div style='white-space:pre-wrap'>{escape(notes.strip())}</div>")
    entries = []
    try:
        entries = scenario.evidence_entries()
    except Exception:
        entries = []
    if entries:
        items = "".join(
            f"<li><strong>{escape(e.key)}</strong> ({escape(e.label)}) {escape(e.shown_text)} "
            f"<em translate='no'>{escape(e.citation)}</em></li>"
            for e in entries
        )
        parts.append(f"<h2>" + escape(_('Evidence')) + f"</h2><ul>{items}</ul>")
    questions = texts.questions
    if questions:
        parts.append(
            f"<h2>" + escape(_('Questions')) + f"</h2><ol>" + "".join(f"<li>{escape(q)}</li>" for q in questions) + "</ol>"
        )
    return "".join(parts)


def report_html(title: str, results: Mapping[str, RunResult], *, scenario: Any = None) -> str:
    """The report as one HTML string (figures, table, caveat, scenario text)."""
    if not results:
        raise ValueError(_("a report needs at least one result"))
    duration = max(r.setup.run.duration_min for r in results.values())
    xr, yr = figures.shared_ranges(duration)
    columns = []
    for i, (label, res) in enumerate(results.items()):
        night = res.nights[-1]
        name = label if len(res.nights) == 1 else _("{variant}, night {n}", variant=label, n=current().number(night.night))
        view = figures.run_view(name, x_range=xr, y_range=yr, legend=(i == 0), duration_min=duration)
        view.update(night)
        reg = res.setup.regimes
        view.set_thresholds(reg.crying, reg.arousal, reg.load)
        columns.append(column(*view.figures, sizing_mode="stretch_width", min_width=300))
    blocks = [
        _div(
            f"<h1>{escape(title)}</h1>"
            "<p class='caveat' role='note'>" + _("<strong>Please note:</strong> {caveat}", caveat=escape(caveat()))
            + "</p>"
            + reading_html(results)
        ),
        _div(_scenario_html(scenario)),
        _div(
            "<p>" + escape(_("Top: crying (what you hear). Middle: arousal and the slow stress load (hidden). Grey "
                             "shading: the caregiver is with the baby. Band: the regime.")) + "</p>"
            + figures.regime_legend_html()
        ),
    ]
    per_row = 3
    for k in range(0, len(columns), per_row):
        blocks.append(row(*columns[k : k + per_row], sizing_mode="stretch_width"))
    multi = [r for r in results.values() if len(r.nights) > 1]
    if multi:
        figs, src = nights_figures()
        src.data = nights_data(multi[0])
        blocks.append(
            _div(
                "<h2>" + escape(_("Across nights ({variant})", variant=next(k for k, v in results.items() if v is multi[0])))
                + "</h2>"
            )
        )
        blocks.append(row(*figs, sizing_mode="stretch_width"))
    blocks.append(_div(summary_table(results)))
    blocks.append(
        _div(
            f"<p>{escape(repair())}</p><p class='caveat'>{escape(caveat())}</p>{reading_html(results)}"
            f"<p>" + escape(_('Made with Co-Regulation Lab, a conceptual teaching simulator.')) + f"</p>"
        )
    )
    doc = file_html(column(*blocks, sizing_mode="stretch_width"), resources=INLINE, title=title)
    doc = with_lang(without_external_files(doc))
    return doc.replace(
        "<head>", '<head>\n    <meta name="viewport" content="width=device-width, initial-scale=1">', 1
    )


def write_report(path, title: str, results: dict[str, RunResult], *, scenario: Any = None) -> None:
    """Write the standalone report to ``path`` atomically (whole or not at all)."""
    write_atomic(path, report_html(title, results, scenario=scenario))


# ---- across nights ------------------------------------------------------------------


def nights_data(result: RunResult) -> dict[str, list]:
    rows = [n.summary for n in result.nights]
    return {
        "night": [n.night for n in result.nights],
        "crying_min": [r["crying_min"] for r in rows],
        "peak_load": [r["peak_load"] for r in rows],
        "final_expectancy": [r["final_expectancy"] for r in rows],
        "quiet_dysregulated_min": [r["quiet_dysregulated_min"] for r in rows],
        "policy": [n.policy for n in result.nights],
    }


def nights_figures(projector: bool = False) -> tuple[list[figure], ColumnDataSource]:
    """Crying per night, physiological cost per night, expectancy per night."""
    src = ColumnDataSource({k: [] for k in ("night", "crying_min", "peak_load", "final_expectancy",
                                            "quiet_dysregulated_min", "policy")})
    x = DataRange1d(start=0.5)
    specs = (
        (_("Crying per night (what you hear)"), "crying_min", _("minutes"), theme.VERMILLION, "solid", "circle"),
        (_("Peak stress load per night (hidden cost)"), "peak_load", _("load (0-1)"), theme.BLACK, "dotdash",
         "square"),
        (_("Expects an answer, end of night"), "final_expectancy", _("expectancy (0-1)"), theme.GREEN, "dotted",
         "triangle"),
    )
    figs = []
    for title, key, ylabel, color, dash, marker in specs:
        y = Range1d(0, 1.05) if key != "crying_min" else DataRange1d(start=0)
        fig = figures.plot(title, 230, x, y, xlabel=_("night"), ylabel=ylabel)
        r = fig.line("night", key, source=src, color=color, line_dash=dash, line_width=2)
        r.tags = [{"base_width": 2.0}]
        fig.scatter("night", key, source=src, color=color, marker=marker, size=9)
        fig.outline_line_color = None
        figures.apply_look(fig, projector)
        figs.append(fig)
    return figs, src
