"""Independent reference solutions: scipy's solvers replaying a run's inputs.

The policy decided the inputs of every 1-s step during the run; the reference reads
them back from the record and integrates the same piecewise-constant inputs segment
by segment (a new segment wherever an input changes), so threshold events cannot
shift and a comparison fails only for the integrator's own error. Sleep pressure is a
smooth function of time inside the right-hand side, the same for both.

* ``DOP853`` at rtol 1e-12 / atol 1e-14 is the accuracy oracle of the tests. It
  integrates the independent transcription of the equations (:mod:`sim.checks.transcription`),
  not the kernel's right-hand side, so it checks the equations and the unit conversions
  as well as the integrator;
* ``LSODA`` at rtol 1e-6 / atol 1e-9 is the peer every speed figure is a ratio against;
  it integrates the kernel's own equations evaluated by numpy (what a scientist would
  write first), so the comparison is integrator against integrator.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from sim.engine import model as m
from sim.engine.layout import INPUT_NAMES, NSTATE, Rec
from sim.engine.simulate import NightResult, RunResult, night_params
from sim.checks.transcription import Settings, derivatives

INPUT_COLUMNS = tuple(getattr(Rec, name.upper()) for name in INPUT_NAMES)
ORACLE = {"method": "DOP853", "rtol": 1e-12, "atol": 1e-14}
PEER = {"method": "LSODA", "rtol": 1e-6, "atol": 1e-9}


def replayed_inputs(night: NightResult) -> np.ndarray:
    """The inputs of every step (n_steps, NINPUT), as the policy decided them."""
    return np.ascontiguousarray(night.record[:-1, list(INPUT_COLUMNS)])


def segments(inputs: np.ndarray) -> list[tuple[int, int]]:
    """Runs of steps with identical inputs, as (first step, end step exclusive)."""
    n = inputs.shape[0]
    change = np.flatnonzero(np.any(inputs[1:] != inputs[:-1], axis=1)) + 1
    bounds = np.concatenate(([0], change, [n]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]


def integrate(fun, y0: np.ndarray, inputs: np.ndarray, *, method: str, rtol: float, atol: float) -> np.ndarray:
    """States at t = 0, 1, ..., n (rows) from scipy's ``method``, segment by segment;
    ``fun(t, state, inputs_of_the_segment)`` gives the derivatives."""
    n = inputs.shape[0]
    out = np.empty((n + 1, NSTATE))
    out[0] = y0
    y = np.array(y0, dtype=float)
    for a, b in segments(inputs):
        inp = inputs[a]
        sol = solve_ivp(lambda t, state, inp=inp: fun(t, state, inp), (float(a), float(b)), y, method=method,
                        rtol=rtol, atol=atol, t_eval=np.arange(a + 1, b + 1, dtype=float))
        if not sol.success:
            raise RuntimeError(f"reference solver {method} failed: {sol.message}")
        out[a + 1:b + 1] = sol.y.T
        y = sol.y[:, -1]
    return out


def reference_night(result: RunResult, night: int = 1) -> np.ndarray:
    """The accuracy oracle: DOP853 (rtol 1e-12) on the independent transcription, replaying
    the inputs of ``night`` of ``result``."""
    nr = result.night(night)
    settings = Settings.of_night(result.setup, nr.night, nr.carry_in)

    def fun(t: float, state: np.ndarray, inp: np.ndarray) -> list[float]:
        return derivatives(t, state, inp, settings)

    return integrate(fun, nr.record[0, :NSTATE], replayed_inputs(nr), **ORACLE)  # type: ignore[arg-type]


def peer_night(result: RunResult, night: int = 1) -> np.ndarray:
    """The speed peer: LSODA (rtol 1e-6) on the kernel's equations evaluated by numpy."""
    nr = result.night(night)
    P = night_params(result.setup, nr.night, nr.carry_in)

    def fun(t: float, state: np.ndarray, inp: np.ndarray) -> np.ndarray:
        return m.rhs_numpy(t, state, inp, P)

    return integrate(fun, nr.record[0, :NSTATE], replayed_inputs(nr), **PEER)  # type: ignore[arg-type]


def rk4_numpy_night(result: RunResult, night: int = 1) -> np.ndarray:
    """The same RK4 scheme in plain numpy, replaying the same inputs (the 1e-9 cross-check)."""
    nr = result.night(night)
    P = night_params(result.setup, nr.night, nr.carry_in)
    inputs = replayed_inputs(nr)
    y = tuple(nr.record[0, :NSTATE])
    out = np.empty((inputs.shape[0] + 1, NSTATE))
    out[0] = y
    for k in range(inputs.shape[0]):
        y = m.rk4_second_np(float(k), y, *inputs[k], P)
        out[k + 1] = y
    return out
