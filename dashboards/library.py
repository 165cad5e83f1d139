"""The app's view of the scenario library: names, loading, writing, and the landing page's setups."""

from __future__ import annotations

from sim.params import Setup
from sim.scenario import Scenario, library_names, load_scenario, load_scenario_text, scenario_to_toml

DEFAULT_SCENARIO = "tears_together"


def names() -> list[str]:
    return list(library_names())


def load(name_or_path: str) -> Scenario:
    return load_scenario(name_or_path)


def load_text(text: str, source: str) -> Scenario:
    return load_scenario_text(text, source)


def to_toml(setup: Setup, title: str) -> str:
    """``setup`` as a one-variant scenario file."""
    return scenario_to_toml(Scenario.from_setup(setup, title=title))


def base_setup(scenario: Scenario) -> Setup:
    """The base variant's setup of a scenario."""
    return scenario.base


def default_base() -> Setup:
    """The default scenario's baby and stressor (its base variant)."""
    return base_setup(load(DEFAULT_SCENARIO))


def compare_setups(policies: tuple[str, ...], scenario: Scenario | None = None) -> dict[str, Setup]:
    """One setup per caregiver policy for the same baby and stressor.

    Taken from the scenario's variants (the default scenario's unless given) where one has
    that policy (so its documented settings hold), otherwise derived from its base.
    """
    setups = list((scenario or load(DEFAULT_SCENARIO)).setups().values())
    base = setups[0]
    out = {}
    for policy in policies:
        match = next((s for s in setups if s.caregiver.policy == policy), None)
        out[policy] = match if match is not None else base.with_values(caregiver={"policy": policy})
    return out
