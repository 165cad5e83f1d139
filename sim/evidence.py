"""What research shows, and how sure it is: the project's evidence registry.

Scenario files name these keys (``evidence = ["E1", "E11"]``); the loader rejects
unknown keys and a scenario whose status is more certain than its least certain key.
Each entry is written in the project's own words, with its citation, a status
(robust, mixed or contested) and a short qualifier that says why.

The model illustrates how these ideas fit together; it does not show that any parenting
practice harms or helps a real child.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sim.i18n import N_, _
from sim.vocabulary import READING

#: From most to least certain. ``illustrative`` is a scenario's status when no
#: evidence stands behind it; it counts as less certain than any evidence.
STATUS_ORDER = ("robust", "mixed", "contested", "illustrative")
EVIDENCE_STATUSES = STATUS_ORDER[:3]
#: Each status as a word for the reader (the statuses themselves are keys: files, JSON).
STATUS_WORDS = {"robust": N_("robust"), "mixed": N_("mixed"), "contested": N_("contested"),
                "illustrative": N_("illustrative")}


def status_word(status: str) -> str:
    """A status (``contested``) as the reader's language says it; an unknown one as it is."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


@dataclass(frozen=True)
class Evidence:
    """One research pattern: what it says, who found it, how sure it is."""

    key: str
    text: str
    citation: str
    status: str
    qualifier: str

    def __post_init__(self) -> None:
        if self.status not in EVIDENCE_STATUSES:
            raise ValueError(f"{self.key}: status must be one of {EVIDENCE_STATUSES}, not {self.status!r}")

    @property
    def label(self) -> str:
        """``"contested: one small uncontrolled study"`` -- the honest label to show, in the
        language in force."""
        return _("{status}: {qualifier}", status=status_word(self.status), qualifier=_(self.qualifier))

    @property
    def shown_text(self) -> str:
        """What the research says, in the language in force (``text`` stays English)."""
        return _(self.text)


