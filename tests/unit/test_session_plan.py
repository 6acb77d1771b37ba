"""What a guided session times: the domain's rule, not the window's."""

from __future__ import annotations

import pytest

from app.domain.session_plan import DEFAULT_EXERCISE_HOLD_S, exercise_hold_s, session_plan
from app.domain.suggest import Suggestions, TriggerPointSuggestion
from app.store.knowledge_db import open_knowledge


@pytest.mark.parametrize(
    ("dose", "seconds"),
    [
        ("Hold 20-30 s, 3 times each side, 1-2 times a day", 20),
        ("Hold 30 s, 3 times each side, twice a day", 30),
        ("Hold 8-10 s, 5-3-1 pyramid each side, once a day", 8),
        ("5-10 min, 3 times a day at first, building up", 300),
        ("10 slow repetitions, every 2-3 hours while it helps", DEFAULT_EXERCISE_HOLD_S),
    ],
)
def test_an_exercise_is_timed_for_one_hold_of_its_dose(dose, seconds):
    assert exercise_hold_s(dose) == seconds


def test_every_shipped_exercise_dose_gives_a_hold_between_5_s_and_10_min():
    kb = open_knowledge()
    for exercise in kb.exercises.values():
        assert 5 <= exercise_hold_s(exercise.dose) <= 600, exercise.dose


def _suggested(muscle_id: str, side: str) -> TriggerPointSuggestion:
    kb = open_knowledge()
    muscle = kb.muscles[muscle_id]
    return TriggerPointSuggestion(muscle_id, muscle.label, side, muscle.sites[0].site_id, 1.0,
                                  (), "", "", muscle.technique, ())  # fmt: skip


def test_trigger_point_suggested_on_both_sides_is_timed_on_both():
    kb = open_knowledge()
    muscle = kb.muscles["quadratus_lumborum"]
    one_side = Suggestions(trigger_points=(_suggested(muscle.id, "left"),))
    both = Suggestions(
        trigger_points=(_suggested(muscle.id, "left"), _suggested(muscle.id, "right"))
    )

    plan = session_plan(kb, "trigger_point", muscle.id, "left", one_side)

    assert (plan.title, plan.side, plan.hold_s) == (muscle.label, "left", muscle.technique.hold_s)
    assert plan.steps == tuple(muscle.technique.steps)
    assert session_plan(kb, "trigger_point", muscle.id, "left", both).side == "both"


def test_unpaired_acupoint_has_no_side_and_paired_one_keeps_it():
    kb = open_knowledge()
    unpaired = next(p for p in kb.acupoints.values() if not p.bilateral)
    paired = next(p for p in kb.acupoints.values() if p.bilateral)
    assert session_plan(kb, "acupoint", unpaired.code, "left").side == "none"
    assert session_plan(kb, "acupoint", paired.code, "right").side == "right"
    assert session_plan(kb, "acupoint", paired.code, "right").hold_s == paired.technique.hold_s


def test_exercise_plan_reads_the_dose():
    kb = open_knowledge()
    exercise = kb.exercises["knee_to_chest"]
    plan = session_plan(kb, "exercise", exercise.id, "none")
    assert plan.hold_s == 20 and plan.title == exercise.name
