"""The fifteen claims of the model, each a function of one baby in one reading: does it hold,
and what was measured.

Each claim sets up its case for a given baby -- the default one, or any infant settings --
in a given reading of the contested core (``stress_stays``: the seeds'; ``learns_to_settle``:
the trials'), with deterministic caregivers (fixed latencies, response probability 1 unless
stated) and returns a :class:`Verdict`. Claims 5 and 14 say what each reading must show;
every other claim must hold in both. The test suite checks every claim on the default baby
in both readings (``tests/checks/test_claims.py``); the robustness report checks them away from it
(:mod:`sim.checks.robustness`).

Cases that recur: the **bedtime** (:func:`sim.presets.bedtime`): a fed, tired baby put
down alone under rising sleep pressure, two hours; the **hungry waking**
(:func:`sim.presets.hungry_waking`): a night waking with one hunger that only a feed in
arms resolves; the **still-face session** and the **colicky evening** (:mod:`sim.presets`).

Per baby (``per_baby=True``, used for the population): every claim keeps its thresholds,
except those listed with their argument in :data:`PER_BABY_FORM`; the report shows the
share in both forms.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from sim.i18n import N_
from sim.engine.age import resting_heart_rate
from sim.engine.layout import State
from sim.engine.model import SIGNAL_VISIBLE
from sim.params import Mechanisms, Setup
from sim.presets import bedtime, colicky_evening, hungry_waking, repair, still_face_session
from sim.engine.simulate import RunResult, simulate
from sim.vocabulary import DEFAULT_READING


@dataclass(frozen=True)
class Verdict:
    """Whether a claim holds for one baby, with the values measured."""

    holds: bool
    measured: dict[str, Any] = field(default_factory=dict)


class Case:
    """One baby (infant settings over the defaults) with one set of mechanisms, in one
    reading of the contested core; runs are memoised, since several claims share them."""

    def __init__(self, infant: dict[str, float] | None = None, mechanisms: Mechanisms | None = None,
                 reading: str = DEFAULT_READING) -> None:
        self.infant = dict(infant or {})
        self.mechanisms = mechanisms or Mechanisms()
        self.reading = reading
        self._runs: dict[Setup, RunResult] = {}

    def prepare(self, setup: Setup) -> Setup:
        setup = dataclasses.replace(setup, mechanisms=self.mechanisms, reading=self.reading)
        return setup.with_values(infant=self.infant) if self.infant else setup

    def run(self, setup: Setup) -> RunResult:
        setup = self.prepare(setup)
        if setup not in self._runs:
            self._runs[setup] = simulate(setup)
        return self._runs[setup]

    def bedtime(self, policy: str, nights: int = 1, **caregiver: Any) -> RunResult:
        return self.run(bedtime(policy, nights=nights, **_deterministic(policy, caregiver)))

    def hungry(self, policy: str, **caregiver: Any) -> RunResult:
        return self.run(hungry_waking(policy, **_deterministic(policy, caregiver)))


def _deterministic(policy: str, caregiver: dict[str, Any]) -> dict[str, Any]:
    if policy in ("responsive", "delayed") and "response_probability" not in caregiver:
        return {**caregiver, "response_probability": 1.0}
    return caregiver


def crying_stop_s(result: RunResult, night: int = -1) -> int | None:
    """The end of the last second at or above the crying threshold (None: never cried)."""
    nr = result.night(night)
    crying = np.flatnonzero(nr.column("crying") >= result.setup.regimes.crying)
    return int(crying[-1]) + 1 if crying.size else None


# ---- the claims ------------------------------------------------------------------------

def quiet_is_not_regulated(case: Case, per_baby: bool = False) -> Verdict:
    """1. Default bedtime, absent: crying stops between 15 and 60 min (per baby: before 75
    min); afterwards the baby is silent (below visible fussing) or asleep >= 80% of the
    rest of the night; quiet_dysregulated >= 20 min."""
    r = case.bedtime("absent")
    nr = r.nights[0]
    stop = crying_stop_s(r)
    if stop is None:
        return Verdict(False, {"stop_min": None})
    after = slice(stop, nr.record.shape[0] - 1)
    silent = (nr.column("crying")[after] < SIGNAL_VISIBLE) | (nr.column("asleep")[after] >= 0.5)
    share = float(silent.mean()) if silent.size else 1.0
    qdys = nr.summary["quiet_dysregulated_min"]
    lo, hi = (0.0, 75.0) if per_baby else (15.0, 60.0)
    ok = lo <= stop / 60 <= hi and share >= 0.8 and qdys >= 20.0
    return Verdict(ok, {"stop_min": stop / 60, "silent_or_asleep_after": share, "quiet_dysregulated_min": qdys})


def tears_together(case: Case, per_baby: bool = False) -> Verdict:
    """2. Default bedtime: responsive has <= 1 min quiet_dysregulated and a peak load <= 0.25
    x absent's. Hungry waking, responsive: >= 1 min releasing (crying in arms until fed)
    and a peak load <= 0.25 x absent's."""
    bed, bed_absent = case.bedtime("responsive").nights[0].summary, case.bedtime("absent").nights[0].summary
    hun, hun_absent = case.hungry("responsive").nights[0].summary, case.hungry("absent").nights[0].summary
    bed_ratio = bed["peak_load"] / bed_absent["peak_load"]
    hun_ratio = hun["peak_load"] / hun_absent["peak_load"]
    measured = {"bedtime_quiet_dysregulated_min": bed["quiet_dysregulated_min"], "bedtime_peak_load_ratio": bed_ratio,
                "hungry_releasing_min": hun["releasing_min"], "hungry_peak_load_ratio": hun_ratio}
    ok = (bed["quiet_dysregulated_min"] <= 1.0 and bed_ratio <= 0.25 and hun["releasing_min"] >= 1.0
          and hun_ratio <= 0.25)
    return Verdict(ok, measured)


