"""``coreg``: run Co-Regulation Lab's scenarios from a terminal (also ``python -m sim``).

Exit status: 0 ok, 1 a failure while running (or an expectation that does not hold,
for ``check``), 2 bad usage or an invalid scenario. Progress goes to stderr, results to
stdout. Output files are written whole or not at all, and only after everything
succeeded.

Only the standard library is imported here at the top, so ``coreg --help`` is instant;
the model (numpy, numba) and the app (Panel) are imported inside the commands.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

from sim import __version__
from sim.errors import CoregError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CAVEAT = ("A conceptual illustration for teaching: not calibrated to any child, "
          "not a prediction, not advice.")

DESCRIPTION = """\
Co-Regulation Lab: see how a baby's nervous system is calmed, or not, by the way a
caregiver answers its crying. Each scenario is a small teaching case (a TOML file):
one baby, a need such as hunger, and one or more caregivers to compare.

A SCENARIO is a library name (see `coreg list`) or a path to a .toml file.
""" + CAVEAT

EXAMPLES = """\
examples:
  coreg serve --show                       open the app in your browser
  coreg list                               the library of scenarios
  coreg show tears_together                what a scenario shows, its evidence and notes
  coreg run tears_together                 run it and print a summary table
  coreg compare tears_together             attuned, delayed and absent side by side
  coreg compare tears_together --set infant.reactivity=1.5 --csv out/tears.csv
  coreg run extinction_across_nights --nights 10 --json
  coreg show tears_together --toml > my_case.toml     start your own case from one
  coreg check my_case.toml                 does your case show what it claims?
  coreg settings infant                    every setting of the baby, with its bounds
  coreg sweep tears_together --vary caregiver.latency_s=10:600:8 --csv latency.csv
  coreg sweep tears_together --population 200 --json

