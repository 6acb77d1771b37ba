"""A red-flag screen the person answered: which symptom flags they said yes to.

Kept in the journal so the app can keep showing "seek medical care now" until the person
confirms they have been assessed, and so a clinician report can show the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.errors import ValidationError
from app.domain.journal import check_moment_range, new_uid
from app.domain.vocabulary import SYMPTOM_FLAGS, unknown_name_message


@dataclass(frozen=True, slots=True)
class RedFlagScreen:
    taken_at: datetime
    answered_yes: frozenset[str] = frozenset()
    assessed_at: datetime | None = None
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        for flag in self.answered_yes:
            if flag not in SYMPTOM_FLAGS:
                raise ValidationError(unknown_name_message("symptom flag", flag, SYMPTOM_FLAGS))
        object.__setattr__(self, "answered_yes", frozenset(self.answered_yes))
        for moment in (self.taken_at, self.assessed_at):
            if moment is not None and (not isinstance(moment, datetime) or moment.tzinfo):
                raise ValidationError("Screen times must be local dates and times.")
            if moment is not None:
                check_moment_range(moment, "A screen date")

    @property
    def awaiting_assessment(self) -> bool:
        """Warning signs were reported and no clinician has assessed them yet: only then can
        the person confirm an assessment (which lifts the seek-care hold)."""
        return bool(self.answered_yes) and self.assessed_at is None

    def sorted_flags(self) -> list[str]:
        return [flag for flag in SYMPTOM_FLAGS if flag in self.answered_yes]
