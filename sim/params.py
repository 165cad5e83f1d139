"""The model's settings, each declared once (bounds, unit, help).

These frozen dataclasses are the model's whole input. They validate themselves when
built, so a :class:`Setup` that exists is one the model can run. Names follow the
scenario-file contract (``[run]``, ``[infant]``, ``[sleep]``, ``[caregiver]``,
``[[stressors]]``, ``[regimes]``, ``[mechanisms]``, ``[[schedule]]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sim.declare import TYPICAL, Variation, param, settings
from sim.errors import CoregError, at_most
from sim.i18n import N_, _, current, n_
from sim.vocabulary import DEFAULT_READING, POLICIES, READINGS, RESOLUTIONS, STRESSOR_KINDS


@settings("run")
class RunParams:
    """How long, how many nights, which random stream, what resolution to report."""

    duration_min: float = param(60.0, 1, 720, unit="min", help=N_("Length of one night (episode)."))
    nights: int = param(1, 1, 365, unit="nights", help=N_("Number of nights chained together."))
    seed: int = param(1, 0, 2**32 - 1, help=N_("Seed of the one random stream (same seed, same run)."))
    output_step_s: int = param(1, 1, 600, unit="s", help=N_("Time between output rows (the integrator's step stays 1 s)."))
    gap_h: float = param(22.0, 0, 72, unit="h", help=N_("Daytime gap between nights: the load decays and energy refills over it."))


@settings("infant")
class InfantParams:
    """The baby: temperament, age and the time scales of its physiology."""

    reactivity: float = param(1.0, 0.3, 3.0, unit="x", help=N_("Temperament: how strongly need drives arousal (1 = typical, higher = more easily aroused)."), vary=Variation("log", 0.3))
    age_months: float = param(8.0, 0, 36, unit="months", help=N_("Age: sets the resting heart rate, how strongly the stress load answers (less with age) and how much self-soothing the baby starts with and can grow to (more with age)."), vary=Variation("around", 4.0))
    arousal_rise_s: float = param(6.0, 3, 60, unit="s", help=N_("How fast arousal rises under full need (time constant)."), vary=TYPICAL)
    arousal_fall_s: float = param(60.0, 20, 300, unit="s", help=N_("Time constant of arousal's fall at a reference calming (a calm baby's vagal tone and a little soothing); stronger regulation makes the fall faster, weaker slower."), vary=TYPICAL)
    vagal_withdraw_s: float = param(4.0, 3, 30, unit="s", help=N_("How fast vagal tone is withdrawn at full arousal."), vary=TYPICAL)
    vagal_recover_s: float = param(60.0, 20, 300, unit="s", help=N_("How fast vagal tone recovers when arousal is low."), vary=TYPICAL)
    cry_arousal: float = param(0.5, 0.2, 0.95, help=N_("Arousal at which crying starts."), vary=Variation("normal", 0.05))
    cry_s: float = param(5.0, 3, 30, unit="s", help=N_("How fast crying follows arousal (time constant)."), vary=TYPICAL)
    fuss_floor: float = param(0.12, 0.0, 0.5, help=N_("The signal that remains when the baby expects no answer: fussing while it is below the crying threshold (regimes.crying); a floor above it keeps the baby crying."), vary=TYPICAL)
    need_crying: float = param(0.8, 0.0, 1.0, help=N_("How strongly a physical need (hunger, pain) keeps the baby crying, even in arms until it is met."), vary=TYPICAL)
    energy_deplete_min: float = param(15.0, 5, 120, unit="min", help=N_("Crying energy: time constant of depletion during full crying."), vary=Variation("log", 0.25))
    energy_recover_min: float = param(60.0, 10, 240, unit="min", help=N_("Crying energy: time constant of recovery at rest."), vary=TYPICAL)
    expectancy_start: float = param(0.8, 0.0, 1.0, help=N_("How strongly the baby expects that signalling brings help, at night 1."), vary=Variation("normal", 0.1))
    expectancy_learn_s: float = param(60.0, 10, 900, unit="s", help=N_("How fast an answered signal builds expectancy (time constant)."), vary=TYPICAL)
    expectancy_erode_min: float = param(10.0, 3, 120, unit="min", help=N_("How fast unanswered signalling erodes expectancy (time constant)."), vary=TYPICAL)
    expectancy_relax: float = param(0.25, 0.0, 1.0, help=N_("Between nights, the share of the way expectancy relaxes back toward its starting value."), vary=TYPICAL)
    noncontingent_stress: float = param(0.33, 0.0, 3.0, help=N_("How much a present caregiver who does not respond to cues stresses the baby (times expectancy)."), vary=TYPICAL)
    misattunement_fade_s: float = param(180.0, 10, 600, unit="s", help=N_("How long the felt misattunement of an unresponsive caregiver lingers once responses return (time constant)."), vary=TYPICAL)
    load_gain: float = param(5.0, 0.0, 30.0, help=N_("How strongly arousal above the baseline feeds the stress load, for a newborn (age lowers it)."), vary=TYPICAL)
    load_baseline: float = param(0.3, 0.0, 0.8, help=N_("Arousal below which the stress load is not fed."), vary=TYPICAL)
    load_lag_min: float = param(8.0, 1, 30, unit="min", help=N_("First stage of the load's delay chain (time constant)."), vary=TYPICAL)
    load_halflife_min: float = param(75.0, 30, 180, unit="min", help=N_("Half-life of the stress load."), vary=TYPICAL)
    uncontrollability_gain: float = param(3.0, 0.0, 10.0, help=N_("How much arousal with no one responding (1 - contact) amplifies the load's drive."), vary=TYPICAL)
    sleep_onset_s: float = param(40.0, 10, 300, unit="s", help=N_("How fast the baby falls asleep once it can (time constant; ~3x to be fully asleep)."), vary=TYPICAL)
    wake_s: float = param(6.0, 3, 60, unit="s", help=N_("How fast the baby wakes (time constant)."), vary=TYPICAL)
    self_soothing: float = param(1.0, 0.0, 3.0, unit="x", help=N_("Self-soothing capacity at night 1, relative to what is typical at this age (1 = typical; capped by the age ceiling)."), vary=Variation("relative", 0.5))
    self_soothing_rate: float = param(0.3, 0.0, 1.0, help=N_("Per night: share of the gap to the age ceiling gained by a night of supported practice."), vary=TYPICAL)
    habituation: float = param(0.0, 0.0, 1.0, help=N_("At night 1: how much being put down has already stopped being distressing."), vary=Variation("around", 0.1))
    habituation_rate: float = param(0.6, 0.0, 1.0, help=N_("Per night: how much a night of settling without escalating distress reduces the distress of being put down."), vary=TYPICAL)
    self_settling: float = param(0.0, 0.0, 1.0, help=N_("At night 1: how readily the baby falls asleep on its own once put down, even while aroused (0 = not yet)."), vary=Variation("around", 0.1))
    self_settling_rate: float = param(0.5, 0.0, 1.0, help=N_("Per night: how much a night of falling quiet and then asleep on its own, after being put down, adds to self-settling."), vary=TYPICAL)
    alone_build_min: float = param(2.0, 0.1, 60, unit="min", help=N_("After the caregiver leaves, the distress of being alone builds up with this time constant."), vary=TYPICAL)


@settings("sleep")
class SleepParams:
    """Sleep pressure through the night: a smooth ramp from start to end."""

    pressure_start: float = param(0.3, 0.0, 1.0, help=N_("Sleep pressure at the start of the night."))
    pressure_end: float = param(0.9, 0.0, 1.0, help=N_("Sleep pressure at the end of the ramp."))
    ramp_min: float = param(45.0, 1, 720, unit="min", help=N_("How long the ramp from start to end takes."))


@settings("regimes")
class Regimes:
    """Thresholds of the four quadrants (quiet/crying x regulated/dysregulated)."""

    crying: float = param(0.2, 0.01, 0.99, help=N_("Crying signal at or above which the baby counts as crying (below: quiet, fussing included)."))
    arousal: float = param(0.5, 0.01, 0.99, help=N_("Arousal below which the baby can count as regulated."))
    load: float = param(0.3, 0.01, 0.99, help=N_("Stress load below which the baby can count as regulated."))


@settings("mechanisms")
class Mechanisms:
    """The model's named assumptions; each can be switched off to see what it does."""

    expectancy_gates_crying: bool = param(True, help=N_("A baby who has stopped expecting an answer cries less (only fussing remains). Evidence: E10, E11."))
    energy_depletes: bool = param(True, help=N_("Sustained crying uses up crying energy, which refills slowly. Evidence: E15."))
    uncontrollability_amplifies_load: bool = param(True, help=N_("Arousal while no one responds feeds the stress load more. Evidence: E11."))
    noncontingent_presence_stresses: bool = param(True, help=N_("A caregiver who is there but does not respond to cues is itself a stressor, in proportion to expectancy. Evidence: E7, E8."))
    caregiver_arousal_lowers_capacity: bool = param(True, help=N_("A stressed caregiver lends less regulation. Evidence: E1 (contested)."))
    supported_practice_builds_self_soothing: bool = param(True, help=N_("Self-soothing grows with practice at moderate distress while a caregiver is available. Evidence: E13."))
    settling_habituates: bool = param(True, help=N_("Being put down becomes less distressing across nights when the baby settles in its cot after being distressed (what counts as settling is the reading's choice: calm only, or quiet too). Evidence: E2, E1 (contested)."))
    settling_is_learned: bool = param(True, help=N_("Falling asleep in the cot without crying is learned across nights: a practised baby falls asleep despite some arousal, at a little less sleep pressure. Evidence: E2."))
    alone_baby_calls: bool = param(True, help=N_("Alone and not distressed, a baby calls for company (fussing, not crying), whatever it has come to expect; a responsive caregiver answers the call. Evidence: E10, E5."))


