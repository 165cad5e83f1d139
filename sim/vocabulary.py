"""The names of things, each declared once: policies, stressors, setting groups, regimes,
summary metrics and the caveat.

Parameters are declared once in :mod:`sim.params` (bounds, unit, help); this module does
the same for the project's *words*. The kernel's integer codes, the scenario loader's key
lists, the command line's tables and the app's labels and styles all derive from the
tuples below, so a new policy or metric is added here and nowhere else by hand. Only the
standard library is imported: every layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.i18n import N_, _

#: Said wherever results are shown (command line, app, reports).
#: Marked for the catalog: show it with :func:`caveat` (or ``_(CAVEAT)``) in the reader's language.
CAVEAT = N_("A conceptual illustration for teaching, not advice: it is not calibrated to any child "
            "and predicts nothing about a real child.")


def caveat() -> str:
    """The caveat in the language in force."""
    return _(CAVEAT)


# ---- caregiver policies ------------------------------------------------------------------

@dataclass(frozen=True)
class Policy:
    """A caregiver response policy: its scenario-file name, its label in the app, and a line of help."""

    name: str
    label: str
    help: str

    @property
    def shown_label(self) -> str:
        """The label in the language in force (``label`` stays the English key)."""
        return _(self.label)

    @property
    def shown_help(self) -> str:
        return _(self.help)


POLICY_LIST = (
    Policy("responsive", N_("Attuned"), N_("answers a signal after a short wait, holds, leaves once the baby is settled")),
    Policy("delayed", N_("Delayed"), N_("as attuned, after a long wait")),
    Policy("graduated", N_("Graduated check-ins"), N_("short voice-and-pat check-ins after growing waits, no pick-up")),
    Policy("absent", N_("Absent"), N_("does not come during the night")),
    Policy("inconsistent", N_("Inconsistent"), N_("answers sometimes, after a wait that varies widely")),
    Policy("still_face", N_("Still face"), N_("play, then a still face (present, unresponsive), then reunion")),
    Policy("rupture_repair", N_("Rupture and repair"), N_("present; in step part of the time; mismatches repaired or not")),
    Policy("scripted", N_("Scripted"), N_("an explicit timeline of the caregiver's actions")),
)
POLICIES = tuple(p.name for p in POLICY_LIST)
#: The kernel's integer code of each policy (its position in :data:`POLICIES`).
POLICY_CODE = {name: code for code, name in enumerate(POLICIES)}
POLICY_LABEL = {p.name: p.label for p in POLICY_LIST}


def policy_label(name: str) -> str:
    """A policy's label in the language in force (``Attuned`` for ``responsive``)."""
    return _(POLICY_LABEL[name])


# ---- stressors ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StressorKind:
    """A kind of need: whether it is felt asleep (it wakes the baby) and whether it is being alone."""

    name: str
    felt_asleep: bool
    alone: bool
    help: str
    #: Its name in the app (the Build page's choice); ``name`` stays the key files and links carry.
    label: str = ""


STRESSOR_KIND_LIST = (
    StressorKind("hunger", True, False, N_("felt asleep too: it wakes the baby"), N_("Hunger")),
    StressorKind("discomfort", True, False, N_("felt asleep too (pain, colic, a wet nappy)"), N_("Discomfort")),
    StressorKind("tired", False, False, N_("felt only awake"), N_("Tiredness")),
    StressorKind("alone", False, True, N_("acts only while the caregiver is away"), N_("Being alone")),
    StressorKind("custom", True, False, N_("your own need, with a label; felt asleep too"), N_("Your own need")),
)
STRESSOR_KINDS = tuple(k.name for k in STRESSOR_KIND_LIST)
STRESSOR_KIND = {k.name: k for k in STRESSOR_KIND_LIST}


@dataclass(frozen=True)
class Resolution:
    """What ends a stressor."""

    name: str
    help: str
    #: Its name in the app (the Build page's choice); ``name`` stays the key files and links carry.
    label: str = ""


