"""How many equal sub-steps inside each second a parameter set needs for RK4 to stay accurate.

RK4 with a step ``h`` follows a mode of rate ``lambda`` (an eigenvalue of the Jacobian)
within this model's 1e-4 promise when ``h |lambda| <= 0.5`` (a 2-s time constant at 1 s;
at the corners of the bounds, each run this way stays within 2.2e-5 of DOP853:
``tests/engine/test_accuracy.py``). The fastest rate of the *coupled* system can exceed every
state's own rate (arousal, vagal tone and crying pull on each other), so it is estimated
from the Jacobian itself: the
largest eigenvalue modulus over a fixed quasi-random sample of everything the equations
can meet -- every state over its range, every input, any time of the night, and the slow
states that change between nights (self-soothing, fatigue, the caregiver's starting
stress, self-settling). The kernel takes one RK4 step per second while ``rate <= 0.5``,
and otherwise ``n = ceil(rate / 0.25)`` equal steps: once the dynamics are that fast, the
curvature of the smooth steps, which the Jacobian does not see, needs the stricter bound.
The default baby needs none (``n = 1``); a value at the edge of its declared bounds gets
the sub-steps it needs instead of a refusal. On top of that rule, each second in which the
baby is between awake and asleep takes twice the steps (:func:`sim.engine.model.steps_this_second`):
falling asleep is a steep switch whose curvature the Jacobian does not see.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from sim.engine.layout import NSTATE, Param

#: h * |lambda| at or below this keeps RK4 within 1e-4 (a 2-s time constant at h = 1 s).
ACCURATE_STEP_RATE = 0.5
#: Where sub-steps are needed the dynamics are fast, and then the smooth steps' curvature (not
#: only the linear rate) limits RK4: each sub-step keeps h * |lambda| at or below this. Measured:
#: rise, vagal withdrawal and crying at 3 s with reactivity 3, a hungry waking under a still face
#: or rupture and repair (rate 0.73): two sub-steps left 1.3e-4 and 1.9e-4, three 2.3e-5.
SUBSTEP_RATE = 0.25
MAX_SUBSTEPS = 64
SAMPLE_POINTS = 384
_FD_STEP = 1e-6


def _primes(count: int) -> list[int]:
    found: list[int] = []
    k = 2
    while len(found) < count:
        if all(k % p for p in found):
            found.append(k)
        k += 1
    return found


@functools.lru_cache(maxsize=1)
def _sample() -> np.ndarray:
    """A fixed quasi-random sample of the unit cube (states, inputs, time, slow states): the
    Halton sequence, one prime base per dimension, shifted by a fixed random offset modulo 1
    (written here so that the command line need not import scipy.stats, about a second)."""
    dims = NSTATE + 6 + 5
    points = np.empty((SAMPLE_POINTS, dims))
    for d, base in enumerate(_primes(dims)):
        for i in range(SAMPLE_POINTS):
            k, f, x = i + 1, 1.0, 0.0
            while k:
                f /= base
                x += f * (k % base)
                k //= base
            points[i, d] = x
    shift = np.random.default_rng(20261130).random(dims)
    return (points + shift) % 1.0


def _points(P: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """States (NSTATE, N), inputs (6, N), times (N,) and per-point parameters (NPARAM, N)."""
    x = _sample().T
    states = x[:NSTATE].copy()
    stage_max = (P[Param.LOAD_GAIN] * P[Param.LOAD_AGE_FACTOR] * (1.0 + P[Param.UNCONTROLLABILITY_GAIN]))
    states[5] *= max(stage_max, 1e-9)          # load stage 1 ranges over 0..its largest feed
    inputs = x[NSTATE:NSTATE + 6].copy()
    inputs[0] = (inputs[0] > 0.5).astype(float)  # presence is 0 or 1
    ramp_s = 1.0 / P[Param.RAMP_RATE]
    times = x[NSTATE + 6] * ramp_s * 1.2
    params = np.repeat(P[:, None], x.shape[1], axis=1)
    params[Param.SELF_SOOTHING] = x[NSTATE + 7]
    params[Param.FATIGUE] = x[NSTATE + 8]
    params[Param.CAREGIVER_STRESS] = x[NSTATE + 9]
    params[Param.SELF_SETTLING] = x[NSTATE + 10]
    return states, inputs, times, params


def fastest_rate(P: np.ndarray) -> float:
    """The largest |eigenvalue| (1/s) of the Jacobian over the sample (see the module docstring)."""
    from sim.engine.model import rhs_np

    states, inputs, times, params = _points(np.asarray(P, dtype=float))
    n = states.shape[1]
    jac = np.empty((n, NSTATE, NSTATE))
    for j in range(NSTATE):
        hi = states.copy()
        lo = states.copy()
        hi[j] += _FD_STEP
        lo[j] -= _FD_STEP
        f_hi = rhs_np(times, tuple(hi), *inputs, params)
        f_lo = rhs_np(times, tuple(lo), *inputs, params)
        for i in range(NSTATE):
            jac[:, i, j] = (np.asarray(f_hi[i]) - np.asarray(f_lo[i])) / (2.0 * _FD_STEP)
    return float(np.max(np.abs(np.linalg.eigvals(jac))))


@functools.lru_cache(maxsize=16384)
def _substeps_cached(key: bytes) -> int:
    P = np.frombuffer(key, dtype=float)
    rate = fastest_rate(P)
    n = 1 if rate <= ACCURATE_STEP_RATE else math.ceil(rate / SUBSTEP_RATE - 1e-9)
    return int(min(max(n, 1), MAX_SUBSTEPS))


def substeps(P: np.ndarray) -> int:
    """Equal RK4 steps per second this parameter vector needs (1 for the default baby).

    Cached on the parts of ``P`` that do not change between nights.
    """
    key = np.array(P, dtype=float)
    for slot in (Param.SELF_SOOTHING, Param.FATIGUE, Param.CAREGIVER_STRESS, Param.SELF_SETTLING, Param.SUBSTEPS):
        key[slot] = 0.0
    return _substeps_cached(key.tobytes())
