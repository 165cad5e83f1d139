"""Co-Regulation Lab's model: infant arousal co-regulated by a caregiver's response.

A conceptual illustration for teaching; it predicts nothing about a real child and is
not advice. Describe a run, simulate it, read the result::

    from sim import Setup, CaregiverParams, simulate
    result = simulate(Setup(caregiver=CaregiverParams.for_policy("delayed")))
    result.night(1).summary["crying_min"]

The public names below are imported lazily (PEP 562), so ``import sim`` and
``coreg --help`` stay fast: numpy and numba load only when a run needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
#: The model's version as MODEL.md names it (v3: two readings of the contested core), said in
#: every lesson file; raise it with each new version of the equations or the night logic.
MODEL_VERSION = "v3"

#: Each public name and the module that defines it.
_PUBLIC = {
    # describing a run: the immutable problem and its parameter groups
    "Setup": "sim.params",
    "RunParams": "sim.params",
    "InfantParams": "sim.params",
    "SleepParams": "sim.params",
    "CaregiverParams": "sim.params",
    "ScriptedAction": "sim.params",
    "Stressor": "sim.params",
    "Regimes": "sim.params",
    "Mechanisms": "sim.params",
    "ScheduleEntry": "sim.params",
    # running it
    "simulate": "sim.engine.simulate",
    "iter_nights": "sim.engine.simulate",
    "RunResult": "sim.engine.simulate",
    "NightResult": "sim.engine.simulate",
    "simulate_population": "sim.engine.population",
    "PopulationResult": "sim.engine.population",
    # scenario files
    "Scenario": "sim.scenario",
    "load_scenario": "sim.scenario",
    "load_scenario_text": "sim.scenario",
    "apply_overrides": "sim.scenario",
    "run_scenario": "sim.scenario",
    "check_expectations": "sim.scenario",
    "save_scenario": "sim.scenario",
    # errors and words
    "CoregError": "sim.errors",
    "CAVEAT": "sim.vocabulary",
}
__all__ = ["__version__", "MODEL_VERSION", *_PUBLIC]  # noqa: PLE0604 (the names are the keys of _PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
