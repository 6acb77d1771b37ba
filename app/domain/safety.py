"""Red-flag screening: which reported symptoms need a clinician, and how soon.

Kept apart from the ranking so the rule "an urgent flag overrides every suggestion" lives in
one small place that the engine, the window and the CLI all share. It informs; it never
diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.knowledge import RedFlag
from app.domain.vocabulary import SYMPTOM_FLAGS, unknown_name_message

SEEK_CARE_NOTE = (
    "Seek medical care now. What you reported can be a sign of a serious problem that "
    "self-care must not delay."
)
SOON_NOTE = "Please also book a check with your doctor in the next few days."


@dataclass(frozen=True, slots=True)
class RedFlagHit:
    """A reported symptom flag with the knowledge base's urgency and advice."""

    id: str
    urgent: bool
    advice: str


def validate_flags(flags: Iterable[str]) -> None:
    """Unknown symptom flag → ValidationError naming the closest valid ones."""
    for flag in sorted(flags):
        if flag not in SYMPTOM_FLAGS:
            raise ValidationError(unknown_name_message("symptom flag", flag, SYMPTOM_FLAGS))


def screen_red_flags(
    red_flags: Mapping[str, RedFlag], flags: Iterable[str]
) -> tuple[RedFlagHit, ...]:
    """The reported flags the knowledge base knows, urgent ones first, then in its order.

    A valid flag missing from the knowledge base is still treated as urgent: when the data
    cannot say how serious a reported warning sign is, the safe answer is "seek care".
    """
    reported = set(flags)
    validate_flags(reported)
    hits = [
        RedFlagHit(flag.id, flag.urgency == "urgent", flag.advice)
        for flag in red_flags.values()
        if flag.id in reported
    ]
    hits.extend(
        RedFlagHit(flag, True, SEEK_CARE_NOTE)
        for flag in SYMPTOM_FLAGS
        if flag in reported and flag not in red_flags
    )
    return tuple(sorted(hits, key=lambda hit: not hit.urgent))  # stable: KB order kept


def needs_care_now(hits: Iterable[RedFlagHit]) -> bool:
    """Any urgent flag: suggestions give way to "seek medical care now"."""
    return any(hit.urgent for hit in hits)


def safety_notes(hits: Iterable[RedFlagHit]) -> tuple[str, ...]:
    """The plain-words advice that goes with the hits, most serious first."""
    hits = tuple(hits)
    if needs_care_now(hits):
        advice = [hit.advice for hit in hits if hit.urgent]
        return (SEEK_CARE_NOTE, *dict.fromkeys(a for a in advice if a != SEEK_CARE_NOTE))
    return (SOON_NOTE,) if hits else ()
