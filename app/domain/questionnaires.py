"""Standard outcome questionnaires: the answers a person gave, validated.

Scoring rules are published facts (DOMAIN.md); the licensed item wording is not shipped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.errors import ValidationError
from app.domain.journal import check_moment_range, new_uid
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
        check_moment_range(self.taken_at, "The questionnaire date")
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "activities", tuple(self.activities))


# --- scoring (published rules; DOMAIN.md "Outcome measures") ---------------------------------

#: ODI v2.1a bands: upper limit of each band in percent (0-20 minimal, 21-40 moderate, ...).
#: Only the ODI has published bands; RMDQ and PSFS scores are shown without one rather than
#: with invented cut-offs.
ODI_BANDS = (
    (20, "minimal"),
    (40, "moderate"),
    (60, "severe"),
    (80, "crippled"),
    (100, "bed-bound"),
)
#: Smallest change that matters to patients, per instrument. ODI: 10 points. RMDQ: the
#: literature gives 2-5 points; 5 is used, the conservative end, so a change called meaningful
#: is one every source agrees on. PSFS: 2 points on the 0-10 mean.
MEANINGFUL_CHANGE = {"odi": 10.0, "rmdq": 5.0, "psfs": 2.0}
#: ODI and RMDQ count disability (lower is better); PSFS rates ability (higher is better).
LOWER_IS_BETTER = {"odi": True, "rmdq": True, "psfs": False}


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    value: float | None  # None: not scorable
    max_value: float
    unit: str
    band: str
    scorable: bool
    message: str


@dataclass(frozen=True, slots=True)
class ScoreChange:
    instrument: str
    first: Score
    latest: Score
    change: float  # latest minus first
    improved: bool  # in the instrument's better direction (lower for ODI/RMDQ, higher PSFS)
    meaningful: bool  # |change| at least MEANINGFUL_CHANGE, better or worse

    @property
    def verdict(self) -> str:
        """The change in words, judged by the instrument's meaningful change."""
        if self.meaningful:
            return "meaningful improvement" if self.improved else "meaningful worsening"
        return "within normal ups and downs"

    @property
    def direction(self) -> str:
        """Whether the latest score is "better", "worse" or "unchanged" than the first."""
        if self.change == 0:
            return "unchanged"
        return "better" if self.improved else "worse"


def score(response: QuestionnaireResponse) -> Score:
    """Score one response by its instrument's published rule.

    ODI: sum / (5 x answered sections) x 100, so one skipped section is scored out of 45; two
    or more skipped cannot be scored. RMDQ: number of "yes" (0-24), every statement answered.
    PSFS: mean of the rated activities (0-10).
    """
    answered = [a for a in response.answers if a is not None]
    if response.instrument == "odi":
        missing = len(response.answers) - len(answered)
        if missing > 1:
            return Score(
                "odi",
                None,
                100,
                "%",
                "",
                False,
                f"{missing} sections unanswered: the ODI needs at least 9 of 10.",
            )
        # Multiply first so whole-number percentages stay exact at band limits.
        percent = 100 * sum(answered) / (5 * len(answered))
        band = next(name for limit, name in ODI_BANDS if percent <= limit)
        note = " (one section skipped: scored out of 45)" if missing == 1 else ""
        return Score("odi", percent, 100, "%", band, True, f"{percent:.0f}% disability{note}")
    if response.instrument == "rmdq":
        if len(answered) < len(response.answers):
            return Score("rmdq", None, 24, "", "", False, "Answer every statement to score.")
        total = float(sum(answered))
        return Score("rmdq", total, 24, "", "", True, f"{total:.0f} of 24")
    if not answered:
        return Score("psfs", None, 10, "", "", False, "Rate at least one activity.")
    mean = sum(answered) / len(answered)
    return Score("psfs", mean, 10, "", "", True, f"{mean:.1f} of 10 on average")


def change_since_first(responses: Sequence[QuestionnaireResponse]) -> list[ScoreChange]:
    """Per instrument: the latest scorable score against the first, and whether it matters."""
    by_instrument: dict[str, list[Score]] = {}
    for response in sorted(responses, key=lambda r: r.taken_at):
        scored = score(response)
        if scored.scorable:
            by_instrument.setdefault(response.instrument, []).append(scored)
    changes = []
    for instrument, scores in by_instrument.items():
        if len(scores) < 2:
            continue
        first, latest = scores[0], scores[-1]
        assert first.value is not None and latest.value is not None
        change = latest.value - first.value
        improved = change < 0 if LOWER_IS_BETTER[instrument] else change > 0
        changes.append(
            ScoreChange(
                instrument,
                first,
                latest,
                change,
                improved,
                # A hair of tolerance: a PSFS mean of thirds must not miss 2.0 by 1e-16.
                abs(change) >= MEANINGFUL_CHANGE[instrument] - 1e-9,
            )
        )
    return changes
