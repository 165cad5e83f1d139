"""The kernel's equations agree with an independent transcription of the documented ones.

:mod:`sim.checks.transcription` is written from the model's documentation in plain Python, with
its own unit conversions from the user's settings; the kernel reads a packed parameter
vector (:mod:`sim.engine.pack`). At 10,000 random points -- states over their ranges, any inputs,
any time of the night, parameter sets drawn from the declared bounds, each mechanism
switched on or off at random -- the compiled right-hand side agrees with the
transcription to 1e-12 (relative to the size of the derivative, or absolutely below 1e-9).
"""

import dataclasses

import numpy as np
import pytest

from helpers import random_setup
from sim.engine import model as m
from sim.engine.layout import NSTATE, Param
from sim.engine.nights import Carry
from sim.params import Mechanisms
from sim.engine.simulate import night_params
from sim.checks.transcription import Settings, derivatives

N_PARAMETER_SETS = 100
POINTS_PER_SET = 100
RELATIVE = 1e-12


def _points(rng, P):
    states = rng.uniform(0.0, 1.0, (POINTS_PER_SET, NSTATE))
    states[:, 5] *= P[Param.LOAD_GAIN] * (1.0 + P[Param.UNCONTROLLABILITY_GAIN])  # the load's first stage
    inputs = rng.uniform(0.0, 1.0, (POINTS_PER_SET, 6))
    inputs[:, 0] = rng.integers(0, 2, POINTS_PER_SET)  # presence is 0 or 1
    times = rng.uniform(0.0, 2.0 / P[Param.RAMP_RATE], POINTS_PER_SET)
    return states, inputs, times


@pytest.mark.parametrize("chunk", range(4))
def test_kernel_right_hand_side_matches_the_transcription(chunk):
    """The compiled rhs and the transcription agree at 2,500 random points per chunk
    (10,000 in all) within 1e-12 relative (1e-9 absolute near zero)."""
    rng = np.random.default_rng([20261130, chunk])
    checked = 0
    worst = 0.0
    for _ in range(N_PARAMETER_SETS // 4):
        setup = random_setup(rng)
        mech = Mechanisms(**{f.name: bool(rng.integers(0, 2)) for f in dataclasses.fields(Mechanisms)})
        setup = dataclasses.replace(setup, mechanisms=mech)
        carry = dataclasses.replace(Carry.first(setup), self_soothing=float(rng.uniform(0, 1)),
                                    fatigue=float(rng.uniform(0, 1)), self_settling=float(rng.uniform(0, 1)))
        P = night_params(setup, 1, carry)
        settings = Settings.of_night(setup, 1, carry)
        states, inputs, times = _points(rng, P)
        for y, inp, t in zip(states, inputs, times):
            kernel = np.array(m.rhs(float(t), tuple(y), *(float(v) for v in inp), P))
            reference = np.array(derivatives(float(t), y, inp, settings))
            scale = np.maximum(np.abs(reference), 1e-3)
            diff = np.abs(kernel - reference)
            worst = max(worst, float(np.max(diff / scale)))
            assert np.all(diff <= np.maximum(RELATIVE * np.abs(reference), 1e-9)), (setup.caregiver.policy, diff)
            checked += 1
    assert checked == N_PARAMETER_SETS // 4 * POINTS_PER_SET


def test_the_transcription_is_independent_of_the_kernel():
    """The transcription imports neither the kernel's equations nor its parameter layout
    (it reads the user's settings and converts units itself)."""
    import ast
    import inspect

    import sim.checks.transcription as tr

    tree = ast.parse(inspect.getsource(tr))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not imported & {"sim.engine.model", "sim.engine.layout", "sim.engine.pack", "sim.engine.kernel", "sim.engine.numerics"}
