"""Every safety rule of ``app.domain.safety.RULES``, table-driven, on the real knowledge base.

Each rule has cases where it fires and close cases where it must not; a rule added without
both fails ``test_every_rule_has_a_firing_and_a_non_firing_case``. docs/safety.md must name
every rule, and every row of data/restrictions.csv must change what the person is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import PainMark, TightMuscle
from app.domain.knowledge import Restriction
from app.domain.regions import default_catalog
from app.domain.safety import (
    CAUDA_EQUINA_QUESTIONS,
    LEVELS,
    RULE_IDS,
    RULES,
    SafetyAssessment,
    SafetyContext,
    assess,
    conditions_hold,
    episode_weeks_since,
    phase_for,
    questions_for,
)
from app.domain.suggest import Engine, SuggestionRequest, Suggestions, parse_mark_spec
from app.domain.vocabulary import SYMPTOM_FLAGS
from app.store.knowledge_db import open_knowledge

ROOT = Path(__file__).resolve().parents[2]
KB = open_knowledge()
ALL_ANSWERED = frozenset(SYMPTOM_FLAGS)
CES_ANSWERED = frozenset(CAUDA_EQUINA_QUESTIONS)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(KB, default_catalog())


def marks(*specs: str) -> tuple[PainMark, ...]:
    """``region=intensity[:quality,...]``; the perineum works here before the region exists
    on the map (the safety layer reads ids, the engine checks them)."""
    return tuple(parse_mark_spec(spec) for spec in specs)


@dataclass(frozen=True)
class Case:
    rule: str
    fires: bool
    why: str
    marks: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    answered: frozenset[str] | None = None
    pregnant: bool = False
    age: int | None = None
    weeks: float | None = None
    eases: str | None = None

    def context(self) -> SafetyContext:
        return SafetyContext(
            marks=marks(*self.marks),
            flags=frozenset(self.flags),
            answered=self.answered,
            pregnant=self.pregnant,
            age=self.age,
            episode_weeks=self.weeks,
            eases=self.eases,
        )


def fires(rule: str, why: str, *specs: str, **context: object) -> Case:
    return Case(rule, True, why, specs, **context)  # type: ignore[arg-type]


def silent(rule: str, why: str, *specs: str, **context: object) -> Case:
    return Case(rule, False, why, specs, **context)  # type: ignore[arg-type]


BACK = "low_back_left=5"
CALF_TINGLING = "calf_left=4:tingling"

CASES: tuple[Case, ...] = (
    # -- urgent_sign_reported
    fires("urgent_sign_reported", "bladder change", BACK, flags=("bladder_bowel_change",)),
    fires("urgent_sign_reported", "aneurysm sign", flags=("pulsating_abdominal_pain",)),
    fires(
        "urgent_sign_reported",
        "bleeding in pregnancy",
        pregnant=True,
        flags=("pregnancy_bleeding",),
    ),
    fires("urgent_sign_reported", "new sign: gait change", flags=("gait_change",)),
    silent("urgent_sign_reported", "a 'soon' sign only", BACK, flags=("night_pain",)),
    silent("urgent_sign_reported", "no sign at all", BACK),
    # -- saddle_numbness_marked
    fires("saddle_numbness_marked", "numb perineum, no pain", "perineum=0:numb"),
    fires("saddle_numbness_marked", "tingling perineum", "perineum=2:tingling"),
    silent("saddle_numbness_marked", "perineal ache is not altered feeling", "perineum=4:aching"),
    silent("saddle_numbness_marked", "tailbone numbness asks first instead", "coccyx=3:numb"),
    # -- saddle_pattern_ask_first
    fires("saddle_pattern_ask_first", "numb tailbone", "coccyx=3:numb"),
    fires("saddle_pattern_ask_first", "tingling sacrum without pain", "sacrum=0:tingling"),
    fires(
        "saddle_pattern_ask_first",
        "both lower buttocks numb",
        "buttock_lower_left=2:numb",
        "buttock_lower_right=2:numb",
    ),
    fires(
        "saddle_pattern_ask_first",
        "one CES question still open",
        "coccyx=3:numb",
        answered=CES_ANSWERED - {"gait_change"},
    ),
    silent("saddle_pattern_ask_first", "ONE lower buttock numb", "buttock_lower_left=3:numb"),
    silent("saddle_pattern_ask_first", "aching tailbone", "coccyx=5:aching"),
    silent(
        "saddle_pattern_ask_first",
        "questions answered no",
        "coccyx=3:numb",
        answered=CES_ANSWERED,
    ),
    # -- both_legs_ask_first
    fires(
        "both_legs_ask_first",
        "tingling in both calves",
        BACK,
        CALF_TINGLING,
        "calf_right=3:tingling",
    ),
    fires(
        "both_legs_ask_first",
        "numb thigh and burning shin",
        "posterior_thigh_left=2:numb",
        "shin_right=3:burning",
    ),
    fires(
        "both_legs_ask_first",
        "bilateral radicular pain, no quality marked",
        "low_back_left=3",
        "calf_left=6",
        "calf_right=6",
    ),
    silent("both_legs_ask_first", "one-sided calf tingling with back pain", BACK, CALF_TINGLING),
    silent(
        "both_legs_ask_first",
        "buttock is not a leg",
        "buttock_lower_right=3:tingling",
        CALF_TINGLING,
    ),
    silent(
        "both_legs_ask_first",
        "both calves ache less than the back",
        "low_back_left=6",
        "calf_left=3",
        "calf_right=3",
    ),
    silent(
        "both_legs_ask_first",
        "questions answered no",
        BACK,
        CALF_TINGLING,
        "calf_right=3:tingling",
        answered=CES_ANSWERED,
    ),
    # -- saddle_or_both_legs_screened
    fires(
        "saddle_or_both_legs_screened",
        "numb tailbone, answered no",
        "coccyx=3:numb",
        answered=CES_ANSWERED,
    ),
    fires(
        "saddle_or_both_legs_screened",
        "both legs, full screen",
        CALF_TINGLING,
        "calf_right=3:tingling",
        answered=ALL_ANSWERED,
    ),
    silent("saddle_or_both_legs_screened", "not yet answered", "coccyx=3:numb"),
    silent(
        "saddle_or_both_legs_screened",
        "one leg only",
        BACK,
        CALF_TINGLING,
        answered=ALL_ANSWERED,
    ),
    # -- cancer_history_nerve_signs
    fires(
        "cancer_history_nerve_signs",
        "cancer + sciatica",
        BACK,
        CALF_TINGLING,
        flags=("cancer_history",),
    ),
    fires(
        "cancer_history_nerve_signs",
        "cancer + thigh numbness",
        BACK,
        "posterior_thigh_left=2:numb",
        flags=("cancer_history",),
    ),
    silent("cancer_history_nerve_signs", "cancer, back pain only", BACK, flags=("cancer_history",)),
    silent("cancer_history_nerve_signs", "sciatica, no cancer", BACK, CALF_TINGLING),
    # -- cancer_history_spinal_features
    fires(
        "cancer_history_spinal_features",
        "cancer + thoracic pain answered",
        BACK,
        flags=("cancer_history", "thoracic_pain"),
    ),
    fires(
        "cancer_history_spinal_features",
        "cancer + night pain",
        BACK,
        flags=("cancer_history", "night_pain"),
    ),
    fires(
        "cancer_history_spinal_features",
        "cancer + progressive pain",
        BACK,
        flags=("cancer_history", "constant_progressive_pain"),
    ),
    fires(
        "cancer_history_spinal_features",
        "cancer + thoracic spine marked",
        "thoracic_spine=4",
        flags=("cancer_history",),
    ),
    fires(
        "cancer_history_spinal_features",
        "cancer + mid back marked",
        "mid_back_left=3",
        flags=("cancer_history",),
    ),
    fires(
        "cancer_history_spinal_features",
        "cancer + neck (cervical spine) marked",
        "neck_back=3",
        flags=("cancer_history",),
    ),
    silent(
        "cancer_history_spinal_features",
        "cancer, low back only",
        BACK,
        flags=("cancer_history",),
    ),
    silent(
        "cancer_history_spinal_features",
        "thoracic pain, no cancer",
        "thoracic_spine=4",
        flags=("thoracic_pain", "night_pain"),
    ),
    # -- cancer_history_spinal_pain
    fires("cancer_history_spinal_pain", "cancer + low back pain", BACK, flags=("cancer_history",)),
    fires(
        "cancer_history_spinal_pain",
        "cancer + sacrum pain",
        "sacrum=3",
        flags=("cancer_history",),
    ),
    silent(
        "cancer_history_spinal_pain",
        "night pain makes it urgent instead",
        BACK,
        flags=("cancer_history", "night_pain"),
    ),
    silent("cancer_history_spinal_pain", "no spinal pain marked", flags=("cancer_history",)),
    silent(
        "cancer_history_spinal_pain",
        "calf pain is not spinal",
        "calf_left=3",
        flags=("cancer_history",),
    ),
    # -- cancer_signs_combined
    fires(
        "cancer_signs_combined",
        "cancer + weight loss",
        BACK,
        flags=("cancer_history", "unexplained_weight_loss"),
    ),
    fires("cancer_signs_combined", "cancer at 62", BACK, flags=("cancer_history",), age=62),
    fires(
        "cancer_signs_combined",
        "weight loss + over 50 with new pain",
        flags=("unexplained_weight_loss", "age_over_50_new_pain"),
    ),
    fires(
        "cancer_signs_combined",
        "night pain + progressive pain",
        flags=("night_pain", "constant_progressive_pain"),
    ),
    silent("cancer_signs_combined", "cancer at 45", BACK, flags=("cancer_history",), age=45),
    silent("cancer_signs_combined", "age 70 alone", BACK, age=70),
    silent(
        "cancer_signs_combined",
        "age counted once, not twice",
        BACK,
        flags=("age_over_50_new_pain",),
        age=58,
    ),
    # -- infection_risk_with_constant_pain
    fires(
        "infection_risk_with_constant_pain",
        "injected drugs + night pain",
        flags=("iv_drug_use", "night_pain"),
    ),
    fires(
        "infection_risk_with_constant_pain",
        "immune suppression + progressive pain",
        flags=("immunosuppression", "constant_progressive_pain"),
    ),
    silent("infection_risk_with_constant_pain", "steroids alone", flags=("long_term_steroids",)),
    silent("infection_risk_with_constant_pain", "night pain alone", flags=("night_pain",)),
    # -- many_soon_signs
    fires(
        "many_soon_signs",
        "three soon signs",
        flags=("iv_drug_use", "inflammatory_pattern", "thoracic_pain"),
    ),
    fires(
        "many_soon_signs",
        "two signs + age under 20",
        flags=("thoracic_pain", "inflammatory_pattern"),
        age=17,
    ),
    silent(
        "many_soon_signs", "two soon signs", flags=("inflammatory_pattern", "long_term_steroids")
    ),
    silent(
        "many_soon_signs",
        "urgent signs are not counted here",
        flags=("fever", "major_trauma", "inflammatory_pattern"),
    ),
    # -- soon_sign_reported
    fires("soon_sign_reported", "inflammatory pattern", BACK, flags=("inflammatory_pattern",)),
    fires("soon_sign_reported", "age 16 gives the under-20 sign", BACK, age=16),
    silent("soon_sign_reported", "age 30, nothing reported", BACK, age=30),
    silent("soon_sign_reported", "urgent sign only", BACK, flags=("fever",)),
    # -- thoracic_spine_marked
    fires("thoracic_spine_marked", "upper and middle spine marked", "thoracic_spine=4"),
    silent(
        "thoracic_spine_marked",
        "already answered as a flag",
        "thoracic_spine=4",
        flags=("thoracic_pain",),
    ),
    silent("thoracic_spine_marked", "paraspinal mid back is not the spine", "mid_back_left=4"),
    silent("thoracic_spine_marked", "marked at 0 (no pain)", "thoracic_spine=0"),
    silent("thoracic_spine_marked", "neck pain alone is not a warning sign", "neck_back=4"),
    # -- nerve_root_pattern
    fires("nerve_root_pattern", "calf tingling with back pain", BACK, CALF_TINGLING),
    fires(
        "nerve_root_pattern",
        "leg pain worse than back pain",
        "low_back_left=3",
        "lateral_leg_left=6",
    ),
    fires("nerve_root_pattern", "burning sole", "sole_right=3:burning"),
    silent("nerve_root_pattern", "aching calf alone", "calf_left=4:aching"),
    silent(
        "nerve_root_pattern", "tingling above the knee", BACK, "posterior_thigh_left=4:tingling"
    ),
    silent("nerve_root_pattern", "leg pain less than back pain", "low_back_left=6", "calf_left=4"),
    silent("nerve_root_pattern", "buttock tingling", "buttock_lower_left=4:tingling"),
    # -- pregnancy_adaptations
    fires("pregnancy_adaptations", "pregnant", BACK, pregnant=True),
    silent("pregnancy_adaptations", "not pregnant", BACK),
    # -- pregnancy_not_screened
    fires("pregnancy_not_screened", "pregnant, never screened", BACK, pregnant=True),
    fires(
        "pregnancy_not_screened",
        "pregnant, obstetric questions open",
        BACK,
        pregnant=True,
        answered=CES_ANSWERED,
    ),
    silent(
        "pregnancy_not_screened",
        "pregnant, fully screened",
        BACK,
        pregnant=True,
        answered=ALL_ANSWERED,
    ),
    silent("pregnancy_not_screened", "not pregnant, never screened", BACK),
    # -- extension_preference
    fires("extension_preference", "extension eases", BACK, eases="extension"),
    fires(
        "extension_preference",
        "extension eases in pregnancy",
        BACK,
        eases="extension",
        pregnant=True,
    ),
    silent("extension_preference", "flexion eases", BACK, eases="flexion"),
    silent("extension_preference", "nothing said", BACK),
    # -- flexion_preference
    fires("flexion_preference", "flexion eases", BACK, eases="flexion"),
    silent("flexion_preference", "extension eases", BACK, eases="extension"),
    silent("flexion_preference", "nothing said", BACK),
    # -- phase_unknown
    fires("phase_unknown", "no start date", BACK),
    silent("phase_unknown", "began this week", BACK, weeks=0),
    silent("phase_unknown", "twenty weeks", BACK, weeks=20),
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}-{'fires' if c.fires else 'not'}-"
                         + c.why.replace(" ", "_"))  # fmt: skip
def test_rule_fires_only_where_it_should(case: Case) -> None:
    assessment = assess(KB, case.context())
    fired = [rule.id for rule in assessment.rules]
    assert (case.rule in fired) is case.fires, f"{case.why}: fired {fired}"


def test_every_rule_has_a_firing_and_a_non_firing_case() -> None:
    assert {case.rule for case in CASES} <= set(RULE_IDS), "a case names an unknown rule"
    for rule_id in RULE_IDS:
        outcomes = {case.fires for case in CASES if case.rule == rule_id}
        assert outcomes == {True, False}, f"rule '{rule_id}' needs a firing and a silent case"


def _doc_section(text: str, rule_id: str) -> str:
    """The hand-written section of docs/safety.md for one rule (its heading to the next)."""
    start = text.index(f"### `{rule_id}`")
    ends = [text.find(mark, start + 1) for mark in ("\n### ", "\n## ")]
    return " ".join(text[start : min(end for end in ends if end != -1)].split())


def test_docs_describe_every_rule_with_its_level_and_sources_written_out() -> None:
    text = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"### `{rule.id}`" in text, f"docs/safety.md has no section for '{rule.id}'"
        section = _doc_section(text, rule.id)
        assert f"**Level**: {rule.level}" in section, rule.id
        for source in rule.sources:
            citation = " ".join(KB.sources[source].citation.split())
            assert citation in section, f"{rule.id}: source {source} not written out"


def test_docs_restriction_tables_are_current() -> None:
    """The generated part of docs/safety.md matches data/ (run tools/safety_doc.py)."""
    from tools.safety_doc import GENERATED_END, GENERATED_START, generated_section

    text = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    start = text.index(GENERATED_START)
    end = text.index(GENERATED_END) + len(GENERATED_END)
    assert text[start:end] == generated_section(KB), "run: python tools/safety_doc.py"


def test_rules_are_well_formed() -> None:
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    for rule in RULES:
        assert rule.level in LEVELS and rule.sources, rule.id
        assert set(rule.sources) <= set(KB.sources), rule.id


# --- levels: urgent > ask > soon > adapt ------------------------------------------------------


@pytest.mark.parametrize(
    ("specs", "context", "level"),
    [
        (("coccyx=3:numb",), {"flags": frozenset({"fever"})}, "urgent"),
        (("coccyx=3:numb",), {"flags": frozenset({"night_pain"})}, "ask"),
        ((BACK,), {"flags": frozenset({"night_pain"}), "eases": "extension"}, "soon"),
        ((BACK, CALF_TINGLING), {}, "adapt"),
        ((BACK,), {}, "info"),
        ((BACK,), {"episode_weeks": 3.0}, "none"),
        # cancer history: low back only is 'soon'; thoracic or night pain make it 'urgent'
        ((BACK,), {"flags": frozenset({"cancer_history"})}, "soon"),
        (("thoracic_spine=4",), {"flags": frozenset({"cancer_history"})}, "urgent"),
        ((BACK,), {"flags": frozenset({"cancer_history", "night_pain"})}, "urgent"),
        ((BACK,), {"flags": frozenset({"cancer_history", "thoracic_pain"})}, "urgent"),
        # two 'soon' signs stay 'soon'; a third escalates
        ((BACK,), {"flags": frozenset({"iv_drug_use", "inflammatory_pattern"})}, "soon"),
        (
            (BACK,),
            {"flags": frozenset({"iv_drug_use", "inflammatory_pattern", "long_term_steroids"})},
            "urgent",
        ),
        # a saddle pattern screened 'no' is 'soon', never silent
        (("coccyx=3:numb",), {"answered": ALL_ANSWERED}, "soon"),
    ],
)
def test_the_most_serious_level_wins(
    specs: tuple[str, ...], context: dict[str, object], level: str
) -> None:
    assessment = assess(KB, SafetyContext(marks=marks(*specs), **context))  # type: ignore[arg-type]
    assert assessment.level == level
    assert assessment.seek_care is (level == "urgent")
    assert assessment.self_care_allowed is (level not in ("urgent", "ask"))


def test_level_order_is_urgent_ask_soon_adapt_info() -> None:
    assert LEVELS == ("urgent", "ask", "soon", "adapt", "info")
    assessment = assess(
        KB,
        SafetyContext(
            marks=marks("coccyx=3:numb", BACK, CALF_TINGLING),
            flags=frozenset({"fever", "night_pain"}),
            pregnant=True,
        ),
    )
    levels = [rule.level for rule in assessment.rules]
    assert levels == sorted(levels, key=LEVELS.index)  # rules are listed most serious first
    assert assessment.notes()[0].startswith("Seek medical care now")


def test_urgent_notes_never_say_self_care_can_continue() -> None:
    assessment = assess(
        KB, SafetyContext(marks=marks(BACK), flags=frozenset({"cancer_history", "night_pain"}))
    )
    assert assessment.seek_care
    text = " ".join(assessment.notes())
    assert "self-care can continue" not in text and "next few days" not in text


def test_ask_first_lists_the_open_cauda_equina_questions_in_order() -> None:
    open_questions = assess(KB, SafetyContext(marks=marks("coccyx=3:numb"))).ask_first
    assert open_questions == CAUDA_EQUINA_QUESTIONS
    partly = assess(
        KB,
        SafetyContext(
            marks=marks("coccyx=3:numb"), answered=frozenset({"saddle_numbness", "gait_change"})
        ),
    )
    assert partly.ask_first == ("bladder_bowel_change", "sexual_dysfunction",
                                "progressive_leg_weakness")  # fmt: skip
    assert assess(KB, SafetyContext(marks=marks(BACK, CALF_TINGLING))).ask_first == ()


def test_obstetric_questions_are_asked_only_in_pregnancy() -> None:
    obstetric = {"pregnancy_contractions", "pregnancy_bleeding"}
    assert not obstetric & {flag.id for flag in questions_for(KB.red_flags, pregnant=False)}
    asked = [flag.id for flag in questions_for(KB.red_flags, pregnant=True)]
    assert obstetric <= set(asked)
    assert tuple(asked[: len(CAUDA_EQUINA_QUESTIONS)]) == tuple(
        q for q in KB.red_flags if q in CAUDA_EQUINA_QUESTIONS
    )


def test_every_symptom_flag_is_a_question_with_an_urgency() -> None:
    assert set(KB.red_flags) == set(SYMPTOM_FLAGS)
    for flag in KB.red_flags.values():
        assert flag.urgency in ("urgent", "soon") and flag.question.endswith("?")
        assert flag.asked_when == ("pregnant" if flag.id.startswith("pregnancy_") else "always")


def test_no_question_forces_a_yes_from_the_pattern_that_asked_it() -> None:
    """Someone asked because they marked both legs must be able to answer no truthfully."""
    question = KB.red_flags["progressive_leg_weakness"].question.lower()
    assert "newly" in question and "do both legs have symptoms" not in question


# --- phase by the episode's duration ----------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "phase", "known"),
    [
        (None, "acute", False),
        (0, "acute", True),
        (5.9, "acute", True),
        (6, "subacute", True),
        (12, "subacute", True),
        (12.1, "chronic", True),
        (300, "chronic", True),
    ],
)
def test_phase_follows_the_episode_length(weeks: float | None, phase: str, known: bool) -> None:
    assert phase_for(weeks) == (phase, known)
    assessment = assess(KB, SafetyContext(episode_weeks=weeks))
    assert assessment.phase == phase and phase in assessment.conditions


def test_episode_start_in_the_future_is_refused() -> None:
    assert episode_weeks_since(date(2026, 1, 1), date(2026, 1, 15)) == 2
    with pytest.raises(ValidationError, match="future"):
        episode_weeks_since(date(2026, 2, 1), date(2026, 1, 15))
    with pytest.raises(ValidationError, match="future"):
        SafetyContext(episode_weeks=-0.5)


def test_episode_length_limits_say_what_is_wrong() -> None:
    assert SafetyContext(episode_weeks=5200).episode_weeks == 5200  # what --weeks accepts
    with pytest.raises(ValidationError, match="100 years") as error:
        SafetyContext(episode_weeks=episode_weeks_since(date(1900, 1, 1), date(2026, 1, 1)))
    assert "in the past" not in str(error.value)  # 1900 *is* in the past


@pytest.mark.parametrize(
    "context",
    [{"flags": frozenset({"feverish"})}, {"eases": "twisting"}, {"age": 0},
     {"episode_weeks": -1.0}],
)  # fmt: skip
def test_context_refuses_bad_input(context: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SafetyContext(**context)  # type: ignore[arg-type]


# --- what the engine then shows ---------------------------------------------------------------


def suggest(engine: Engine, *specs: str, **request: object) -> Suggestions:
    return engine.suggest(SuggestionRequest(marks=marks(*specs), **request))  # type: ignore[arg-type]


def muscles(result: Suggestions) -> set[str]:
    return {item.muscle_id for item in result.trigger_points}


def exercises(result: Suggestions) -> list[str]:
    return [item.id for item in result.exercises]


def test_urgent_and_ask_suspend_all_self_care(engine: Engine) -> None:
    for specs, flags in ((("coccyx=3:numb", BACK), ()), ((BACK,), ("gait_change",))):
        result = suggest(engine, *specs, flags=frozenset(flags))
        assert not (result.trigger_points or result.acupoints or result.exercises)
        assert result.notes and result.safety is not None
    assert suggest(engine, "coccyx=3:numb", BACK).ask_first == CAUDA_EQUINA_QUESTIONS


def test_saddle_pattern_screened_no_gets_self_care_with_the_soon_note(engine: Engine) -> None:
    result = suggest(engine, "coccyx=3:numb", BACK, answered=ALL_ANSWERED)
    assert result.trigger_points and not result.seek_care and not result.ask_first
    assert any("within days" in note for note in result.notes)


@pytest.mark.parametrize(
    ("specs", "muscle"),
    [
        (("low_back_left=6", "low_back_right=6", "sacroiliac_left=5"), "rectus_abdominis"),
        (("low_back_left=6", "groin_left=5"), "iliopsoas"),
    ],
)
def test_pregnancy_hides_abdominal_and_deep_groin_pressure(
    engine: Engine, specs: tuple[str, ...], muscle: str
) -> None:
    assert muscle in muscles(suggest(engine, *specs))
    pregnant = suggest(engine, *specs, pregnant=True)
    assert pregnant.trigger_points and muscle not in muscles(pregnant)


def test_pregnancy_hides_the_supine_twist_and_the_prone_press_up(engine: Engine) -> None:
    spec = ("low_back_left=8", "low_back_right=8")
    chronic = {"episode_weeks": 30.0}
    assert "supine_twist" in exercises(suggest(engine, *spec, **chronic))
    assert "supine_twist" not in exercises(suggest(engine, *spec, pregnant=True, **chronic))
    assert "prone_press_up" in exercises(suggest(engine, *spec, eases="extension", **chronic))
    pregnant = suggest(engine, *spec, eases="extension", pregnant=True, **chronic)
    assert not {"prone_press_up", "prone_lying"} & set(exercises(pregnant))
    assert pregnant.exercises  # still a plan: adapted, not withdrawn


SCIATICA = (BACK, "buttock_lower_left=5", "posterior_thigh_left=4", CALF_TINGLING)
NERVE_HIDDEN = {"hamstring_strap_stretch", "supine_twist", "knee_to_chest"}


def test_nerve_root_pattern_hides_tension_twist_and_flexion(engine: Engine) -> None:
    tight = (TightMuscle("hamstrings", "left"), TightMuscle("multifidus", "left"))
    without = suggest(
        engine, BACK, "buttock_lower_left=5", "posterior_thigh_left=4", "calf_left=4:aching",
        tight_muscles=tight, episode_weeks=20.0,
    )  # fmt: skip
    assert set(exercises(without)) >= NERVE_HIDDEN
    with_signs = suggest(engine, *SCIATICA, tight_muscles=tight, episode_weeks=20.0)
    assert with_signs.safety is not None and with_signs.safety.fired("nerve_root_pattern")
    assert not NERVE_HIDDEN & set(exercises(with_signs))
    # ... unless sitting or bending forward eases it: then flexion work comes back
    flexion = suggest(engine, *SCIATICA, tight_muscles=tight, episode_weeks=20.0, eases="flexion")
    assert "knee_to_chest" in exercises(flexion)
    assert not {"hamstring_strap_stretch", "supine_twist"} & set(exercises(flexion))


def test_extension_preference_brings_prone_lying_and_press_ups_first(engine: Engine) -> None:
    for weeks in (2.0, 20.0):
        result = suggest(engine, *SCIATICA, eases="extension", episode_weeks=weeks)
        assert exercises(result)[:2] == ["prone_lying", "prone_press_up"]
        assert not {"knee_to_chest", "childs_pose", "seated_flexion"} & set(exercises(result))
        assert "extension" in result.exercises[0].reason


def test_flexion_preference_brings_seated_flexion_and_drops_extension(engine: Engine) -> None:
    result = suggest(engine, *SCIATICA, eases="flexion", episode_weeks=20.0)
    assert exercises(result)[0] == "seated_flexion"
    assert not {"prone_lying", "prone_press_up"} & set(exercises(result))
    assert "seated_flexion" not in exercises(suggest(engine, *SCIATICA, episode_weeks=20.0))


@pytest.mark.parametrize(("weeks", "offered"), [(None, False), (2.0, False), (8.0, True),
                                                 (40.0, True)])  # fmt: skip
def test_nerve_sliders_only_past_the_acute_phase(
    engine: Engine, weeks: float | None, offered: bool
) -> None:
    result = suggest(engine, *SCIATICA, episode_weeks=weeks)
    assert ("sciatic_nerve_slider" in exercises(result)) is offered
    if offered:
        assert exercises(result)[0] == "sciatic_nerve_slider"
    # never without nerve-root signs
    plain = suggest(engine, BACK, "buttock_lower_left=5", episode_weeks=weeks)
    assert "sciatic_nerve_slider" not in exercises(plain)


@pytest.mark.parametrize("intensity", [2, 8, 10])
def test_chronic_pain_gets_stabilisation_whatever_today_s_intensity(
    engine: Engine, intensity: int
) -> None:
    specs = (f"low_back_left={intensity}", f"low_back_right={intensity}")
    chronic = suggest(engine, *specs, episode_weeks=30.0)
    assert chronic.phase == "chronic"
    assert any(item.kind == "stabilisation" and item.step == 3 for item in chronic.exercises)
    acute = suggest(engine, *specs, episode_weeks=1.0)
    assert acute.phase == "acute"
    assert all("acute" in KB.exercises[item].phases for item in exercises(acute))


def test_unknown_episode_length_gets_the_acute_plan(engine: Engine) -> None:
    result = suggest(engine, "low_back_left=3")
    assert result.phase == "acute" and not result.safety.phase_known  # type: ignore[union-attr]
    assert all("acute" in KB.exercises[item].phases for item in exercises(result))


# --- every restriction row changes what the person is shown ----------------------------------

PHASE_WEEKS = {"acute": 2.0, "subacute": 8.0, "chronic": 20.0}
PHASES = tuple(PHASE_WEEKS)
#: Rows that repeat what a ``require`` row of the same item already does (the item is hidden
#: either way) and only add the person's reason: they change the verdict, not the lists.
VERDICT_ONLY = {
    ("prone_lying", "flexion_eases"),
    ("prone_press_up", "flexion_eases"),
    ("seated_flexion", "extension_eases"),
}


def _positive(when: tuple[str, ...]) -> set[str]:
    return {name for name in when if not name.startswith("!")}


def _tight(row: Restriction, conditions: set[str]) -> tuple[TightMuscle, ...]:
    """The item's muscle marked tight brings it up: for an exercise its most particular
    target that ``conditions`` do not hide (rectus abdominis is hidden in pregnancy)."""
    if row.kind == "muscle":
        return (TightMuscle(row.item_id, "both"),)
    if row.kind == "self_test":
        return ()  # a self-test is not suggested through muscles
    hidden = {
        r.item_id
        for r in KB.restrictions
        if r.kind == "muscle" and r.effect == "hide" and conditions_hold(r.when, conditions)
    }
    targets = KB.exercises[row.item_id].targets
    targets = tuple(m for m in targets if m not in hidden) or targets
    muscle = min(targets, key=lambda m: sum(m in e.targets for e in KB.exercises.values()))
    return (TightMuscle(muscle, "left"),)


def _request(
    row: Restriction, conditions: set[str], tight: tuple[TightMuscle, ...]
) -> SuggestionRequest:
    """A request whose safety conditions are exactly ``conditions`` (plus a phase)."""
    phase = next((name for name in PHASES if name in conditions), None)
    if phase is None:  # the earliest phase the item is offered in: the fewest competitors
        offered = KB.exercises[row.item_id].phases if row.kind == "exercise" else PHASES
        phase = offered[0]
    # nerve-root signs from a faint tingling sole; without them the same mark aches
    sole = "sole_left=1:tingling" if "nerve_root" in conditions else "sole_left=1:aching"
    eases = None
    if "extension_eases" in conditions:
        eases = "extension"
    elif "flexion_eases" in conditions:
        eases = "flexion"
    return SuggestionRequest(
        marks=marks(sole),
        tight_muscles=tight,
        pregnant="pregnant" in conditions,
        episode_weeks=PHASE_WEEKS[phase],
        eases=eases,
        answered=ALL_ANSWERED,
    )


def _shown(result: Suggestions, row: Restriction) -> tuple[bool, tuple[str, ...]]:
    """Whether the item is in the lists, and the cautions shown with it."""
    items = result.exercises if row.kind == "exercise" else result.trigger_points
    for item in items:
        if getattr(item, "id", None) == row.item_id or getattr(item, "muscle_id", None) == (
            row.item_id
        ):
            return True, item.cautions
    return False, ()


def _holds_and_not(row: Restriction) -> tuple[set[str], set[str]]:
    """Conditions under which the row holds, and a close set under which it does not; both
    keep what other ``require`` rows of the same item need."""
    enabling: set[str] = set()
    for other in KB.restrictions:
        same_item = (other.kind, other.item_id) == (row.kind, row.item_id)
        if same_item and other.effect == "require" and other is not row:
            enabling |= _positive(other.when)
    holds = _positive(row.when) | enabling
    fails = enabling | (_positive(row.when) - {row.when[0].removeprefix("!")})
    if row.when[0] in PHASES:  # a phase row: the other phases, where the item is offered
        offered = KB.exercises[row.item_id].phases if row.kind == "exercise" else PHASES
        fails = (fails - {row.when[0]}) | {next(p for p in offered if p != row.when[0])}
    return holds, fails


def _assessment(request: SuggestionRequest) -> SafetyAssessment:
    return assess(KB, request.safety_context())


@pytest.mark.parametrize(
    "row", KB.restrictions, ids=lambda r: f"{r.kind}-{r.item_id}-{'+'.join(r.when)}-{r.effect}"
)
def test_every_restriction_row_changes_what_is_shown(engine: Engine, row: Restriction) -> None:
    holds, fails = _holds_and_not(row)
    if row.kind == "self_test" and not set(PHASES) & holds:
        # Several self-tests are hidden in the acute phase (the default when the episode's
        # length is unknown): test the row past it, where the test is offered.
        holds, fails = holds | {"chronic"}, fails | {"chronic"}
    if (row.item_id, row.when[0]) in VERDICT_ONLY:
        holds -= {"extension_eases", "flexion_eases"} - _positive(row.when)
    assert "extension_eases" not in holds or "flexion_eases" not in holds
    tight = _tight(row, holds)
    holding, failing = _request(row, holds, tight), _request(row, fails, tight)
    verdict = _assessment(holding).verdict(row.kind, row.item_id)
    assert _assessment(holding).conditions >= holds
    # the verdict says so, with the row's own words
    if row.effect == "hide":
        assert not verdict.allowed and row.reason in verdict.reasons
    elif row.effect == "caution":
        assert verdict.allowed and row.reason in verdict.cautions
    else:
        assert verdict.allowed and verdict.indicated and row.reason in verdict.reasons
    other = _assessment(failing).verdict(row.kind, row.item_id)
    assert row.reason not in (*other.reasons, *other.cautions)
    if row.kind == "self_test":
        return  # not in the engine's lists: the self-tests dialog reads the verdict itself
    # ... and the engine's lists follow
    shown_holding, cautions = _shown(engine.suggest(holding), row)
    shown_failing, _ = _shown(engine.suggest(failing), row)
    if (row.item_id, row.when[0]) in VERDICT_ONLY:
        assert not shown_holding  # hidden by the require row as well
    elif row.effect == "hide":
        assert shown_failing and not shown_holding, "the hidden item never appears anyway"
    elif row.effect == "caution":
        assert shown_holding and row.reason in cautions
    else:
        assert shown_holding and not shown_failing


def test_negated_condition_lets_the_item_back() -> None:
    """knee_to_chest / childs_pose: hidden with nerve-root signs unless flexion eases them."""
    rows = [row for row in KB.restrictions if "!flexion_eases" in row.when]
    assert {row.item_id for row in rows} == {"knee_to_chest", "childs_pose"}
    signs = marks(BACK, CALF_TINGLING)
    with_flexion = assess(KB, SafetyContext(marks=signs, eases="flexion"))
    without = assess(KB, SafetyContext(marks=signs))
    for row in rows:
        assert with_flexion.verdict("exercise", row.item_id).allowed
        assert not without.verdict("exercise", row.item_id).allowed


def test_cautions_reach_the_exercise_list_first(engine: Engine) -> None:
    result = suggest(engine, *SCIATICA, episode_weeks=20.0)
    piriformis = next(item for item in result.exercises if item.id == "piriformis_stretch")
    assert piriformis.cautions[0].startswith("With leg symptoms")
    assert piriformis.cautions[-1] in KB.exercises["piriformis_stretch"].cautions


def test_extension_preference_in_pregnancy_explains_what_is_left_out(engine: Engine) -> None:
    result = suggest(engine, *SCIATICA, eases="extension", pregnant=True, episode_weeks=20.0)
    assert result.safety is not None
    rule = next(r for r in result.safety.rules if r.id == "extension_preference")
    assert "not advised in pregnancy" in rule.message and "come first" not in rule.message
    assert not {"prone_lying", "prone_press_up", "knee_to_chest", "childs_pose"} & set(
        exercises(result)
    )
    assert rule.message in result.notes


def test_pain_with_every_muscle_withheld_still_gets_walking() -> None:
    """Pain marked but no muscle left to suggest (all withheld): staying active still stands."""
    from app.domain.regions import default_catalog
    from app.domain.safety import SafetyContext, assess
    from app.domain.suggest import Engine

    kb = open_knowledge()
    engine = Engine(kb, default_catalog())
    safety = assess(kb, SafetyContext(pregnant=True, episode_weeks=8))
    with_pain = engine._plan_exercises((), safety, {}, has_pain=True)
    assert "walking" in {e.id for e in with_pain}
    assert any(e.kind == "stabilisation" for e in with_pain)  # past the acute phase
    assert engine._plan_exercises((), safety, {}, has_pain=False) == ()


@pytest.mark.parametrize("spec", ["low_back_left=1_0", "low_back_left=５", "low_back_left= 5"])
def test_intensity_must_be_plain_digits(spec: str) -> None:
    from app.domain.suggest import parse_mark_spec

    with pytest.raises(ValidationError, match="whole number from 0 to 10"):
        parse_mark_spec(spec)
    assert parse_mark_spec("low_back_left=5").intensity == 5


def test_the_journal_fills_what_the_request_leaves_open() -> None:
    """One way for the window, the CLI and the routine to turn the journal into engine input."""
    from datetime import datetime, timedelta

    from app.domain.person import PersonFacts
    from app.domain.screening import RedFlagScreen
    from app.domain.suggest import SuggestionRequest

    today = date(2026, 12, 2)
    person = PersonFacts(birth_year=1960, eases="extension", pregnant=False)
    screen = RedFlagScreen(datetime(2026, 12, 2, 9), frozenset({"cancer_history"}))
    filled = SuggestionRequest(flags=frozenset({"fever"})).with_journal(
        person=person, screen=screen, red_flags=KB.red_flags, today=today,
        episode_start=today - timedelta(weeks=8),
    )  # fmt: skip
    assert filled.flags == {"fever", "cancer_history"}
    assert filled.answered is not None and "saddle_numbness" in filled.answered
    assert "pregnancy_bleeding" not in filled.answered  # not asked outside pregnancy
    assert (filled.age, filled.eases, filled.episode_weeks) == (66, "extension", 8.0)
    # What the request already says wins; an assessed or older screen adds nothing.
    assessed = RedFlagScreen(datetime(2026, 11, 1, 9), frozenset({"fever"}), datetime(2026, 11, 2))
    kept = SuggestionRequest(age=40, eases="flexion", episode_weeks=1.0).with_journal(
        person=person, screen=assessed, red_flags=KB.red_flags, today=today, episode_start=None
    )
    assert (kept.age, kept.eases, kept.episode_weeks) == (40, "flexion", 1.0)
    assert kept.flags == frozenset() and kept.answered is None
