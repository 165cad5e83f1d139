"""``coreg``: run Co-Regulation Lab's scenarios from a terminal (also ``python -m sim``).

The entry point: it parses the arguments (:mod:`sim.cli.parser`), runs the command
(:mod:`sim.cli.commands`) and turns every failure into a message and an exit status:
0 ok, 1 a failure while running (or an expectation that does not hold, for ``check``),
2 bad usage or an invalid scenario, with one line per problem. Progress goes to stderr,
results to stdout; output files are written whole or not at all, and only after
everything succeeded.

This is the only module of ``sim`` that reaches the app (``dashboards``), lazily, inside
``serve``, ``export`` and the ``--html`` report writer. Only the standard library is imported at the
top, so ``coreg --help`` is instant.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

from sim.cli.parser import EXIT_FAILED, EXIT_OK, EXIT_USAGE, build_parser
from sim.errors import CoregError
from sim.i18n import DEFAULT, SHIPPED, _, from_environment, use
from sim.printable import one_line


def language_of(argv: list[str]) -> str:
    """The language of the command: ``--lang CODE`` (or ``--lang=CODE``) wherever it stands, read
    before anything else so that the help and argparse's own errors are phrased in it; without it,
    the system's (``from_environment``). An unknown code gives English here (the parser then
    refuses it, in English, naming the choices)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    try:
        known, _rest = pre.parse_known_args(argv)
    except SystemExit:  # e.g. "--lang" with no value: the real parser says so
        return DEFAULT
    if known.lang is None:
        return from_environment()
    return known.lang if known.lang in SHIPPED else DEFAULT


def main(argv: list[str] | None = None) -> int:
    """Run ``coreg`` with ``argv``; returns the exit status (never raises for a user's mistake)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
    argv = sys.argv[1:] if argv is None else list(argv)
    with use(language_of(argv)):
        return _main(argv)


def _main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help/--version (0) or bad usage (2)
        return int(e.code or 0) if isinstance(e.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return command(args.command)(args)
    except CoregError as e:
        for line in e.lines():
            _error(line)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error(_("interrupted; nothing was written"))
        return EXIT_FAILED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as e:  # never show a traceback to a user
        error = f"{type(e).__name__}: {e}"
        _error(_("failed while running: {error}", error=error))
        if os.environ.get("COREG_DEBUG"):
            raise
        return EXIT_FAILED


def _error(text: str) -> None:
    """One line on stderr, whatever the text holds."""
    print(f"coreg: {one_line(text)}", file=sys.stderr)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# ---- the three ways into the app ----------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    """Start the app (``dashboards.app.serve``) until Ctrl+C."""
    try:
        from dashboards.app import serve
    except ImportError as e:
        _error(_("the app cannot start: {error}", error=e))
        return EXIT_FAILED
    values = {"port": args.port, "n": args.procs}
    if args.lan and args.procs > 1:
        text = _("starting the app on port {port} (all network interfaces, {n} processes); stop with Ctrl+C", **values)
    elif args.lan:
        text = _("starting the app on port {port} (all network interfaces); stop with Ctrl+C", **values)
    elif args.procs > 1:
        text = _("starting the app on port {port} (localhost, {n} processes); stop with Ctrl+C", **values)
    else:
        text = _("starting the app on port {port} (localhost); stop with Ctrl+C", **values)
    print(f"coreg: {text}", file=sys.stderr)
    serve(port=args.port, lan=args.lan, show=args.show, procs=args.procs)
    return EXIT_OK


def report_writer() -> Callable[..., Any]:
    """The app's offline report writer, ``write_report(path, title, results, scenario=...)``."""
    try:
        from dashboards.report import write_report
    except ImportError as e:
        raise RuntimeError(_("the HTML report is not available ({error})", error=e)) from None
    return write_report


def cmd_export(args: argparse.Namespace) -> int:
    """Write a lesson in one file (:mod:`dashboards.lessonfile`): whole, or nothing at all."""
    from sim.cli.commands import load_with_overrides
    from sim.cli.output import Outputs

    outputs = Outputs(None, args.output, None, json_to_stdout=False)
    sc = load_with_overrides(args)
    try:
        from dashboards import lessonfile
    except ImportError as e:
        raise RuntimeError(_("lesson files are not available ({error})", error=e)) from None
    build = lessonfile.for_scenario(sc, args.page)
    print("coreg: " + _("computing every setting the file offers ({page} page)...", page=args.page),
          file=sys.stderr, flush=True)
    outputs.add(args.output, build)
    outputs.commit()
    return EXIT_OK


#: The commands that run the model, and whether they run populations too.
SIMULATING = {"run": False, "compare": False, "check": False, "export": False, "sweep": True, "robustness": True}


def announce_first_use(name: str) -> None:
    """Say once, on stderr, that the model is being prepared when this computer has not
    compiled it yet (the first run takes about ten seconds; later ones start at once)."""
    from sim.engine import jit, kernel, summary

    kernels = [kernel.run_night, summary.summarize] + ([kernel.run_population] if SIMULATING[name] else [])
    if not jit.cached(kernels):
        print("coreg: " + _("preparing the model: the first run on this computer compiles it (seconds; later runs "
                            "start at once)..."), file=sys.stderr, flush=True)


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs the parser's command ``name`` (the model loads only now)."""
    if name == "serve":
        return cmd_serve
    import sim.cli.commands as commands

    run = cmd_export if name == "export" else getattr(commands, f"cmd_{name}")
    if name in ("run", "compare"):
        run = functools.partial(run, report_writer=report_writer)
    if name not in SIMULATING:
        return run

    def announced(args: argparse.Namespace) -> int:
        announce_first_use(name)
        return run(args)

    return announced
