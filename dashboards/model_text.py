"""The model page's equations, between-night rules and two readings, rendered from the model's own
constants: no number here is typed by hand.

Every number in the texts below is a placeholder, ``<<NAME>>``, filled at render time from the
modules that run the model (:mod:`sim.engine.model`, :mod:`sim.engine.nights`, :mod:`sim.engine.kernel`,
:mod:`sim.engine.stressors`): ``<<NAME>>`` is the constant's value, ``<<1/NAME>>`` its reciprocal (a rate
shown as a time), ``<<NAME[key]>>`` one entry of a table, ``<<~NAME>>`` a coefficient (left out
when it is 1), and a few values are read off the
model's own functions (:data:`FROM_FUNCTIONS`). When the model's constants change, the page
changes with them; ``tests/app/test_model_text.py`` checks that every constant the
equations use is shown and that no template holds a number of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dashboards.text import escape, reading_evidence, reading_label, status_word
from sim.i18n import N_, _, current
from sim.engine import age, kernel, model, nights, stressors
from sim.reach import REACH
from sim.vocabulary import READING_LIST

#: Where a placeholder's name is looked up, in order.
MODULES = (model, nights, kernel, stressors)
#: Values read off the model's functions (not constants): the smoothing of softplus, and the age
#: at which the load's answer is halved.
FROM_FUNCTIONS: dict[str, Callable[[], float]] = {
    "SOFTPLUS_EPS2": lambda: (2.0 * model.softplus.py_func(0.0)) ** 2,
    "AGE_HALF": lambda: 1.0 / (1.0 / age.load_factor(1.0) - 1.0),
}
PLACEHOLDER = re.compile(r"<<(~|1/)?([A-Z][A-Z0-9_]*)(?:\[([a-z_]+)\])?>>")


def value_of(name: str, key: str | None = None) -> float:
    """The current value of the constant ``name`` (``key``: an entry of a table)."""
    if name in FROM_FUNCTIONS:
        return FROM_FUNCTIONS[name]()
    for module in MODULES:
        if hasattr(module, name):
            value = getattr(module, name)
            return value[key] if key is not None else value
    raise KeyError(f"no constant {name} in {', '.join(m.__name__ for m in MODULES)}")


def fill(template: str, words: bool = False) -> str:
    """``template`` with each placeholder replaced by the model's current value (in ``words``, written
    in the reader's number format; in an equation, as LaTeX writes it)."""

    def shown(value: float) -> str:
        return _number(value) if words else f"{value:g}"

    def one(match: re.Match) -> str:
        form, name, key = match.groups()
        value = value_of(name, key)
        if form == "~":
            return "" if value == 1 else f"{shown(value)}\\,"
        return shown(1.0 / value if form == '1/' else value)

    return PLACEHOLDER.sub(one, template)


def names_used(template: str) -> set[str]:
    """The constants a template shows."""
    return {m.group(2) for m in PLACEHOLDER.finditer(template)}


# ---- the equations ---------------------------------------------------------------------------------

