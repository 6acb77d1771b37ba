"""The suggestion engine's rules, on small hand-built knowledge bases."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import PainMark, TightMuscle
from app.domain.knowledge import (
    Acupoint,
    Exercise,
    KnowledgeBase,
    Muscle,
    Placement,
    RedFlag,
    ReferralZone,
    Source,
    Technique,
    TriggerPointSite,
)
from app.domain.regions import default_catalog
from app.domain.safety import SEEK_CARE_NOTE, screen_red_flags
from app.domain.sessions import TreatmentSession
from app.domain.suggest import (
    PREGNANCY_CAUTION,
    Engine,
    SuggestionRequest,
    TechniqueOutcome,
    describe_regions,
    parse_mark_spec,
    parse_tight_spec,
)

TECH = Technique("ball", "firm", 30, "3", "daily", ("press",))
SRC = ("s1",)


def muscle(muscle_id: str, zones: list[tuple[str, str, str]], placement: Placement) -> Muscle:
    site = TriggerPointSite(
        muscle_id,
        "tp",
        f"{muscle_id} site",
        placement,
        tuple(ReferralZone(*zone) for zone in zones),
        SRC,
        "",
    )
    return Muscle(muscle_id, muscle_id.title(), ("low_back",), True, (), TECH, (), (site,), SRC, "")


def point(code: str, used_for: tuple[str, ...], pregnancy: str = "ok") -> Acupoint:
    return Acupoint(
        code, "Pin", "English", "Bladder", "somewhere",
        Placement("back", "popliteal_crease_mid", 0, 0), True, used_for, TECH, pregnancy, (),
        SRC, "",
    )  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> Engine:
    crest = Placement("back", "l3_spinous", 4.6, 0)  # lies in the flank
    buttock = Placement("back", "greater_trochanter_back", -3, -1)  # upper buttock
    muscles = {
        "broad": muscle(
            "broad",
            [("iliac_crest", "essential", "same"), ("flank", "essential", "same"),
             ("sacroiliac", "essential", "same"), ("groin", "spillover", "same")],
            crest,
        ),
        "narrow": muscle("narrow", [("iliac_crest", "essential", "same")], buttock),
        "spill": muscle(
            "spill", [("flank", "spillover", "same"), ("heel", "essential", "same")], buttock
        ),
        "band": muscle(
            "band", [("low_back", "essential", "both"), ("sacrum", "essential", "midline")], buttock
        ),
    }  # fmt: skip
    kb = KnowledgeBase(
        sources={"s1": Source("s1", "A book", "", "", "")},
        muscles=muscles,
        acupoints={
            "BL40": point("BL40", ("low_back", "posterior_knee")),
            "LI4": point("LI4", ("low_back",), pregnancy="avoid"),
            "BL23": point("BL23", ("low_back",), pregnancy="caution"),
        },
        exercises={
            "stretch_broad": Exercise(
                "stretch_broad",
                "Stretch",
                "stretch",
                ("broad",),
                ("subacute",),
                ("s",),
                "d",
                (),
                SRC,
                "",
            ),
            "stab_broad": Exercise(
                "stab_broad",
                "Stabilise",
                "stabilisation",
                ("broad",),
                ("subacute",),
                ("s",),
                "d",
                (),
                SRC,
                "",
            ),
            "move_broad": Exercise(
                "move_broad",
                "Move",
                "mobility",
                ("broad",),
                ("subacute", "acute"),
                ("s",),
                "d",
                (),
                SRC,
                "",
            ),
        },
        red_flags={
            "saddle_numbness": RedFlag(
                "saddle_numbness", "always", "q?", "urgent", "Go now.", SRC, ""
            ),
            "night_pain": RedFlag("night_pain", "always", "q?", "soon", "Book a visit.", SRC, ""),
        },
    )
    return Engine(kb, default_catalog())


def request(*specs: str, **kwargs: object) -> SuggestionRequest:
    return SuggestionRequest(marks=tuple(parse_mark_spec(s) for s in specs), **kwargs)  # type: ignore[arg-type]


def test_pattern_that_explains_more_of_the_pain_ranks_first(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=6", "flank_left=5", "sacroiliac_left=4"))
    assert [(t.muscle_id, t.side) for t in result.trigger_points][:2] == [
        ("broad", "left"),
        ("narrow", "left"),
    ]
    assert result.trigger_points[0].explains == (
        "iliac_crest_left",
        "flank_left",
        "sacroiliac_left",
    )
    assert 0 < result.trigger_points[-1].score <= result.trigger_points[0].score <= 1


def test_essential_counts_more_than_spillover(engine: Engine) -> None:
    scores = {t.muscle_id: t.score for t in engine.suggest(request("flank_right=5")).trigger_points}
    assert scores["broad"] > scores["spill"]


def test_side_follows_the_pain(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_right=6"))
    assert {t.side for t in result.trigger_points} == {"right"}


def test_bilateral_band_explains_both_sides_and_midline(engine: Engine) -> None:
    result = engine.suggest(request("low_back_left=5", "low_back_right=5", "sacrum=5"))
    band = [t for t in result.trigger_points if t.muscle_id == "band"]
    assert band and set(band[0].explains) == {"low_back_left", "low_back_right", "sacrum"}
    assert band[0].score >= 0.85


def test_tightness_and_tenderness_raise_the_score(engine: Engine) -> None:
    base = engine.suggest(request("iliac_crest_left=5"))
    tight = engine.suggest(
        request("iliac_crest_left=5", tight_muscles=(TightMuscle("narrow", "left"),))
    )
    tender = engine.suggest(request("iliac_crest_left=5", "buttock_upper_left=1"))

    def score(result: object, muscle_id: str) -> float:
        return next(t.score for t in result.trigger_points if t.muscle_id == muscle_id)  # type: ignore[attr-defined]

    assert score(tight, "narrow") > score(base, "narrow")
    assert "tight" in next(t.reason for t in tight.trigger_points if t.muscle_id == "narrow")
    assert score(tender, "narrow") > score(base, "narrow") - 0.2  # more pain to explain...
    assert "hurts where" in next(t.reason for t in tender.trigger_points if t.muscle_id == "narrow")


def test_tight_muscle_alone_is_suggested(engine: Engine) -> None:
    result = engine.suggest(SuggestionRequest(tight_muscles=(TightMuscle("narrow", "both"),)))
    assert [(t.muscle_id, t.side) for t in result.trigger_points] == [("narrow", "both")]
    one = engine.suggest(SuggestionRequest(tight_muscles=(TightMuscle("narrow", "right"),)))
    assert [(t.muscle_id, t.side) for t in one.trigger_points] == [("narrow", "right")]


def test_a_perfect_mirror_tie_is_one_suggestion_on_both_sides(engine: Engine) -> None:
    midline = engine.suggest(request("sacrum=6"))
    assert [(t.muscle_id, t.side) for t in midline.trigger_points] == [("band", "both")]
    assert midline.trigger_points[0].explains == ("sacrum",)
    # One side tender as well: no longer a tie, so each side stands on its own.
    tender = engine.suggest(request("sacrum=6", "buttock_upper_left=2"))
    assert {t.side for t in tender.trigger_points if t.muscle_id == "band"} == {"left", "right"}


def test_reason_names_the_regions_in_plain_words(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=6", "flank_left=5"))
    assert result.trigger_points[0].reason.startswith(
        "Explains your left top of hip bone and side of waist (flank) pain"
    )
    assert describe_regions(["sacrum", "heel_right"], default_catalog()) == "right heel; sacrum"


def test_pregnancy_removes_avoid_points_and_flags_cautions(engine: Engine) -> None:
    normal = engine.suggest(request("low_back_left=5"))
    assert {"LI4", "BL23"} <= {p.code for p in normal.acupoints}
    pregnant = engine.suggest(request("low_back_left=5", pregnant=True))
    codes = {p.code for p in pregnant.acupoints}
    assert "LI4" not in codes
    bl23 = next(p for p in pregnant.acupoints if p.code == "BL23")
    assert bl23.pregnancy_caution and bl23.cautions[0] == PREGNANCY_CAUTION


def test_acupoints_on_the_painful_side(engine: Engine) -> None:
    result = engine.suggest(request("posterior_knee_right=4"))
    assert [(p.code, p.side) for p in result.acupoints] == [("BL40", "right")]


def test_urgent_red_flag_overrides_everything(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=6", flags=frozenset({"saddle_numbness"})))
    assert result.seek_care
    assert not result.trigger_points and not result.acupoints and not result.exercises
    assert result.red_flags[0].urgent and "Go now." in result.notes
    json_dict = result.to_json_dict()
    assert json_dict["seek_care"] is True
    assert json_dict["red_flags"] == [
        {"id": "saddle_numbness", "urgent": True, "advice": "Go now."}
    ]


def test_soon_flag_keeps_suggestions_with_advice(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=6", flags=frozenset({"night_pain"})))
    assert not result.seek_care and result.trigger_points
    assert result.red_flags[0].urgent is False


def test_numbness_below_the_knee_adds_the_nerve_root_note(engine: Engine) -> None:
    assert engine.suggest(request("calf_left=4:numb")).safety.fired("nerve_root_pattern")
    assert not engine.suggest(request("calf_left=4:aching")).safety.fired("nerve_root_pattern")
    assert not engine.suggest(request("buttock_lower_left=4:tingling")).safety.fired(
        "nerve_root_pattern"
    )
    assert engine.suggest(request("sole_right=3:burning")).safety.fired("nerve_root_pattern")
    assert not engine.suggest(request("sole_right=0:burning")).safety.fired("nerve_root_pattern")


def test_symptoms_in_both_legs_add_the_cauda_equina_prompt(engine: Engine) -> None:
    one = engine.suggest(request("calf_left=4:numb", "calf_right=4:aching"))
    both = engine.suggest(request("calf_left=4:numb", "shin_right=3:tingling"))
    assert not one.ask_first and one.safety is not None
    assert one.safety.fired("nerve_root_pattern") and one.safety.self_care_allowed
    assert both.ask_first[0] == "saddle_numbness" and not both.trigger_points
    assert not both.exercises and not both.seek_care


def test_exercises_follow_calm_lengthen_stabilise(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=5", "flank_left=5", episode_weeks=8))
    assert result.phase == "subacute"
    assert [e.id for e in result.exercises] == ["move_broad", "stretch_broad", "stab_broad"]
    assert [e.step for e in result.exercises] == [1, 2, 3]
    acute = engine.suggest(request("iliac_crest_left=8"))
    assert [e.id for e in acute.exercises] == ["move_broad"]


def test_history_nudges_gently_and_is_shrunk_with_few_sessions(engine: Engine) -> None:
    base = engine.suggest(request("iliac_crest_left=6")).trigger_points
    helped = tuple(
        TreatmentSession(datetime(2026, 1, day), "trigger_point", "narrow", "left", 6, 2)
        for day in range(1, 21)
    )
    one = helped[:1]

    def narrow(points: tuple) -> float:  # type: ignore[type-arg]
        return next(t.score for t in points if t.muscle_id == "narrow")

    many = engine.suggest(request("iliac_crest_left=6", history=helped)).trigger_points
    few = engine.suggest(request("iliac_crest_left=6", history=one)).trigger_points
    assert narrow(base) < narrow(few) < narrow(many) <= narrow(base) + 0.15


def test_unknown_ids_are_refused_with_suggestions(engine: Engine) -> None:
    with pytest.raises(ValidationError, match="flank_left"):
        engine.suggest(request("flnk_left=5"))
    with pytest.raises(ValidationError, match="Unknown muscle"):
        engine.suggest(SuggestionRequest(tight_muscles=(TightMuscle("psoas", "left"),)))
    with pytest.raises(ValidationError, match="saddle_numbness"):
        engine.suggest(SuggestionRequest(flags=frozenset({"saddle"})))
    with pytest.raises(ValidationError, match="Unknown muscle"):
        parse_tight_spec("narrow_up", engine.kb.muscles)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sacrum", "REGION=INTENSITY"),
        ("sacrum=high", "whole number"),
        ("sacrum=11", "0 to 10"),
        ("sacrum=-1", "0 to 10"),
        ("sacrum=3:prickly", "Unknown quality"),
    ],
)
def test_mark_spec_errors(spec: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_mark_spec(spec)


def test_mark_and_tight_specs() -> None:
    assert parse_mark_spec("calf_left=4:numb,tingling") == PainMark(
        "calf_left", 4, frozenset({"numb", "tingling"})
    )
    assert parse_tight_spec("piriformis_left", ["piriformis"]) == TightMuscle("piriformis", "left")
    assert parse_tight_spec("piriformis", ["piriformis"]) == TightMuscle("piriformis", "both")
    with pytest.raises(ValidationError, match="piriformis_left"):
        parse_tight_spec("piriformis_lft", ["piriformis"])


def test_bilateral_band_prefers_the_painful_side(engine: Engine) -> None:
    result = engine.suggest(request("low_back_right=5"))
    band = {t.side: t for t in result.trigger_points if t.muscle_id == "band"}
    assert band["right"].explains == band["left"].explains == ("low_back_right",)
    assert band["right"].score > band["left"].score
    ranked = [t.side for t in result.trigger_points if t.muscle_id == "band"]
    assert ranked == ["right", "left"]


def test_history_counts_only_the_side_it_was_done_on(engine: Engine) -> None:
    marks = ("iliac_crest_left=6", "iliac_crest_right=6")
    helped_left = tuple(TechniqueOutcome("trigger_point", "narrow", "left", 7, 2) for _ in range(8))
    helped_both = tuple(TechniqueOutcome("trigger_point", "narrow", "both", 7, 2) for _ in range(8))

    def narrow(history: tuple[TechniqueOutcome, ...]) -> dict[str, float]:
        result = engine.suggest(request(*marks, history=history))
        return {t.side: t.score for t in result.trigger_points if t.muscle_id == "narrow"}

    base, left, both = narrow(()), narrow(helped_left), narrow(helped_both)
    assert left["left"] > base["left"] and left["right"] == base["right"]
    assert both["left"] > base["left"] and both["right"] > base["right"]


def test_history_that_made_things_worse_lowers_the_score(engine: Engine) -> None:
    worse = tuple(TechniqueOutcome("acupoint", "BL40", "right", 3, 6) for _ in range(10))
    base = engine.suggest(request("posterior_knee_right=4")).acupoints[0]
    after = engine.suggest(request("posterior_knee_right=4", history=worse)).acupoints[0]
    assert after.code == "BL40" and 0 <= after.score < base.score


def test_technique_outcome_is_validated() -> None:
    with pytest.raises(ValidationError, match="session kind"):
        TechniqueOutcome("massage", "narrow", "left", 5, 3)
    with pytest.raises(ValidationError, match="side"):
        TechniqueOutcome("trigger_point", "narrow", "up", 5, 3)
    with pytest.raises(ValidationError, match="0 to 10"):
        TechniqueOutcome("trigger_point", "narrow", "left", 11, 3)


def test_a_region_marked_twice_is_refused(engine: Engine) -> None:
    with pytest.raises(ValidationError, match="more than once"):
        engine.suggest(request("flank_left=5", "flank_left=3"))


def test_zero_intensity_marks_explain_nothing(engine: Engine) -> None:
    result = engine.suggest(request("iliac_crest_left=0"))
    assert not result.trigger_points and not result.acupoints and not result.exercises


def test_urgent_flags_come_first_and_unknown_urgency_is_urgent(engine: Engine) -> None:
    both = engine.suggest(
        request("flank_left=5", flags=frozenset({"night_pain", "saddle_numbness"}))
    )
    assert [hit.id for hit in both.red_flags] == ["saddle_numbness", "night_pain"]
    assert both.seek_care and both.notes[0] == SEEK_CARE_NOTE
    # fever is a valid flag that this small knowledge base does not describe: err on safety
    unknown = engine.suggest(request("flank_left=5", flags=frozenset({"fever"})))
    assert unknown.seek_care and not unknown.trigger_points
    assert screen_red_flags({}, ["fever"])[0].urgent


def test_json_dict_has_the_contract_keys_and_types(engine: Engine) -> None:
    data = engine.suggest(
        request("iliac_crest_left=6", "flank_left=5", "low_back_left=3", pregnant=True)
    ).to_json_dict()
    trigger = data["trigger_points"][0]  # type: ignore[index]
    assert {"muscle", "side", "score", "explains", "location", "technique"} <= set(trigger)
    assert trigger["muscle"] == "broad" and trigger["explains"][0] == "iliac_crest_left"
    point = data["acupoints"][0]  # type: ignore[index]
    assert {"code", "name", "side", "score", "explains", "location", "technique",
            "cautions"} <= set(point)  # fmt: skip
    exercise = data["exercises"][0]  # type: ignore[index]
    assert {"id", "name", "targets", "phase"} <= set(exercise)
    assert isinstance(exercise["targets"], list) and data["red_flags"] == []
    assert data["seek_care"] is False
