"""The safety layer: what must be asked, shown, hidden, reordered or escalated, and why.

One place, used by the suggestion engine, the window, the command line and the clinician
report alike. It reads the red-flag answers, the pain marks *and their qualities*, age,
pregnancy, which movement eases the pain and how long the episode has lasted, and returns a
``SafetyAssessment``: the rules that fired (each with its sources), the overall level
(``urgent`` beats ``ask`` beats ``soon``), the questions to ask before anything else, the
episode's phase, and a verdict for every knowledge-base item (hidden, cautioned, required).
Every rule is written out for clinicians in ``docs/safety.md``; the table-driven tests in
``tests/unit/test_safety_rules.py`` cover each one. It informs; it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.domain.errors import ValidationError
from app.domain.journal import PainMark
from app.domain.knowledge import KnowledgeBase, RedFlag, Restriction
from app.domain.vocabulary import EASES, SYMPTOM_FLAGS, unknown_name_message

SEEK_CARE_NOTE = (
    "Seek medical care now. What you reported can be a sign of a serious problem that "
    "self-care must not delay."
)
SOON_NOTE = "Please also book a check with your doctor in the next few days."
ASK_FIRST_NOTE = (
    "Before any self-care: please answer the safety questions. The pattern you marked can "
    "come from pressure on the nerves at the base of the spine, which needs a doctor at once."
)

#: Levels, most serious first. ``urgent``: seek care now, self-care suspended. ``ask``: the
#: cauda-equina questions come before anything else. ``soon``: see a doctor within days, self-
#: care may go on. ``adapt``: the plan is changed to fit (pregnancy, nerve-root signs, phase).
LEVELS = ("urgent", "ask", "soon", "adapt", "info")

#: Acute, subacute, chronic by the episode's duration in weeks (van Tulder 2006).
ACUTE_WEEKS = 6
CHRONIC_WEEKS = 12
MAX_EPISODE_WEEKS = 52 * 100  # the command line's --weeks accepts up to this, inclusive

CAUDA_EQUINA_QUESTIONS = (
    "saddle_numbness",
    "bladder_bowel_change",
    "sexual_dysfunction",
    "progressive_leg_weakness",
    "gait_change",
)
CANCER_SIGNS = (
    "cancer_history",
    "unexplained_weight_loss",
    "night_pain",
    "constant_progressive_pain",
    "age_over_50_new_pain",
)
INFECTION_RISKS = ("iv_drug_use", "immunosuppression", "long_term_steroids")
NERVE_QUALITIES = frozenset({"numb", "tingling", "burning"})
SADDLE_QUALITIES = frozenset({"numb", "tingling"})

#: Base region ids, by what the rules need to know about them.
SADDLE_CORE = frozenset({"perineum"})
SADDLE_NEAR = frozenset({"coccyx", "sacrum"})
BELOW_KNEE = frozenset(
    {
        "calf",
        "shin",
        "lateral_leg",
        "ankle_lateral",
        "ankle_medial",
        "anterior_ankle",
        "heel",
        "sole",
        "dorsum_foot",
        "lateral_foot",
        "instep",
    }
)
LEG = BELOW_KNEE | frozenset(
    {
        "posterior_thigh",
        "lateral_thigh",
        "anterior_thigh",
        "medial_thigh",
        "posterior_knee",
        "anterior_knee",
        "medial_knee",
    }
)
BACK = frozenset(
    {
        "low_back",
        "lumbar_spine",
        "sacrum",
        "sacroiliac",
        "iliac_crest",
        "flank",
        "buttock_upper",
        "buttock_lower",
        "coccyx",
    }
)
THORACIC = frozenset({"thoracic_spine", "mid_back", "upper_back"})
#: Pain here with a history of cancer is a worrying feature (NICE NG234 / CG75: thoracic or
#: cervical spinal pain), unlike pain confined to the low back.
UPPER_SPINE = THORACIC | frozenset({"neck_back"})
SPINE = BACK | UPPER_SPINE
#: Where each nerve root usually sends its symptoms below the knee (Koes 2007; dermatomes).
ROOT_AREAS: dict[str, frozenset[str]] = {
    "L4": frozenset({"shin", "ankle_medial", "medial_knee"}),
    "L5": frozenset({"lateral_leg", "dorsum_foot", "anterior_ankle"}),
    "S1": frozenset({"calf", "heel", "sole", "lateral_foot", "ankle_lateral"}),
}


def region_base(region_id: str) -> tuple[str, str]:
    """``buttock_lower_left`` → (``buttock_lower``, ``left``); midline ids keep ``midline``."""
    for side in ("left", "right"):
        suffix = f"_{side}"
        if region_id.endswith(suffix):
            return region_id.removesuffix(suffix), side
    return region_id, "midline"


@dataclass(frozen=True, slots=True)
class RedFlagHit:
    """A reported symptom flag with the knowledge base's urgency and advice."""

    id: str
    urgent: bool
    advice: str


