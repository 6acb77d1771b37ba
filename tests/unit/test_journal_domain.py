"""Check-in validation: the rules every entry path shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.journal import (
    MAX_NOTE_LENGTH,
    CheckIn,
    PainMark,
    TightMuscle,
    validate_intensity,
    validate_known_ids,
)
from app.domain.vocabulary import QUALITIES, unknown_name_message

NOW = datetime(2026, 11, 24, 9, 0)


@given(st.integers(min_value=0, max_value=10))
def test_intensities_in_range_are_accepted(value: int) -> None:
    assert PainMark("sacrum", value).intensity == value


@given(st.integers().filter(lambda n: n < 0 or n > 10))
def test_intensities_out_of_range_are_refused(value: int) -> None:
    with pytest.raises(ValidationError, match="0 to 10"):
        PainMark("sacrum", value)


@pytest.mark.parametrize("value", [True, 3.5, "7", None, float("nan")])
def test_non_integer_intensities_are_refused(value: object) -> None:
    with pytest.raises(ValidationError):
        validate_intensity(value)


def test_whole_float_intensity_is_accepted() -> None:
    assert validate_intensity(4.0) == 4


def test_unknown_quality_names_the_closest() -> None:
    with pytest.raises(ValidationError, match="tingling"):
        PainMark("sacrum", 3, frozenset({"tinglng"}))


@given(st.frozensets(st.sampled_from(QUALITIES)))
def test_qualities_sort_in_vocabulary_order(qualities: frozenset[str]) -> None:
    mark = PainMark("sacrum", 3, qualities)
    assert mark.sorted_qualities() == [q for q in QUALITIES if q in qualities]


@given(st.text(max_size=300).filter(lambda s: "\x00" not in s))
def test_any_unicode_note_is_kept(note: str) -> None:
    assert CheckIn(NOW, 3, note=note).note == note


def test_overlong_note_and_nul_are_refused() -> None:
    with pytest.raises(ValidationError, match="at most"):
        CheckIn(NOW, 3, note="x" * (MAX_NOTE_LENGTH + 1))
    with pytest.raises(ValidationError, match="NUL"):
        CheckIn(NOW, 3, note="a\x00b")


def test_aware_time_is_refused() -> None:
    with pytest.raises(ValidationError, match="wall-clock"):
        CheckIn(datetime(2026, 1, 1, tzinfo=UTC), 3)


def test_duplicate_region_marks_are_refused() -> None:
    with pytest.raises(ValidationError, match="only once"):
        CheckIn(NOW, 3, marks=(PainMark("sacrum", 2), PainMark("sacrum", 5)))


def test_bad_side_is_refused() -> None:
    with pytest.raises(ValidationError, match="side"):
        TightMuscle("piriformis", "middle")


def test_known_ids_check() -> None:
    check_in = CheckIn(
        NOW, 3, marks=(PainMark("sacrum", 2),), tight_muscles=(TightMuscle("piriformis", "left"),)
    )
    validate_known_ids(check_in, {"sacrum"}, {"piriformis"})
    with pytest.raises(ValidationError, match="Unknown region 'sacrum'"):
        validate_known_ids(check_in, {"coccyx"}, {"piriformis"})
    with pytest.raises(ValidationError, match="Unknown muscle"):
        validate_known_ids(check_in, {"sacrum"}, {"soleus"})


def test_unknown_name_message_suggests() -> None:
    message = unknown_name_message(
        "region", "buttock_lowr_left", ["buttock_lower_left", "heel_left"]
    )
    assert message == "Unknown region 'buttock_lowr_left'. Did you mean: buttock_lower_left?"
