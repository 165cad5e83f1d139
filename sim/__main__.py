"""``python -m sim``: the same command line as ``coreg``."""

from sim.cli import main

raise SystemExit(main())
