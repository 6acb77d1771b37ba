"""Check-ins: what a person records about their pain at one moment.

Validation lives here so that every entry path (window, CLI, import) applies the same rules
and nothing invalid reaches the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.errors import ValidationError
from app.domain.vocabulary import (
    MAX_INTENSITY,
    MIN_INTENSITY,
    MUSCLE_SIDES,
    QUALITIES,
    unknown_name_message,
)

MAX_NOTE_LENGTH = 10_000
#: The span of dates a journal holds. Charts, flare-up months and reports step a day or a month
#: beyond the newest entry, so 0001-01-01 or 9999-12-31 would overflow Python's dates; no real
#: entry is that far away.
EARLIEST_MOMENT = datetime(1900, 1, 1)
LATEST_MOMENT = datetime(2100, 12, 31, 23, 59, 59, 999999)


def check_moment_range(value: datetime, what: str) -> None:
    """Refuse a time outside :data:`EARLIEST_MOMENT`..:data:`LATEST_MOMENT`."""
    naive = value.replace(tzinfo=None)
    if not EARLIEST_MOMENT <= naive <= LATEST_MOMENT:
        raise ValidationError(
            f"{what} must be between {EARLIEST_MOMENT.year} and {LATEST_MOMENT.year}, "
            f"not {value:%Y-%m-%d}."
        )


def validate_intensity(value: object, what: str = "Intensity") -> int:
    """An integer 0–10; bools and floats with a fraction are refused, not rounded."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValidationError(f"{what} must be a whole number from 0 to 10, not {value!r}.")
    if not MIN_INTENSITY <= value <= MAX_INTENSITY:
        raise ValidationError(f"{what} must be from 0 to 10, not {value}.")
    return value


def validate_note(note: object) -> str:
    if not isinstance(note, str):
        raise ValidationError("A note must be text.")
    if "\x00" in note:
        raise ValidationError("A note cannot contain NUL characters.")
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(f"A note can be at most {MAX_NOTE_LENGTH:,} characters long.")
    return note


@dataclass(frozen=True, slots=True)
class PainMark:
    """Pain in one region: how much (0–10) and how it feels."""

    region_id: str
    intensity: int
    qualities: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        validate_intensity(self.intensity)
        unknown = sorted(set(self.qualities) - set(QUALITIES))
        if unknown:
            raise ValidationError(unknown_name_message("quality", unknown[0], QUALITIES))
        object.__setattr__(self, "qualities", frozenset(self.qualities))

    def sorted_qualities(self) -> list[str]:
        """Qualities in vocabulary order, for stable display and storage."""
        return [quality for quality in QUALITIES if quality in self.qualities]


@dataclass(frozen=True, slots=True)
class TightMuscle:
    """A muscle the person feels is tight, on one side or both."""

    muscle_id: str
    side: str

    def __post_init__(self) -> None:
        if self.side not in MUSCLE_SIDES:
            raise ValidationError(unknown_name_message("side", self.side, MUSCLE_SIDES))


def new_uid() -> str:
    """A stable identity for an entry, so an import never duplicates what is already there."""
    import uuid  # here, not at the top: uuid loads ``platform``, and start-up never needs it

    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One journal entry. ``id`` is None until stored; ``uid`` never changes."""

    taken_at: datetime
    overall_pain: int
    marks: tuple[PainMark, ...] = ()
    tight_muscles: tuple[TightMuscle, ...] = ()
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        validate_intensity(self.overall_pain, "Overall pain")
        validate_note(self.note)
        if not isinstance(self.taken_at, datetime):
            raise ValidationError("The check-in time must be a date and time.")
        if self.taken_at.tzinfo is not None:
            raise ValidationError("Check-in times are local wall-clock times without a zone.")
        check_moment_range(self.taken_at, "The check-in date")
        regions = [mark.region_id for mark in self.marks]
        if len(set(regions)) != len(regions):
            raise ValidationError("Each region can be marked only once per check-in.")
        muscles = [(muscle.muscle_id, muscle.side) for muscle in self.tight_muscles]
        if len(set(muscles)) != len(muscles):
            raise ValidationError("Each tight muscle can be listed only once per side.")
        object.__setattr__(self, "marks", tuple(self.marks))
        object.__setattr__(self, "tight_muscles", tuple(self.tight_muscles))

    def mark_for(self, region_id: str) -> PainMark | None:
        for mark in self.marks:
            if mark.region_id == region_id:
                return mark
        return None


def validate_known_ids(
    check_in: CheckIn, region_ids: Collection[str], muscle_ids: Iterable[str]
) -> None:
    """Refuse ids that are not in the catalogues (the dataclass alone cannot know them)."""
    for mark in check_in.marks:
        if mark.region_id not in region_ids:
            raise ValidationError(unknown_name_message("region", mark.region_id, region_ids))
    known_muscles = set(muscle_ids)
    for muscle in check_in.tight_muscles:
        if muscle.muscle_id not in known_muscles:
            raise ValidationError(unknown_name_message("muscle", muscle.muscle_id, known_muscles))


@dataclass(frozen=True, slots=True)
class CheckInSummary:
    """What the history list shows of a check-in, without its marks."""

    id: int
    taken_at: datetime
    overall_pain: int
    mark_count: int
    note: str

    @classmethod
    def of(cls, check_in: CheckIn) -> CheckInSummary:
        """The summary of a stored check-in (it has an id)."""
        assert check_in.id is not None
        return cls(check_in.id, check_in.taken_at, check_in.overall_pain, len(check_in.marks),
                   check_in.note)  # fmt: skip