RESOLUTION_LIST = (
    Resolution("care", N_("after care_min of being held (contact >= 0.5)"), N_("After being held")),
    Resolution("time", N_("after duration_min"), N_("After a set time")),
    Resolution("sleep", N_("after five minutes asleep"), N_("After five minutes asleep")),
    Resolution("none", N_("lasts the night"), N_("Lasts the night")),
)
RESOLUTIONS = tuple(r.name for r in RESOLUTION_LIST)
#: The kernel's integer code of each resolution.
RESOLUTION_CODE = {name: code for code, name in enumerate(RESOLUTIONS)}


# ---- setting groups of a scenario ----------------------------------------------------------

@dataclass(frozen=True)
class SettingGroup:
    """A group of settings in a scenario file: a table (``[run]``) or a list of tables
    (``[[stressors]]``), and whether a ``[[compare]]`` variant may override it."""

    name: str
    is_list: bool
    in_variants: bool
    help: str


SETTING_GROUP_LIST = (
    SettingGroup("run", False, True, N_("how long, how many nights, the seed, the output step")),
    SettingGroup("infant", False, True, N_("the baby: temperament, age, the time scales of its physiology")),
    SettingGroup("sleep", False, True, N_("sleep pressure through the night")),
    SettingGroup("caregiver", False, True, N_("the response policy and the caregiver's own state")),
    SettingGroup("stressors", True, True, N_("the needs: when, how strong, what resolves each")),
    SettingGroup("regimes", False, False, N_("thresholds of the four quadrants")),
    SettingGroup("mechanisms", False, True, N_("the model's named assumptions, each switchable")),
    SettingGroup("schedule", True, True, N_("per-night caregivers")),
)
SETTING_GROUPS = tuple(g.name for g in SETTING_GROUP_LIST)
#: Groups a ``[[compare]]`` variant may override.
VARIANT_GROUPS = tuple(g.name for g in SETTING_GROUP_LIST if g.in_variants)


# ---- readings of the contested core ----------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """One reading of what lies under the surface when crying falls night after night: its
    scenario-file name, its label, the evidence key it rests on (how sure that evidence is
    stands in the evidence registry) and what it assumes."""

    name: str
    label: str
    evidence: str
    help: str


READING_LIST = (
    Reading("stress_stays", N_("The crying stops, the stress stays"), "E1",
            N_("only calm settling teaches that being put down is safe: a baby quiet because it no longer "
            "expects an answer has learned that no one comes, and its stress stays")),
    Reading("learns_to_settle", N_("The baby learns to settle"), "E2",
            N_("falling quiet and asleep after being put down teaches that it is safe: the stress of being "
            "put down fades with the crying")),
)
READINGS = tuple(r.name for r in READING_LIST)
READING = {r.name: r for r in READING_LIST}
#: The reading in force when a scenario names none: the seeds' (the project illustrates their claim).
DEFAULT_READING = "stress_stays"


# ---- regimes: the four quadrants -------------------------------------------------------------

@dataclass(frozen=True)
class Regime:
    """One of the four quadrants every second falls in."""

    name: str
    label: str
    help: str


REGIME_LIST = (
    Regime("settled", N_("settled"), N_("quiet and regulated")),
    Regime("releasing", N_("releasing (tears together)"), N_("crying in contingent contact while arousal falls")),
    Regime("protest", N_("protest (crying)"), N_("any other crying")),
    Regime("quiet_dysregulated", N_("quiet but dysregulated (hidden)"),
           N_("quiet or asleep while arousal or the load is still high")),
)
REGIMES = tuple(r.name for r in REGIME_LIST)
#: The sleep state (0 awake, 1 asleep) at or above which the baby counts as asleep, for everyone who
#: asks: the caregiver who sees it, the stressors sleep resolves, the night's first sleep, the hidden
#: minutes' split into asleep and awake, and the app's words for them.
ASLEEP_AT = 0.5
#: The kernel's integer code of each regime.
REGIME_CODE = {name: code for code, name in enumerate(REGIMES)}
REGIME_LABEL = {r.name: r.label for r in REGIME_LIST}


def regime_label(name: str) -> str:
    """A regime's label in the language in force."""
    return _(REGIME_LABEL[name])


