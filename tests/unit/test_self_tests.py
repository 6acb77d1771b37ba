"""Self-test scoring and reading, and how results reach the engine (the safety layer wins)."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import PainMark, TightMuscle
from app.domain.knowledge import KnowledgeBase
from app.domain.regions import default_catalog
from app.domain.safety import SafetyContext, assess
from app.domain.self_tests import (
    SelfTestResult,
    SideValue,
    choose_eases,
    engine_inputs,
    merge_tight,
    read_result,
    self_test_illustration,
    validate_result,
)
from app.domain.suggest import Engine, SuggestionRequest
from app.store.knowledge_db import open_knowledge

T0 = datetime(2026, 12, 1, 9, 0)
T1 = datetime(2026, 12, 8, 9, 0)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return open_knowledge()


def result(test_id: str, *values: SideValue, at: datetime = T0) -> SelfTestResult:
    return SelfTestResult(at, test_id, values)


def readings(kb: KnowledgeBase, res: SelfTestResult) -> dict[str, str]:
    return {f.side: f.reading.id for f in read_result(kb.self_tests[res.test_id], res)}


# --- scoring and reading ---------------------------------------------------------------


def test_a_reading_test_reads_what_was_seen(kb: KnowledgeBase) -> None:
    res = result("thomas_modified", SideValue("left", "thigh_up"), SideValue("right", "normal"))
    validate_result(kb, res)
    findings = read_result(kb.self_tests["thomas_modified"], res)
    assert [(f.side, f.finding, f.reading.muscles) for f in findings] == [
        ("left", "short", ("iliopsoas",)),
        ("right", "normal", ()),
    ]
    assert "(left)" in findings[0].describe(kb.self_tests["thomas_modified"])


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (90, 88, {"left": "ok", "right": "ok"}),  # within 5%
        (90, 80, {"left": "ok", "right": "uneven"}),  # right more than 5% shorter
        (40, 90, {"left": "short", "right": "ok"}),  # under the 60 s target
        (60, 59, {"left": "ok", "right": "short"}),  # the target itself passes
    ],
)
def test_side_bridge_reads_time_and_balance(
    kb: KnowledgeBase, left: int, right: int, expected: dict[str, str]
) -> None:
    res = result("side_bridge", SideValue("left", seconds=left), SideValue("right", seconds=right))
    assert readings(kb, res) == expected


def test_flexor_endurance_is_not_sided(kb: KnowledgeBase) -> None:
    assert readings(kb, result("trunk_flexor", SideValue("none", seconds=45))) == {"none": "short"}
    assert readings(kb, result("trunk_flexor", SideValue("none", seconds=130))) == {"none": "ok"}


@pytest.mark.parametrize(
    ("res", "message"),
    [
        (result("thomas_modified", SideValue("none", "normal")), "left and/or right"),
        (result("trunk_flexor", SideValue("left", seconds=30)), "not done by side"),
        (result("thomas_modified", SideValue("left", "floppy")), "Unknown reading 'floppy'"),
        (result("side_bridge", SideValue("left", "ok")), "hold time"),
        (result("thomas_modifed", SideValue("left", "normal")), "thomas_modified"),
    ],
)
def test_a_result_that_does_not_fit_its_test_is_refused(
    kb: KnowledgeBase, res: SelfTestResult, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_result(kb, res)


def test_values_are_checked_when_made() -> None:
    with pytest.raises(ValidationError):
        SideValue("left")
    with pytest.raises(ValidationError):
        SideValue("left", "normal", 30)
    with pytest.raises(ValidationError):
        SideValue("left", seconds=-1)
    with pytest.raises(ValidationError):
        SelfTestResult(T0, "ober", (SideValue("left", "short"), SideValue("left", "normal")))
    with pytest.raises(ValidationError):
        SelfTestResult(T0, "ober", ())


# --- what the engine takes ----------------------------------------------------------------


def test_results_become_engine_inputs(kb: KnowledgeBase) -> None:
    inputs = engine_inputs(
        kb,
        [
            result("ober", SideValue("right", "short"), SideValue("left", "normal")),
            result("single_leg_stance", SideValue("left", "drops")),
            result("repeated_movements", SideValue("none", "extension_better")),
            result("hamstring_90_90", SideValue("left", "nerve")),
        ],
    )
    assert inputs.tight_muscles == (TightMuscle("tensor_fasciae_latae", "right"),)
    assert set(inputs.stabilise) == {"gluteus_medius", "gluteus_minimus"}
    assert inputs.eases == "extension"
    assert any("nerve" in w for w in inputs.warnings)


def test_a_retest_replaces_the_earlier_result(kb: KnowledgeBase) -> None:
    inputs = engine_inputs(
        kb,
        [
            result("thomas_modified", SideValue("left", "normal"), at=T1),
            result("thomas_modified", SideValue("left", "thigh_up"), at=T0),
        ],
    )
    assert inputs.tight_muscles == ()


def test_spreading_symptoms_warn(kb: KnowledgeBase) -> None:
    inputs = engine_inputs(kb, [result("repeated_movements", SideValue("none", "spreads"))])
    assert inputs.eases is None
    assert "clinician" in inputs.warnings[0]


def test_the_persons_own_answer_wins_over_the_test() -> None:
    assert choose_eases(None, "extension")[0] == "extension"
    eases, why = choose_eases("flexion", "extension")
    assert eases == "flexion" and "Your own answer is used" in why
    assert choose_eases("flexion", None) == ("flexion", "")
    assert choose_eases(None, None) == (None, "")


def test_tight_muscles_merge_once() -> None:
    merged = merge_tight(
        [TightMuscle("iliopsoas", "left")],
        [TightMuscle("iliopsoas", "left"), TightMuscle("hamstrings", "right")],
    )
    assert merged == (TightMuscle("iliopsoas", "left"), TightMuscle("hamstrings", "right"))


def subacute(**kwargs: object) -> SuggestionRequest:
    marks = (PainMark("low_back_left", 5),)
    return SuggestionRequest(marks=marks, episode_weeks=8, answered=frozenset(), **kwargs)  # type: ignore[arg-type]


def test_weak_control_brings_stabilisation_forward(kb: KnowledgeBase) -> None:
    engine = Engine(kb, default_catalog())
    plain = [e.id for e in engine.suggest(subacute()).exercises]
    tested = engine.suggest(subacute(stabilise=("gluteus_medius", "gluteus_minimus")))
    ids = [e.id for e in tested.exercises]
    assert "clamshell" in ids and "clamshell" not in plain
    clamshell = next(e for e in tested.exercises if e.id == "clamshell")
    assert "self-test" in clamshell.reason


def test_stabilisation_from_tests_still_obeys_the_safety_layer(kb: KnowledgeBase) -> None:
    engine = Engine(kb, default_catalog())
    acute = SuggestionRequest(
        marks=(PainMark("low_back_left", 5),),
        episode_weeks=1,
        answered=frozenset(),
        stabilise=("rectus_abdominis",),
    )
    assert "mcgill_curl_up" not in [e.id for e in engine.suggest(acute).exercises]  # phase
    pregnant = subacute(stabilise=("rectus_abdominis",), pregnant=True)
    assert "mcgill_curl_up" not in [e.id for e in engine.suggest(pregnant).exercises]


def test_a_directional_preference_from_a_test_picks_the_direction(kb: KnowledgeBase) -> None:
    engine = Engine(kb, default_catalog())
    inputs = engine_inputs(
        kb, [result("repeated_movements", SideValue("none", "extension_better"))]
    )
    eases, _why = choose_eases(None, inputs.eases)
    ids = [e.id for e in engine.suggest(subacute(eases=eases)).exercises]
    assert "prone_press_up" in ids and "knee_to_chest" not in ids


def test_when_not_to_do_a_test_comes_from_the_safety_layer(kb: KnowledgeBase) -> None:
    acute = assess(kb, SafetyContext(episode_weeks=1))
    assert not acute.verdict("self_test", "side_bridge").allowed
    assert acute.verdict("self_test", "repeated_movements").allowed
    pregnant = assess(kb, SafetyContext(episode_weeks=10, pregnant=True))
    assert not pregnant.verdict("self_test", "trunk_flexor").allowed
    assert pregnant.verdict("self_test", "repeated_movements").cautions


def test_illustration_shades_the_tested_muscle_on_the_side(kb: KnowledgeBase) -> None:
    picture = self_test_illustration(kb, default_catalog(), "thomas_modified", "left")
    assert picture.views and picture.markers
    assert picture.highlighted and all(not r.endswith("_right") for r in picture.highlighted)
    both = self_test_illustration(kb, default_catalog(), "side_bridge")
    assert any(r.endswith("_right") for r in both.highlighted)


def test_a_muscle_found_short_says_so(kb: KnowledgeBase) -> None:
    from app.domain.self_tests import with_self_tests

    short = result("thomas_modified", SideValue("left", "thigh_up"))
    request, _notes = with_self_tests(subacute(), kb, [short])
    assert request.tested_short == (TightMuscle("iliopsoas", "left"),)
    suggestions = Engine(kb, default_catalog()).suggest(request)
    psoas = next(t for t in suggestions.trigger_points if t.muscle_id == "iliopsoas")
    assert "a self-test found it short" in psoas.reason and psoas.side == "left"
    marked, _ = with_self_tests(
        subacute(tight_muscles=(TightMuscle("iliopsoas", "left"),)), kb, [short]
    )
    assert marked.tested_short == ()  # already marked: counted once