#: (title, LaTeX, words) of each equation, as templates.
EQUATIONS = (
    (
        N_("Arousal A (sympathetic, hidden)"),
        r"\frac{dA}{dt} = (T - A)\left(\frac{r}{\tau_{rise}} + (1-r)\,\frac{C}{<<CALM_REF>>\,\tau_{fall}}\right),"
        r"\quad T = \frac{D}{D + C},\quad r = \sigma(<<AROUSAL_BLEND>>\,(T - A))",
        N_("Arousal moves toward drive over drive plus calming; it rises at its own pace and falls faster the "
        "more calming there is; the switch between the two rates is smooth."),
    ),
    (
        N_("Drive D and calming C"),
        r"D = <<DRIVE_GAIN>>\left(\rho\;\mathrm{smin}\!\left(d_s + (1-Z)(d_w + B\,d_a)\right) + \mathrm{smin}(k_{nc} X W)\right) + <<DRIVE_BASE>>,"
        r"\quad C = <<CALM_BASE>> + <<CALM_VAGAL>>\,V + <<CALM_COREG>>\,u c \kappa + <<CALM_SLEEP>>\,Z + <<~CALM_SELF>>S",
        N_("Needs drive arousal, scaled by reactivity \u03c1: one felt even asleep (d_s: hunger, pain), ones felt "
        "while awake (d_w: tiredness), and being put down alone (d_a = its intensity \u00d7 (1 \u2212 H), H the "
        "settling habituation, see Between nights), felt as aloneness B builds. A present caregiver who does not "
        "answer adds drive in proportion to expectancy X and felt misattunement W -- set by how strongly an "
        "answer was expected, not by temperament. smin(x) = x \u2212 softplus(x \u2212 1) caps each smoothly at 1. Vagal tone V, contingent contact u\u00b7c times the "
        "caregiver's capacity \u03ba, sleep Z and self-soothing S calm it."),
    ),
    (
        N_("Crying Y (the signal you hear)"),
        r"\frac{dY}{dt} = \frac{Y^* - Y}{\tau_Y},\quad Y^* = g_E\,(1-Z)\Big[1 - \big(1 - g_X\,\big(1 - (1 - a(1 - "
        r"<<CRY_SOOTHE_AROUSAL>>\,q))(1 - n(1 - <<CRY_SOOTHE_NEED>>\,q))\big)\big)(1 - \ell)\Big]",
        N_("q = u\u00b7c\u00b7\u03ba is the co-regulation a caregiver lends. Fussing comes first, then crying: the "
        "cues a = <<FUSS_SHARE>>\u00b7\u03c3((A \u2212 \u03b8 + <<FUSS_LEAD>>)/<<CRY_WIDTH>>) + (1 \u2212 "
        "<<FUSS_SHARE>>)\u00b7\u03c3((A \u2212 \u03b8)/<<CRY_WIDTH>>) start <<FUSS_LEAD>> below the crying "
        "threshold \u03b8. A physical need n = k_n\u00b7d_s keeps the baby signalling even in arms until it is "
        "met. Contact calms crying from arousal by up to <<CRY_SOOTHE_AROUSAL>> of it and crying from a need by "
        "up to <<CRY_SOOTHE_NEED>>: tears cried together are quieter tears, not none. A calm baby alone calls "
        "for company: \u2113 = <<CALLING>>\u00b7B\u00b7(1 \u2212 a). g_E = (1 + <<ENERGY_HALF>>)E/(E + "
        "<<ENERGY_HALF>>) is crying energy; g_X = f + (1 \u2212 f)X keeps only the fussing floor f when no "
        "answer is expected."),
    ),
    (
        N_("Crying energy E and expectancy X"),
        r"\frac{dE}{dt} = -\frac{(Y + <<EXHAUSTING_AROUSAL>>\,A^2)\,E}{\tau_{dep}} + \frac{(1-E)(1-Y)(1-A)}{\tau_{rec}},"
        r"\quad \frac{dX}{dt} = \frac{k\,(1-X)\,(s + (1-s)A)}{\tau_{learn}} - \frac{(1-k)\,X\,s'}{\tau_{erode}}",
        N_("Crying and long distress use up energy; it comes back at rest. Comfort k = u\u00b3c (being picked up "
        "counts fully, a voice and a pat a little) teaches that signalling brings help; a clear signal left "
        "unanswered erodes it. s = \u03c3((Y \u2212 <<SIGNAL_VISIBLE>>)/<<SIGNAL_WIDTH>>) is a visible signal, "
        "s' = (\u03c3((Y \u2212 <<SIGNAL_CLEAR>>)/<<SIGNAL_WIDTH>>) \u2212 s\u2080)/(1 \u2212 s\u2080) a clear one, "
        "shifted by its value at silence s\u2080 to be exactly 0 there: quiet and sleep keep what the baby expects."),
    ),
    (
        N_("Stress load L (slow, cortisol-like)"),
        r"\frac{dG}{dt} = \frac{g\,\alpha(\mathrm{age})\,\mathrm{softplus}(A - A_0)\,(1 + k_u(1-u)) - G}{\tau_{lag}},"
        r"\quad \frac{dL}{dt} = (G(1-L) - L)\,\frac{\ln 2}{t_{1/2}}",
        N_("Arousal above a baseline feeds the load through a two-stage delay; arousal with nobody responding "
        "(1 \u2212 u) feeds it more. Age lowers the answer: \u03b1 = 1/(1 + age/<<AGE_HALF>> months). Crying "
        "itself does not feed the load, and sleep does not lower it directly."),
    ),
    (
        N_("Vagal tone V"),
        r"\frac{dV}{dt} = \frac{(1 + <<~VAGAL_COREG>>q + <<VAGAL_SELF>>\,S\,(1-A))(1-V)}{\tau_{rec}} - "
        r"\frac{<<VAGAL_WITHDRAW>>\,(A^3 + <<VAGAL_PER_VIOLATION>>\,k_{nc} X W)\,V}{\tau_{wd}}",
        N_("Vagal tone is withdrawn by high arousal and by a violated expectation, and restored by contingent "
        "contact and self-soothing."),
    ),
    (
        N_("Sleep Z"),
        r"\frac{dZ}{dt} = (Z^* - Z)\left(\frac{f}{\tau_{on}} + \frac{1-f}{\tau_{wake}}\right),\quad "
        r"Z^* = \sigma\!\left(\frac{s(t) + <<SLEEP_PER_EXHAUSTION>>\,\mathrm{softplus}(<<SLEEP_SPENT>> - E) "
        r"- <<SLEEP_PER_AROUSAL>>\,(1 - <<SETTLING_RELIEF>>\,\Sigma)\,\mathrm{softplus}(A - <<SLEEP_AROUSAL_FREE>>) "
        r"- <<SLEEP_PER_NEED>>\,d_s - <<SLEEP_OFFSET>> + <<SETTLING_CUE>>\,\Sigma}{<<SLEEP_WIDTH>>}\right)",
        N_("The baby falls asleep when sleep pressure s(t) (a smooth ramp through the night) outweighs arousal "
        "above <<SLEEP_AROUSAL_FREE>> and a waking need; a baby who has cried itself out falls asleep sooner. "
        "Self-settling \u03a3 (learned across nights, see Between nights) lets a put-down baby fall asleep "
        "while still somewhat aroused and at a little less pressure. f = \u03c3(<<SLEEP_BLEND>>(Z* \u2212 Z))."),
    ),
    (
        N_("Felt aloneness B and misattunement W"),
        r"\frac{dB}{dt} = \frac{(1-p)(1-B)}{\tau_B} - \frac{p\,B}{<<1/ALONE_RESET_RATE>>\,\mathrm{s}},\quad "
        r"\frac{dW}{dt} = (W^* - W)\left(\frac{b}{<<MISATTUNE_BUILD_S>>\,\mathrm{s}} + \frac{1-b}{\tau_W}\right),"
        r"\quad W^* = p\,\big[1 - (1 - (1-c)^2)(1 - s\,(1 - uc))\big]",
        N_("Aloneness builds over minutes while nobody is there and fades within seconds of a return. "
        "Misattunement builds while a present caregiver ignores cues, or meets a signal with less than "
        "was asked for, and lingers after (b = \u03c3(<<AROUSAL_BLEND>>(W* \u2212 W)))."),
    ),
    (
        N_("Caregiver arousal M and capacity \u03ba"),
        r"\frac{dM}{dt} = \frac{Y^2 (1-M)}{<<1/CAREGIVER_RISE_RATE>>\,\mathrm{s}} - \frac{M - M_0}{\tau_M}, \quad "
        r"\kappa = (1 - <<CAPACITY_PER_AROUSAL>>\,M)(1 - <<CAPACITY_PER_FATIGUE>>\,F)",
        N_("The caregiver's own arousal follows the crying heard, not the baby's physiology; a stressed or tired "
        "caregiver (fatigue F) lends less regulation."),
    ),
)
NOTATION = (
    N_("\u03c3(x) = \u00bd(1 + x/\u221a(1 + x\u00b2)) is a smooth step; softplus(x) = \u00bd(x + \u221a(x\u00b2 + "
    "<<SOFTPLUS_EPS2>>)) a smooth max(x, 0). Every \u03c4 is a setting in seconds or minutes (coreg settings "
    "infant). Inputs each second: presence p, contact u, contingency c (the caregiver's policy), the needs "
    "(the stressors).")
)


