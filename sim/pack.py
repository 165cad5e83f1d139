"""Turning the typed settings into the flat arrays the compiled kernel reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim import model as m

if TYPE_CHECKING:
    from sim.params import CaregiverParams, Setup


def pack_params(setup: "Setup", *, self_soothing: float, fatigue: float,
                caregiver: "CaregiverParams | None" = None) -> np.ndarray:
    """The parameter vector of one night (slow states passed in: they change between nights).

    Time scales become rates (1/s). ``caregiver``: the night's caregiver (default ``[caregiver]``).
    """
    inf = setup.infant
    mech = setup.mechanisms
    cg = caregiver if caregiver is not None else setup.caregiver
    P = np.empty(m.NPARAM)
    P[m.P_REACT] = inf.reactivity
    P[m.P_RISE] = 1.0 / inf.arousal_rise_s
    P[m.P_FALL] = 1.0 / inf.arousal_fall_s
    P[m.P_VWD] = 1.0 / inf.vagal_withdraw_s
    P[m.P_VREC] = 1.0 / inf.vagal_recover_s
    P[m.P_CRY_A] = inf.cry_arousal
    P[m.P_CRY_S] = 1.0 / inf.cry_s
    P[m.P_FUSS] = inf.fuss_floor
    P[m.P_EDEP] = 1.0 / (inf.energy_deplete_min * 60.0)
    P[m.P_EREC] = 1.0 / (inf.energy_recover_min * 60.0)
    P[m.P_XLEARN] = 1.0 / inf.expectancy_learn_s
    P[m.P_XERODE] = 1.0 / (inf.expectancy_erode_min * 60.0)
    P[m.P_NC] = inf.noncontingent_stress
    P[m.P_LGAIN] = inf.load_gain
    P[m.P_LBASE] = inf.load_baseline
    P[m.P_GLAG] = 1.0 / (inf.load_lag_min * 60.0)
    P[m.P_LTAU] = m.load_rate(inf.load_halflife_min)
    P[m.P_UNC] = inf.uncontrollability_gain
    P[m.P_ZON] = 1.0 / inf.sleep_onset_s
    P[m.P_ZWAKE] = 1.0 / inf.wake_s
    P[m.P_SELF] = self_soothing
    P[m.P_FATIGUE] = fatigue
    P[m.P_MBASE] = cg.stress
    P[m.P_MFALL] = 1.0 / (cg.arousal_fall_min * 60.0)
    P[m.P_S0] = setup.sleep.pressure_start
    P[m.P_S1] = setup.sleep.pressure_end
    P[m.P_RAMP] = 1.0 / (setup.sleep.ramp_min * 60.0)
    P[m.P_BUILD] = 1.0 / (inf.alone_build_min * 60.0)
    P[m.P_MECH_X] = float(mech.expectancy_gates_crying)
    P[m.P_MECH_E] = float(mech.energy_depletes)
    P[m.P_MECH_UNC] = float(mech.uncontrollability_amplifies_load)
    P[m.P_MECH_NC] = float(mech.noncontingent_presence_stresses)
    P[m.P_MECH_CAP] = float(mech.caregiver_arousal_lowers_capacity)
    return P