@dataclass(frozen=True, slots=True)
class SafetyContext:
    """Everything the rules read. ``answered`` is the set of questions answered (yes or no) in
    a current screen, ``None`` when the person has not been screened; ``flags`` are the yeses.
    ``episode_weeks`` is how long this episode has lasted (``None``: not known)."""

    marks: tuple[PainMark, ...] = ()
    flags: frozenset[str] = frozenset()
    answered: frozenset[str] | None = None
    pregnant: bool = False
    age: int | None = None
    episode_weeks: float | None = None
    eases: str | None = None

    def __post_init__(self) -> None:
        validate_flags(self.flags)
        if self.eases is not None and self.eases not in EASES:
            raise ValidationError(unknown_name_message("movement that eases", self.eases, EASES))
        if self.age is not None and not (0 < self.age < 130):
            raise ValidationError(f"Age {self.age} must be between 1 and 129.")
        if self.episode_weeks is not None and self.episode_weeks < 0:
            raise ValidationError("The episode cannot begin in the future.")
        if self.episode_weeks is not None and self.episode_weeks > MAX_EPISODE_WEEKS:
            raise ValidationError(
                f"An episode of {self.episode_weeks:.0f} weeks is more than 100 years: "
                "check when it began."
            )


@dataclass(frozen=True, slots=True)
class FiredRule:
    """One rule that fired: its id (see docs/safety.md), level, words and sources."""

    id: str
    level: str
    message: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemVerdict:
    """What the safety layer says about one knowledge-base item for this person."""

    allowed: bool
    cautions: tuple[str, ...] = ()
    indicated: bool = False  # a ``require`` row holds: offered because of this person's signs
    reasons: tuple[str, ...] = ()  # why it is hidden or offered