def _latency_rows(case: Case, which: str) -> tuple[list[dict[str, float]], float, int | None]:
    absent = case.bedtime("absent") if which == "bedtime" else case.hungry("absent")
    onset = int(min(s.onset_min for s in absent.setup.stressors) * 60)
    stop = crying_stop_s(absent)
    if stop is None:
        return [], absent.nights[0].summary["peak_load"], None
    unaided = stop - onset
    latencies = sorted({10.0, 30.0, 60.0, 120.0, 300.0, 600.0, *np.linspace(10.0, unaided, 8).round(0)})
    rows = []
    for lat in (x for x in latencies if x <= unaided):
        r = case.bedtime("delayed", latency_s=lat) if which == "bedtime" else case.hungry("delayed", latency_s=lat)
        s = r.nights[0].summary
        rows.append({"latency_s": lat, "crying_min": s["crying_min"], "protest_min": s["protest_min"],
                     "peak_load": s["peak_load"]})
    return rows, absent.nights[0].summary["peak_load"], unaided


def latency_is_a_dose(case: Case, per_baby: bool = False) -> Verdict:
    """3. Hungry waking and default bedtime: for latencies from 10 s up to the time crying
    stops unaided, crying minutes, protest minutes and peak load never decrease as
    latency grows (tolerance: 15 s -- a regime stretch shorter than that takes its
    neighbour's regime, so crying in arms can move between protest and releasing by that
    much -- and 0.1% of the load); absent has the highest peak load of all."""
    measured: dict[str, Any] = {}
    ok = True
    for which in ("hungry", "bedtime"):
        rows, absent_peak, unaided = _latency_rows(case, which)
        if unaided is None:
            return Verdict(False, {f"{which}_unaided_stop_s": None})
        for key, tol in (("crying_min", 0.25), ("protest_min", 0.25), ("peak_load", 1e-3)):
            drops = [(a["latency_s"], b["latency_s"]) for a, b in zip(rows, rows[1:])
                     if b[key] < a[key] - tol * max(1.0, a[key] if key == "peak_load" else 1.0)]
            if drops:
                ok = False
                measured[f"{which}_{key}_drops"] = drops
        highest = all(absent_peak >= r["peak_load"] for r in rows)
        ok = ok and highest
        measured[f"{which}_unaided_stop_s"] = unaided
        measured[f"{which}_absent_peak_load"] = absent_peak
        measured[f"{which}_rows"] = rows
    return Verdict(ok, measured)


