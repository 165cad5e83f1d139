"""The command line's commands that need no app: list, show, run, compare, sweep, check, settings.

Each takes the parsed arguments and returns an exit status; a user's mistake is a
:class:`~sim.errors.CoregError` (exit 2), raised before anything runs or is written.
The model is imported inside the commands, so importing this module stays cheap. The
two commands that reach the app (``serve``, ``--html``) live in :mod:`sim.cli.entry`, which
passes the report writer in.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from collections.abc import Callable
from typing import Any

from sim.cli.output import Outputs, print_json
from sim.cli.parser import EXIT_FAILED, EXIT_OK, SETTINGS_TABLES
from sim.cli.render import Progress, render_show, render_summary, render_sweep, setting_text
from sim.errors import CoregError
from sim.i18n import _, current, n_
from sim.printable import one_line

MAX_SWEEP_POINTS = 10_000
MAX_SWEEP_WORK = 2_000_000
MAX_VARY_COUNT = 1000

#: Makes the HTML report writer, ``writer(path, title, results, scenario=...)`` (from the app).
ReportWriterFactory = Callable[[], Callable[..., Any]]


def cmd_list(args: argparse.Namespace) -> int:
    from sim.cli.render import pad
    from sim.evidence import STATUS_ORDER, status_word
    from sim.scenario import library_names, load_scenario, scenario_texts

    scenarios = [load_scenario(name) for name in library_names()]
    if args.json:  # the data: English, whatever the language (JSON never changes)
        print_json([{"name": s.name, "status": s.status, "title": s.title, "summary": s.summary}
                    for s in scenarios])
        return EXIT_OK
    width = max((len(s.name) for s in scenarios), default=4)
    status_width = max(12, *(len(status_word(s)) for s in STATUS_ORDER))
    for s in scenarios:
        print(f"{one_line(s.name):<{width}}  {pad(status_word(s.status), status_width)}  {scenario_texts(s).title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from sim.scenario import load_scenario, scenario_to_toml

    sc = load_scenario(args.scenario)
    if args.toml:
        sys.stdout.write(scenario_to_toml(sc))
        return EXIT_OK
    print(render_show(sc))
    return EXIT_OK


def cmd_run(args: argparse.Namespace, report_writer: ReportWriterFactory) -> int:
    return _run_command(args, compare=False, report_writer=report_writer)


def cmd_compare(args: argparse.Namespace, report_writer: ReportWriterFactory) -> int:
    return _run_command(args, compare=True, report_writer=report_writer)


def _run_command(args: argparse.Namespace, compare: bool, report_writer: ReportWriterFactory) -> int:
    outputs = Outputs(args.csv, args.html, args.save_scenario, json_to_stdout=args.json)
    report = report_writer() if args.html else None
    sc = load_with_overrides(args)
    if compare and not sc.variants:
        raise CoregError("compare", _("{name} has no [[compare]] variants to compare", name=sc.name),
                         _("a scenario with [[compare]] tables, or use `coreg run`"))
    setups = sc.setups() if compare else {sc.label: sc.base}
    if report is not None:
        from sim import budget

        budget.check_runs(setups.values())  # the report draws every second: keep it to what fits
        results = simulate_all(setups)
        if args.csv:
            from sim.export import csv_text

            outputs.add(args.csv, lambda: csv_text(results if compare else results[sc.label]))
    else:
        results = stream_runs(setups, args.csv, lead=compare)
    if args.save_scenario:
        from sim.scenario import scenario_to_toml

        outputs.add(args.save_scenario, lambda: scenario_to_toml(sc))
    if report is not None:
        outputs.add_writer(args.html, lambda path: report(path, sc.title, results, scenario=sc))
    outputs.commit()

    if args.json:
        if compare:
            print_json({label: r.summary_json() for label, r in results.items()})
        else:
            print_json(results[sc.label].summary_json())
    elif args.csv != "-":
        print(render_summary(sc, results, compare))
    return EXIT_OK


def stream_runs(setups: dict[str, Any], csv_path: str | None, lead: bool) -> dict[str, Any]:
    """Run each setup night by night, writing its CSV rows as each night ends and keeping
    only the nights' summaries: memory stays at one night's record, however long the run.
    The CSV goes into place only once every night succeeded."""
    import dataclasses

    import numpy as np

    from sim.export import CsvStream
    from sim.engine.simulate import RunResult, iter_nights

    stream = CsvStream(csv_path, ["variant"] if lead else []) if csv_path else None
    total = sum(s.run.nights for s in setups.values())
    progress = Progress(total, _("nights"), enabled=total > 1)
    results = {}
    try:
        for label, setup in setups.items():
            nights = []
            for night in iter_nights(setup):
                if stream is not None:
                    stream.write_night(night, setup.run.output_step_s, [label] if lead else [])
                nights.append(dataclasses.replace(night, record=np.empty((0, night.record.shape[1])),
                                                  regime=np.empty(0, dtype=np.int8)))
                progress.step()
            results[label] = RunResult(setup=setup, nights=tuple(nights), engine="numba")
    except BaseException:
        if stream is not None:
            stream.abort()
        raise
    progress.done()
    if stream is not None:
        stream.commit()
        if csv_path != "-":
            print("coreg: " + _("wrote {path}", path=csv_path), file=sys.stderr)
    return results


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim.scenario import declaration_at, override_values

    if not args.vary and not args.population:
        raise CoregError("sweep", _("nothing to sweep"), _("--vary KEY=START:STOP:COUNT and/or --population N"))
    outputs = Outputs(args.csv, None, None, json_to_stdout=args.json)
    sc = load_with_overrides(args)
    axes = [parse_vary(text, declaration_at) for text in args.vary]
    keys = [key for key, _ in axes]
    if len(set(keys)) != len(keys):
        raise CoregError("--vary", _("the same key is varied twice"), _("each key once"))
    points = list(itertools.product(*[values for _, values in axes]))
    babies = args.population or 1
    work = len(points) * babies * sc.base.run.nights
    if len(points) > MAX_SWEEP_POINTS or work > MAX_SWEEP_WORK:
        num = current().number
        raise CoregError("sweep", _("{points} grid points x {babies} babies x {nights} nights is too much work for "
                                    "one command", points=num(len(points)), babies=num(babies),
                                    nights=num(sc.base.run.nights)),
                         _("at most {points} grid points and {work} baby-nights", points=num(MAX_SWEEP_POINTS),
                           work=num(MAX_SWEEP_WORK)))
    if args.population:
        from sim.engine.population import MAX_BABIES

        if args.population > MAX_BABIES:
            raise CoregError("--population", n_("{n} baby", "{n} babies", args.population),
                             _("1 to {n}", n=current().number(MAX_BABIES)))
    # every grid point is checked before anything runs
    setups = [override_values(sc, dict(zip(keys, point)), source="--vary").base for point in points]

    from sim.engine.simulate import simulate, summary_record

    rows: list[dict[str, Any]] = []
    runs = []
    if args.population and axes:
        what = _("grid points (x {n} babies)", n=current().number(args.population))
    elif axes:
        what = _("grid points")
    else:
        what = _("population of {n}", n=current().number(args.population))
    progress = Progress(len(setups), what, always=bool(args.population))
    for point, setup in zip(points, setups):
        value = dict(zip(keys, point))
        if args.population:
            from sim.engine.population import simulate_population

            pop = simulate_population(setup, args.population)
            for night in range(1, setup.run.nights + 1):
                for row in pop.rows(night):
                    rows.append({"value": value, "baby": row.pop("baby"), "night": night,
                                 **summary_record(row, setup.reading)})
        else:
            result = simulate(setup)
            runs.append((value, result))
            for n in result.nights:
                rows.append({"value": value, "baby": 1, "night": n.night, **n.summary_json()})
        progress.step()
    progress.done()

    if args.csv:
        outputs.add(args.csv, lambda: sweep_csv(sc.label, keys, runs, rows, bool(args.population)))
    outputs.commit()
    if args.json:
        print_json({"rows": rows})
    elif args.csv != "-":
        print(render_sweep(sc, keys, rows, args.population))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from sim.scenario import check_expectations, library_names, load_scenario, scenario_texts

    names = args.scenarios or library_names()
    scenarios = [load_scenario(name) for name in names]  # all must be valid before anything runs
    failed = 0
    for sc in scenarios:
        results = simulate_all(sc.setups(), quiet=True)
        texts = scenario_texts(sc)
        checks = check_expectations(sc, results, texts.label)
        bad = sum(1 for _, ok, _ in checks if not ok)
        failed += bad
        print(n_("{name}: {held}/{n} expectation holds", "{name}: {held}/{n} expectations hold", len(checks),
                 name=one_line(sc.name), held=current().number(len(checks) - bad)))
        whys = texts.expect_why
        for (expect, ok, measured), why in zip(checks, whys):
            verdict = _("ok") if ok else _("FAIL")
            print(f"  [{verdict}] {expect.describe(sc.label, texts.label)}")
            if why:
                print(f"         {why}")
            print("         " + _("measured: {measured}", measured=measured))
        if not checks:
            print("  " + _("(no [[expect]] entries: add one to state what this scenario shows)"))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_robustness(args: argparse.Namespace) -> int:
    """The robustness report (:mod:`sim.checks.robustness`): table or JSON; exit 1 if a target is missed."""
    from sim.checks import robustness

    print("coreg: " + _("checking the claims away from the default baby (a few minutes)..."), file=sys.stderr)
    report = robustness.run(population=args.babies)
    if args.json:
        print_json(report.as_json())
    else:
        print(robustness.render(report))
    return EXIT_OK if report.meets_targets() else EXIT_FAILED


def cmd_settings(args: argparse.Namespace) -> int:
    from sim.declare import declarations, did_you_mean
    from sim.params import POLICY_DEFAULTS
    from sim.scenario.tables import READING_SETTING

    tables = settings_tables()
    if args.group and args.group not in tables:
        raise CoregError("settings", _("no group {group}{hint}", group=repr(args.group),
                                       hint=did_you_mean(args.group, tables)), ", ".join(tables))
    lines = []
    if not args.group:
        d = READING_SETTING
        lines += [_("At the top of a file (or in a [[compare]] variant): the reading of the contested core"),
                  f"  {d.name} = {setting_text(d.default)}",
                  "      " + _("{allowed}. {help}", allowed=d.allowed(), help=d.help_text()), ""]
    for name, (heading, cls) in tables.items():
        if args.group and name != args.group:
            continue
        lines.append(heading)
        for d in declarations(cls):
            default = _("(not set)") if d.default is None else setting_text(d.default)
            lines.append(f"  {d.name} = {default}")
            lines.append("      " + _("{allowed}. {help}", allowed=d.allowed(), help=d.help_text()))
            if d.vary is not None:
                lines.append("      " + _("In the documented population (coreg sweep --population): {variation}.",
                                          variation=d.vary.describe(d.unit)))
        if name == "caregiver":
            lines.append("  " + _("Each policy's own defaults, used for keys left out:"))
            for policy, values in POLICY_DEFAULTS.items():
                if values:
                    given = ", ".join(f"{k} = {setting_text(v)}" for k, v in values.items())
                    lines.append(f"      {policy}: {given}")
        lines.append("")
    print("\n".join(lines).rstrip())
    return EXIT_OK


def settings_tables() -> dict[str, tuple[str, type]]:
    """Each table `coreg settings` documents: its heading in a scenario file and its declaring class."""
    from sim.params import ScriptedAction
    from sim.scenario import SETTING_CLASSES, Expect, LessonStep
    from sim.vocabulary import SETTING_GROUP_LIST

    classes = {**SETTING_CLASSES, "actions": ScriptedAction, "expect": Expect, "lesson": LessonStep}
    lists = {g.name for g in SETTING_GROUP_LIST if g.is_list} | {"expect", "lesson"}
    headings = {"actions": "[[caregiver.actions]]", "schedule": _("[[schedule]] (plus a caregiver table)")}
    return {name: (headings.get(name, f"[[{name}]]" if name in lists else f"[{name}]"), classes[name])
            for name in SETTINGS_TABLES}


# ---- shared by the commands -------------------------------------------------------------------

def load_with_overrides(args: argparse.Namespace) -> Any:
    """The SCENARIO of ``args`` with its ``--set``, ``--nights`` and ``--seed`` applied."""
    from sim.scenario import apply_overrides, load_scenario

    sc = load_scenario(args.scenario)
    sets = list(args.sets)
    if args.nights is not None:
        sets.append(f"run.nights={args.nights}")
    if args.seed is not None:
        sets.append(f"run.seed={args.seed}")
    return apply_overrides(sc, sets)


def simulate_all(setups: dict[str, Any], quiet: bool = False) -> dict[str, Any]:
    """Run each setup (label -> RunResult), with a progress bar unless ``quiet``."""
    from sim.engine.simulate import simulate

    progress = Progress(len(setups), _("variants"), enabled=not quiet)
    results = {}
    for label, setup in setups.items():
        results[label] = simulate(setup)
        progress.step()
    progress.done()
    return results


def parse_vary(text: str, declaration_at: Callable[[str], Any]) -> tuple[str, list[float | int]]:
    """``infant.reactivity=0.5:2:4`` -> the key and its values (whole numbers for a whole-number setting)."""
    allowed = _("KEY=START:STOP:COUNT, e.g. infant.reactivity=0.5:2:4")
    if "=" not in text:
        raise CoregError("--vary", _("expected KEY=START:STOP:COUNT, got {value}", value=repr(text[:60])), allowed)
    key, spec = (part.strip() for part in text.split("=", 1))
    decl = declaration_at(key)
    if decl.kind not in ("float", "int"):
        raise CoregError(f"--vary {key}", _("only numbers can be varied; this setting takes {allowed}",
                                            allowed=decl.allowed()), _("a numeric setting"))
    parts = spec.split(":")
    try:
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise CoregError(f"--vary {key}", _("expected START:STOP:COUNT, got {value}", value=repr(spec[:60])),
                         allowed) from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise CoregError(f"--vary {key}", _("start and stop must be finite numbers"), decl.allowed())
    if not 1 <= count <= MAX_VARY_COUNT:
        raise CoregError(f"--vary {key}", _("count {n}", n=current().number(count)),
                         _("1 to {n} values", n=current().number(MAX_VARY_COUNT)))
    values: list[float | int] = [start + (stop - start) * i / (count - 1) if count > 1 else start
                                 for i in range(count)]
    if count > 1:
        values[-1] = stop
    if decl.kind == "int":
        rounded: list[float | int] = []
        for v in values:
            if round(v) not in rounded:
                rounded.append(round(v))
        values = rounded
    return key, values


def sweep_csv(label: str, keys: list[str], runs: list[tuple[dict, Any]], rows: list[dict], population: bool) -> str:
    """The sweep's CSV: per-second rows of each grid point, or one summary row per baby and night."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    lead = ["variant", *keys, "baby"]
    if population:
        from sim.vocabulary import SUMMARY_KEYS

        writer.writerow(lead + ["night", *SUMMARY_KEYS, "reading"])
        for row in rows:
            writer.writerow([label, *(row["value"][k] for k in keys), row["baby"], row["night"],
                             *("" if row[m] is None else row[m] for m in SUMMARY_KEYS), row["reading"]])
    else:
        from sim.export import header, rows_of

        writer.writerow(header(lead))
        for value, result in runs:
            writer.writerows(rows_of(result, lead={"variant": label, **value, "baby": 1}))
    return buf.getvalue()
