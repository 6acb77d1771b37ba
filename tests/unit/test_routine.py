"""Today's routine: release → acupressure → stretch → stabilise, progression rules, adherence."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark
from app.domain.knowledge import KnowledgeBase
from app.domain.person import PersonFacts
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.regions import default_catalog
from app.domain.routine import (
    STAGES,
    JournalView,
    RoutineRun,
    RunStep,
    Trend,
    adherence,
    recent_trend,
    stage_counts,
    todays_routine,
)
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, SideValue
from app.store.knowledge_db import open_knowledge

TODAY = date(2026, 12, 2)
MARKS = (PainMark("low_back_left", 6), PainMark("buttock_upper_left", 5))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return open_knowledge()


def check_in(days_ago: int, pain: int = 6) -> CheckIn:
    return CheckIn(datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()), pain,
                   MARKS)  # fmt: skip


def person(weeks: float, **kwargs: object) -> PersonFacts:
    return PersonFacts(episode_began=TODAY - timedelta(weeks=weeks), **kwargs)  # type: ignore[arg-type]


def routine(kb: KnowledgeBase, **kwargs: object):  # type: ignore[no-untyped-def]
    view = JournalView(**{"check_ins": [check_in(0)], "person": person(8), **kwargs})  # type: ignore[arg-type]
    return todays_routine(kb, default_catalog(), view, TODAY)


def test_steps_follow_release_acupressure_stretch_stabilise(kb: KnowledgeBase) -> None:
    plan = routine(kb)
    order = [STAGES.index(step.stage) for step in plan.steps]
    assert order == sorted(order) and set(order) == {0, 1, 2, 3}
    assert plan.total_seconds == sum(s.seconds for s in plan.steps) > 0
    assert plan.total_minutes == round(plan.total_seconds / 60)
    assert plan.phase == "subacute" and "Subacute" in plan.reasons[0]
    data = plan.to_json_dict()
    assert data["steps"][0]["stage"] == "release" and data["total_minutes"] == plan.total_minutes


def test_the_phase_sets_how_much_of_each_stage(kb: KnowledgeBase) -> None:
    def count(plan: object, stage: str) -> int:
        return sum(step.stage == stage for step in plan.steps)  # type: ignore[attr-defined]

    acute = routine(kb, person=person(2))
    chronic = routine(kb, person=person(30))
    assert count(acute, "stabilise") <= 1 and count(chronic, "stabilise") >= 2
    assert count(chronic, "release") < count(acute, "release")
    assert "Chronic" in chronic.reasons[0]


def test_the_routine_says_when_the_phase_moved_on(kb: KnowledgeBase) -> None:
    last = RoutineRun(datetime(2026, 11, 1, 8), "acute", 6, 4,
                      (RunStep("exercise", "cat_camel", "none", True),))  # fmt: skip
    plan = routine(kb, runs=[last])
    assert any("moved from the acute to the subacute phase" in r for r in plan.reasons)


def test_improving_pain_shifts_calming_to_stabilising(kb: KnowledgeBase) -> None:
    history = [check_in(d, 7) for d in range(8, 25)] + [check_in(d, 3) for d in range(0, 6)]
    trend = recent_trend(history, [], TODAY)
    assert trend.direction == "improving" and "7.0 → 3.0" in trend.why
    counts, why = stage_counts("subacute", trend)
    assert counts["release"] == 1 and counts["stabilise"] == 3 and "one more stabilising" in why
    worse, why_worse = stage_counts("subacute", Trend("worse", "Your pain is higher"))
    assert worse["release"] == 3 and worse["stabilise"] == 1 and "one more calming" in why_worse
    plan = routine(kb, check_ins=history)
    assert any("eased" in reason for reason in plan.reasons)


def test_questionnaires_count_when_pain_says_nothing(kb: KnowledgeBase) -> None:
    rmdq = [
        QuestionnaireResponse(datetime(2026, 11, 1), "rmdq", tuple([1] * 12 + [0] * 12)),
        QuestionnaireResponse(datetime(2026, 12, 1), "rmdq", tuple([1] * 4 + [0] * 20)),
    ]
    assert recent_trend([check_in(0)], rmdq, TODAY).direction == "improving"
    assert recent_trend([check_in(0)], [], TODAY).direction == "steady"


def test_the_safety_layer_still_wins(kb: KnowledgeBase) -> None:
    urgent = RedFlagScreen(datetime(2026, 12, 2, 7), frozenset({"saddle_numbness"}))
    blocked = routine(kb, latest_screen=urgent)
    assert blocked.blocked and blocked.seek_care and not blocked.steps and blocked.notes
    pregnant = routine(kb, person=person(8, pregnant=True))
    hidden = {"mcgill_curl_up", "dead_bug", "supine_twist", "prone_press_up"}
    assert not hidden & {step.item_id for step in pregnant.steps}


def test_self_tests_feed_the_routine(kb: KnowledgeBase) -> None:
    test = SelfTestResult(datetime(2026, 12, 1), "single_leg_stance", (SideValue("left", "drops"),))
    plan = routine(kb, self_tests=[test])
    stabilise = [s.item_id for s in plan.steps if s.stage == "stabilise"]
    assert "clamshell" in stabilise
    ext = SelfTestResult(datetime(2026, 12, 1), "repeated_movements",
                         (SideValue("none", "extension_better"),))  # fmt: skip
    plan = routine(kb, self_tests=[ext])
    assert "prone_press_up" in {s.item_id for s in plan.steps}
    assert any("repeated-movement test" in r for r in plan.reasons)
    own = routine(kb, self_tests=[ext], person=person(8, eases="flexion"))
    assert any("Your own answer is used" in r for r in own.reasons)
    assert "prone_press_up" not in {s.item_id for s in own.steps}


def test_adherence_counts_days_and_skips() -> None:
    def run(day: int, *done: bool) -> RoutineRun:
        steps = tuple(RunStep("exercise", f"ex{n}", "none", d) for n, d in enumerate(done))
        return RoutineRun(datetime(2026, 12, day, 8), "subacute", 5, 4, steps, 900)

    runs = [run(1, True, False), run(1, True, True), run(2, False, False), run(3, True, False)]
    result = adherence(runs, date(2026, 11, 27), date(2026, 12, 3))
    assert (result.days, result.days_done, result.steps_done, result.steps_skipped) == (7, 2, 4, 4)
    assert result.most_skipped[0] == ("ex1", 3)
    assert "2 of the last 7 days" in result.describe()


def test_a_run_is_checked_when_made() -> None:
    step = RunStep("exercise", "cat_camel", "none", True)
    with pytest.raises(ValidationError):
        RoutineRun(datetime(2026, 12, 1), "later", 5, 4, (step,))
    with pytest.raises(ValidationError):
        RoutineRun(datetime(2026, 12, 1), "acute", 11, 4, (step,))
    with pytest.raises(ValidationError):
        RoutineRun(datetime(2026, 12, 1), "acute", 5, 4, ())
    with pytest.raises(ValidationError):
        RunStep("massage", "x", "none", True)
