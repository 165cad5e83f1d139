"""The ten claims of MODEL.md as functions: each returns (holds, measured values).

Used by tests/test_claims.py (each claim must hold on default parameters) and by
tests/test_mechanisms.py (switching any mechanism off must break a claim or a
mechanism test). All runs are deterministic: fixed latencies, response probability 1.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import numpy as np

from sim import model as m
from sim.params import CaregiverParams, Mechanisms, RunParams, ScheduleEntry, Setup, SleepParams
from sim.presets import BEDTIME_STRESSORS, bedtime, hungry_night
from sim.simulate import RunResult, simulate

Measured = dict[str, Any]


def _with(setup: Setup, mechanisms: Mechanisms | None) -> Setup:
    return setup if mechanisms is None else dataclasses.replace(setup, mechanisms=mechanisms)


def _run(setup: Setup, mechanisms: Mechanisms | None) -> RunResult:
    return simulate(_with(setup, mechanisms))


def last_bout_end_s(result: RunResult, night: int = -1) -> int | None:
    """The second after the last one at or above the crying threshold."""
    nr = result.night(night)
    crying = np.flatnonzero(nr.column("crying") >= result.setup.regimes.crying)
    return int(crying[-1]) + 1 if crying.size else None


def claim_1_quiet_is_not_regulated(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    r = _run(hungry_night("absent", 120.0), mech)
    nr = r.nights[0]
    stop = last_bout_end_s(r)
    if stop is None or stop + 20 * 60 >= nr.record.shape[0]:
        return False, {"stop_min": None if stop is None else stop / 60}
    after = slice(stop, stop + 20 * 60)
    arousal_high = bool(np.all(nr.column("arousal")[after] > r.setup.regimes.arousal))
    load = nr.column("load")
    load_rising = bool(np.all(np.diff(load[after]) > 0))
    qdys = nr.summary["quiet_dysregulated_min"]
    measured = {"stop_min": stop / 60, "min_arousal_after": float(nr.column("arousal")[after].min()),
                "load_rising_after": load_rising, "quiet_dysregulated_min": qdys}
    ok = 20 * 60 <= stop <= 60 * 60 and (arousal_high or load_rising) and qdys >= 20
    return ok, measured


def claim_2_tears_together(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    absent = _run(hungry_night("absent", 120.0), mech).nights[0].summary
    attuned = _run(hungry_night("responsive", 120.0, response_probability=1.0), mech).nights[0].summary
    ratio = attuned["peak_load"] / absent["peak_load"]
    measured = {"responsive_quiet_dysregulated_min": attuned["quiet_dysregulated_min"],
                "peak_load_ratio": ratio}
    return attuned["quiet_dysregulated_min"] <= 1.0 and ratio <= 0.2, measured


def unaided_stop_s(mech: Mechanisms | None = None) -> int:
    """When crying stops with no one answering, counted from the hunger onset."""
    r = _run(hungry_night("absent", 120.0), mech)
    stop = last_bout_end_s(r)
    assert stop is not None, "crying never stops unaided"
    return stop - int(r.setup.stressors[0].onset_min * 60)


def latency_curve(latencies: list[float], mech: Mechanisms | None = None,
                  infant: dict[str, float] | None = None) -> list[dict[str, float]]:
    rows = []
    for lat in latencies:
        setup = hungry_night("delayed", 120.0, latency_s=float(lat), response_probability=1.0)
        if infant:
            setup = setup.with_values(infant=infant)
        s = _run(setup, mech).nights[0].summary
        rows.append({"latency_s": lat, "crying_min": s["crying_min"], "protest_min": s["protest_min"],
                     "peak_load": s["peak_load"]})
    return rows


def claim_3_latency_is_a_dose(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    stop = unaided_stop_s(mech)
    latencies = sorted(set([10.0, 30.0, 60.0, 120.0, 300.0, 600.0] + list(np.linspace(10, stop, 8))))
    latencies = [x for x in latencies if x <= stop]
    rows = latency_curve(latencies, mech)
    tol = 1e-9
    monotone = all(rows[i + 1][key] >= rows[i][key] - tol
                   for i in range(len(rows) - 1) for key in ("crying_min", "protest_min", "peak_load"))
    absent_peak = _run(hungry_night("absent", 120.0), mech).nights[0].summary["peak_load"]
    highest = all(absent_peak >= r["peak_load"] for r in rows)
    return monotone and highest, {"unaided_stop_s": stop, "rows": rows, "absent_peak_load": absent_peak}


def claim_4_caregiver_calms_first(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    r = _run(bedtime("absent"), mech)
    nr = r.nights[0]
    stop = last_bout_end_s(r)
    if stop is None:
        return False, {"stop_min": None}
    cg = nr.column("caregiver_arousal")
    baseline = r.setup.caregiver.stress
    halfway = baseline + 0.5 * (cg[stop] - baseline)
    within = np.flatnonzero(cg[stop:stop + 10 * 60 + 1] <= halfway)
    if within.size == 0:
        return False, {"stop_min": stop / 60, "caregiver_halfway_min": None}
    t_half = stop + int(within[0])
    load = nr.column("load")
    share = load[t_half] / load.max()
    rising = load[t_half + 1] > load[t_half]
    measured = {"stop_min": stop / 60, "caregiver_halfway_after_min": (t_half - stop) / 60,
                "load_share_of_peak": share, "load_rising": bool(rising)}
    return bool(share >= 0.75 or rising), measured


def claim_5_extinction_of_crying(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    r = _run(bedtime("absent", nights=5), mech)
    crying = [n.summary["crying_min"] for n in r.nights]
    peak = [n.summary["peak_load"] for n in r.nights]
    fall_crying = (crying[0] - crying[-1]) / crying[0] if crying[0] > 0 else 0.0
    fall_load = (peak[0] - peak[-1]) / peak[0]
    measured = {"crying_min": crying, "peak_load": peak, "crying_fall": fall_crying, "load_fall": fall_load}
    return fall_crying >= 0.5 and fall_load < 0.5 * fall_crying, measured


def claim_6_never_too_late(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    answering = CaregiverParams.for_policy("responsive", response_probability=1.0, respond_to_fussing=True)
    schedule = (ScheduleEntry(first_night=1, last_night=5, caregiver=CaregiverParams.for_policy("absent")),)
    repair = Setup(run=RunParams(duration_min=90.0, nights=8), caregiver=answering,
                   stressors=BEDTIME_STRESSORS, schedule=schedule)
    always = dataclasses.replace(repair, schedule=())
    x_repair = _run(repair, mech).nights[7].summary["final_expectancy"]
    x_always = _run(always, mech).nights[7].summary["final_expectancy"]
    return x_repair >= 0.8 * x_always, {"night8_expectancy_repair": x_repair,
                                        "night8_expectancy_always": x_always,
                                        "ratio": x_repair / x_always}


def claim_7_still_face(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    setup = Setup(run=RunParams(duration_min=6.0), stressors=(),
                  caregiver=CaregiverParams.for_policy("still_face"))
    nr = _run(setup, mech).nights[0]
    a, v = nr.column("arousal"), nr.column("vagal")
    play_a, play_v = a[60:120].mean(), v[60:120].mean()   # the second minute of play
    still = slice(120, 240)
    rise = a[still].max() - play_a
    v_low = v[still].min()
    end = 360                                              # after a 2-min reunion
    recovered = (v[end] - v_low) / (play_v - v_low)
    above = a[end] - play_a
    measured = {"arousal_rise": rise, "vagal_drop": play_v - v_low, "vagal_recovered_share": recovered,
                "arousal_above_play_after_reunion": above}
    return rise >= 0.2 and v_low < play_v and 0.3 <= recovered <= 0.9 and above >= 0.05, measured


def claim_8_quiet_can_be_regulated(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    setup = Setup(run=RunParams(duration_min=60.0), sleep=SleepParams(pressure_start=0.3, pressure_end=0.95,
                                                                      ramp_min=40.0),
                  caregiver=CaregiverParams.for_policy("responsive", response_probability=1.0))
    nr = _run(setup, mech).nights[0]
    asleep = float(nr.column("asleep")[-1])
    last_regime = int(nr.regime[-1])
    qdys = nr.summary["quiet_dysregulated_min"]
    return asleep >= 0.5 and last_regime == 0 and qdys < 0.1, {
        "final_asleep": asleep, "final_regime": last_regime, "quiet_dysregulated_min": qdys}


def claim_9_regulated_caregiver(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    def settle(**cg: float) -> float:
        s = _run(hungry_night("responsive", 60.0, response_probability=1.0, **cg), mech).nights[0].summary
        return s["time_to_settle_min"]
    calm, stressed, tired = settle(), settle(stress=0.8), settle(fatigue=0.8)
    measured = {"calm_min": calm, "stressed_min": stressed, "fatigued_min": tired}
    if None in (calm, stressed, tired):
        return False, measured
    return stressed >= 1.2 * calm and tired >= 1.2 * calm, measured


def claim_10_the_trials_side(mech: Mechanisms | None = None) -> tuple[bool, Measured]:
    r = _run(bedtime("graduated", nights=7), mech)
    first, last = r.nights[0].summary, r.nights[-1].summary
    measured = {key: (first[key], last[key]) for key in ("time_to_sleep_min", "peak_load", "crying_min")}
    if first["time_to_sleep_min"] is None or last["time_to_sleep_min"] is None:
        return False, measured
    ok = (last["time_to_sleep_min"] < first["time_to_sleep_min"] and last["peak_load"] < first["peak_load"]
          and last["crying_min"] <= 0.5 * first["crying_min"])
    return ok, measured


CLAIMS: dict[str, Callable[..., tuple[bool, Measured]]] = {
    "quiet_is_not_regulated": claim_1_quiet_is_not_regulated,
    "tears_together": claim_2_tears_together,
    "latency_is_a_dose": claim_3_latency_is_a_dose,
    "caregiver_calms_first": claim_4_caregiver_calms_first,
    "extinction_of_crying": claim_5_extinction_of_crying,
    "never_too_late": claim_6_never_too_late,
    "still_face": claim_7_still_face,
    "quiet_can_be_regulated": claim_8_quiet_can_be_regulated,
    "regulated_caregiver": claim_9_regulated_caregiver,
    "the_trials_side": claim_10_the_trials_side,
}

__all__ = ["CLAIMS", "latency_curve", "unaided_stop_s", "m"]
