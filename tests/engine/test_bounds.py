"""Every value the bounds allow runs: bounds and the integrator's step rules are one story.

For every continuous setting of the model (the baby, sleep pressure, the caregiver, the run
and the regime thresholds), a run with that setting at its lower and at its upper declared
bound succeeds and stays finite and in range. No refusal of a value the bounds allow; where
a value needs finer steps, the kernel takes sub-steps (``tests/engine/test_accuracy.py`` checks
that they are accurate at the fastest corner).
"""

import numpy as np
import pytest

from sim.declare import declarations
from sim.engine.layout import NSTATE, STATE_NAMES
from sim.params import CaregiverParams, InfantParams, Regimes, RunParams, SleepParams
from sim.presets import bedtime, hungry_waking
from sim.engine.simulate import simulate

GROUPS = {"infant": InfantParams, "sleep": SleepParams, "caregiver": CaregiverParams, "run": RunParams,
          "regimes": Regimes}
#: Other settings a bound needs to be a valid combination (the message otherwise names it).
COMPANIONS = {
    ("caregiver", "latency_max_s"): {"caregiver": {"latency_s": 0.0}},
}
#: Settings whose bound is a long run: a short night keeps the test quick (the kernel is the same).
SHORT = {("run", "nights"): 3, ("run", "duration_min"): None}


def _cases():
    for group, cls in GROUPS.items():
        for d in declarations(cls):
            if d.kind in ("float", "int") and d.lo is not None and d.hi is not None:
                for end, value in (("lower", d.lo), ("upper", d.hi)):
                    yield pytest.param(group, d.name, value, id=f"{group}.{d.name}-{end}")


@pytest.mark.parametrize("group,name,value", list(_cases()))
def test_a_setting_at_either_bound_runs(group, name, value):
    """A setting at its declared bound gives a run whose states are all finite and in range
    (0..1, the load's first stage >= 0), under a responsive and an absent caregiver."""
    for base in (bedtime("graduated"), hungry_waking("absent")):
        values = {g: dict(v) for g, v in COMPANIONS.get((group, name), {}).items()}
        values.setdefault(group, {})[name] = value
        if group == "run" and name == "nights":
            values["run"]["nights"] = min(value, SHORT[(group, name)])
        if not (group == "run" and name == "duration_min"):
            values.setdefault("run", {}).setdefault("duration_min", 20.0)
        setup = base.with_values(**values)
        states = np.concatenate([n.record[:, :NSTATE] for n in simulate(setup).nights])
        assert np.all(np.isfinite(states))
        for i, state in enumerate(STATE_NAMES):
            assert states[:, i].min() >= -1e-9, state
            if state != "load_stage1":
                assert states[:, i].max() <= 1 + 1e-9, state
