"""Property-based bad input on every parser and constructor: only ValidationError escapes."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark, TightMuscle
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.regions import default_catalog
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.domain.suggest import parse_mark_spec, parse_tight_spec

ANY = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(), st.binary(),
    st.lists(st.integers(), max_size=3), st.datetimes(timezones=st.none() | st.just(None)),
)  # fmt: skip


def only_validation_errors(build) -> None:  # type: ignore[no-untyped-def]
    try:
        build()
    except ValidationError as error:
        assert str(error)  # a message for the person, never empty


@given(st.text(max_size=80))
@settings(max_examples=300)
def test_mark_specs(spec: str) -> None:
    only_validation_errors(lambda: parse_mark_spec(spec))


@given(st.text(max_size=60))
def test_tight_specs(spec: str) -> None:
    only_validation_errors(lambda: parse_tight_spec(spec, ["piriformis", "soleus"]))


@given(st.text(max_size=60))
def test_region_lookup(region_id: str) -> None:
    catalog = default_catalog()
    if region_id in catalog:
        assert catalog.get(region_id).id == region_id
    else:
        with pytest.raises(ValidationError, match="Unknown region"):
            catalog.get(region_id)


@given(ANY, ANY, ANY)
def test_pain_mark_and_muscle(a: object, b: object, c: object) -> None:
    only_validation_errors(lambda: PainMark("sacrum", b, frozenset()))  # type: ignore[arg-type]
    only_validation_errors(lambda: TightMuscle("soleus", a))  # type: ignore[arg-type]
    only_validation_errors(lambda: CheckIn(datetime(2026, 1, 1), c, note="x"))  # type: ignore[arg-type]


@given(ANY, ANY)
def test_check_in_time_and_note(when: object, note: object) -> None:
    only_validation_errors(lambda: CheckIn(when, 3, note=note))  # type: ignore[arg-type]


@given(ANY, ANY, ANY, ANY)
def test_sessions(kind: object, side: object, before: object, duration: object) -> None:
    only_validation_errors(
        lambda: TreatmentSession(datetime(2026, 1, 1), kind, "GB30", side, before, 3, duration)  # type: ignore[arg-type]
    )


@given(
    st.sampled_from(["odi", "rmdq", "psfs", "x"]),
    st.lists(ANY, max_size=30),
    st.lists(ANY, max_size=6),
)
def test_questionnaires(instrument: str, answers: list[object], activities: list[object]) -> None:
    only_validation_errors(
        lambda: QuestionnaireResponse(
            datetime(2026, 1, 1), instrument, tuple(answers), tuple(activities)
        )  # type: ignore[arg-type]
    )


@given(st.frozensets(st.text(max_size=20), max_size=4), ANY)
def test_screens(flags: frozenset[str], assessed: object) -> None:
    only_validation_errors(lambda: RedFlagScreen(datetime(2026, 1, 1), flags, assessed))  # type: ignore[arg-type]
