"""A second, independent implementation of the night logic, for checking the kernel.

Written from the project's design notes (the model's and the command line's specifications), the
README and the docstrings and module constants of the kernel's modules (read with ``help()``,
never their function bodies): the caregiver policies, the stressors' bookkeeping, the night's
accounting (settling credit, practice, responding), the rules between nights (expectancy,
habituation, self-settling, self-soothing, fatigue, the load's decay); the per-night summary and
regimes are :mod:`sim.checks.night_summary_check`. The equations
are the independent transcription (:func:`sim.checks.transcription.derivatives`) under a plain RK4.
Slow and simple on purpose (Python floats); ``tests/checks/test_night_logic.py`` compares it with
:func:`sim.simulate` on every library scenario. Do not use it to run the model.

Imports: :mod:`sim.checks.transcription` (the equations), :mod:`sim.params` and :mod:`sim.vocabulary`
(settings and names), :func:`sim.engine.pack.pack_params` with :func:`sim.engine.numerics.substeps` (how many
equal RK4 sub-steps a parameter set takes per second: numerics, not night logic), and
:func:`sim.engine.simulate.draws_for` (the run's per-second uniforms: the random *stream* is plumbing;
how a policy uses the draws is written here). Nothing else of the kernel is imported (a test
checks it).

Rules the documentation left open, and the choice made (``GAP key`` at the code). *found*: the
first reading disagreed with the kernel, this one agrees; *confirmed*: an alternative was tried
and disagreed; *open*: no case tells them apart.

* ``draws`` column 0 of second t draws a latency seen at t, column 1 decides an answer at t;
  ``retry``: re-checked after retry_s: a fresh draw if the baby still signals or looks agitated
  (arousal >= regimes.arousal), else the caregiver stops waiting (confirmed).
* ``arrival`` present from the row the latency ends; that row does not count toward leaving
  (found); gone from the row the count (quiet and calm, or asleep, nothing pending) is met -- at
  least one such second (with settled_before_leaving_min = 0 the kernel once left after one
  second with a feed pending: a kernel bug, mended).
* ``pending`` a sleep-resolved need is pending until resolved (5 min asleep), not only until
  the baby is asleep as worded (found).
* ``graduated`` a wait counts seconds of visible signal; a minute of quiet restarts it and keeps
  the interval's index (confirmed); the row a check-in ends does not count (found).
* ``still_face`` contact 0 under the still face; play goes on after the reunion (confirmed);
  ``scripted``: away before the first action; present = false means p = u = c = 0;
  ``rupture``: implemented from sim.engine.policies' docstring once it was written down (it was not).
* ``alone_cap`` alone need = min(1, sum x (1 - habituation)), capped after habituation (found).
* ``care`` held seconds count only while the stressor acts; need x (1 - care / care_s).
* ``sleep_run`` the bookkeeping of second t-1 uses asleep at row t (confirmed).
* ``first_sleep`` the first row asleep; held if that row's contact >= 0.5 (open).
* ``practice`` present, contingency > 0, contact < 0.5, awake, arousal in [0.25, 0.7]; no
  "calming itself" (falling arousal) condition, despite the wording (found).
* ``acc_rows`` practice, responding and put-down seconds count rows 0..n-1 (found).
* ``responding`` present and (crying or arousal >= regimes.arousal) (confirmed).
* ``credits`` both credits are a ratio times min(1, its seconds / SETTLING_FULL_S); for the quiet
  credit that factor is not documented (found).
* ``fatigue`` F' = (F + 0.4 h (1 - F)) (1 - 0.3): saturating (found).
* ``first_fatigue`` night 1 took [caregiver].fatigue even under a schedule covering night 1 (a
  kernel bug, mended: night 1's caregiver's fatigue).
* ``mech_off`` a switched-off state stays at night 1's (confirmed); no practice: a newborn's start.
* ``rows`` minutes and 5-min stretches count rows 0..n-1; extremes, mean arousal and finals rows 0..n (found);
  ``falling``: arousal falls if the next row's is lower (the last row's does not);
  ``smoothing``: a short first stretch takes the first long stretch's regime (open).
* ``bouts`` gaps under 30 s merged first, then bouts under 5 s dropped (confirmed).
* ``settle`` the 5-min settled stretch counts from the first onset's whole second (a stretch under
  way counts from there; 0 is possible) (found).
* ``quiet_to_settled`` runs to the first 5-min settled stretch counted from the last bout's end,
  not to time to settle's stretch as the specification said (found).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sim.params import CaregiverParams, Setup
from sim.checks.transcription import Settings, derivatives
from sim.checks.night_summary_check import summarize
from sim.vocabulary import STRESSOR_KIND

# ---- constants, as the kernel's modules declare them (read with help()) ----------------------
RESTING_AROUSAL, RESTING_VAGAL = 0.05, 0.85      # sim.engine.nights: a night starts at rest
HELD_CONTACT, SLEEP_RESOLVES_S = 0.5, 300.0      # sim.engine.stressors: held; five minutes asleep
ASLEEP = 0.5                                      # sim.vocabulary.ASLEEP_AT: asleep at or above it
FUSS_SEEN, SIGNAL_VISIBLE, QUIET_RESTARTS_S = 0.05, 0.05, 60.0   # sim.engine.policies
MISMATCH_GRACE_S = 10.0                           # sim.engine.policies: a mismatch's contingency is gone after this
PRACTICE_LOW, PRACTICE_HIGH = 0.25, 0.7           # sim.engine.kernel: moderate arousal
PRACTICE_FULL_S, SETTLING_FULL_S = 300.0, 360.0   # sim.engine.nights
QUIET_COUNTS = {"stress_stays": 0.0, "learns_to_settle": 1.0}   # sim.engine.nights
FATIGUE_PER_HOUR, FATIGUE_DAY_RECOVERY = 0.4, 0.3  # sim.engine.nights


# ---- the slow states carried between nights -----------------------------------------------
@dataclass(frozen=True)
class Slow:
    """What one night hands the next (sim.engine.nights)."""

    expectancy: float
    self_soothing: float
    habituation: float
    fatigue: float
    self_settling: float
    load: float = 0.0
    load_stage1: float = 0.0


def _ceiling(age: float) -> float:   # sim.engine.age: how far self-soothing can grow by practice
    return min(1.0, 0.15 + 0.025 * age)


def first_night(setup: Setup) -> Slow:
    """Night 1 (sim.engine.age for self-soothing: ``0.03 + 0.012 age`` times the baby's own, within the
    ceiling; a newborn's without supported practice)."""
    inf = setup.infant
    age = inf.age_months if setup.mechanisms.supported_practice_builds_self_soothing else 0.0  # GAP mech_off
    soothing = min(_ceiling(inf.age_months), (0.03 + 0.012 * age) * inf.self_soothing)
    return Slow(expectancy=inf.expectancy_start, self_soothing=soothing, habituation=inf.habituation,
                fatigue=setup.caregiver_for_night(1).fatigue, self_settling=inf.self_settling)


# ---- stressors --------------------------------------------------------------------------------
class Needs:
    """The stressors of one night: onset, intensity, what resolves them (sim.engine.stressors)."""

    def __init__(self, setup: Setup, habituation: float) -> None:
        self.items = [{"onset": s.onset_min * 60.0, "intensity": s.intensity, "by": s.resolved_by,
                       "care_s": s.care_min * 60.0, "end": (s.onset_min + (s.duration_min or 0.0)) * 60.0,
                       "felt_asleep": STRESSOR_KIND[s.kind].felt_asleep, "alone": STRESSOR_KIND[s.kind].alone,
                       "care": 0.0, "resolved": False, "run": 0.0} for s in setup.stressors]
        self.habituation = habituation

    @staticmethod
    def acts(s: dict, t: float) -> bool:
        return t >= s["onset"] and not s["resolved"] and not (s["by"] == "time" and t >= s["end"])

    def alone_acts(self, t: float) -> bool:
        return any(s["alone"] and self.acts(s, t) for s in self.items)

    def assess(self, t: int, last_contact: float, asleep_now: bool) -> tuple[bool, float, float, float]:
        """Bookkeeping of second ``t - 1``, then (pending, need asleep, need awake, need alone) at ``t``."""
        for s in self.items if t > 0 else ():
            if not self.acts(s, t - 1):
                continue                                             # GAP care
            if s["by"] == "care" and last_contact >= HELD_CONTACT:
                s["care"] += 1.0
                s["resolved"] = s["care"] >= s["care_s"]
            elif s["by"] == "sleep":
                s["run"] = s["run"] + 1.0 if asleep_now else 0.0     # GAP sleep_run
                s["resolved"] = s["run"] >= SLEEP_RESOLVES_S
        pending = False
        felt = {"asleep": 0.0, "awake": 0.0, "alone": 0.0}
        for s in self.items:
            if not self.acts(s, t):
                continue
            level = s["intensity"]
            if s["by"] in ("care", "sleep"):
                pending = True                                       # GAP pending
            if s["by"] == "care":
                level *= max(0.0, 1.0 - s["care"] / s["care_s"])    # eased as the feed goes on
            felt["alone" if s["alone"] else "asleep" if s["felt_asleep"] else "awake"] += level
        return (pending, min(1.0, felt["asleep"]), min(1.0, felt["awake"]),
                min(1.0, felt["alone"] * (1.0 - self.habituation)))  # GAP alone_cap


# ---- caregiver policies -----------------------------------------------------------------------
class Caregiver:
    """One night's caregiver (sim.engine.policies). It sees crying, arousal,
    asleep and whether a need it meets is pending -- never the load."""

    def __init__(self, cg: CaregiverParams, th_cry: float, th_arousal: float) -> None:
        self.cg, self.th_cry, self.th_arousal = cg, th_cry, th_arousal
        self.mode = "away"
        self.timer = 0.0      # when a wait ends (answering) / seconds of signal waited (graduated)
        self.count = 0.0      # seconds settled while holding / seconds of quiet (graduated)
        self.index = 0        # graduated: which interval
        self.in_step = True   # rupture_repair: in step, or in a mismatch of age ``count`` s

    def signals(self, y: float) -> bool:   # crying, or fussing if the caregiver answers it
        return y >= self.th_cry or (self.cg.respond_to_fussing and y >= FUSS_SEEN)

    def decide(self, t: int, y: float, a: float, z: float, pending: bool, draw_lat: float,
               draw_p: float) -> tuple[float, float, float]:
        """(presence, contact, contingency) for the step that starts at ``t``."""
        policy = self.cg.policy
        if policy in ("responsive", "delayed", "inconsistent"):
            return self._answering(t, y, a, z, pending, draw_lat, draw_p)
        if policy == "rupture_repair":
            return self._rupture_repair(draw_p)
        return {"graduated": self._graduated, "still_face": self._still_face, "scripted": self._scripted,
                "absent": lambda t, y: (0.0, 0.0, 0.0)}[policy](t, y)

    def _answering(self, t, y, a, z, pending, draw_lat, draw_p):
        cg = self.cg
        held = (1.0, cg.contact, cg.contingency)
        if self.mode == "away" and self.signals(y):
            latency = cg.latency_s                                   # GAP draws
            if cg.latency_max_s is not None:
                latency += draw_lat * (cg.latency_max_s - cg.latency_s)
            self.mode, self.timer = "waiting", t + latency
        if self.mode in ("waiting", "retry") and t >= self.timer:   # GAP retry
            if not (self.signals(y) or a >= self.th_arousal):
                self.mode = "away"
            elif draw_p < cg.response_probability:
                self.mode, self.count = "holding", 0.0
                return held                                          # GAP arrival
            else:
                self.mode, self.timer = "retry", t + cg.retry_s
        if self.mode == "holding":
            settled = (y < self.th_cry and a < self.th_arousal) or z >= ASLEEP
            self.count = self.count + 1.0 if (settled and not pending) else 0.0
            if self.count >= max(cg.settled_before_leaving_min * 60.0, 1.0):
                self.mode = "away"
                return 0.0, 0.0, 0.0
            return held
        return 0.0, 0.0, 0.0

    def _graduated(self, t, y):                                      # GAP graduated
        cg = self.cg
        if self.mode == "checkin":
            if t < self.timer:
                return 1.0, cg.contact, cg.contingency
            self.mode, self.timer, self.count = "away", 0.0, 0.0
            self.index += 1
            return 0.0, 0.0, 0.0
        if y >= SIGNAL_VISIBLE:
            self.timer, self.count = self.timer + 1.0, 0.0
        else:
            self.count += 1.0
            if self.count >= QUIET_RESTARTS_S:
                self.timer = 0.0
        waits = cg.checkin_intervals_min
        if self.timer >= waits[min(self.index, len(waits) - 1)] * 60.0:
            self.mode, self.timer = "checkin", t + cg.checkin_min * 60.0
            return 1.0, cg.contact, cg.contingency
        return 0.0, 0.0, 0.0

    def _rupture_repair(self, draw: float) -> tuple[float, float, float]:
        """Present with ``contact``; stretches in step and mismatches start and end at random
        (sim.engine.policies): the contingency reaching the baby falls with a mismatch's age."""
        cg = self.cg
        f = cg.in_sync_fraction
        if self.in_step:
            if draw < 1.0 / max(cg.repair_s * f / (1.0 - f), 1.0):
                self.in_step, self.count = False, 0.0
        elif draw < 1.0 / max(cg.repair_s if cg.repaired else cg.unrepaired_s, 1.0):
            self.in_step = True
        else:
            self.count += 1.0
        share = 1.0 if self.in_step else max(0.0, 1.0 - self.count / MISMATCH_GRACE_S)
        return 1.0, cg.contact, cg.contingency * share

    def _still_face(self, t, y):                                        # GAP still_face
        cg = self.cg
        if cg.play_min * 60.0 <= t < (cg.play_min + cg.still_min) * 60.0:
            return 1.0, 0.0, 0.0
        return 1.0, cg.contact, cg.contingency

    def _scripted(self, t, y):                                          # GAP scripted
        current = None
        for action in self.cg.actions:
            if action.at_min * 60.0 <= t:
                current = action
        if current is None or not current.present:
            return 0.0, 0.0, 0.0
        return 1.0, current.contact, current.contingency


# ---- one night ------------------------------------------------------------------------------
def _substeps(setup: Setup, night: int, slow: Slow) -> int:
    """Numerics, not night logic: the kernel's own sub-step count for this night's parameters."""
    from sim.engine.numerics import substeps
    from sim.engine.pack import pack_params
    vector = pack_params(setup, self_soothing=slow.self_soothing, fatigue=slow.fatigue,
                         self_settling=slow.self_settling, caregiver=setup.caregiver_for_night(night))
    return int(substeps(vector))


def _rk4_second(t: float, y: list[float], inputs: tuple, s: Settings, n: int) -> list[float]:
    if 0.02 < y[7] < 0.98:  # numerics (sim.engine.model): twice the steps while between awake and asleep
        n *= 2
    h = 1.0 / n
    for j in range(n):
        tj = t + j * h
        k1 = derivatives(tj, y, inputs, s)
        k2 = derivatives(tj + 0.5 * h, [a + 0.5 * h * b for a, b in zip(y, k1)], inputs, s)
        k3 = derivatives(tj + 0.5 * h, [a + 0.5 * h * b for a, b in zip(y, k2)], inputs, s)
        k4 = derivatives(tj + h, [a + h * b for a, b in zip(y, k3)], inputs, s)
        y = [a + h / 6.0 * (b1 + 2.0 * b2 + 2.0 * b3 + b4) for a, b1, b2, b3, b4 in zip(y, k1, k2, k3, k4)]
    return y


def run_night(setup: Setup, night: int, slow: Slow, draws: Any = None) -> tuple[list, dict, dict]:
    """Night ``night`` from the slow states ``slow``: each second the stressors are assessed, the
    caregiver decides from the state at that second, the night is accounted, RK4 advances.
    Returns the rows (state, inputs, coregulation), the accounting and the summary."""
    cg, inf, reg = setup.caregiver_for_night(night), setup.infant, setup.regimes
    settings = Settings(infant=inf, pressure_start=setup.sleep.pressure_start,
                        pressure_end=setup.sleep.pressure_end, ramp_min=setup.sleep.ramp_min,
                        caregiver_stress=cg.stress, caregiver_fall_min=cg.arousal_fall_min,
                        self_soothing=slow.self_soothing, self_settling=slow.self_settling,
                        fatigue=slow.fatigue, mechanisms=setup.mechanisms)
    n_sub = _substeps(setup, night, slow)
    n_steps = int(round(setup.run.duration_min * 60.0))
    if draws is None:
        from sim.engine.simulate import draws_for
        draws = draws_for(setup.run.seed, night, n_steps)
    # fast states reset, energy full, expectancy and the load carried, the caregiver at their stress
    y = [RESTING_AROUSAL, RESTING_VAGAL, 0.0, 1.0, slow.expectancy, slow.load_stage1, slow.load, 0.0,
         cg.stress, 0.0, 0.0]
    needs, caregiver = Needs(setup, slow.habituation), Caregiver(cg, reg.crying, reg.arousal)
    on = 1.0 if setup.mechanisms.caregiver_arousal_lowers_capacity else 0.0
    acc = {"calm_before": 0, "calm": 0, "quiet_aroused": 0, "crying": 0, "distressed": False,
           "practice": 0, "responding": 0, "first_sleep": None}
    rows: list = []
    last_contact = 0.0
    for k in range(n_steps + 1):
        a, yc, z = y[0], y[2], y[7]
        pending, need_asleep, need_awake, need_alone = needs.assess(k, last_contact, z >= ASLEEP)
        p, u, c = caregiver.decide(k, yc, a, z, pending, float(draws[k][0]), float(draws[k][1]))
        inputs = (p, u, c, need_asleep, need_awake, need_alone)
        rows.append((list(y), inputs, u * c * (1.0 - 0.6 * y[8] * on) * (1.0 - 0.6 * slow.fatigue)))
        last_contact = u
        if k < n_steps:                                              # GAP acc_rows
            account(acc, k, yc, a, z >= ASLEEP, p, u, c, needs, reg, inf)
            y = _rk4_second(float(k), y, inputs, settings, n_sub)
    first_onset = min((s.onset_min * 60.0 for s in setup.stressors), default=0.0)
    return rows, acc, summarize(rows, reg.crying, reg.arousal, reg.load, first_onset)


def account(acc: dict, k: int, yc: float, a: float, asleep: bool, p: float, u: float, c: float,
            needs: Needs, reg: Any, inf: Any) -> None:
    """One second of the night's accounting (sim.engine.nights): put-down seconds before the first sleep
    (awake, alone stressor acting, not held) as crying, quiet but aroused, or calm (before or after
    the first distress); supported practice; responding."""
    if acc["first_sleep"] is None:
        if asleep:
            acc["first_sleep"] = "held" if u >= HELD_CONTACT else "cot"      # GAP first_sleep
        elif needs.alone_acts(k) and u < HELD_CONTACT:
            kind = ("crying" if yc >= reg.crying else "quiet_aroused" if a >= inf.cry_arousal
                    else "calm" if acc["distressed"] else "calm_before")
            acc[kind] += 1
            acc["distressed"] = acc["distressed"] or kind in ("crying", "quiet_aroused")
    if p > 0.0 and c > 0.0 and u < HELD_CONTACT and not asleep and PRACTICE_LOW <= a <= PRACTICE_HIGH:
        acc["practice"] += 1                                         # GAP practice
    if p > 0.0 and (yc >= reg.crying or a >= reg.arousal):
        acc["responding"] += 1                                       # GAP responding


# ---- between nights ---------------------------------------------------------------------------
def settling_credit(acc: dict, reading: str) -> float:
    """Settling (calm after distress; in the trials' reading quiet but aroused too) against all
    put-down seconds since the first distress, times how full a night of settling it was."""
    since = acc["calm"] + acc["quiet_aroused"] + acc["crying"]
    settling = acc["calm"] + QUIET_COUNTS[reading] * acc["quiet_aroused"]
    return 0.0 if since <= 0 else settling / since * min(1.0, settling / SETTLING_FULL_S)   # GAP credits


def quiet_credit(acc: dict) -> float:
    """Put-down seconds without crying against all of them, times how full a night of it was."""
    total = acc["calm_before"] + acc["calm"] + acc["quiet_aroused"] + acc["crying"]
    quiet = total - acc["crying"]
    return 0.0 if total <= 0 else quiet / total * min(1.0, quiet / SETTLING_FULL_S)   # GAP credits


def next_night(setup: Setup, slow: Slow, rows: list, acc: dict) -> Slow:
    """The slow states at the start of the next night, from a night's rows and accounting (sim.engine.nights)."""
    inf, mech = setup.infant, setup.mechanisms
    last = rows[-1][0]
    gap_s = setup.run.gap_h * 3600.0
    expectancy = last[4] + inf.expectancy_relax * (slow.expectancy - last[4])   # toward that night's start
    soothing = slow.self_soothing
    if mech.supported_practice_builds_self_soothing:
        share = min(1.0, acc["practice"] / PRACTICE_FULL_S)
        soothing += inf.self_soothing_rate * share * (_ceiling(inf.age_months) - soothing)
    habituation, settling = slow.habituation, slow.self_settling
    if acc["first_sleep"] == "cot":                              # only a night that ends asleep in the cot
        if mech.settling_habituates:                                 # GAP mech_off
            habituation += inf.habituation_rate * settling_credit(acc, setup.reading) * (1.0 - habituation)
        if mech.settling_is_learned:
            settling += inf.self_settling_rate * quiet_credit(acc) * (1.0 - settling)
    hours = acc["responding"] / 3600.0                           # GAP fatigue
    fatigue = (slow.fatigue + FATIGUE_PER_HOUR * hours * (1.0 - slow.fatigue)) * (1.0 - FATIGUE_DAY_RECOVERY)
    return Slow(expectancy=expectancy, self_soothing=soothing, habituation=habituation, fatigue=fatigue,
                self_settling=settling,
                load=last[6] * math.exp(-math.log(2.0) * gap_s / (inf.load_halflife_min * 60.0)),
                load_stage1=last[5] * math.exp(-gap_s / (inf.load_lag_min * 60.0)))


def run(setup: Setup) -> list[dict]:
    """Every night of ``setup``: the summaries (keys :data:`sim.vocabulary.SUMMARY_KEYS`; ``None`` = does not exist)."""
    slow = first_night(setup)
    out = []
    for night in range(1, setup.run.nights + 1):
        rows, acc, summary = run_night(setup, night, slow)
        out.append(summary)
        slow = next_night(setup, slow, rows, acc)
    return out