def caregiver_calms_first(case: Case, per_baby: bool = False) -> Verdict:
    """4. Absent bedtime: the caregiver's arousal falls halfway back to its baseline within
    10 min of crying stopping, while the baby's load is then >= 75% of its peak or still
    rising."""
    r = case.bedtime("absent")
    nr = r.nights[0]
    stop = crying_stop_s(r)
    if stop is None:
        return Verdict(False, {"stop_min": None})
    cg = nr.column("caregiver_arousal")
    baseline = r.setup.caregiver.stress
    halfway = baseline + 0.5 * (cg[stop] - baseline)
    within = np.flatnonzero(cg[stop:stop + 10 * 60 + 1] <= halfway)
    if within.size == 0:
        return Verdict(False, {"stop_min": stop / 60, "caregiver_halfway_after_min": None})
    t_half = stop + int(within[0])
    load = nr.column("load")
    share = float(load[t_half] / load.max())
    rising = bool(load[min(t_half + 1, load.size - 1)] > load[t_half])
    return Verdict(share >= 0.75 or rising, {"stop_min": stop / 60, "caregiver_halfway_after_min": (t_half - stop) / 60,
                                             "load_share_of_peak": share, "load_rising": rising})


def extinction_of_crying(case: Case, per_baby: bool = False) -> Verdict:
    """5. Absent bedtimes. The seeds' reading (E1's pattern, contested): night 3's crying <= 50%
    of night 1's while night 3's peak load is >= 80% of night 1's -- behaviour changed, the
    load did not. The trials' reading: the same run's load falls with the crying -- night 3's
    crying <= 50% of night 1's and night 7's peak load <= 50% of night 1's."""
    r = case.bedtime("absent", nights=7)
    crying = [n.summary["crying_min"] for n in r.nights]
    peak = [n.summary["peak_load"] for n in r.nights]
    measured = {"crying_min": crying, "peak_load": peak, "night3_crying_share": _share(crying[2], crying[0]),
                "night3_peak_load_share": _share(peak[2], peak[0]), "night7_peak_load_share": _share(peak[6], peak[0])}
    if case.reading == "stress_stays":
        return Verdict(crying[2] <= 0.5 * crying[0] and peak[2] >= 0.8 * peak[0], measured)
    return Verdict(peak[6] <= 0.5 * peak[0], measured)


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else float("nan")


def never_too_late(case: Case, per_baby: bool = False) -> Verdict:
    """6. Five absent bedtimes, then responsive: night 8's final expectancy >= 0.8 x night 8's
    in an all-responsive run."""
    x_repair = case.run(repair()).nights[7].summary["final_expectancy"]
    x_always = case.bedtime("responsive", nights=8).nights[7].summary["final_expectancy"]
    return Verdict(x_repair >= 0.8 * x_always, {"night8_expectancy_repair": x_repair,
                                               "night8_expectancy_always": x_always, "ratio": x_repair / x_always})


def still_face(case: Case, per_baby: bool = False) -> Verdict:
    """7. Play, still face, reunion (2 min each): arousal rises >= 0.15 above its play level
    and vagal tone falls, by less than 60% of its play level; crying during the still face
    <= 1 min; after the reunion vagal tone has recovered 30-90% of its drop and arousal is
    still >= 0.05 above play; peak load <= 0.1 x an absent bedtime's, and no higher than the
    same baby's when the caregiver leaves the room for those two minutes instead (E7)."""
    r = case.run(still_face_session())
    nr = r.nights[0]
    a, v = nr.column("arousal"), nr.column("vagal")
    play_a, play_v = float(a[60:120].mean()), float(v[60:120].mean())  # the second minute of play
    still = slice(120, 240)
    rise = float(a[still].max()) - play_a
    v_low = float(v[still].min())
    drop = play_v - v_low
    crying_s = int(np.count_nonzero(nr.column("crying")[still] >= r.setup.regimes.crying))
    end = 360
    recovered = (float(v[end]) - v_low) / drop if drop > 0 else 0.0
    above = float(a[end]) - play_a
    load_ratio = nr.summary["peak_load"] / case.bedtime("absent").nights[0].summary["peak_load"]
    separation = case.run(still_face_session(separation=True)).nights[0].summary["peak_load"]
    measured = {"arousal_rise": rise, "vagal_drop_share": drop / play_v, "still_face_crying_min": crying_s / 60,
                "vagal_recovered_share": recovered, "arousal_above_play_after_reunion": above,
                "peak_load_ratio": load_ratio, "peak_load": nr.summary["peak_load"],
                "separation_peak_load": separation}
    no_higher = _no_higher(nr.summary["peak_load"], separation, "peak_load")
    ok = (rise >= 0.15 and 0.0 < drop < 0.6 * play_v and crying_s <= 60 and 0.3 <= recovered <= 0.9
          and above >= 0.05 and load_ratio <= 0.1)
    return Verdict(ok and no_higher, measured)


