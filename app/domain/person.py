"""What a person told ReliefMap about themselves, as the safety layer needs it.

Kept in the journal's settings (``birth_year``, ``episode_began``, ``eases``, ``pregnant``) and
read here, so the window and the report turn them into a ``SafetyContext`` the same way. A value
that does not parse is treated as not given: the safe defaults apply, nothing crashes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.domain.errors import ValidationError
from app.domain.safety import episode_weeks_since
from app.domain.vocabulary import EASES

SETTING_KEYS = ("birth_year", "episode_began", "eases", "pregnant")
MIN_BIRTH_YEAR = 1900


@dataclass(frozen=True, slots=True)
class PersonFacts:
    birth_year: int | None = None
    episode_began: date | None = None  # as the person said; None: from the journal
    eases: str | None = None
    pregnant: bool = False

    @classmethod
    def from_settings(cls, get: Callable[[str], str | None]) -> PersonFacts:
        """Read the settings; a malformed value counts as not given."""
        year_text = get("birth_year") or ""
        year = int(year_text) if year_text.isdigit() else None
        try:
            began = date.fromisoformat(get("episode_began") or "")
        except ValueError:
            began = None
        eases = get("eases")
        return cls(
            birth_year=year,
            episode_began=began,
            eases=eases if eases in EASES else None,
            pregnant=get("pregnant") == "yes",
        )

    def to_settings(self) -> dict[str, str]:
        """The settings to store (empty strings clear a value)."""
        return {
            "birth_year": str(self.birth_year) if self.birth_year else "",
            "episode_began": self.episode_began.isoformat() if self.episode_began else "",
            "eases": self.eases or "",
        }

    def validate(self, today: date) -> None:
        """Refuse a birth year or episode start that cannot be right (before anything is saved)."""
        if self.birth_year is not None and not MIN_BIRTH_YEAR <= self.birth_year <= today.year:
            raise ValidationError(
                f"Year of birth {self.birth_year} must be between {MIN_BIRTH_YEAR} and "
                f"{today.year}."
            )
        if self.episode_began is not None:
            episode_weeks_since(self.episode_began, today)  # refuses a future date
        if self.eases is not None and self.eases not in EASES:
            raise ValidationError(f"Unknown movement '{self.eases}'.")

    def age(self, today: date) -> int | None:
        """Age in whole years as of this year's birthday (the year is all we ask)."""
        if self.birth_year is None or not MIN_BIRTH_YEAR <= self.birth_year <= today.year:
            return None
        return max(1, today.year - self.birth_year)

    def episode_weeks(self, today: date, journal_start: date | None) -> float | None:
        """How long this episode has lasted: the person's date, else the journal's estimate."""
        began = self.episode_began or journal_start
        if began is None or began > today:
            return None
        return episode_weeks_since(began, today)
