"""Self-treatment sessions: what the person did, and their pain before and after.

These feed the "what helped" analysis and the engine's gentle personalisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain.errors import ValidationError
from app.domain.journal import check_moment_range, new_uid, validate_intensity, validate_note
from app.domain.vocabulary import unknown_name_message

#: What a session worked on: a muscle's trigger point, an acupoint, or an exercise.
SESSION_KINDS: tuple[str, ...] = ("trigger_point", "acupoint", "exercise")
SESSION_SIDES: tuple[str, ...] = ("left", "right", "both", "none")
MAX_SESSION_SECONDS = 4 * 60 * 60


@dataclass(frozen=True, slots=True)
class TreatmentSession:
    """One guided session. ``item_id`` is a muscle id, acupoint code or exercise id."""

    started_at: datetime
    kind: str
    item_id: str
    side: str
    pain_before: int
    pain_after: int
    duration_s: int = 0
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        if self.kind not in SESSION_KINDS:
            raise ValidationError(unknown_name_message("session kind", self.kind, SESSION_KINDS))
        if self.side not in SESSION_SIDES:
            raise ValidationError(unknown_name_message("side", self.side, SESSION_SIDES))
        if not isinstance(self.item_id, str) or not self.item_id:
            raise ValidationError("A session must name what was worked on.")
        validate_intensity(self.pain_before, "Pain before")
        validate_intensity(self.pain_after, "Pain after")
        validate_note(self.note)
        if isinstance(self.duration_s, bool) or not isinstance(self.duration_s, int):
            raise ValidationError("Session duration must be whole seconds.")
        if not 0 <= self.duration_s <= MAX_SESSION_SECONDS:
            raise ValidationError("Session duration must be between 0 seconds and 4 hours.")
        if not isinstance(self.started_at, datetime) or self.started_at.tzinfo is not None:
            raise ValidationError("The session time must be a local date and time.")
        check_moment_range(self.started_at, "The session date")

    @property
    def change(self) -> int:
        """Pain after minus pain before: negative means it eased."""
        return self.pain_after - self.pain_before
