"""Turning the typed settings into the flat parameter vector the compiled kernel reads.

Everything here is driven by :data:`sim.layout.PARAMS`: each slot names its source
(``infant.arousal_rise_s``, ``carry.fatigue``, the night's ``caregiver.stress`` ...) and its
unit conversion, so packing has no list of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

import numpy as np

from sim.layout import CONVERSIONS, NPARAM, PARAMS, Param
from sim.numerics import substeps

if TYPE_CHECKING:
    from sim.params import CaregiverParams, Setup


def _value(setup: "Setup", group: str, setting: str, carry: Mapping[str, float],
           caregiver: "CaregiverParams") -> float:
    if group == "carry":
        return carry[setting]
    if group == "caregiver":
        return getattr(caregiver, setting)
    return getattr(getattr(setup, group), setting)


def pack_params(setup: "Setup", *, self_soothing: float, fatigue: float,
                caregiver: "CaregiverParams | None" = None) -> np.ndarray:
    """The parameter vector of one night (slow states passed in: they change between nights).

    ``caregiver``: the night's caregiver (default ``[caregiver]``). The number of sub-steps
    per second comes from :func:`sim.numerics.substeps`.
    """
    cg = caregiver if caregiver is not None else setup.caregiver
    carry = {"self_soothing": self_soothing, "fatigue": fatigue}
    P = np.empty(NPARAM)
    for i, slot in enumerate(PARAMS):
        if slot.group == "numerics":
            P[i] = 1.0
            continue
        P[i] = CONVERSIONS[slot.convert](_value(setup, slot.group, slot.setting, carry, cg))
    P[Param.SUBSTEPS] = substeps(P)
    return P


def pack_population(base: np.ndarray, infant: Mapping[str, np.ndarray], carry: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per-baby parameter rows (babies, NPARAM): ``base`` (one night's vector) with the
    varied infant settings and each baby's slow states put in, through the same
    conversions as :func:`pack_params`. Sub-steps: the most any baby needs (see
    :func:`population_substeps`), already in ``base``."""
    n = len(next(iter(carry.values())))
    rows = np.repeat(np.asarray(base, dtype=float)[None, :], n, axis=0)
    for i, slot in enumerate(PARAMS):
        if slot.group == "infant" and slot.setting in infant:
            rows[:, i] = CONVERSIONS[slot.convert](np.asarray(infant[slot.setting], dtype=float))
        elif slot.group == "carry":
            rows[:, i] = carry[slot.setting]
    return rows


def population_substeps(base: np.ndarray, infant: Mapping[str, np.ndarray]) -> int:
    """Sub-steps for a whole population: the most needed by the babies at the ends of each
    varied setting's range (one at a time, the others at their base values). The slow
    states are sampled over their whole range already (:mod:`sim.numerics`)."""
    n = int(base[Param.SUBSTEPS])
    for i, slot in enumerate(PARAMS):
        if slot.group == "infant" and slot.setting in infant:
            values = np.asarray(infant[slot.setting], dtype=float)
            for extreme in (values.min(), values.max()):
                P = np.array(base, dtype=float)
                P[i] = CONVERSIONS[slot.convert](extreme)
                n = max(n, substeps(P))
    return n
