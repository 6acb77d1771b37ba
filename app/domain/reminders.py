"""Reminders for a check-in and for the daily routine: when one is due (plain Python).

Off by default. The person chooses days and a time for each; while ReliefMap runs, a
reminder is due from that time on a chosen day, unless it was already done that day (a
check-in saved, a routine run) or already shown or dismissed that day: ReliefMap never nags
twice in a day. The settings live in the journal's settings as JSON (``reminders``, and the
day each was last shown in ``reminders_shown``), so a clock is all the tests need.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from app.domain.errors import ValidationError
from app.domain.vocabulary import unknown_name_message

KINDS: tuple[str, ...] = ("check_in", "routine")
KIND_NAMES = {"check_in": "check-in", "routine": "routine"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SETTINGS_KEY = "reminders"
SHOWN_KEY = "reminders_shown"
DEFAULT_TIMES = {"check_in": time(9, 0), "routine": time(18, 0)}
MESSAGES = {
    "check_in": "Time for your check-in: mark where it hurts today (it takes a minute).",
    "routine": "Time for today's routine: release, acupressure, stretch, stabilise.",
}


@dataclass(frozen=True, slots=True)
class Schedule:
    """One reminder: on which weekdays (0 = Monday) and from what time."""

    kind: str
    days: frozenset[int] = frozenset(range(7))
    at: time = time(9, 0)
    on: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError(unknown_name_message("reminder", self.kind, KINDS))
        object.__setattr__(self, "days", frozenset(self.days))
        if not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
            raise ValidationError("Reminder days are weekdays 0 (Monday) to 6 (Sunday).")
        if not isinstance(self.at, time) or self.at.tzinfo is not None:
            raise ValidationError("A reminder time is a local time of day.")


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """All reminders; ``enabled`` is the one switch (off by default)."""

    enabled: bool = False
    schedules: tuple[Schedule, ...] = field(
        default_factory=lambda: tuple(Schedule(k, at=DEFAULT_TIMES[k]) for k in KINDS)
    )
    autostart: bool = False  # start ReliefMap with the desktop session (Linux, XDG)

    def schedule(self, kind: str) -> Schedule:
        return next(
            (s for s in self.schedules if s.kind == kind), Schedule(kind, at=DEFAULT_TIMES[kind])
        )

    def with_schedule(self, schedule: Schedule) -> ReminderSettings:
        others = tuple(s for s in self.schedules if s.kind != schedule.kind)
        ordered = sorted((*others, schedule), key=lambda s: KINDS.index(s.kind))
        return replace(self, schedules=tuple(ordered))

    def to_json(self) -> str:
        return json.dumps(
            {
                "enabled": self.enabled,
                "autostart": self.autostart,
                "schedules": [
                    {"kind": s.kind, "days": sorted(s.days), "at": s.at.strftime("%H:%M"),
                     "on": s.on}
                    for s in self.schedules
                ],
            },
            sort_keys=True,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str | None) -> ReminderSettings:
        """The stored settings; anything missing or malformed gives the defaults (off)."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            schedules = tuple(
                Schedule(
                    item["kind"],
                    frozenset(int(d) for d in item["days"]),
                    time.fromisoformat(item["at"]),
                    bool(item.get("on", True)),
                )
                for item in data.get("schedules", [])
            )
            return cls(bool(data.get("enabled", False)), schedules or cls().schedules,
                       bool(data.get("autostart", False)))  # fmt: skip
        except (ValueError, TypeError, KeyError, AttributeError, ValidationError):
            return cls()


def shown_from_json(text: str | None) -> dict[str, date]:
    """The day each reminder was last shown or dismissed (malformed entries are dropped)."""
    try:
        data = json.loads(text or "{}")
        return {k: date.fromisoformat(v) for k, v in data.items() if k in KINDS}
    except (ValueError, TypeError, AttributeError):
        return {}


def shown_to_json(shown: Mapping[str, date]) -> str:
    return json.dumps({k: v.isoformat() for k, v in sorted(shown.items())})


def due(
    settings: ReminderSettings,
    now: datetime,
    shown: Mapping[str, date],
    done_today: Callable[[str], bool],
) -> tuple[str, ...]:
    """The reminders to show now: switched on, a chosen day, past the time, not yet shown or
    dismissed today, and not already done today (``done_today(kind)``)."""
    if not settings.enabled:
        return ()
    today = now.date()
    result = []
    for schedule in settings.schedules:
        if not schedule.on or now.weekday() not in schedule.days:
            continue
        if now.time() < schedule.at or shown.get(schedule.kind) == today:
            continue
        if done_today(schedule.kind):
            continue
        result.append(schedule.kind)
    return tuple(result)


def describe(settings: ReminderSettings) -> str:
    """One line for the settings dialog and the tray tooltip."""
    if not settings.enabled:
        return "Reminders are off."
    parts = []
    for schedule in settings.schedules:
        if not schedule.on or not schedule.days:
            continue
        days = (
            "every day"
            if len(schedule.days) == 7
            else ", ".join(DAY_NAMES[d] for d in sorted(schedule.days))
        )
        parts.append(f"{KIND_NAMES[schedule.kind]} at {schedule.at:%H:%M}, {days}")
    return "Reminders: " + ("; ".join(parts) if parts else "none chosen") + "."
