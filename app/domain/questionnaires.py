"""Standard outcome questionnaires: the answers a person gave, validated.

Scoring rules are published facts (DOMAIN.md); the licensed item wording is not shipped here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.errors import ValidationError
from app.domain.journal import new_uid
from app.domain.vocabulary import unknown_name_message

#: instrument -> (number of items, lowest answer, highest answer)
INSTRUMENTS: dict[str, tuple[int, int, int]] = {
    "odi": (10, 0, 5),  # Oswestry Disability Index v2.1a: 10 sections, 0-5 each
    "rmdq": (24, 0, 1),  # Roland-Morris: 24 yes(1)/no(0) items
    "psfs": (5, 0, 10),  # Patient-Specific Functional Scale: up to 5 activities, 0-10
}
MAX_ACTIVITY_NAME = 120


@dataclass(frozen=True, slots=True)
class QuestionnaireResponse:
    """One filled-in questionnaire. ``None`` answers are skipped items.

    For PSFS, ``activities`` names what each answer rates (1 to 5 of them).
    """

    taken_at: datetime
    instrument: str
    answers: tuple[int | None, ...]
    activities: tuple[str, ...] = ()
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        if self.instrument not in INSTRUMENTS:
            raise ValidationError(
                unknown_name_message("questionnaire", self.instrument, INSTRUMENTS)
            )
        items, low, high = INSTRUMENTS[self.instrument]
        answers = tuple(self.answers)
        if self.instrument == "psfs":
            if not 1 <= len(answers) <= items:
                raise ValidationError("The functional scale rates 1 to 5 activities.")
            if len(self.activities) != len(answers):
                raise ValidationError("Name each activity you rate.")
            for name in self.activities:
                if not isinstance(name, str) or not name.strip():
                    raise ValidationError("Each activity needs a name.")
                if len(name) > MAX_ACTIVITY_NAME:
                    raise ValidationError(
                        f"Activity names can be at most {MAX_ACTIVITY_NAME} characters."
                    )
        elif len(answers) != items:
            raise ValidationError(f"This questionnaire has {items} items, not {len(answers)}.")
        elif self.activities:
            raise ValidationError("Only the functional scale names activities.")
        for answer in answers:
            if answer is None:
                continue
            if isinstance(answer, bool) or not isinstance(answer, int) or not low <= answer <= high:
                raise ValidationError(f"Answers must be whole numbers from {low} to {high}.")
        if not isinstance(self.taken_at, datetime) or self.taken_at.tzinfo is not None:
            raise ValidationError("The questionnaire time must be a local date and time.")
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "activities", tuple(self.activities))
