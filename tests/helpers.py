"""Shared helpers for the model tests: random parameter sets drawn from the declarations."""

from __future__ import annotations

import dataclasses

import numpy as np

from sim.declare import declarations
from sim.params import CaregiverParams, InfantParams, RunParams, Setup, SleepParams
from sim.presets import BEDTIME_STRESSORS, HUNGER
from sim.vocabulary import READINGS

#: Policies drawn for random setups (scripted needs a hand-made timeline).
POLICIES_FOR_RANDOM = ("responsive", "delayed", "graduated", "absent", "inconsistent", "still_face",
                       "rupture_repair")


def random_infant(rng: np.random.Generator) -> dict[str, float]:
    """Every numeric infant setting drawn uniformly within its declared bounds."""
    values = {}
    for d in declarations(InfantParams):
        if d.kind == "float":
            values[d.name] = float(rng.uniform(d.lo, d.hi))
    return values


def random_setup(rng: np.random.Generator, duration_min: float = 30.0) -> Setup:
    """A random valid setup: any infant within its bounds, any policy, either case, either reading."""
    policy = POLICIES_FOR_RANDOM[int(rng.integers(len(POLICIES_FOR_RANDOM)))]
    caregiver = CaregiverParams.for_policy(policy, stress=float(rng.uniform(0, 1)),
                                           fatigue=float(rng.uniform(0, 1)),
                                           latency_s=float(rng.uniform(0, 600)))
    stressors = BEDTIME_STRESSORS if rng.uniform() < 0.5 else HUNGER
    sleep = SleepParams(pressure_start=float(rng.uniform(0, 1)), pressure_end=float(rng.uniform(0, 1)),
                        ramp_min=float(rng.uniform(1, 90)))
    return Setup(run=RunParams(duration_min=duration_min, seed=int(rng.integers(1 << 30))),
                 infant=InfantParams(**random_infant(rng)), caregiver=caregiver, stressors=stressors, sleep=sleep,
                 reading=READINGS[int(rng.integers(len(READINGS)))])


def replace_infant(setup: Setup, **values: float) -> Setup:
    return dataclasses.replace(setup, infant=dataclasses.replace(setup.infant, **values))