def quiet_can_be_regulated(case: Case, per_baby: bool = False) -> Verdict:
    """8. Hungry waking, fed in arms as sleep pressure rises: asleep by the end (asleep >=
    0.5), ends settled, quiet_dysregulated < 0.1 min."""
    nr = case.hungry("responsive").nights[0]
    asleep = float(nr.column("asleep")[-1])
    final = int(nr.regime[-1])
    qdys = nr.summary["quiet_dysregulated_min"]
    return Verdict(asleep >= 0.5 and final == 0 and qdys < 0.1,
                   {"final_asleep": asleep, "final_regime": final, "quiet_dysregulated_min": qdys})


def regulated_caregiver(case: Case, per_baby: bool = False) -> Verdict:
    """9. Hungry waking, same latency: a stressed (stress 0.8) and a fatigued (fatigue 0.8)
    caregiver each take >= 20% longer to settle the baby than a rested, calm one."""
    calm = case.hungry("responsive").nights[0].summary["time_to_settle_min"]
    stressed = case.hungry("responsive", stress=0.8).nights[0].summary["time_to_settle_min"]
    tired = case.hungry("responsive", fatigue=0.8).nights[0].summary["time_to_settle_min"]
    measured = {"calm_min": calm, "stressed_min": stressed, "fatigued_min": tired}
    if calm is None:
        return Verdict(False, measured)
    longer = [x is None or x >= 1.2 * calm for x in (stressed, tired)]  # None: never settled
    return Verdict(all(longer), measured)


#: "No higher than" allows for differences too small to mean anything: a regime flicker
#: (15 s, the shortest regime stretch) for minutes, 1% of the scale for the load.
NO_HIGHER = {"quiet_dysregulated_min": 0.25, "time_to_sleep_min": 0.25, "peak_load": 0.01}


def _no_higher(later: float | None, earlier: float | None, key: str) -> bool:
    never = float("inf")
    return (later if later is not None else never) <= (earlier if earlier is not None else never) + NO_HIGHER[key]


def trials_side(case: Case, per_baby: bool = False) -> Verdict:
    """10. Graduated bedtime over 7 nights (E2): night 7's time to sleep <= 0.75 x night 1's,
    crying <= half, peak load lower, quiet_dysregulated not higher than night 1's (within
    :data:`NO_HIGHER`)."""
    r = case.bedtime("graduated", nights=7)
    first, last = r.nights[0].summary, r.nights[-1].summary
    keys = ("time_to_sleep_min", "crying_min", "peak_load", "quiet_dysregulated_min")
    measured = {k: (first[k], last[k]) for k in keys}
    if first["time_to_sleep_min"] is None or last["time_to_sleep_min"] is None:
        return Verdict(False, measured)
    ok = (last["time_to_sleep_min"] <= 0.75 * first["time_to_sleep_min"]
          and last["crying_min"] <= 0.5 * first["crying_min"] and last["peak_load"] < first["peak_load"]
          and _no_higher(last["quiet_dysregulated_min"], first["quiet_dysregulated_min"], "quiet_dysregulated_min"))
    return Verdict(ok, measured)


