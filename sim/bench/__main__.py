"""``python -m sim.bench``: the engine's speed against scipy's LSODA."""

from sim.bench.engine import main

raise SystemExit(main())
