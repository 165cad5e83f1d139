"""The command line's grammar: every ``coreg`` command, its options and its help text.

Only the standard library and :mod:`sim.vocabulary` are imported, so ``coreg --help``
is instant. Each command's name is the key :mod:`sim.cli` runs it by.
"""

from __future__ import annotations

import argparse

from sim import __version__
from sim.i18n import CODES, N_, _
from sim.vocabulary import LESSON_FILE_PAGES, SETTING_GROUPS, caveat

#: Exit statuses: ok, a failure while running, bad usage or an invalid scenario.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DESCRIPTION = N_("""\
Co-Regulation Lab: see how a baby's nervous system is calmed, or not, by the way a
caregiver answers its crying. Each scenario is a small teaching case (a TOML file):
one baby, a need such as hunger, and one or more caregivers to compare.

A SCENARIO is a library name (see `coreg list`) or a path to a .toml file.
""")

EXAMPLES = N_("""\
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
  coreg export tears_together -o lesson.html          the page in one file: no Python, no server
  coreg settings infant                    every setting of the baby, with its bounds
  coreg sweep tears_together --vary caregiver.latency_s=10:600:8 --csv latency.csv
  coreg sweep tears_together --population 200 --json

exit status: 0 ok, 1 failed while running, 2 bad usage or an invalid scenario""")

SET_HELP = N_("change a setting before running, e.g. infant.reactivity=1.5, caregiver.policy=absent, "
              "stressors.1.intensity=0.5 (list items count from 1); repeatable; variants are merged "
              "over the changed base")


def _settings_tables() -> tuple[str, ...]:
    tables: list[str] = []
    for group in SETTING_GROUPS:
        tables.append(group)
        if group == "caregiver":
            tables.append("actions")  # [[caregiver.actions]] of a scripted caregiver
    return (*tables, "expect", "lesson")


#: Every table `coreg settings GROUP` documents, in the order it prints them: the setting
#: groups (a scripted caregiver's actions after the caregiver), then a scenario's own
#: [[expect]] and [[lesson]] entries.
SETTINGS_TABLES = _settings_tables()


def build_parser() -> argparse.ArgumentParser:
    """The ``coreg`` parser, phrased in the language in force; the chosen command is ``args.command``.

    ``--lang`` is accepted before the command and after it (every command); :mod:`sim.cli.entry`
    reads it first (:func:`language_of`), so the help and argparse's own messages are in it."""
    from sim.cli.argparse_messages import install

    install()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", metavar="CODE", choices=CODES, default=argparse.SUPPRESS,
                        help=_("language of the text printed: {codes} (default: the system's language, "
                               "else English); JSON and CSV never change", codes=", ".join(CODES)))
    parser = argparse.ArgumentParser(
        prog="coreg", description=_(DESCRIPTION) + caveat(), epilog=_(EXAMPLES),
        formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common])
    parser.add_argument("--version", action="version", version=f"coreg {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
    real_add_parser = sub.add_parser

    def add_parser(name: str, **kwargs):  # every command takes --lang too
        return real_add_parser(name, parents=[common], **kwargs)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    p = sub.add_parser("serve", help=_("start the app in a browser (localhost only unless --lan)"),
                       description=_("Start the Co-Regulation Lab app with the default scenario "
                                   "(tears_together). Stop it with Ctrl+C."))
    p.add_argument("--port", type=port_number, default=5006, help=_("port to listen on (default 5006)"))
    p.add_argument("--lan", action="store_true",
                   help=_("also accept connections from other computers on this network"))
    p.add_argument("--procs", type=positive_int, default=1, metavar="N",
                   help=_("serve from N processes, for a classroom (default 1)"))
    p.add_argument("--show", action="store_true", help=_("open the app in a web browser"))

    p = sub.add_parser("list", help=_("the scenario library: name, status, title"),
                       description=_("List the library's scenarios: name, evidence status, title."))
    p.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))

    p = sub.add_parser("show", help=_("a scenario's text, evidence, settings and notes"),
                       description=_("Show a scenario: summary, learning goal, evidence with its "
                                   "status, variants, what it demonstrates, instructor notes, "
                                   "discussion questions and its settings."))
    p.add_argument("scenario", metavar="SCENARIO", help=_("library name or path to a .toml file"))
    p.add_argument("--toml", action="store_true",
                   help=_("print only the scenario file (every setting), to save and edit"))

    for name, what, described in (
            ("run", _("run the base variant and print a summary table"),
             _("Run the base variant and print a summary table.")),
            ("compare", _("run the base and its [[compare]] variants side by side"),
             _("Run the base and its [[compare]] variants side by side."))):
        p = sub.add_parser(name, help=what, description=described,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           epilog=_run_epilog(name))
        p.add_argument("scenario", metavar="SCENARIO", help=_("library name or path to a .toml file"))
        _add_scenario_options(p)
        p.add_argument("--csv", metavar="PATH",
                       help=_("write one row per output step (contract columns) to PATH ('-' = stdout)"))
        p.add_argument("--json", action="store_true", help=_("print the summary as JSON instead of a table"))
        p.add_argument("--html", metavar="PATH",
                       help=_("write a standalone report (figures, summary, caveat) that opens offline"))
        p.add_argument("--save-scenario", metavar="PATH",
                       help=_("write the scenario, with your --set changes, as a .toml file"))

    p = sub.add_parser(
        "export", help=_("a lesson in one file: the page, interactive, with no Python and no server"),
        description=_("Write one HTML file that is a page of the app for SCENARIO: its sliders and the reading "
                    "switch move among results computed now, and every plot, table and sentence follows. "
                    "It opens from the file, a USB stick or any web host, offline, on a phone; send it, "
                    "or put it on a course page."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_("examples:\n") +
               "  coreg export tears_together -o lesson.html\n"
               "  coreg export tears_together --page lesson -o tears_lesson.html\n"
               "  coreg export tears_together --page nights --nights 10 -o nights.html\n"
               "  coreg export reactive_baby --set infant.reactivity=2 -o reactive.html")
    p.add_argument("scenario", metavar="SCENARIO", help=_("library name or path to a .toml file"))
    p.add_argument("--page", choices=LESSON_FILE_PAGES, default=LESSON_FILE_PAGES[0],
                   help=_("which page: Compare responses (default), Across nights or Lesson mode"))
    _add_scenario_options(p)
    p.add_argument("-o", "--output", metavar="FILE.html", required=True, help=_("the file to write"))

    p = sub.add_parser(
        "sweep", help=_("a grid over settings, a population of varied babies, or both"),
        description=_("Run the base variant over a grid of settings (--vary), or a population of "
                    "varied babies (--population), or both. One summary row per grid point, "
                    "baby and night."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_("examples:\n") +
               "  coreg sweep tears_together --vary caregiver.latency_s=10:600:8\n"
               "  coreg sweep tears_together --vary infant.reactivity=0.5:2:4 "
               "--vary caregiver.stress=0:0.8:3 --json\n"
               "  coreg sweep tears_together --population 500 --csv babies.csv\n\n" +
               _("--csv: without --population, one row per output step (contract columns) led by\n"
               "variant, one column per varied key, and baby; with --population, one row per\n"
               "baby and night with its summary (per-second rows of hundreds of babies would\n"
               "not open in a spreadsheet)."))
    p.add_argument("scenario", metavar="SCENARIO", help=_("library name or path to a .toml file"))
    p.add_argument("--vary", metavar="KEY=START:STOP:COUNT", action="append", default=[],
                   help=_("a setting and COUNT evenly spaced values from START to STOP inclusive, "
                        "e.g. infant.reactivity=0.5:2:4; repeat for a grid"))
    p.add_argument("--population", metavar="N", type=positive_int,
                   help=_("run N babies of the documented population (every infant setting and the age varied) at each grid point"))
    _add_scenario_options(p)
    p.add_argument("--csv", metavar="PATH", help=_("write the rows to PATH ('-' = stdout)"))
    p.add_argument("--json", action="store_true", help=_("print {rows} as JSON instead of a table", rows='{"rows": [...]}'))

    p = sub.add_parser("settings", help=_("every setting a scenario can use: bounds, unit, meaning"),
                       description=_("List the settings of the scenario format, straight from the model's "
                                   "declarations: default, allowed values, unit and meaning."))
    p.add_argument("group", nargs="?", metavar="GROUP", help=_("only one group: {groups}", groups=", ".join(SETTINGS_TABLES)))

    p = sub.add_parser("robustness", help=_("how well each claim of the model holds away from the default baby"),
                       description=_("Check the model's twelve claims away from the default baby: every "
                                   "continuous infant setting one at a time x 0.75, 0.9, 1.1, 1.25, and 200 "
                                   "babies of the documented population. Prints the share of cases in which "
                                   "each claim holds (a few minutes on two cores)."))
    p.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    p.add_argument("--babies", type=positive_int, default=200, metavar="N",
                   help=_("babies in the population check (default 200)"))

    p = sub.add_parser("check", help=_("run scenarios and check what they claim to show ([[expect]])"),
                       description=_("Run every variant of each scenario and check its [[expect]] "
                                   "entries. Exit status 1 if any does not hold."))
    p.add_argument("scenarios", metavar="SCENARIO", nargs="*",
                   help=_("library names or paths (default: the whole library)"))
    _escape_percent(parser)
    return parser


def _escape_percent(parser: argparse.ArgumentParser, seen: set[int] | None = None) -> None:
    """argparse fills ``%(default)s`` into each help with ``%``: a translation that writes a percent
    sign (``50 %``) must reach it as ``%%``. No help here uses argparse's fields. (Actions shared
    through ``parents``, like ``--lang``, are escaped once.)"""
    seen = set() if seen is None else seen
    for action in parser._actions:
        if id(action) in seen:
            continue
        seen.add(id(action))
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = action.help.replace("%", "%%")
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help and id(choice) not in seen:
                    seen.add(id(choice))
                    choice.help = choice.help.replace("%", "%%")
            for sub in action.choices.values():
                _escape_percent(sub, seen)


def _run_epilog(name: str) -> str:
    if name == "run":
        return (_("examples:\n") + "  coreg run tears_together\n"
                "  coreg run tears_together --set caregiver.policy=absent --csv absent.csv\n"
                "  coreg run extinction_across_nights --nights 7 --json")
    return (_("examples:\n") + "  coreg compare tears_together\n"
            "  coreg compare tears_together --set infant.reactivity=2 --html report.html\n"
            "  coreg compare still_face --csv still_face.csv")


def _add_scenario_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", metavar="KEY=VALUE", action="append", default=[], dest="sets", help=_(SET_HELP))
    p.add_argument("--nights", type=int, metavar="N", help=_("number of nights (short for --set run.nights=N)"))
    p.add_argument("--seed", type=int, metavar="N", help=_("random seed (short for --set run.seed=N)"))


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a port number", value=repr(text))) from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(_("{value} is not a port number (1 to 65535)", value=value))
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a whole number", value=repr(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{value} is not at least 1", value=value))
    return value