_ENTRIES = (
    Evidence(
        "E1",
        N_("In one study of 25 infants (4 to 10 months) on a several-day extinction sleep "
        "programme, the babies had stopped crying at sleep onset by the third day, but "
        "their cortisol was still raised while their mothers' cortisol had come down. "
        "Mother and baby had moved together on the first day and apart by the third."),
        "Middlemiss, Granger, Goldberg & Nathans 2012, Early Human Development",
        "contested", N_("one small uncontrolled study"),
    ),
    Evidence(
        "E2",
        N_("Randomised trials of behavioural sleep methods, in babies of 6 to 16 months, saw "
        "better sleep and no lasting harm: with check-ins after 2, then 4, then 6 "
        "minutes, babies fell asleep much sooner, their cortisol fell slightly and "
        "attachment did not differ a year later (Gradisar 2016, n=43); in a community trial "
        "(Hiscock 2007/2008, n=328) mothers reported sleep problems and depression less "
        "often, and at about six years the children showed neither harm nor benefit (Price "
        "2012). Of 52 studies reviewed, 94% said the methods worked (Mindell 2006). As behaviour, "
        "extinction follows a well-known curve: crying at bedtime drops sharply over the first few "
        "nights and has largely stopped within a week or two (Williams 1959, one much-quoted child; "
        "the trials' falling times to sleep point the same way). Outside "
        "the trials, leaving young babies to cry was not linked with attachment or behaviour "
        "at 18 months (Bilgin & Wolke 2020, n=178), and in a small pilot cortisol was the "
        "same whether parents settled responsively or used controlled crying (Blunden 2022). "
        "Before six months, such methods have not been shown to help (Douglas & Hill 2013)."),
        "Gradisar et al. 2016, Pediatrics; Hiscock et al. 2007, BMJ / 2008, Pediatrics; "
        "Price et al. 2012, Pediatrics; Mindell et al. 2006, Sleep; Williams 1959; Bilgin & Wolke 2020, JCPP; "
        "Blunden et al. 2022; Douglas & Hill 2013",
        "robust", N_("no long-term harm shown in trials (6-16 months)"),
    ),
    Evidence(
        "E3",
        N_("Babies whose parents carried them for extra hours each day (n=99) cried and "
        "fussed about 43% less at six weeks (roughly 1.2 against 2.2 hours a day), and "
        "about half as much in the evening; later trials did not find the same effect. "
        "Comparing styles of care, more contact went with less crying overall but did not "
        "change the long, hard-to-soothe bouts of colic-like crying (an observational study)."),
        "Hunziker & Barr 1986, Pediatrics; St James-Roberts et al. 2006, Pediatrics",
        "contested", N_("not replicated; contact reduces crying, does not erase it"),
    ),
    Evidence(
        "E4",
        N_("Crying increases over the first weeks of life and falls after about two months: "
        "pooled data from 28 studies show around two hours a day up to week six and "
        "around one hour a day at 10 to 12 weeks. A peak at exactly six weeks for every "
        "baby is not supported."),
        "Brazelton 1962; Wolke, Bilgin & Samara 2017, Journal of Pediatrics",
        "mixed", N_("decline robust, peak timing contested"),
    ),
    Evidence(
        "E5",
        N_("Among the !Kung, babies start fussing as often as Dutch or American babies, but "
        "their bouts last about half as long, and caregivers nearly always answer within "
        "about ten seconds. Quick answers make bouts shorter, not less frequent."),
        "Barr et al. 1991; Barr 1997; Konner",
        "robust", N_("qualitative"),
    ),
    Evidence(
        "E6",
        N_("In a sample of 26 families, babies whose crying was answered promptly and "
        "consistently through their first year cried less towards its end; a later "
        "replication found that the result on crying duration rested on spurious "
        "correlations."),
        "Bell & Ainsworth 1972; Hubbard & van IJzendoorn 1987, 1991",
        "contested", N_("replication failed"),
    ),
    Evidence(
        "E7",
        N_("In the still-face procedure a parent plays, then stops responding with a "
        "neutral face, then plays again. During the still face babies look away and "
        "smile less and show more distress, growing over the still face, and some of it "
        "lasts into the reunion (more than 80 studies). The body's side rests on fewer "
        "studies: for most babies the heart speeds up and vagal tone (RSA) drops while the "
        "parent is still, and both come back once play resumes, while skin conductance stays raised, "
        "so the sympathetic side recovers more slowly. Cortisol answers to brief social "
        "stressors like this one are small on average."),
        "Tronick et al. 1978; Mesman, van IJzendoorn & Bakermans-Kranenburg 2009; "
        "Weinberg & Tronick 1996; Jones-Mason et al. 2018; Puhakka & Peltola 2020",
        "robust", N_("behaviour (80+ studies); physiology from fewer studies"),
    ),
    Evidence(
        "E8",
        N_("Timing matters: two-month-olds turn away from a video replay of how their mother "
        "behaved with them a little earlier -- still warm, but no longer in step; designs "
        "that switch live, replay and live again mostly reproduce this, one did not. "
        "Moderate rather than maximal coordination best predicted later attachment."),
        "Murray & Trevarthen 1985; Nadel et al. 1999; Jaffe et al. 2001",
        "mixed", N_("mostly supported, one failed replication"),
    ),
    Evidence(
        "E9",
        N_("Ordinary parent-baby pairs are in step only part of the time -- a figure often "
        "quoted is that about 70% of moments are out of sync -- and they repair "
        "mismatches quickly. The popular claim that being attuned about 30% of the time is "
        "enough is a clinical rule of thumb drawn from this, not a measured threshold."),
        "Tronick & Cohn 1989; Tronick & Gold 2020",
        "mixed", N_("pattern robust, \"30%\" a heuristic"),
    ),
    Evidence(
        "E10",
        N_("Toddlers separated from their attachment figure were described as going "
        "through protest, then despair, then a detachment that hides their distress, over "
        "days of separation."),
        "Robertson & Bowlby 1952; Robertson & Robertson 1971",
        "mixed", N_("descriptive, small samples"),
    ),
    Evidence(
        "E11",
        N_("Stressors one cannot control give the largest and longest cortisol responses "
        "(208 laboratory studies pooled, in adults). Long aversive events lead to "
        "passivity; in the revised account passivity comes by default, and experience "
        "teaches that one can have control. Expectancy wearing away in this model "
        "simplifies that idea, and carrying it over to babies is an extrapolation."),
        "Dickerson & Kemeny 2004; Maier & Seligman 2016",
        "mixed", N_("robust in general, extrapolated to infants"),
    ),
    Evidence(
        "E12",
        N_("Time scales of the body: between birth and the first birthday a baby's resting "
        "heart rate drops from about 150 to about 120 beats a minute, with 20 or more "
        "added while crying; vagal "
        "effects act within a heartbeat, sympathetic ones over 5 to 15 seconds; cortisol "
        "peaks 20 to 40 minutes after a stressor and halves in about 60 to 90 minutes; "
        "a baby who is lifted and carried cries less and its heart slows within seconds."),
        "various; Esposito et al. 2013 (carrying)",
        "robust", N_("physiology"),
    ),
    Evidence(
        "E13",
        N_("Self-regulation grows out of co-regulation: over early childhood children move "
        "from needing an adult to calm them towards ways of their own, first when "
        "distress is low. Temperament (for example highly sensitive children) changes "
        "the timing, and practice with a caregiver close by helps."),
        "Kopp 1989, Developmental Psychology; Calkins & Hill 2007; Aron 1996 (sensitivity)",
        "robust", N_("developmental course; specifics of parental support mixed"),
    ),
    Evidence(
        "E14",
        N_("Therapists describe a supported cry in adult psychotherapy as building up "
        "sympathetic arousal to a peak that then gives way to a parasympathetic release "
        "and relief. This comes from clinical observation; no controlled physiological "
        "study shows it."),
        "Von Glahn 2012 (practitioner article); Gračanin, Bylsma & Vingerhoets 2014 "
        "(review of crying and self-soothing)",
        "contested", N_("clinical observation"),
    ),
    Evidence(
        "E15",
        N_("Long crying changes a newborn's body for the moment: its heart rate, its blood "
        "pressure and how much oxygen its blood carries. That ordinary crying injures the "
        "brain or harms the heart of a healthy baby for good is not supported."),
        "Ludington-Hoe et al. 2002, Neonatal Network (review)",
        "contested", N_("acute changes robust, lasting harm unsupported"),
    ),
    Evidence(
        "E16",
        N_("Older babies answer the same physical stressor with less cortisol: after a "
        "vaccination, cortisol rose in babies of 2 and of 6 months, and no longer at 12 or "
        "at 24 months, as self-regulation grows over the first years."),
        "Gunnar et al. 1995, Child Development; Davis & Granger 2009, Psychoneuroendocrinology",
        "mixed", N_("few studies, consistent direction"),
    ),
    Evidence(
        "E17",
        N_("Carrying a crying baby while walking calms it within seconds -- crying and "
        "movement stop and the heart slows -- while holding still does not. Carried for about "
        "five minutes, many crying babies go to sleep; roughly one in three of them wakes "
        "up again on being put down."),
        "Esposito et al. 2013, Current Biology; Ohmura et al. 2022, Current Biology",
        "mixed", N_("small samples, consistent"),
    ),
)

