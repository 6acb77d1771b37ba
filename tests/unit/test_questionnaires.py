"""Questionnaire scoring by the published rules (DOMAIN.md "Outcome measures")."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.questionnaires import (
    MEANINGFUL_CHANGE,
    QuestionnaireResponse,
    change_since_first,
    score,
)

NOW = datetime(2026, 1, 1, 9)


def odi(*answers: int | None, at: datetime = NOW) -> QuestionnaireResponse:
    return QuestionnaireResponse(at, "odi", answers)


def rmdq(yes: int, at: datetime = NOW) -> QuestionnaireResponse:
    return QuestionnaireResponse(at, "rmdq", (1,) * yes + (0,) * (24 - yes))


def psfs(*ratings: int, at: datetime = NOW) -> QuestionnaireResponse:
    names = tuple(f"activity {i}" for i in range(len(ratings)))
    return QuestionnaireResponse(at, "psfs", ratings, names)


def test_odi_sum_over_fifty() -> None:
    result = score(odi(*(2,) * 10))
    assert result.value == 40 and result.max_value == 100 and result.unit == "%"
    assert result.band == "moderate" and result.scorable
    assert score(odi(5, 4, 3, 2, 1, 0, 0, 0, 0, 0)).value == 30


def test_odi_one_section_missing_divides_by_45() -> None:
    result = score(odi(*(3,) * 9, None))
    assert result.value == pytest.approx(27 / 45 * 100) and result.scorable
    assert result.band == "severe"  # exactly 60: the top of "severe"
    assert "out of 45" in result.message


def test_odi_two_sections_missing_cannot_be_scored_and_says_why() -> None:
    result = score(odi(*(3,) * 8, None, None))
    assert not result.scorable and result.value is None and result.band == ""
    assert "2 sections unanswered" in result.message and "9 of 10" in result.message
    assert not score(odi(*(None,) * 10)).scorable


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "minimal"), (10, "minimal"), (11, "moderate"), (20, "moderate"), (21, "severe"),
     (30, "severe"), (31, "crippled"), (40, "crippled"), (41, "bed-bound"), (50, "bed-bound")],
)  # fmt: skip
def test_odi_bands_at_their_limits(total: int, band: str) -> None:
    answers = [min(5, max(0, total - 5 * i)) for i in range(10)]
    assert sum(answers) == total
    assert score(odi(*answers)).band == band


def test_rmdq_counts_yes_and_needs_every_statement() -> None:
    result = score(rmdq(10))
    assert result.value == 10 and result.max_value == 24 and result.scorable
    assert result.band == ""  # no published bands: none invented
    assert score(rmdq(0)).value == 0 and score(rmdq(24)).value == 24
    skipped = score(QuestionnaireResponse(NOW, "rmdq", (1,) * 23 + (None,)))
    assert not skipped.scorable and "every statement" in skipped.message


def test_psfs_is_the_mean_of_the_rated_activities() -> None:
    assert score(psfs(2, 4, 6)).value == 4
    assert score(psfs(7)).value == 7 and score(psfs(7)).max_value == 10
    unrated = QuestionnaireResponse(NOW, "psfs", (None, 3), ("walk", "sit"))
    assert score(unrated).value == 3
    nothing = QuestionnaireResponse(NOW, "psfs", (None,), ("walk",))
    assert not score(nothing).scorable


def later(month: int) -> datetime:
    return datetime(2026, month, 1, 9)


def test_change_since_first_direction_and_meaning() -> None:
    responses = [
        odi(*(3,) * 10, at=later(1)),
        odi(*(2,) * 10, at=later(3)),
        odi(*(3,) * 10, at=later(2)),  # out of order: sorted by time
        psfs(3, at=later(1)),
        psfs(4, at=later(2)),
    ]
    changes = {c.instrument: c for c in change_since_first(responses)}
    odi_change = changes["odi"]
    assert odi_change.first.value == 60 and odi_change.latest.value == 40
    assert odi_change.change == -20 and odi_change.improved and odi_change.meaningful
    assert odi_change.direction == "better"
    assert changes["psfs"].improved and not changes["psfs"].meaningful  # +1 < 2
    assert changes["psfs"].direction == "better"
    assert odi_change.verdict == "meaningful improvement"
    assert changes["psfs"].verdict == "within normal ups and downs"


def test_rmdq_uses_the_conservative_five_points() -> None:
    assert MEANINGFUL_CHANGE["rmdq"] == 5
    (four,) = change_since_first([rmdq(12, at=later(1)), rmdq(8, at=later(2))])
    assert four.improved and not four.meaningful
    (five,) = change_since_first([rmdq(12, at=later(1)), rmdq(17, at=later(2))])
    assert five.direction == "worse" and not five.improved and five.meaningful
    assert five.verdict == "meaningful worsening"


def test_psfs_higher_is_better_and_a_mean_of_thirds_reaches_two() -> None:
    (change,) = change_since_first([psfs(5, 5, 4, at=later(1)), psfs(7, 7, 6, at=later(2))])
    assert change.change == pytest.approx(2) and change.meaningful and change.improved
    (worse,) = change_since_first([psfs(6, at=later(1)), psfs(3, at=later(2))])
    assert worse.direction == "worse" and worse.meaningful


def test_change_needs_two_scorable_responses() -> None:
    assert change_since_first([]) == []
    assert change_since_first([odi(*(3,) * 10)]) == []
    unscorable = odi(*(1,) * 8, None, None, at=later(2))
    assert change_since_first([odi(*(3,) * 10, at=later(1)), unscorable]) == []
    (same,) = change_since_first([rmdq(6, at=later(1)), rmdq(6, at=later(2))])
    assert same.direction == "unchanged" and not same.meaningful


@given(st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=10, max_size=10))
def test_odi_score_follows_the_missing_item_rule(answers: list[int | None]) -> None:
    result = score(odi(*answers))
    answered = [a for a in answers if a is not None]
    assert result.scorable == (len(answered) >= 9)
    if result.scorable:
        assert result.value == pytest.approx(sum(answered) / (5 * len(answered)) * 100)
        assert 0 <= result.value <= 100 and result.band