@dataclass(frozen=True, slots=True)
class SafetyAssessment:
    rules: tuple[FiredRule, ...]
    hits: tuple[RedFlagHit, ...]
    ask_first: tuple[str, ...]
    conditions: frozenset[str]
    phase: str
    phase_known: bool
    nerve_root_sides: frozenset[str] = frozenset()
    nerve_root_levels: tuple[str, ...] = ()
    _restrictions: Mapping[tuple[str, str], tuple[Restriction, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _pregnancy_points: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def level(self) -> str:
        """The most serious level among the rules that fired (``none`` if none did)."""
        levels = {rule.level for rule in self.rules}
        return next((level for level in LEVELS if level in levels), "none")

    @property
    def seek_care(self) -> bool:
        return self.level == "urgent"

    @property
    def self_care_allowed(self) -> bool:
        """No suggestions while care is urgent or the cauda-equina questions are pending."""
        return self.level not in ("urgent", "ask")

    def fired(self, rule_id: str) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def notes(self) -> tuple[str, ...]:
        """Plain words for the person, most serious first (shown before any suggestion)."""
        generic = ("urgent_sign_reported", "soon_sign_reported")  # the hits' own advice says it
        if self.seek_care:
            messages = [SEEK_CARE_NOTE]
            messages += [
                r.message for r in self.rules if r.level == "urgent" and r.id not in generic
            ]
            messages += [hit.advice for hit in self.hits if hit.urgent]
            return tuple(dict.fromkeys(messages))
        if self.level == "ask":
            return (ASK_FIRST_NOTE,)
        messages = [r.message for r in self.rules if r.level == "soon" and r.id not in generic]
        messages += [hit.advice for hit in self.hits if not hit.urgent]
        if any(rule.level == "soon" for rule in self.rules):
            messages.append(SOON_NOTE)
        messages += [rule.message for rule in self.rules if rule.level == "adapt"]
        messages += [rule.message for rule in self.rules if rule.level == "info"]
        return tuple(dict.fromkeys(messages))

    def verdict(self, kind: str, item_id: str) -> ItemVerdict:
        """Hidden, cautioned or required for this person (restrictions.csv and acupoints'
        pregnancy column); a ``require`` row that does not hold hides the item."""
        cautions: list[str] = []
        reasons: list[str] = []
        allowed = True
        indicated = False
        if kind == "acupoint" and "pregnant" in self.conditions:
            rule = self._pregnancy_points.get(item_id, "ok")
            if rule == "avoid":
                allowed = False
                reasons.append("Traditionally avoided in pregnancy.")
            elif rule == "caution":
                cautions.append(PREGNANCY_POINT_CAUTION)
        for row in self._restrictions.get((kind, item_id), ()):
            holds = conditions_hold(row.when, self.conditions)
            if row.effect == "require":
                if holds:
                    indicated = True
                    reasons.append(row.reason)
                else:
                    allowed = False
            elif holds and row.effect == "hide":
                allowed = False
                reasons.append(row.reason)
            elif holds and row.effect == "caution":
                cautions.append(row.reason)
        return ItemVerdict(allowed, tuple(cautions), indicated and allowed, tuple(reasons))


PREGNANCY_POINT_CAUTION = (
    "Pregnant: some traditions avoid this point in pregnancy; use light pressure or skip it."
)


def conditions_hold(when: Sequence[str], conditions: frozenset[str]) -> bool:
    """All of ``when`` hold; ``!name`` means the condition must not hold."""
    return all(
        (name[1:] not in conditions) if name.startswith("!") else (name in conditions)
        for name in when
    )


def validate_flags(flags: Iterable[str]) -> None:
    """Unknown symptom flag → ValidationError naming the closest valid ones."""
    for flag in sorted(flags):
        if flag not in SYMPTOM_FLAGS:
            raise ValidationError(unknown_name_message("symptom flag", flag, SYMPTOM_FLAGS))


def screen_red_flags(
    red_flags: Mapping[str, RedFlag], flags: Iterable[str]
) -> tuple[RedFlagHit, ...]:
    """The reported flags the knowledge base knows, urgent ones first, then in its order.

    A valid flag missing from the knowledge base is still treated as urgent: when the data
    cannot say how serious a reported warning sign is, the safe answer is "seek care".
    """
    reported = set(flags)
    validate_flags(reported)
    hits = [
        RedFlagHit(flag.id, flag.urgency == "urgent", flag.advice)
        for flag in red_flags.values()
        if flag.id in reported
    ]
    hits.extend(
        RedFlagHit(flag, True, SEEK_CARE_NOTE)
        for flag in SYMPTOM_FLAGS
        if flag in reported and flag not in red_flags
    )
    return tuple(sorted(hits, key=lambda hit: not hit.urgent))  # stable: KB order kept


def questions_for(red_flags: Mapping[str, RedFlag], pregnant: bool) -> tuple[RedFlag, ...]:
    """The screen's questions for this person: obstetric signs only in pregnancy; the
    cauda-equina questions first, then urgent, then soon."""
    asked = [f for f in red_flags.values() if f.asked_when == "always" or pregnant]
    return tuple(
        sorted(
            asked,
            key=lambda f: (
                f.id not in CAUDA_EQUINA_QUESTIONS,
                f.urgency != "urgent",
            ),
        )
    )


def episode_weeks_since(began: date, today: date) -> float:
    """How long the episode has lasted, in weeks; a start in the future is refused."""
    if began > today:
        raise ValidationError(f"The episode cannot begin in the future ({began.isoformat()}).")
    return (today - began).days / 7


def phase_for(episode_weeks: float | None) -> tuple[str, bool]:
    """(phase, known). Unknown duration is treated as acute: gentle work first."""
    if episode_weeks is None:
        return "acute", False
    if episode_weeks < ACUTE_WEEKS:
        return "acute", True
    if episode_weeks <= CHRONIC_WEEKS:
        return "subacute", True
    return "chronic", True


# --- the facts the rules read ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    context: SafetyContext
    flags: frozenset[str]
    marked: dict[str, list[PainMark]]  # base region -> marks (with intensity > 0)
    nerve_sides: frozenset[str]  # legs with numb/tingling/burning anywhere
    root_sides: frozenset[str]  # legs with a nerve-root pattern
    root_levels: tuple[str, ...]
    saddle_core: bool
    saddle_near: bool
    back_worst: int
    spinal_pain: bool
    upper_spine_marked: bool  # thoracic or cervical
    urgent_ids: frozenset[str]  # flags the knowledge base rates urgent
    soon_ids: frozenset[str]

    def has(self, *flags: str) -> bool:
        return any(flag in self.flags for flag in flags)

    def count(self, flags: Iterable[str]) -> int:
        return sum(flag in self.flags for flag in flags)

    def answered_all(self, questions: Iterable[str]) -> bool:
        answered = self.context.answered
        return answered is not None and all(q in answered for q in questions)


def _facts(context: SafetyContext, red_flags: Mapping[str, RedFlag]) -> _Facts:
    marked: dict[str, list[PainMark]] = {}
    sides_of: dict[str, set[str]] = {}
    # A mark counts when it hurts or when it reports altered feeling (numbness is not pain).
    marks = [m for m in context.marks if m.intensity > 0 or m.qualities & SADDLE_QUALITIES]
    for mark in marks:
        base, side = region_base(mark.region_id)
        marked.setdefault(base, []).append(mark)
        sides_of.setdefault(base, set()).add(side)
    nerve_sides: set[str] = set()
    root_sides: set[str] = set()
    levels: list[str] = []
    back_worst = max(
        (m.intensity for base in BACK & marked.keys() for m in marked[base]), default=0
    )
    for mark in marks:
        base, side = region_base(mark.region_id)
        if base in LEG and side != "midline" and mark.qualities & NERVE_QUALITIES:
            nerve_sides.add(side)
        below_knee = base in BELOW_KNEE and side != "midline"
        if below_knee and (
            mark.qualities & NERVE_QUALITIES or (back_worst and mark.intensity > back_worst)
        ):
            root_sides.add(side)
            levels += [level for level, areas in ROOT_AREAS.items() if base in areas]
    saddle_core = any(
        m.qualities & SADDLE_QUALITIES for b in SADDLE_CORE for m in marked.get(b, ())
    )
    near = any(m.qualities & SADDLE_QUALITIES for b in SADDLE_NEAR for m in marked.get(b, ()))
    both_lower_buttocks = {
        side for m in marks for base, side in [region_base(m.region_id)]
        if base == "buttock_lower" and m.qualities & SADDLE_QUALITIES
    } >= {"left", "right"}  # fmt: skip
    flags = set(context.flags)
    if context.age is not None and context.age < 20:
        flags.add("age_under_20")
    return _Facts(
        context=context,
        flags=frozenset(flags),
        marked=marked,
        nerve_sides=frozenset(nerve_sides),
        root_sides=frozenset(root_sides),
        root_levels=tuple(sorted(set(levels))),
        saddle_core=saddle_core,
        saddle_near=near or both_lower_buttocks,
        back_worst=back_worst,
        spinal_pain=bool(SPINE & marked.keys()),
        upper_spine_marked=bool(UPPER_SPINE & marked.keys()),
        # A valid flag the data does not rate is treated as urgent (the safe answer).
        urgent_ids=frozenset(
            f for f in SYMPTOM_FLAGS if f not in red_flags or red_flags[f].urgency == "urgent"
        ),
        soon_ids=frozenset(f for f, flag in red_flags.items() if flag.urgency == "soon"),
    )


# --- the rules ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """A documented rule: when it fires (``test``) and what it says (``message``)."""

    id: str
    level: str
    title: str  # how docs/safety.md names it
    sources: tuple[str, ...]
    test: Callable[[_Facts], bool]
    message: str | Callable[[_Facts], str]


def _both_legs(facts: _Facts) -> bool:
    """Nerve symptoms in both legs: numbness, tingling or burning, or radicular pain (below
    the knee and worse than the back pain) on each side. Bilateral sciatica is a cauda-equina
    warning sign whether or not a quality was marked."""
    return len(facts.nerve_sides | facts.root_sides) == 2


def _cauda_pattern_questions_pending(facts: _Facts) -> bool:
    """Numbness marked between the legs is already urgent; its questions are still asked at
    once (bladder, bowel, sexual change, weakness) so the record shows what went with it."""
    pattern = facts.saddle_core or facts.saddle_near or _both_legs(facts)
    return pattern and not facts.answered_all(CAUDA_EQUINA_QUESTIONS)


def _cancer_features(facts: _Facts) -> bool:
    return facts.has("night_pain", "constant_progressive_pain", "thoracic_pain") or (
        facts.upper_spine_marked
    )


def _cancer_count(facts: _Facts) -> int:
    count = facts.count(CANCER_SIGNS)
    if facts.context.age is not None and facts.context.age >= 50:
        count += "age_over_50_new_pain" not in facts.flags
    return count


def _root_message(facts: _Facts) -> str:
    where = ""
    if facts.root_levels:
        where = (
            " The area you marked is the one usually served by the "
            + " or ".join(facts.root_levels)
            + " nerve root."
        )
    return (
        "Your leg symptoms look more like an irritated nerve root (sciatica) than muscle "
        "referral: no stretches that pull on the nerve, no twisting and no end-range bending "
        f"forward for now.{where} If the numbness spreads, the leg weakens, or it is no "
        "better in a few weeks, see a clinician."
    )


def _extension_message(facts: _Facts) -> str:
    if facts.context.pregnant:
        return (
            "Bending backward eases your pain: bending forward is left out for now. Prone "
            "lying and press-ups are left out too, because lying face down is not advised in "
            "pregnancy. Stop any exercise that sends symptoms further down the leg."
        )
    return (
        "Bending backward eases your pain: prone lying and press-ups come first, and bending "
        "forward is left out for now. Stop any exercise that sends symptoms further down the "
        "leg."
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "urgent_sign_reported",
        "urgent",
        "An urgent warning sign answered yes",
        ("nhs_ces", "girft_ces", "nice_ng59", "chou_2007"),
        lambda f: bool(f.flags & f.urgent_ids),
        "You answered yes to a warning sign that needs a doctor now (see the advice below).",
    ),
    Rule(
        "saddle_numbness_marked",
        "urgent",
        "Numbness or tingling marked between the legs (saddle area)",
        ("nhs_ces", "girft_ces"),
        lambda f: f.saddle_core,
        "You marked numbness or tingling between the legs (the saddle area). With back pain "
        "this can mean pressure on the nerves at the base of the spine (cauda equina "
        "syndrome): go to an emergency department now.",
    ),
    Rule(
        "saddle_pattern_ask_first",
        "ask",
        "Numbness or tingling at the tailbone, sacrum or both lower buttocks: ask first",
        ("girft_ces", "nhs_ces"),
        lambda f: f.saddle_near and not f.answered_all(CAUDA_EQUINA_QUESTIONS),
        "Numbness or tingling near the saddle area: the cauda-equina questions come first.",
    ),
    Rule(
        "both_legs_ask_first",
        "ask",
        "Numbness, tingling, burning or radicular pain in both legs: ask first",
        ("girft_ces", "nhs_ces"),
        lambda f: _both_legs(f) and not f.answered_all(CAUDA_EQUINA_QUESTIONS),
        "Nerve symptoms in both legs: the cauda-equina questions come first.",
    ),
    Rule(
        "saddle_or_both_legs_screened",
        "soon",
        "Saddle-area or two-legged nerve symptoms, cauda-equina questions answered no",
        ("girft_ces", "nhs_ces"),
        lambda f: (f.saddle_near or _both_legs(f)) and f.answered_all(CAUDA_EQUINA_QUESTIONS),
        "Numbness or tingling near the saddle area or in both legs should be examined by a "
        "clinician within days. Go to an emergency department at once if numbness appears "
        "between the legs, your bladder, bowels or sexual function change, or a leg weakens.",
    ),
    Rule(
        "cancer_history_nerve_signs",
        "urgent",
        "History of cancer with nerve-root signs in the legs",
        ("nice_ng234",),
        lambda f: f.has("cancer_history") and bool(f.root_sides or f.nerve_sides),
        "A history of cancer with back pain and numbness, tingling or pain down a leg needs "
        "to be checked immediately for pressure on the spinal cord or nerves: contact your "
        "cancer team's emergency line or go to an emergency department now.",
    ),
    Rule(
        "cancer_history_spinal_features",
        "urgent",
        "History of cancer with thoracic or neck, night or constant progressive spinal pain",
        ("nice_ng234", "downie_2013"),
        lambda f: f.has("cancer_history") and _cancer_features(f),
        "A history of cancer with pain in the neck, upper or middle spine, pain at night or pain "
        "that keeps getting worse needs to be discussed with your cancer team or a doctor "
        "today (within 24 hours).",
    ),
    Rule(
        "cancer_history_spinal_pain",
        "soon",
        "History of cancer with spinal pain",
        ("nice_ng234", "downie_2013", "chou_2007"),
        lambda f: f.has("cancer_history") and f.spinal_pain and not _cancer_features(f),
        "You have had cancer and have spinal pain: tell your cancer team or doctor in the next "
        "few days, and contact them today if it spreads to the upper back, wakes you at night "
        "or keeps getting worse.",
    ),
    Rule(
        "cancer_signs_combined",
        "urgent",
        "Two or more signs that point toward cancer",
        ("finucane_2020", "downie_2013", "deyo_1988", "chou_2007"),
        lambda f: _cancer_count(f) >= 2,
        "Together, the signs you reported (such as weight loss, night pain, age or a history "
        "of cancer) need a doctor to look for a serious cause: see a doctor today rather "
        "than treating this yourself.",
    ),
    Rule(
        "infection_risk_with_constant_pain",
        "urgent",
        "Infection risk with constant or night pain",
        ("finucane_2020", "chou_2007", "nhs_ces"),
        lambda f: f.has(*INFECTION_RISKS) and f.has("night_pain", "constant_progressive_pain"),
        "Injected drugs, a weakened immune system or long-term steroids, together with "
        "constant or night pain, can mean a spinal infection: see a doctor today.",
    ),
    Rule(
        "many_soon_signs",
        "urgent",
        "Three or more warning signs together",
        ("finucane_2020",),
        lambda f: f.count(f.soon_ids) >= 3,
        "Several warning signs together make a serious cause more likely than any one alone: "
        "see a doctor today rather than treating this yourself.",
    ),
    Rule(
        "soon_sign_reported",
        "soon",
        "A warning sign that needs a doctor within days",
        ("chou_2007", "nhs_ces", "finucane_2020"),
        lambda f: bool(f.flags & f.soon_ids),
        "You answered yes to a sign that a doctor should check in the next few days (see "
        "the advice below); self-care can continue meanwhile.",
    ),
    Rule(
        "thoracic_spine_marked",
        "soon",
        "Pain marked on the middle of the upper or mid spine",
        ("chou_2007", "finucane_2020"),
        lambda f: "thoracic_spine" in f.marked and not f.has("thoracic_pain"),
        "Pain in the middle of the upper or mid spine is less often a simple back problem: "
        "have a doctor check it in the next few days.",
    ),
    Rule(
        "nerve_root_pattern",
        "adapt",
        "Nerve-root (sciatica) pattern: leg symptoms below the knee",
        ("koes_2007", "coppieters_2008", "nice_ng59"),
        lambda f: bool(f.root_sides),
        _root_message,
    ),
    Rule(
        "pregnancy_adaptations",
        "adapt",
        "Pregnancy: pressure work, points and exercises adapted",
        ("acog_804", "nhs_pregnancy_back", "pregnancy_points"),
        lambda f: f.context.pregnant,
        "Pregnant: no pressure on the abdomen or deep groin, points avoided in pregnancy are "
        "left out, no lying face down, no deep twists and no long spells flat on your back. "
        "Contact your maternity unit now if the pain comes in waves, or with bleeding, fluid "
        "loss or a fever.",
    ),
    Rule(
        "pregnancy_not_screened",
        "adapt",
        "Pregnancy: obstetric warning signs not yet asked",
        ("nhs_pregnancy_back", "acog_804"),
        lambda f: (
            f.context.pregnant
            and not f.answered_all(("pregnancy_contractions", "pregnancy_bleeding"))
        ),
        "Please answer the pregnancy questions in the safety questions.",
    ),
    Rule(
        "extension_preference",
        "adapt",
        "Bending backward eases the pain: extension exercises first",
        ("mckenzie_2003", "long_2004"),
        lambda f: f.context.eases == "extension",
        _extension_message,
    ),
    Rule(
        "flexion_preference",
        "adapt",
        "Sitting or bending forward eases the pain: flexion-biased work",
        ("whitman_2006",),
        lambda f: f.context.eases == "flexion",
        "Sitting or bending forward eases your symptoms (a pattern typical of narrowing "
        "around the nerves, spinal stenosis): flexion-biased exercises and walking come "
        "first, and backward bending is left out. A clinician can confirm the cause.",
    ),
    Rule(
        "phase_unknown",
        "info",
        "Episode length not known: acute-phase plan",
        ("van_tulder_2006",),
        lambda f: f.context.episode_weeks is None,
        "Tell ReliefMap when this episode began to get the plan for your phase; until then "
        "it suggests the gentle, acute-phase work.",
    ),
)

RULE_IDS = tuple(rule.id for rule in RULES)


def assess(kb: KnowledgeBase, context: SafetyContext) -> SafetyAssessment:
    """Run every rule; the result decides what the engine, window, CLI and report show."""
    facts = _facts(context, kb.red_flags)
    fired = []
    for rule in RULES:
        if rule.test(facts):
            message = rule.message(facts) if callable(rule.message) else rule.message
            fired.append(FiredRule(rule.id, rule.level, message, rule.sources))
    hits = screen_red_flags(kb.red_flags, facts.flags)
    ask_first: tuple[str, ...] = ()
    if _cauda_pattern_questions_pending(facts):
        answered = context.answered or frozenset()
        ask_first = tuple(q for q in CAUDA_EQUINA_QUESTIONS if q not in answered)
    phase, known = phase_for(context.episode_weeks)
    conditions = {phase}
    if context.pregnant:
        conditions.add("pregnant")
    if facts.root_sides:
        conditions.add("nerve_root")
    if context.eases == "extension":
        conditions.add("extension_eases")
    elif context.eases == "flexion":
        conditions.add("flexion_eases")
    restrictions: dict[tuple[str, str], list[Restriction]] = {}
    for row in kb.restrictions:
        restrictions.setdefault((row.kind, row.item_id), []).append(row)
    order = {level: n for n, level in enumerate(LEVELS)}
    fired.sort(key=lambda rule: order[rule.level])  # stable: the table's order within a level
    return SafetyAssessment(
        rules=tuple(fired),
        hits=hits,
        ask_first=ask_first,
        conditions=frozenset(conditions),
        phase=phase,
        phase_known=known,
        nerve_root_sides=facts.root_sides,
        nerve_root_levels=facts.root_levels,
        _restrictions={key: tuple(rows) for key, rows in restrictions.items()},
        _pregnancy_points={code: point.pregnancy for code, point in kb.acupoints.items()},
    )
