"""When a reminder is due: chosen days and times, once a day, never after it was done."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.domain.errors import ValidationError
from app.domain.reminders import (
    ReminderSettings,
    Schedule,
    describe,
    due,
    shown_from_json,
    shown_to_json,
)

WEEKDAYS = frozenset(range(5))
ON = ReminderSettings(
    True,
    (Schedule("check_in", WEEKDAYS, time(9, 0)), Schedule("routine", frozenset({6}), time(18))),
)
MONDAY = datetime(2026, 11, 30)  # a Monday
SUNDAY = datetime(2026, 12, 6)


def never_done(_kind: str) -> bool:
    return False


def test_off_by_default() -> None:
    settings = ReminderSettings.from_json(None)
    assert not settings.enabled
    assert due(settings, MONDAY.replace(hour=23), {}, never_done) == ()
    assert describe(settings) == "Reminders are off."


def test_due_on_a_chosen_day_from_the_time() -> None:
    assert due(ON, MONDAY.replace(hour=8, minute=59), {}, never_done) == ()
    assert due(ON, MONDAY.replace(hour=9), {}, never_done) == ("check_in",)
    assert due(ON, MONDAY.replace(hour=19), {}, never_done) == ("check_in",)  # not Sunday
    assert due(ON, SUNDAY.replace(hour=19), {}, never_done) == ("routine",)
    assert due(ON, SUNDAY.replace(hour=10), {}, never_done) == ()  # a weekend: no check-in


def test_never_twice_a_day_and_never_when_done() -> None:
    noon = MONDAY.replace(hour=12)
    shown = {"check_in": noon.date()}
    assert due(ON, noon, shown, never_done) == ()
    tomorrow = noon.replace(day=1, month=12)
    assert due(ON, tomorrow, shown, never_done) == ("check_in",)
    assert due(ON, noon, {}, lambda kind: kind == "check_in") == ()


def test_a_switched_off_schedule_is_quiet() -> None:
    quiet = ON.with_schedule(Schedule("check_in", WEEKDAYS, time(9), on=False))
    assert due(quiet, MONDAY.replace(hour=10), {}, never_done) == ()
    assert quiet.schedule("routine") == ON.schedule("routine")


def test_settings_round_trip_and_bad_json_means_off() -> None:
    again = ReminderSettings.from_json(ON.to_json())
    assert again == ON
    assert "check-in at 09:00, Mon, Tue, Wed, Thu, Fri" in describe(ON)
    for text in ("{", "[]", '{"enabled": true, "schedules": [{"kind": "nap"}]}', '"x"'):
        assert ReminderSettings.from_json(text) == ReminderSettings()
    shown = {"check_in": date(2026, 12, 1)}
    assert shown_from_json(shown_to_json(shown)) == shown
    assert shown_from_json("garbage") == {} and shown_from_json('{"nap": "2026-01-01"}') == {}


def test_schedules_are_checked() -> None:
    with pytest.raises(ValidationError):
        Schedule("nap")
    with pytest.raises(ValidationError):
        Schedule("routine", frozenset({7}))