@settings("stressor")
class Stressor:
    """One source of need: when it starts, how strong, what ends it."""

    kind: str = param("hunger", choices=STRESSOR_KINDS, help=N_("hunger and discomfort are felt asleep (they wake the baby); tired and alone are not; alone acts only while the caregiver is away."))
    onset_min: float = param(1.0, 0, 1440, unit="min", help=N_("When the stressor starts (minutes into the night)."))
    intensity: float = param(0.8, 0.0, 1.0, help=N_("How strong the need is."))
    resolved_by: str = param("care", choices=RESOLUTIONS, help=N_("care: after care_min of being held; time: after duration_min; sleep: after five minutes asleep; none: lasts the night."))
    care_min: float = param(5.0, 0.1, 240, unit="min", help=N_("Minutes of being held (contact >= 0.5) that resolve a care stressor (e.g. a feed)."))
    duration_min: float | None = param(None, 0.1, 1440, unit="min", help=N_("How long a time-resolved stressor lasts."), kind="float", optional=True)
    label: str = param("", one_line=True, help=N_("A short name for a custom stressor."))

    def __post_init__(self) -> None:
        if self.resolved_by == "time" and self.duration_min is None:
            raise CoregError("stressor.duration_min", _("is required when resolved_by = \"time\""),
                             _("a number of minutes from {lo} to {hi}", lo=current().decimal(0.1),
                               hi=current().decimal(1440)))
        if self.kind == "custom" and not self.label.strip():
            raise CoregError("stressor.label", _("a custom stressor needs a label"), _("a non-empty string"))


