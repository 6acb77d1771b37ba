"""Validation of sessions, questionnaire responses and red-flag screens."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession

NOW = datetime(2026, 11, 24, 9, 0)


def test_session_change_is_after_minus_before() -> None:
    session = TreatmentSession(NOW, "acupoint", "GB30", "left", 6, 4, 90)
    assert session.change == -2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "massage", "session kind"),
        ("side", "up", "side"),
        ("item_id", "", "name what"),
        ("pain_before", 11, "Pain before"),
        ("pain_after", -1, "Pain after"),
        ("duration_s", -5, "duration"),
        ("duration_s", 1.5, "whole seconds"),
    ],
)
def test_session_bad_fields(field: str, value: object, message: str) -> None:
    values: dict[str, object] = {
        "started_at": NOW,
        "kind": "exercise",
        "item_id": "bird_dog",
        "side": "none",
        "pain_before": 5,
        "pain_after": 4,
        "duration_s": 60,
    }
    values[field] = value
    with pytest.raises(ValidationError, match=message):
        TreatmentSession(**values)  # type: ignore[arg-type]


@given(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=10, max_size=10))
def test_odi_accepts_valid_answers(answers: list[int | None]) -> None:
    assert QuestionnaireResponse(NOW, "odi", tuple(answers)).answers == tuple(answers)


@pytest.mark.parametrize(
    ("instrument", "answers", "activities", "message"),
    [
        ("odi", (1,) * 9, (), "10 items"),
        ("odi", (6,) * 10, (), "0 to 5"),
        ("rmdq", (2,) * 24, (), "0 to 1"),
        ("psfs", (), (), "1 to 5"),
        ("psfs", (5, 6), ("walking",), "Name each"),
        ("psfs", (5,), ("  ",), "needs a name"),
        ("odi", (1,) * 10, ("walking",), "Only the functional"),
        ("sf36", (1,), (), "Unknown questionnaire"),
    ],
)
def test_questionnaire_bad_input(
    instrument: str, answers: tuple[int, ...], activities: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        QuestionnaireResponse(NOW, instrument, answers, activities)


def test_screen_refuses_unknown_flag_and_sorts() -> None:
    with pytest.raises(ValidationError, match="saddle_numbness"):
        RedFlagScreen(NOW, frozenset({"saddle_numbess"}))
    screen = RedFlagScreen(NOW, frozenset({"fever", "saddle_numbness"}))
    assert screen.sorted_flags() == ["saddle_numbness", "fever"]
