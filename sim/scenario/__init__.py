"""Scenario files: read and check once at the edge, change by dotted keys, run, write back.

A scenario is a TOML file (``scenarios/*.toml``; format in the README, "Scenario
files"): text for the learner and instructor, evidence keys and an honest status, a
base setup, ``[[compare]]`` variants, ``[[expect]]`` entries stating what it
demonstrates, and optional ``[[lesson]]`` steps. One module per job:

* :mod:`~sim.scenario.objects` -- Scenario, Variant, Expect, LessonStep (each checks itself);
* :mod:`~sim.scenario.reading` -- TOML text to a checked Scenario, every problem at once
  (helped by :mod:`~sim.scenario.toml_text` for the text's shape and the TOML reader,
  :mod:`~sim.scenario.tables` for one table and :mod:`~sim.scenario.setups` for a whole
  setup; :mod:`~sim.scenario.limits` says what a file may hold);
* :mod:`~sim.scenario.library` -- the shipped library by name, or a file by path;
* :mod:`~sim.scenario.writing` -- back to data, TOML text and files;
* :mod:`~sim.scenario.overrides` -- ``--set key=value`` and the declaration behind a key;
* :mod:`~sim.scenario.expectations` -- running a scenario and checking its ``[[expect]]``.
"""

from sim.scenario.expectations import check_expectations, evaluate_expect, run_scenario
from sim.scenario.library import is_path, library_dir, library_names, load_scenario
from sim.scenario.limits import DEFAULT_LABEL, UNTITLED
from sim.scenario.objects import OPS, Expect, LessonStep, Scenario, Variant
from sim.scenario.overrides import (
    apply_overrides,
    declaration_at,
    override_values,
    parse_assignment,
    parse_value,
)
from sim.scenario.reading import load_scenario_text
from sim.scenario.tables import SETTING_CLASSES
from sim.scenario.texts import ScenarioTexts, scenario_texts
from sim.scenario.writing import caregiver_table, save_scenario, scenario_to_data, scenario_to_toml
from sim.vocabulary import NEVER_MEANS_INFINITE

__all__ = [
    "DEFAULT_LABEL", "NEVER_MEANS_INFINITE", "OPS", "SETTING_CLASSES", "UNTITLED",
    "Expect", "LessonStep", "Scenario", "ScenarioTexts", "Variant",
    "apply_overrides", "caregiver_table", "check_expectations", "declaration_at", "evaluate_expect",
    "is_path", "library_dir", "library_names", "load_scenario", "load_scenario_text", "override_values",
    "parse_assignment", "parse_value", "run_scenario", "save_scenario", "scenario_texts", "scenario_to_data", "scenario_to_toml",
]