@settings("action")
class ScriptedAction:
    """From ``at_min`` on, the caregiver is present or not, with this contact and contingency."""

    at_min: float = param(0.0, 0, 1440, unit="min", help=N_("When this action starts."))
    present: bool = param(True, help=N_("Whether the caregiver is in the room."))
    contact: float = param(1.0, 0.0, 1.0, help=N_("0 none, ~0.4 voice and pat, 1 held."))
    contingency: float = param(0.9, 0.0, 1.0, help=N_("How well the response follows the baby's cues."))


@settings("caregiver")
class CaregiverParams:
    """The caregiver: a response policy with its settings, and the caregiver's own state.

    Build with :meth:`for_policy` to get a policy's documented defaults for keys not
    given (e.g. ``delayed`` waits 300 s; ``graduated`` checks in with voice and pat).
    """

    policy: str = param("responsive", choices=POLICIES, help=N_("How the caregiver answers the baby's signals."))
    latency_s: float = param(10.0, 0, 7200, unit="s", help=N_("Wait before responding to a signal."))
    latency_max_s: float | None = param(None, 0, 7200, unit="s", help=N_("If set (>= latency_s), the wait is drawn uniformly between latency_s and this."), kind="float", optional=True)
    response_probability: float = param(0.9, 0.0, 1.0, help=N_("Chance that a noticed signal is answered."))
    retry_s: float = param(60.0, 1, 3600, unit="s", help=N_("A missed cue is checked again after this long."))
    respond_to_fussing: bool = param(True, help=N_("Answer fussing too, not only crying (early cues are what attunement answers)."))
    settled_before_leaving_min: float = param(3.0, 0.0, 120, unit="min", help=N_("The caregiver leaves once needs are met and the baby has been quiet and calm (or asleep) this long."))
    contact: float = param(1.0, 0.0, 1.0, help=N_("Contact during a response: 1 held/carried, ~0.4 voice and pat."))
    contingency: float = param(0.9, 0.0, 1.0, help=N_("How well the response is timed to the baby's cues: 1 attuned, 0 ignores cues (a replay)."))
    stress: float = param(0.0, 0.0, 1.0, help=N_("The caregiver's own stress at the start of the night."))
    fatigue: float = param(0.0, 0.0, 1.0, help=N_("Carried-in tiredness at night 1."))
    arousal_fall_min: float = param(4.0, 0.5, 60, unit="min", help=N_("How fast the caregiver's own arousal settles once crying stops (time constant)."))
    checkin_intervals_min: tuple[float, ...] = param((2.0, 4.0, 6.0), 0.1, 120, unit="min", help=N_("graduated: waits before successive check-ins (the last repeats)."))
    checkin_min: float = param(1.0, 0.1, 30, unit="min", help=N_("graduated: length of a check-in."))
    play_min: float = param(2.0, 0.1, 60, unit="min", help=N_("still_face: minutes of ordinary play."))
    still_min: float = param(2.0, 0.1, 60, unit="min", help=N_("still_face: minutes of still face (present, unresponsive)."))
    reunion_min: float = param(2.0, 0.1, 60, unit="min", help=N_("still_face: minutes of reunion play."))
    in_sync_fraction: float = param(0.3, 0.01, 0.99, help=N_("rupture_repair: share of time in step when mismatches are repaired."))
    repair_s: float = param(3.0, 1, 600, unit="s", help=N_("rupture_repair: mean time to repair a mismatch."))
    repaired: bool = param(True, help=N_("rupture_repair: false = mismatches are not repaired (they last unrepaired_s on average and contingency drains away)."))
    unrepaired_s: float = param(120.0, 1, 3600, unit="s", help=N_("rupture_repair: mean length of a mismatch that is not repaired."))
    actions: tuple[ScriptedAction, ...] = field(default=(), metadata={})

    def __post_init__(self) -> None:
        if self.latency_max_s is not None and self.latency_max_s < self.latency_s:
            raise CoregError("caregiver.latency_max_s",
                             _("{value} is below latency_s = {latency}", value=current().decimal(self.latency_max_s),
                               latency=current().decimal(self.latency_s)),
                             _("a number of seconds >= latency_s, or leave it out for a fixed latency"))
        if self.policy == "scripted":
            if not self.actions:
                raise CoregError("caregiver.actions", _("a scripted caregiver needs at least one action"),
                                 _("[[caregiver.actions]] tables with at_min, present, contact, contingency"))
            times = [a.at_min for a in self.actions]
            if times != sorted(times):
                raise CoregError("caregiver.actions", _("actions must be in time order"), _("at_min increasing"))
            if len(self.actions) > MAX_ACTIONS:
                raise CoregError("caregiver.actions", n_("{n} action", "{n} actions", len(self.actions)),
                                 at_most(MAX_ACTIONS))
        if len(self.checkin_intervals_min) > MAX_CHECKINS:
            raise CoregError("caregiver.checkin_intervals_min",
                             n_("{n} interval", "{n} intervals", len(self.checkin_intervals_min)), at_most(MAX_CHECKINS))

    @classmethod
    def for_policy(cls, policy: str = "responsive", **given: Any) -> "CaregiverParams":
        """A caregiver with ``policy``'s defaults, overridden by ``given``."""
        if policy not in POLICIES:
            from sim.declare import did_you_mean
            raise CoregError("caregiver.policy", _("unknown policy {value}{hint}", value=repr(policy),
                                                   hint=did_you_mean(policy, POLICIES)),
                             " | ".join(POLICIES))
        values = dict(POLICY_DEFAULTS.get(policy, {}))
        values.update(given)
        return cls(policy=policy, **values)

    def merged(self, overrides: dict[str, Any]) -> "CaregiverParams":
        """Merge ``overrides`` key by key; a new policy resets the policy's own keys."""
        policy = overrides.get("policy", self.policy)
        if policy != self.policy:
            kept = {k: getattr(self, k) for k in CAREGIVER_OWN_KEYS}
            kept.update({k: v for k, v in overrides.items() if k != "policy"})
            return CaregiverParams.for_policy(policy, **kept)
        return dataclasses.replace(self, **{k: v for k, v in overrides.items() if k != "policy"})