def equations() -> list[tuple[str, str, str]]:
    """(title, LaTeX, words) of each equation, with the model's current constants."""
    return [(_(title), fill(tex), fill(_(words), words=True)) for title, tex, words in EQUATIONS]


def notation() -> str:
    return fill(_(NOTATION), words=True)


def _number(value: float) -> str:
    """A constant in words: as many decimals as it has (``:g``), in the reader's number format."""
    text = f"{value:g}"
    if "e" in text:
        return text
    digits = len(text.split(".")[1]) if "." in text else 0
    return current().number(value, digits)


# ---- between nights ----------------------------------------------------------------------------------

#: (title, LaTeX, words) of each rule that moves the slow states from one night to the next
#: (sim/engine/nights.py; the seconds are counted in sim/engine/kernel.py). ``q`` is the reading's weight.
BETWEEN_NIGHTS = (
    (
        N_("Put-down seconds"),
        r"n_{put} = n_{before} + n_{calm} + n_{quiet} + n_{cry}",
        N_("Before the night's first sleep, every second the baby is awake (sleep below <<ASLEEP_AT>>), in its cot (not held: contact below "
        "<<HELD_CONTACT>>) and being put down alone acts -- with a caregiver beside the cot or not -- is counted "
        "by what the baby shows and feels, whoever the caregiver is: crying (Y at or above the crying "
        "threshold), quiet but aroused (arousal at or above the crying-arousal threshold \u03b8), or calm. A calm "
        "second counts as settling (n_calm) only once the baby has been distressed that night; calm before any "
        "distress (n_before) is not yet being bothered. The caregiver's policy has no say."),
    ),
    (
        N_("Settling credit"),
        r"c_{settle} = \min\!\left(1, \frac{n_{calm} + q\,n_{quiet}}{<<SETTLING_FULL_S>>\,\mathrm{s}}\right)"
        r"\frac{n_{calm} + q\,n_{quiet}}{\max(n_{calm} + n_{quiet} + n_{cry}, 1)}",
        N_("If the baby fell asleep that night without being held, the night earns settling credit: the share of "
        "a full night of settling (<<SETTLING_FULL_S>> s) times the share, since the first distress, of the "
        "put-down time spent so. "
        "A quiet-but-aroused second counts q of a calm one; q is where the two readings differ (see Two readings, above)."),
    ),
    (
        N_("Settling habituates (H)"),
        r"H \leftarrow H + h\,c_{settle}\,(1 - H),\qquad d_a = \text{intensity} \times (1 - H)",
        N_("Being put down becomes less distressing by the habituation rate h (infant.habituation_rate) times the "
        "night's settling credit; the need of being put down alone is weakened by (1 \u2212 H)."),
    ),
    (
        N_("Self-settling (\u03a3)"),
        r"\Sigma \leftarrow \Sigma + r_\Sigma\,\min\!\left(1, \frac{n_{put} - n_{cry}}{<<SETTLING_FULL_S>>\,"
        r"\mathrm{s}}\right)\frac{n_{put} - n_{cry}}{\max(n_{put}, 1)}\,(1 - \Sigma)",
        N_("A night of falling asleep in the cot (unheld) without crying -- every put-down second that is not "
        "crying counts -- teaches the baby to fall asleep on its own, in both readings alike (r_\u03a3: infant.self_settling_rate). In the sleep equation \u03a3 "
        "lowers how much arousal keeps the baby awake (by up to <<SETTLING_RELIEF>> of it) and adds "
        "<<SETTLING_CUE>> of sleep pressure: the cot cues sleep."),
    ),
    (
        N_("Supported practice builds self-soothing (S)"),
        r"S \leftarrow S + r_S\,\min\!\left(1, \frac{n_{practice}}{<<PRACTICE_FULL_S>>\,\mathrm{s}}\right)"
        r"\,(S_{max}(\mathrm{age}) - S)",
        N_("A practice second: awake, not held, a caregiver present and contingent, arousal between "
        "<<PRACTICE_LOW>> and <<PRACTICE_HIGH>> (moderate distress). Alone, under a still face or while held, "
        "it is not practice."),
    ),
    (
        N_("Expectancy, the load, energy and fatigue"),
        r"X \leftarrow X_{end} + \rho_X\,(X_{start} - X_{end}),\quad L \leftarrow L\;2^{-\Delta/t_{1/2}},\quad "
        r"G \leftarrow G\,e^{-\Delta/\tau_{lag}},\quad F \leftarrow (F + <<FATIGUE_PER_HOUR>>\,h_{resp}(1 - F))"
        r"(1 - <<FATIGUE_DAY_RECOVERY>>)",
        N_("Over the day (\u0394 = run.gap_h) expectancy keeps what the night taught less the share \u03c1_X "
        "(infant.expectancy_relax) of it: it relaxes toward X_start, where that night started, so nights of "
        "unanswered crying compound (the classic extinction curve, E2) and answered nights build trust the "
        "same way. The load decays with its own time "
        "constants; crying energy refills completely; the caregiver's fatigue grows with the hours h_resp spent "
        "responding at night and recovers a share by day. Each night starts with arousal at "
        "<<RESTING_AROUSAL>> and vagal tone at <<RESTING_VAGAL>>."),
    ),
)