#: What the project must not claim (EVIDENCE.md), in its own words: the app's evidence page
#: lists them (each shown as ``_(entry)``), and no page or scenario says otherwise.
NOT_CLAIMED = (
    N_("That cry-it-out or controlled crying causes lasting harm to attachment, behaviour or "
       "stress regulation: the trials (E2) found none, in babies of 6 to 16 months."),
    N_("That a baby who stops crying has \"given up\" with its stress staying high, as a finding: "
       "this rests on one small uncontrolled study (E1) and is shown only as a contested "
       "illustration."),
    N_("That answering promptly makes a baby cry less later on, or that answering \"spoils\" a "
       "baby (E6)."),
    N_("That a two-minute still face causes a large cortisol surge: such responses are small on "
       "average (E7)."),
    N_("That carrying or contact reprograms stress for good: the transport response is an "
       "immediate calming (E17)."),
    N_("That a caregiver's cortisol follows the baby's crying: the evidence is for heart rate and "
       "skin conductance, not cortisol (E1)."),
)

#: The registry: key -> :class:`Evidence`, in order E1..E17.
EVIDENCE: dict[str, Evidence] = {e.key: e for e in _ENTRIES}


def status_rank(status: str) -> int:
    """0 for robust ... 3 for illustrative (larger = less certain)."""
    return STATUS_ORDER.index(status)


def least_certain(keys: Iterable[str]) -> str:
    """The least certain status among ``keys``; ``illustrative`` when there are none.

    A scenario's status may be at most this certain. Unknown keys raise ``KeyError``.
    """
    statuses = [EVIDENCE[k].status for k in keys]
    if not statuses:
        return "illustrative"
    return max(statuses, key=status_rank)


def allowed_statuses(keys: Iterable[str]) -> tuple[str, ...]:
    """The statuses a scenario citing ``keys`` may carry (its least certain, or less)."""
    bound = status_rank(least_certain(keys))
    return STATUS_ORDER[bound:]


def reading_evidence(reading: str) -> Evidence:
    """The registry entry a reading of the contested core rests on (``sim.vocabulary.READINGS``)."""
    return EVIDENCE[READING[reading].evidence]


def reading_text(reading: str, *, qualifier: bool = False) -> str:
    """A reading as every result names it, with its evidence key and how sure that evidence is:
    ``The crying stops, the stress stays (E1, contested)``; with ``qualifier``, the evidence's
    whole label: ``(E1, contested: one small uncontrolled study)``."""
    entry = reading_evidence(reading)
    return _("{reading} ({key}, {status})", reading=_(READING[reading].label), key=entry.key,
             status=entry.label if qualifier else status_word(entry.status))


def reading_lines(readings: Mapping[str, str], *, qualifier: bool = False) -> list[str]:
    """The reading in force over results (label -> reading), as every summary says it: one line
    ``Reading: The crying stops, the stress stays (E1, contested)`` when all share it, else one
    line per label, ``Reading, Trials: ...``. ``qualifier`` as in :func:`reading_text`."""
    names = set(readings.values())
    if len(names) == 1:
        return [_("Reading: {reading}", reading=reading_text(names.pop(), qualifier=qualifier))]
    return [_("Reading, {variant}: {reading}", variant=label, reading=reading_text(name, qualifier=qualifier))
            for label, name in readings.items()]