MAX_ACTIONS = 64
MAX_CHECKINS = 16
MAX_STRESSORS = 16

#: Keys that describe the caregiver rather than the policy: kept when the policy changes.
CAREGIVER_OWN_KEYS = ("stress", "fatigue", "arousal_fall_min")

#: Each policy's documented defaults, where they differ from the responsive ones.
POLICY_DEFAULTS: dict[str, dict[str, Any]] = {
    "responsive": {},
    "delayed": {"latency_s": 300.0},
    "graduated": {"contact": 0.4},
    "absent": {},
    "inconsistent": {"response_probability": 0.4, "latency_max_s": 600.0},
    "still_face": {"contact": 0.5, "contingency": 1.0},
    "rupture_repair": {"contact": 0.5, "contingency": 0.9},
    "scripted": {},
}


_ANSWERING = ("latency_s", "latency_max_s", "response_probability", "retry_s", "respond_to_fussing",
              "settled_before_leaving_min", "contact", "contingency")

#: The caregiver settings each policy uses (besides the caregiver's own, CAREGIVER_OWN_KEYS):
#: what the command line shows and the app offers for the chosen policy.
POLICY_KEYS: dict[str, tuple[str, ...]] = {
    "responsive": _ANSWERING,
    "delayed": _ANSWERING,
    "graduated": ("checkin_intervals_min", "checkin_min", "contact", "contingency"),
    "absent": (),
    "inconsistent": _ANSWERING,
    "still_face": ("play_min", "still_min", "reunion_min", "contact", "contingency"),
    "rupture_repair": ("in_sync_fraction", "repair_s", "repaired", "unrepaired_s", "contact", "contingency"),
    "scripted": ("actions",),
}