def attuned_care_is_stable(case: Case, per_baby: bool = False) -> Verdict:
    """11. 14 responsive bedtimes: final expectancy >= 0.7 every night; night 14's
    quiet_dysregulated, peak load and time to sleep no higher than night 1's (within
    :data:`NO_HIGHER`)."""
    r = case.bedtime("responsive", nights=14)
    x = [n.summary["final_expectancy"] for n in r.nights]
    first, last = r.nights[0].summary, r.nights[-1].summary
    keys = ("quiet_dysregulated_min", "peak_load", "time_to_sleep_min")
    measured = {"min_final_expectancy": min(x), **{k: (first[k], last[k]) for k in keys}}
    return Verdict(min(x) >= 0.7 and all(_no_higher(last[k], first[k], k) for k in keys), measured)


AGES = (2.0, 6.0, 12.0, 24.0)


def age_shapes_the_baby(case: Case, per_baby: bool = False) -> Verdict:
    """12. A hungry waking answered after 5 min, at 2, 6, 12 and 24 months: the peak load
    never rises with age and at 24 months is <= 0.7 x at 2 months; the resting heart rate
    falls; self-soothing at night 1 rises."""
    peaks, soothing, resting = [], [], []
    for age in AGES:
        baby = Case({**case.infant, "age_months": age}, case.mechanisms)
        r = baby.hungry("delayed", latency_s=300.0)
        peaks.append(r.nights[0].summary["peak_load"])
        soothing.append(r.nights[0].carry_in.self_soothing)
        resting.append(resting_heart_rate(age))
    ok = (all(b <= a + 1e-9 for a, b in zip(peaks, peaks[1:])) and peaks[-1] <= 0.7 * peaks[0]
          and all(b < a for a, b in zip(resting, resting[1:])) and all(b > a for a, b in zip(soothing, soothing[1:])))
    return Verdict(ok, {"ages": AGES, "peak_load": peaks, "resting_heart_rate": resting, "self_soothing": soothing})


def extinction_works_as_behaviour(case: Case, per_baby: bool = False) -> Verdict:
    """13. Seven absent bedtimes (every reading; E2, robust): night 7's crying <= 35% of night
    1's, and night 7's time to sleep shorter than night 1's."""
    r = case.bedtime("absent", nights=7)
    first, last = r.nights[0].summary, r.nights[-1].summary
    measured = {"crying_min": (first["crying_min"], last["crying_min"]),
                "time_to_sleep_min": (first["time_to_sleep_min"], last["time_to_sleep_min"])}
    if first["time_to_sleep_min"] is None or last["time_to_sleep_min"] is None:
        return Verdict(False, measured)
    ok = (last["crying_min"] <= 0.35 * first["crying_min"]
          and last["time_to_sleep_min"] < first["time_to_sleep_min"])
    return Verdict(ok, measured)


NIGHTS_OF_HARM = 30


def no_harm_that_grows(case: Case, per_baby: bool = False) -> Verdict:
    """14. Thirty absent bedtimes (every reading): from night 3 on, neither the night's peak
    load nor its hidden minutes rise above night 3's (within :data:`NO_HIGHER`). In the
    trials' reading, night 30's peak load is <= 25% of night 1's."""
    r = case.bedtime("absent", nights=NIGHTS_OF_HARM)
    peak = [n.summary["peak_load"] for n in r.nights]
    hidden = [n.summary["quiet_dysregulated_min"] for n in r.nights]
    rises = [n + 1 for n in range(3, len(peak))
             if not (_no_higher(peak[n], peak[2], "peak_load")
                     and _no_higher(hidden[n], hidden[2], "quiet_dysregulated_min"))]
    measured = {"peak_load": (peak[0], peak[2], peak[-1]), "hidden_min": (hidden[0], hidden[2], hidden[-1]),
                "nights_above_night3": rises, "night30_peak_load_share": _share(peak[-1], peak[0])}
    ok = not rises
    if case.reading == "learns_to_settle":
        ok = ok and peak[-1] <= 0.25 * peak[0]
    return Verdict(ok, measured)


