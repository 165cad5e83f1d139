"""Turning the typed settings into the flat parameter vector the compiled kernel reads.

Everything here is driven by :data:`sim.engine.layout.PARAMS`: each slot names its source
(``infant.arousal_rise_s``, ``carry.fatigue``, the night's ``caregiver.stress`` ...) and its
unit conversion, so packing has no list of its own.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

from sim.engine.layout import CONVERSIONS, NPARAM, PARAMS, Param
from sim.engine.numerics import substeps

if TYPE_CHECKING:
    from sim.params import CaregiverParams, Setup


def _value(setup: "Setup", group: str, setting: str, carry: Mapping[str, float],
           caregiver: "CaregiverParams") -> float:
    if group == "carry":
        return carry[setting]
    if group == "caregiver":
        return getattr(caregiver, setting)
    return getattr(getattr(setup, group), setting)


_CARRY_SLOTS = tuple(i for i, slot in enumerate(PARAMS) if slot.group == "carry")


@functools.lru_cache(maxsize=256)
def _static_part(setup: "Setup", caregiver: "CaregiverParams") -> np.ndarray:
    """Every slot that does not change between nights (carry slots 0, sub-steps 1)."""
    carry = {"self_soothing": 0.0, "fatigue": 0.0, "self_settling": 0.0}
    P = np.empty(NPARAM)
    for i, slot in enumerate(PARAMS):
        P[i] = 1.0 if slot.group == "numerics" else CONVERSIONS[slot.convert](
            _value(setup, slot.group, slot.setting, carry, caregiver))
    P.flags.writeable = False
    return P


def pack_params(setup: "Setup", *, self_soothing: float, fatigue: float, self_settling: float = 0.0,
                caregiver: "CaregiverParams | None" = None) -> np.ndarray:
    """The parameter vector of one night (slow states passed in: they change between nights).

    ``caregiver``: the night's caregiver (default ``[caregiver]``). The number of sub-steps
    per second comes from :func:`sim.engine.numerics.substeps`. The part that does not change
    between nights is worked out once per setup and caregiver.
    """
    P = _static_part(setup, caregiver if caregiver is not None else setup.caregiver).copy()
    carry = {"self_soothing": self_soothing, "fatigue": fatigue, "self_settling": self_settling}
    for i in _CARRY_SLOTS:
        P[i] = CONVERSIONS[PARAMS[i].convert](carry[PARAMS[i].setting])
    P[Param.SUBSTEPS] = substeps(P)
    return P


def pack_population(base: np.ndarray, n: int, infant: Mapping[str, np.ndarray], carry: Any) -> np.ndarray:
    """Per-baby parameter rows (``n`` babies, NPARAM): ``base`` (one night's vector) with the
    varied infant settings and the babies' slow states (a :class:`~sim.engine.nights.Carry` of
    arrays, or of numbers all babies share) put in, through the same conversions as
    :func:`pack_params`. Sub-steps: see :func:`population_substeps`."""
    rows = np.repeat(np.asarray(base, dtype=float)[None, :], n, axis=0)
    for i, slot in enumerate(PARAMS):
        if slot.group == "infant" and slot.setting in infant:
            rows[:, i] = CONVERSIONS[slot.convert](np.asarray(infant[slot.setting], dtype=float))
        elif slot.group == "carry":
            rows[:, i] = CONVERSIONS[slot.convert](getattr(carry, slot.setting))
    return rows


def population_substeps(rows: np.ndarray) -> np.ndarray:
    """Sub-steps per second for each baby of a population (``rows``: its parameter rows).

    Each baby gets what its own parameters need (:func:`sim.engine.numerics.substeps`): the
    population varies every infant setting, and several of them (reactivity, how fast
    arousal rises, vagal tone is withdrawn, the baby wakes) move the fastest rate. The
    estimate is cached per baby, so later nights and other caregivers cost nothing.
    """
    return np.array([substeps(row) for row in rows], dtype=float)
