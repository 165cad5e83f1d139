"""The command line, ``coreg`` (also ``python -m sim``), one module per job.

* :mod:`~sim.cli.entry` -- the entry point: parses, runs the command, turns every failure into
  a message and an exit status; the only module of ``sim`` that reaches the app (lazily);
* :mod:`~sim.cli.parser` -- the grammar of every command;
* :mod:`~sim.cli.commands` -- the commands that need no app;
* :mod:`~sim.cli.render` -- what they print;
* :mod:`~sim.cli.output` -- the files they write, whole or not at all.
"""

from sim.cli.entry import main

__all__ = ["main"]