@settings("schedule")
class ScheduleEntry:
    """Nights ``first_night..last_night`` (inclusive) use this caregiver."""

    first_night: int = param(1, 1, 365, help=N_("First night of the range."))
    last_night: int = param(1, 1, 365, help=N_("Last night of the range (inclusive)."))
    caregiver: CaregiverParams = field(default_factory=CaregiverParams, metadata={})

    def __post_init__(self) -> None:
        if self.last_night < self.first_night:
            raise CoregError("schedule.last_night",
                             _("{last} is before first_night = {first}", last=current().number(self.last_night),
                               first=current().number(self.first_night)),
                             _("last_night >= first_night"))


def default_stressors() -> tuple[Stressor, ...]:
    return (Stressor(),)


@dataclass(frozen=True)
class Setup:
    """Everything one run needs: the immutable problem description.

    Change it with :func:`dataclasses.replace` (or :meth:`with_values`); a run never
    mutates it.
    """

    run: RunParams = field(default_factory=RunParams)
    infant: InfantParams = field(default_factory=InfantParams)
    sleep: SleepParams = field(default_factory=SleepParams)
    caregiver: CaregiverParams = field(default_factory=CaregiverParams)
    stressors: tuple[Stressor, ...] = field(default_factory=default_stressors)
    regimes: Regimes = field(default_factory=Regimes)
    mechanisms: Mechanisms = field(default_factory=Mechanisms)
    schedule: tuple[ScheduleEntry, ...] = ()
    reading: str = DEFAULT_READING

    def __post_init__(self) -> None:
        if self.reading not in READINGS:
            from sim.declare import did_you_mean
            raise CoregError("reading", _("unknown reading {value}{hint}", value=repr(self.reading),
                                          hint=did_you_mean(str(self.reading), READINGS)),
                             " | ".join(READINGS))
        object.__setattr__(self, "stressors", tuple(self.stressors))
        object.__setattr__(self, "schedule", tuple(self.schedule))
        if len(self.stressors) > MAX_STRESSORS:
            raise CoregError("stressors", n_("{n} stressor", "{n} stressors", len(self.stressors)),
                             at_most(MAX_STRESSORS))
        ranges = sorted((e.first_night, e.last_night) for e in self.schedule)
        for i, (first, last) in enumerate(ranges):
            if last > self.run.nights:
                raise CoregError("schedule", _("nights {first}-{last} go beyond run.nights = {nights}",
                                               first=first, last=last, nights=self.run.nights),
                                 _("ranges within 1..run.nights (raise run.nights)"))
            if i and first <= ranges[i - 1][1]:
                raise CoregError("schedule", _("nights {first}-{last} overlap nights {other_first}-{other_last}",
                                               first=first, last=last, other_first=ranges[i - 1][0],
                                               other_last=ranges[i - 1][1]),
                                 _("ranges that do not overlap"))

    def caregiver_for_night(self, night: int) -> CaregiverParams:
        """The caregiver of night ``night`` (1-based): the schedule's, else ``[caregiver]``."""
        for entry in self.schedule:
            if entry.first_night <= night <= entry.last_night:
                return entry.caregiver
        return self.caregiver

    def with_values(self, **groups: dict[str, Any]) -> "Setup":
        """A copy with some settings changed: ``setup.with_values(infant={"reactivity": 2})``."""
        changes: dict[str, Any] = {}
        for group, values in groups.items():
            current = getattr(self, group)
            if group == "caregiver":
                changes[group] = current.merged(values)
            elif dataclasses.is_dataclass(current):
                changes[group] = dataclasses.replace(current, **values)
            else:
                changes[group] = values
        return dataclasses.replace(self, **changes)