def between_nights() -> list[tuple[str, str, str]]:
    """(title, LaTeX, words) of each between-night rule, with the model's current constants."""
    return [(_(title), fill(tex), fill(_(words), words=True)) for title, tex, words in BETWEEN_NIGHTS]


# ---- the two readings ------------------------------------------------------------------------------

#: What both readings share: the behaviour is not in dispute.
SHARED = (
    N_("Not in dispute, the same in both readings: crying at bedtime falls steeply night after night and the "
    "baby falls asleep sooner (E2: the trials and the classic extinction curve); attuned care, repair and "
    "the trials' result for graduated check-ins. On a single night the readings agree: they differ only in "
    "what one night leaves for the next. What differs is what lies under the surface, through one "
    "assumption: how much a quiet-but-aroused put-down second counts toward \u201cbeing put down becomes "
    "less distressing\u201d.")
)



def readings_html() -> str:
    """The two readings side by side: what each assumes, the rules that differ (with the model's
    values), the evidence each rests on and how far it reaches."""
    cards = []
    for reading in READING_LIST:
        ev, reach = reading_evidence(reading.name), REACH[reading.name]
        weight = value_of("QUIET_COUNTS", reading.name)
        beyond = (_("Beyond night {n} what it shows under the surface is the model's extrapolation.",
                          n=current().number(reach.last_measured_night))
                  if reach.last_measured_night is not None else "")
        badge = f"<span class='badge status-{ev.status}'>{escape(status_word(ev.status))}</span>"
        rests = _("Rests on <strong>{key}</strong> {status}: {qualifier}.", key=ev.key, status=badge,
                  qualifier=escape(_(ev.qualifier)))
        q = f"<strong data-weight='{weight:g}'>q = {escape(_number(weight))}</strong>"
        credit = _("Settling credit: a quiet-but-aroused put-down second counts {weight} times as much as a calm one.",
                   weight=q)
        cards.append(
            f"<div class='reading-card' data-reading='{reading.name}'><h3>\u201c{escape(reading_label(reading.name))}"
            f"\u201d <code>{reading.name}</code></h3><p>{rests}</p>"
            f"<p>" + escape(_('It assumes that {assumption}.', assumption=_(reading.help))) + f"</p><ul>"
            f"<li>{credit}</li>"
            "<li>" + escape(current().sentences(_("How far its evidence reaches: {measured}.", measured=_(reach.measured)), beyond))
            + "</li></ul></div>"
        )
    return (
        "<h2 id='two-readings'>" + escape(_("Two readings of the contested core")) + "</h2><p>"
        + _("When a baby left to cry at bedtime cries less night after night, has its distress gone, or only its "
            "signal? The evidence has not settled it, so the model makes it an explicit, named choice: a "
            "<strong>reading</strong>, switched at the top of every page with results.")
        + f"</p><div class='reading-cards'>{''.join(cards)}</div><p>{escape(_(SHARED))}</p>"
    )