def reading_label(name: str) -> str:
    """A reading's label in the language in force."""
    return _(READING[name].label)


# ---- lesson files ----------------------------------------------------------------------------

#: The app's pages that can be written as a lesson in one file (``coreg export --page``), the
#: first the default.
LESSON_FILE_PAGES = ("compare", "nights", "lesson")


# ---- summary metrics -----------------------------------------------------------------------

@dataclass(frozen=True)
class Metric:
    """A per-night summary metric: its key (CSV/JSON), its label (app and command line
    alike), its unit, and whether a missing value means "never" (a time that never came)."""

    key: str
    label: str
    unit: str = ""
    never_means_infinite: bool = False

    @property
    def shown_label(self) -> str:
        """The label in the language in force."""
        return _(self.label)

    @property
    def heading(self) -> str:
        """The label with its unit, as a table heading, in the language in force: ``Crying (min)``."""
        if not self.unit:
            return _(self.label)
        from sim.declare import unit_text

        return _("{label} ({unit})", label=_(self.label), unit=unit_text(self.unit))


METRIC_LIST = (
    Metric("crying_min", N_("Crying"), "min"),
    Metric("bouts", N_("Crying bouts")),
    Metric("mean_bout_min", N_("Mean bout"), "min"),
    Metric("settled_min", N_("Settled: quiet and calm"), "min"),
    Metric("releasing_min", N_("Releasing: crying in arms"), "min"),
    Metric("protest_min", N_("Protest crying"), "min"),
    Metric("quiet_dysregulated_min", N_("Quiet but dysregulated"), "min"),
    Metric("hidden_asleep_min", N_("Hidden: asleep, the slow load still high"), "min"),
    Metric("hidden_awake_min", N_("Hidden: awake, quiet, still aroused"), "min"),
    Metric("time_to_settle_min", N_("Time to settle"), "min", never_means_infinite=True),
    Metric("quiet_to_settled_min", N_("From last cry to settled"), "min", never_means_infinite=True),
    Metric("time_to_sleep_min", N_("Time to fall asleep"), "min", never_means_infinite=True),
    Metric("peak_load", N_("Peak stress load"), "0-1"),
    Metric("final_load", N_("Stress load at the end"), "0-1"),
    Metric("final_expectancy", N_("Expects an answer, at the end"), "0-1"),
    Metric("final_caregiver_arousal", N_("Caregiver's own arousal, at the end"), "0-1"),
    Metric("peak_arousal", N_("Peak arousal"), "0-1"),
    Metric("mean_arousal", N_("Mean arousal"), "0-1"),
    Metric("min_vagal", N_("Lowest vagal tone"), "0-1"),
    Metric("final_energy", N_("Crying energy at the end"), "0-1"),
    Metric("caregiver_present_min", N_("Caregiver present"), "min"),
    Metric("peak_caregiver_arousal", N_("Caregiver's peak arousal"), "0-1"),
)
METRICS = {metric.key: metric for metric in METRIC_LIST}
#: Every summary key, in the order of CSV columns and the kernel's summary vector.
SUMMARY_KEYS = tuple(metric.key for metric in METRIC_LIST)
#: "How long until" metrics: a value that does not exist means "never".
NEVER_MEANS_INFINITE = tuple(metric.key for metric in METRIC_LIST if metric.never_means_infinite)
#: The few numbers shown under each column of a comparison.
HEADLINE_METRICS = ("crying_min", "quiet_dysregulated_min", "time_to_settle_min", "peak_load")
#: A full results table (command line, Build your own, the offline report), in order.
TABLE_METRICS = (
    "crying_min", "bouts", "mean_bout_min", "settled_min", "releasing_min", "protest_min",
    "quiet_dysregulated_min", "hidden_asleep_min", "hidden_awake_min", "time_to_settle_min",
    "quiet_to_settled_min", "time_to_sleep_min", "peak_load", "final_load", "final_expectancy", "final_caregiver_arousal",
)


def metric_heading(key: str) -> str:
    """``Crying (min)`` for ``crying_min``: one label for a metric everywhere."""
    return METRICS[key].heading