def contact_reduces_crying(case: Case, per_baby: bool = False) -> Verdict:
    """15. An evening of colic, bouts that pass with time (E3, E17): carried throughout, the
    baby cries 25-75% as much as when answered after a minute, and its peak load is no higher."""
    carried = case.run(colicky_evening("carried")).nights[0].summary
    answered = case.run(colicky_evening("responsive", latency_s=60.0, response_probability=1.0,
                                        respond_to_fussing=False)).nights[0].summary
    share = _share(carried["crying_min"], answered["crying_min"])
    measured = {"carried_crying_min": carried["crying_min"], "answered_crying_min": answered["crying_min"],
                "crying_share": share, "carried_peak_load": carried["peak_load"],
                "answered_peak_load": answered["peak_load"]}
    return Verdict(0.25 <= share <= 0.75 and carried["peak_load"] <= answered["peak_load"], measured)


#: The fifteen claims by their number (the order the README and the About page list them): number ->
#: (name, function).
CLAIMS: dict[int, tuple[str, Callable[..., Verdict]]] = {
    1: (N_("quiet is not regulated"), quiet_is_not_regulated),
    2: (N_("tears together, tears alone"), tears_together),
    3: (N_("latency is a dose"), latency_is_a_dose),
    4: (N_("the caregiver calms first"), caregiver_calms_first),
    5: (N_("extinction of crying is not extinction of distress"), extinction_of_crying),
    6: (N_("it is never too late"), never_too_late),
    7: (N_("still face"), still_face),
    8: (N_("quiet can be regulated"), quiet_can_be_regulated),
    9: (N_("co-regulation needs a regulated caregiver"), regulated_caregiver),
    10: (N_("the trials' side"), trials_side),
    11: (N_("attuned care is stable"), attuned_care_is_stable),
    12: (N_("age shapes the baby"), age_shapes_the_baby),
    13: (N_("extinction works as behaviour"), extinction_works_as_behaviour),
    14: (N_("no harm that grows"), no_harm_that_grows),
    15: (N_("contact reduces crying, it does not erase it"), contact_reduces_crying),
}

#: Claims about one infant setting: exempt when that very setting is varied.
ABOUT_SETTING = {12: "age_months"}

#: The claims each named mechanism carries, per reading: with it switched off (everything else at the
#: defaults) exactly these claims fail for the default baby (``tests/checks/test_mechanisms.py`` checks it;
#: the model page shows it). Every mechanism carries at least one claim in at least one reading.
MECHANISM_CLAIMS = {
    "expectancy_gates_crying": {"stress_stays": (5, 13), "learns_to_settle": (5, 13, 14)},
    "energy_depletes": {"stress_stays": (4, 5), "learns_to_settle": (4,)},
    "uncontrollability_amplifies_load": {"stress_stays": (1,), "learns_to_settle": (1,)},
    "noncontingent_presence_stresses": {"stress_stays": (7,), "learns_to_settle": (7,)},
    "caregiver_arousal_lowers_capacity": {"stress_stays": (9,), "learns_to_settle": (9,)},
    "supported_practice_builds_self_soothing": {"stress_stays": (10, 12), "learns_to_settle": (12,)},
    "settling_habituates": {"stress_stays": (), "learns_to_settle": (5, 14)},
    "settling_is_learned": {"stress_stays": (13,), "learns_to_settle": ()},
    "alone_baby_calls": {"stress_stays": (), "learns_to_settle": (6,)},
}


#: How each claim is judged for one baby of a population, where it differs from the default
#: form, with the argument for it (a per-baby form may drop a threshold that describes one
#: typical baby, never the direction of a claim).
PER_BABY_FORM = {
    1: N_("crying stops before 75 min instead of between 15 and 60: the window is the typical "
       "baby's; a calm baby runs out of crying sooner and a reactive one later, and what the claim "
       "is about -- silent or asleep afterwards while arousal or the load is still high, >= 20 min "
       "-- keeps its thresholds"),
}


def check_all(infant: dict[str, float] | None = None, mechanisms: Mechanisms | None = None,
              per_baby: bool = False, only: tuple[int, ...] | None = None,
              reading: str = DEFAULT_READING) -> dict[int, Verdict]:
    """Every claim (or those in ``only``) for one baby in one reading."""
    case = Case(infant, mechanisms, reading)
    return {n: fn(case, per_baby) for n, (_, fn) in CLAIMS.items() if only is None or n in only}


__all__ = ["CLAIMS", "Case", "Verdict", "check_all", "crying_stop_s", "State"]