exit status: 0 ok, 1 failed while running, 2 bad usage or an invalid scenario"""

SET_HELP = ("change a setting before running, e.g. infant.reactivity=1.5, caregiver.policy=absent, "
            "stressors.1.intensity=0.5 (list items count from 1); repeatable; variants are merged "
            "over the changed base")


# ---- argument parsing (standard library only) -----------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coreg", description=DESCRIPTION, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"coreg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = sub.add_parser("serve", help="start the app in a browser (localhost only unless --lan)",
                       description="Start the Co-Regulation Lab app with the default scenario "
                                   "(tears_together). Stop it with Ctrl+C.")
    p.add_argument("--port", type=_port, default=5006, help="port to listen on (default 5006)")
    p.add_argument("--lan", action="store_true",
                   help="also accept connections from other computers on this network")
    p.add_argument("--show", action="store_true", help="open the app in a web browser")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("list", help="the scenario library: name, status, title",
                       description="List the library's scenarios: name, evidence status, title.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="a scenario's text, evidence, settings and notes",
                       description="Show a scenario: summary, learning goal, evidence with its "
                                   "status, variants, what it demonstrates, instructor notes, "
                                   "discussion questions and its settings.")
    p.add_argument("scenario", metavar="SCENARIO", help="library name or path to a .toml file")
    p.add_argument("--toml", action="store_true",
                   help="print only the scenario file (every setting), to save and edit")
    p.set_defaults(func=cmd_show)

    for name, what in (("run", "run the base variant and print a summary table"),
                       ("compare", "run the base and its [[compare]] variants side by side")):
        p = sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog=_run_epilog(name))
        p.add_argument("scenario", metavar="SCENARIO", help="library name or path to a .toml file")
        _add_scenario_options(p)
        p.add_argument("--csv", metavar="PATH",
                       help="write one row per output step (contract columns) to PATH ('-' = stdout)")
        p.add_argument("--json", action="store_true", help="print the summary as JSON instead of a table")
        p.add_argument("--html", metavar="PATH",
                       help="write a standalone report (figures, summary, caveat) that opens offline")
        p.add_argument("--save-scenario", metavar="PATH",
                       help="write the scenario, with your --set changes, as a .toml file")
        p.set_defaults(func=cmd_run if name == "run" else cmd_compare)

    p = sub.add_parser(
        "sweep", help="a grid over settings, a population of varied babies, or both",
        description="Run the base variant over a grid of settings (--vary), or a population of "
                    "varied babies (--population), or both. One summary row per grid point, "
                    "baby and night.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  coreg sweep tears_together --vary caregiver.latency_s=10:600:8\n"
               "  coreg sweep tears_together --vary infant.reactivity=0.5:2:4 "
               "--vary caregiver.stress=0:0.8:3 --json\n"
               "  coreg sweep tears_together --population 500 --csv babies.csv\n\n"
               "--csv: without --population, one row per output step (contract columns) led by\n"
               "variant, one column per varied key, and baby; with --population, one row per\n"
               "baby and night with its summary (per-second rows of hundreds of babies would\n"
               "not open in a spreadsheet).")
    p.add_argument("scenario", metavar="SCENARIO", help="library name or path to a .toml file")
    p.add_argument("--vary", metavar="KEY=START:STOP:COUNT", action="append", default=[],
                   help="a setting and COUNT evenly spaced values from START to STOP inclusive, "
                        "e.g. infant.reactivity=0.5:2:4; repeat for a grid")
    p.add_argument("--population", metavar="N", type=_positive_int,
                   help="run N babies with varied temperament at each grid point")
    _add_scenario_options(p)
    p.add_argument("--csv", metavar="PATH", help="write the rows to PATH ('-' = stdout)")
    p.add_argument("--json", action="store_true", help='print {"rows": [...]} as JSON instead of a table')
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("settings", help="every setting a scenario can use: bounds, unit, meaning",
                       description="List the settings of the scenario format, straight from the model's "
                                   "declarations: default, allowed values, unit and meaning.")
    p.add_argument("group", nargs="?", metavar="GROUP",
                   help="only one group: run, infant, sleep, caregiver, stressors, actions, regimes, "
                        "mechanisms, schedule, expect, lesson")
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("check", help="run scenarios and check what they claim to show ([[expect]])",
                       description="Run every variant of each scenario and check its [[expect]] "
                                   "entries. Exit status 1 if any does not hold.")
    p.add_argument("scenarios", metavar="SCENARIO", nargs="*",
                   help="library names or paths (default: the whole library)")
    p.set_defaults(func=cmd_check)
    return parser


def _run_epilog(name: str) -> str:
    if name == "run":
        return ("examples:\n  coreg run tears_together\n"
                "  coreg run tears_together --set caregiver.policy=absent --csv absent.csv\n"
                "  coreg run extinction_across_nights --nights 7 --json")
    return ("examples:\n  coreg compare tears_together\n"
            "  coreg compare tears_together --set infant.reactivity=2 --html report.html\n"
            "  coreg compare still_face --csv still_face.csv")


def _add_scenario_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", metavar="KEY=VALUE", action="append", default=[], dest="sets", help=SET_HELP)
    p.add_argument("--nights", type=int, metavar="N", help="number of nights (short for --set run.nights=N)")
    p.add_argument("--seed", type=int, metavar="N", help="random seed (short for --set run.seed=N)")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1 to 65535)")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


# ---- entry point ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Run ``coreg`` with ``argv``; returns the exit status (never raises for a user's mistake)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help/--version (0) or bad usage (2)
        return int(e.code or 0) if isinstance(e.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except CoregError as e:
        _error(str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted; nothing was written")
        return EXIT_FAILED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as e:  # never show a traceback to a user
        _error(f"failed while running: {type(e).__name__}: {e}")
        if os.environ.get("COREG_DEBUG"):
            raise
        return EXIT_FAILED


def _error(text: str) -> None:
    """One line on stderr, whatever the text holds."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    print(f"coreg: {text}", file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# ---- commands ---------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from dashboards.app import serve
    except ImportError as e:
        _error(f"the app cannot start: {e}")
        return EXIT_FAILED
    where = "all network interfaces" if args.lan else "localhost"
    print(f"coreg: starting the app on port {args.port} ({where}); stop with Ctrl+C", file=sys.stderr)
    serve(port=args.port, lan=args.lan, show=args.show)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from sim.scenario import library_names, load_scenario

    scenarios = [load_scenario(name) for name in library_names()]
    if args.json:
        _print_json([{"name": s.name, "status": s.status, "title": s.title, "summary": s.summary}
                     for s in scenarios])
        return EXIT_OK
    width = max((len(s.name) for s in scenarios), default=4)
    for s in scenarios:
        print(f"{s.name:<{width}}  {s.status:<12}  {s.title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from sim.scenario import load_scenario, scenario_to_toml

    sc = load_scenario(args.scenario)
    if args.toml:
        sys.stdout.write(scenario_to_toml(sc))
        return EXIT_OK
    print(render_show(sc))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    return _run_command(args, compare=False)


def cmd_compare(args: argparse.Namespace) -> int:
    return _run_command(args, compare=True)


def _run_command(args: argparse.Namespace, compare: bool) -> int:
    outputs = Outputs(args.csv, getattr(args, "html", None), getattr(args, "save_scenario", None),
                      json_to_stdout=args.json)
    report = _report_writer() if args.html else None
    sc = _load(args)
    if compare and not sc.variants:
        raise CoregError("compare", f"{sc.name} has no [[compare]] variants to compare",
                         "a scenario with [[compare]] tables, or use `coreg run`")
    setups = sc.setups() if compare else {sc.label: sc.base}
    results = _simulate_all(setups)

    from sim.export import csv_text

    if args.csv:
        outputs.add(args.csv, lambda: csv_text(results if compare else results[sc.label]))
    if args.save_scenario:
        from sim.scenario import scenario_to_toml

        outputs.add(args.save_scenario, lambda: scenario_to_toml(sc))
    if report is not None:
        outputs.add_writer(args.html, lambda path: report(path, sc.title, results, scenario=sc))
    outputs.commit()

    if args.json:
        if compare:
            _print_json({label: r.summary_json() for label, r in results.items()})
        else:
            _print_json(results[sc.label].summary_json())
    elif args.csv != "-":
        print(render_summary(sc, results, compare))
    return EXIT_OK


def cmd_sweep(args: argparse.Namespace) -> int:
    import itertools

    from sim.scenario import declaration_at, override_values

    if not args.vary and not args.population:
        raise CoregError("sweep", "nothing to sweep", "--vary KEY=START:STOP:COUNT and/or --population N")
    outputs = Outputs(args.csv, None, None, json_to_stdout=args.json)
    sc = _load(args)
    axes = [_parse_vary(text, declaration_at) for text in args.vary]
    keys = [key for key, _ in axes]
    if len(set(keys)) != len(keys):
        raise CoregError("--vary", "the same key is varied twice", "each key once")
    points = list(itertools.product(*[values for _, values in axes]))
    babies = args.population or 1
    work = len(points) * babies * sc.base.run.nights
    if len(points) > MAX_SWEEP_POINTS or work > MAX_SWEEP_WORK:
        raise CoregError("sweep", f"{len(points)} grid points x {babies} babies x {sc.base.run.nights} nights "
                         "is too much work for one command",
                         f"at most {MAX_SWEEP_POINTS} grid points and {MAX_SWEEP_WORK} baby-nights")
    if args.population:
        from sim.population import MAX_BABIES

        if args.population > MAX_BABIES:
            raise CoregError("--population", f"{args.population} babies", f"1 to {MAX_BABIES}")
    # every grid point is checked before anything runs
    setups = [override_values(sc, dict(zip(keys, point)), source="--vary").base for point in points]

    from sim.simulate import simulate

    rows: list[dict[str, Any]] = []
    runs = []
    what = "grid points" if axes else f"population of {args.population}"
    if args.population and axes:
        what += f" (x {args.population} babies)"
    progress = Progress(len(setups), what, always=bool(args.population))
    for point, setup in zip(points, setups):
        value = dict(zip(keys, point))
        if args.population:
            from sim.population import simulate_population

            pop = simulate_population(setup, args.population)
            for night in range(1, setup.run.nights + 1):
                for row in pop.rows(night):
                    rows.append({"value": value, "baby": row.pop("baby"), "night": night, **row})
        else:
            result = simulate(setup)
            runs.append((value, result))
            for n in result.nights:
                rows.append({"value": value, "baby": 1, "night": n.night, **n.summary})
        progress.step()
    progress.done()

    if args.csv:
        outputs.add(args.csv, lambda: _sweep_csv(sc.label, keys, runs, rows, bool(args.population)))
    outputs.commit()
    if args.json:
        _print_json({"rows": rows})
    elif args.csv != "-":
        print(render_sweep(sc, keys, rows, args.population))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from sim.scenario import check_expectations, library_names, load_scenario

    names = args.scenarios or library_names()
    scenarios = [load_scenario(name) for name in names]  # all must be valid before anything runs
    failed = 0
    for sc in scenarios:
        results = _simulate_all(sc.setups(), quiet=True)
        checks = check_expectations(sc, results)
        bad = sum(1 for _, ok, _ in checks if not ok)
        failed += bad
        print(f"{sc.name}: {len(checks) - bad}/{len(checks)} expectations hold")
        for expect, ok, measured in checks:
            print(f"  [{'ok' if ok else 'FAIL'}] {expect.describe(sc.label)}")
            print(f"         measured: {measured}")
        if not checks:
            print("  (no [[expect]] entries: add one to state what this scenario shows)")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    from sim.declare import declarations
    from sim.params import (
        CaregiverParams,
        InfantParams,
        Mechanisms,
        Regimes,
        RunParams,
        ScheduleEntry,
        ScriptedAction,
        SleepParams,
        Stressor,
    )
    from sim.scenario import Expect, Lesson

    groups = {"run": ("[run]", RunParams), "infant": ("[infant]", InfantParams),
              "sleep": ("[sleep]", SleepParams), "caregiver": ("[caregiver]", CaregiverParams),
              "actions": ("[[caregiver.actions]]", ScriptedAction), "stressors": ("[[stressors]]", Stressor),
              "regimes": ("[regimes]", Regimes), "mechanisms": ("[mechanisms]", Mechanisms),
              "schedule": ("[[schedule]] (plus a caregiver table)", ScheduleEntry),
              "expect": ("[[expect]]", Expect), "lesson": ("[[lesson]]", Lesson)}
    if args.group and args.group not in groups:
        from sim.declare import did_you_mean

        raise CoregError("settings", f"no group {args.group!r}{did_you_mean(args.group, groups)}", ", ".join(groups))
    lines = []
    for name, (heading, cls) in groups.items():
        if args.group and name != args.group:
            continue
        lines.append(heading)
        for d in declarations(cls):
            default = "(not set)" if d.default is None else _toml_value(d.default)
            lines.append(f"  {d.name} = {default}")
            lines.append(f"      {d.allowed()}. {d.help}")
        if name == "caregiver":
            from sim.params import POLICY_DEFAULTS

            lines.append("  Each policy's own defaults, used for keys left out:")
            for policy, values in POLICY_DEFAULTS.items():
                if values:
                    given = ", ".join(f"{k} = {_toml_value(v)}" for k, v in values.items())
                    lines.append(f"      {policy}: {given}")
        lines.append("")
    print("\n".join(lines).rstrip())
    return EXIT_OK


# ---- helpers ----------------------------------------------------------------------------------

MAX_SWEEP_POINTS = 10_000
MAX_SWEEP_WORK = 2_000_000
MAX_VARY_COUNT = 1000


def _load(args: argparse.Namespace) -> Any:
    from sim.scenario import apply_overrides, load_scenario

    sc = load_scenario(args.scenario)
    sets = list(args.sets)
    if args.nights is not None:
        sets.append(f"run.nights={args.nights}")
    if args.seed is not None:
        sets.append(f"run.seed={args.seed}")
    return apply_overrides(sc, sets)


def _simulate_all(setups: dict[str, Any], quiet: bool = False) -> dict[str, Any]:
    from sim.simulate import simulate

    progress = Progress(len(setups), "variants", enabled=not quiet)
    results = {}
    for label, setup in setups.items():
        results[label] = simulate(setup)
        progress.step()
    progress.done()
    return results


def _parse_vary(text: str, declaration_at: Callable[[str], Any]) -> tuple[str, list[float | int]]:
    import math

    allowed = "KEY=START:STOP:COUNT, e.g. infant.reactivity=0.5:2:4"
    if "=" not in text:
        raise CoregError("--vary", f"expected KEY=START:STOP:COUNT, got {text[:60]!r}", allowed)
    key, spec = (part.strip() for part in text.split("=", 1))
    decl = declaration_at(key)
    if decl.kind not in ("float", "int"):
        raise CoregError(f"--vary {key}", f"only numbers can be varied; this setting takes {decl.allowed()}",
                         "a numeric setting")
    parts = spec.split(":")
    try:
        if len(parts) != 3:
            raise ValueError
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise CoregError(f"--vary {key}", f"expected START:STOP:COUNT, got {spec[:60]!r}", allowed) from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise CoregError(f"--vary {key}", "start and stop must be finite numbers", decl.allowed())
    if not 1 <= count <= MAX_VARY_COUNT:
        raise CoregError(f"--vary {key}", f"count {count}", f"1 to {MAX_VARY_COUNT} values")
    values: list[float | int] = [start + (stop - start) * i / (count - 1) if count > 1 else start
                                 for i in range(count)]
    if count > 1:
        values[-1] = stop
    if decl.kind == "int":
        rounded: list[float | int] = []
        for v in values:
            if round(v) not in rounded:
                rounded.append(int(round(v)))
        values = rounded
    return key, values


def _sweep_csv(label: str, keys: list[str], runs: list[tuple[dict, Any]], rows: list[dict], population: bool) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    lead = ["variant", *keys, "baby"]
    if population:
        from sim.summary import SUMMARY_KEYS

        writer.writerow(lead + ["night", *SUMMARY_KEYS])
        for row in rows:
            writer.writerow([label, *(row["value"][k] for k in keys), row["baby"], row["night"],
                             *("" if row[m] is None else row[m] for m in SUMMARY_KEYS)])
    else:
        from sim.export import header, rows_of

        writer.writerow(header(lead))
        for value, result in runs:
            writer.writerows(rows_of(result, lead={"variant": label, **value, "baby": 1}))
    return buf.getvalue()


def _report_writer() -> Callable[..., Any]:
    try:
        from dashboards.report import write_report
    except ImportError as e:
        raise RuntimeError(f"the HTML report is not available ({e})") from None
    return write_report


def _print_json(obj: Any) -> None:
    import json

    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


class Outputs:
    """Output files, checked before any work and written only once everything succeeded."""

    def __init__(self, csv: str | None, html: str | None, scenario: str | None, json_to_stdout: bool):
        self.jobs: list[tuple[str, Callable[[], str] | None, Callable[[str], Any] | None]] = []
        paths = [p for p in (csv, html, scenario) if p]
        if csv == "-" and json_to_stdout:
            raise CoregError("--csv", "'-' (stdout) cannot be combined with --json", "a file path, or drop --json")
        for p in paths:
            if p == "-" and p is not csv:
                raise CoregError("output", "'-' (stdout) works only for --csv", "a file path")
        real = [p for p in paths if p != "-"]
        resolved = [str(Path(p).resolve()) for p in real]
        if len(set(resolved)) != len(resolved):
            raise CoregError("output", "two outputs would go to the same file", "a different path for each")
        for p in real:
            _check_writable(p)

    def add(self, path: str, make_text: Callable[[], str]) -> None:
        self.jobs.append((path, make_text, None))

    def add_writer(self, path: str, writer: Callable[[str], Any]) -> None:
        self.jobs.append((path, None, writer))

    def commit(self) -> None:
        """Make every text first (the step that can fail), then write them all."""
        from sim.export import write_atomic

        texts = [(path, make()) for path, make, _ in self.jobs if make is not None]
        for path, _, writer in self.jobs:  # the report writes atomically itself
            if writer is not None:
                writer(path)
        for path, text in texts:
            if path == "-":
                sys.stdout.write(text)
            else:
                write_atomic(path, text)
                print(f"coreg: wrote {path}", file=sys.stderr)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _check_writable(path: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise CoregError("output", f"{path} is a folder", "a file path")
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise CoregError("output", f"cannot write to {path}", "a path in a folder you can write to")


class Progress:
    """A progress bar on stderr when it is a terminal (silent otherwise)."""

    def __init__(self, total: int, what: str, enabled: bool = True, always: bool = False):
        self.total = max(total, 1)
        self.what = what
        self.count = 0
        self.start = time.perf_counter()
        self.enabled = enabled and (total > 1 or always) and _is_terminal(sys.stderr)
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


# ---- text output ------------------------------------------------------------------------------

METRIC_LABELS = {
    "crying_min": "crying (min)",
    "bouts": "crying bouts",
    "mean_bout_min": "mean bout (min)",
    "settled_min": "settled: quiet and calm (min)",
    "releasing_min": "releasing: crying in arms (min)",
    "protest_min": "protest crying (min)",
    "quiet_dysregulated_min": "quiet but dysregulated (min)",
    "time_to_settle_min": "time to settle (min)",
    "quiet_to_settled_min": "from last cry to settled (min)",
    "time_to_sleep_min": "time to fall asleep (min)",
    "peak_load": "peak stress load (0-1)",
    "final_load": "stress load at the end (0-1)",
    "final_expectancy": "expects an answer, at the end (0-1)",
    "final_caregiver_arousal": "caregiver's own arousal, at the end (0-1)",
}
TIME_METRICS = ("time_to_settle_min", "quiet_to_settled_min", "time_to_sleep_min")


def _cell(metric: str, value: Any) -> str:
    if value is None:
        return "never" if metric in TIME_METRICS else "-"
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
        shown = _shown_nights(nights, 3 if compare else 7)
        for n in shown:
            if compare:
                head = label if nights == 1 else f"{label} n{n}"
            else:
                head = "value" if nights == 1 else f"night {n}"
            columns.append((head, result, n))
    width = max(len(v) for v in METRIC_LABELS.values())
    colw = max(9, *(len(h) + 1 for h, _, _ in columns))
    title = f"{sc.title} ({sc.name}, evidence: {sc.status})"
    lines = [title, "=" * min(len(title), 100)]
    if not compare:
        lines.append(f"{sc.label}: {_caregiver_text(sc.base)}")
    lines.append(f"{'':<{width}}" + "".join(f"{h:>{colw}}" for h, _, _ in columns))
    for metric, text in METRIC_LABELS.items():
        cells = "".join(f"{_cell(metric, r.night(n).summary.get(metric)):>{colw}}" for _, r, n in columns)
        lines.append(f"{text:<{width}}{cells}")
    nights = max(len(r.nights) for r in results.values())
    if nights > len(_shown_nights(nights, 3 if compare else 7)):
        lines.append(f"(some nights left out; --json or --csv give all {nights})")
    lines.append("")
    lines.append(CAVEAT)
    return "\n".join(lines)


def render_sweep(sc: Any, keys: list[str], rows: list[dict], population: int | None) -> str:
    """One line per grid point (and night): the key metrics, medians over babies."""
    import statistics

    metrics = ("crying_min", "quiet_dysregulated_min", "peak_load", "time_to_settle_min", "final_expectancy")
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((tuple(row["value"].values()), row["night"]), []).append(row)
    nights = len({night for _, night in groups})
    heads = [*keys] + (["night"] if nights > 1 else []) + list(metrics)
    widths = [max(8, len(h) + 2) for h in heads]
    what = f"median of {population} babies" if population else "one baby"
    lines = [f"{sc.title} ({sc.name}): sweep, {what} per row",
             "".join(f"{h:>{w}}" for h, w in zip(heads, widths))]
    for (values, night), group in groups.items():
        cells = [f"{v:.4g}" for v in values] + ([str(night)] if nights > 1 else [])
        for m in metrics:
            present = [r[m] for r in group if r[m] is not None]
            if len(present) * 2 <= len(group) and m in TIME_METRICS:
                cells.append("never")  # the median baby never got there
            elif not present:
                cells.append("-")
            else:
                cells.append(_cell(m, statistics.median(present)))
        lines.append("".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    lines += ["", CAVEAT]
    return "\n".join(lines)


SHOWN_KEYS = {
    "responsive": ("latency_s", "latency_max_s", "response_probability"),
    "delayed": ("latency_s", "latency_max_s", "response_probability"),
    "inconsistent": ("latency_s", "latency_max_s", "response_probability"),
    "graduated": ("checkin_intervals_min", "checkin_min", "contact"),
    "absent": (),
    "still_face": ("play_min", "still_min", "reunion_min"),
    "rupture_repair": ("in_sync_fraction", "repaired"),
    "scripted": (),
}


def _caregiver_summary(cg: Any) -> str:
    from sim.scenario import _caregiver_data

    changed = _caregiver_data(cg, None)
    keys = list(SHOWN_KEYS.get(cg.policy, ()))
    keys += [k for k in changed if k not in keys and k not in ("policy", "actions")]
    parts = [f"{k} = {_fmt(getattr(cg, k))}" for k in keys if getattr(cg, k) is not None]
    if cg.policy == "scripted":
        parts.append(f"{len(cg.actions)} scripted actions")
    return cg.policy + (f" ({', '.join(parts)})" if parts else "")


def _caregiver_text(setup: Any) -> str:
    text = _caregiver_summary(setup.caregiver)
    if setup.schedule:
        parts = [f"nights {e.first_night}-{e.last_night}: {_caregiver_summary(e.caregiver)}" for e in setup.schedule]
        text = "; ".join(parts) + f"; other nights: {text}"
    if setup.run.nights > 1:
        text += f"; {setup.run.nights} nights"
    return text


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _fmt(list(value) if isinstance(value, tuple) else value)


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return str(value)


def render_show(sc: Any) -> str:
    """What ``coreg show`` prints: the scenario as an instructor reads it."""
    import textwrap

    from sim.scenario import scenario_to_toml

    def para(text: str, indent: str = "  ") -> str:
        return textwrap.indent(textwrap.dedent(text).strip(), indent)

    lines = [sc.title, "=" * min(len(sc.title), 100), f"name: {sc.name}    status: {sc.status}"]
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
    lines += ["", "Variants:", f"  {sc.label} (base): {_caregiver_text(sc.base)}"]
    for v in sc.variants:
        lines.append(f"  {v.label}: {_caregiver_text(v.setup)}")
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
        lines += [textwrap.fill(q, width=96, initial_indent=f"  {i}. ", subsequent_indent="     ")
                  for i, q in enumerate(sc.questions, 1)]
    lines += ["", "Settings (the scenario file; `coreg show NAME --toml` prints only this):",
              para(scenario_to_toml(sc), "    "), "", CAVEAT]
    return "\n".join(lines)
