"""Today's routine: the engine's suggestions put in sequence, timed, and progressed.

The sequence is the one ReliefMap is built on: calm the painful area (trigger-point
**release**, then **acupressure**), restore length (**stretch**, with gentle mobility), then
**stabilise**. The items come only from ``Engine.suggest`` (already screened by the safety
layer and ranked with the person's own history and self-tests), so the routine can never show
what the safety layer hides. How many of each stage depends on the phase of the episode and
on whether pain and the questionnaires are improving; every change says why.

A routine run (the guided session of the whole routine) is a journal entry: pain before and
after, and each step done or skipped, which gives adherence (days done, steps skipped).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, check_moment_range, new_uid, validate_intensity
from app.domain.knowledge import KnowledgeBase
from app.domain.questionnaires import QuestionnaireResponse, change_since_first
from app.domain.sessions import SESSION_KINDS, SESSION_SIDES
from app.domain.suggest import Suggestions
from app.domain.trends import MEANINGFUL_PAIN_CHANGE, MEANINGFUL_PAIN_SHARE
from app.domain.vocabulary import unknown_name_message

STAGES: tuple[str, ...] = ("release", "acupressure", "stretch", "stabilise")
STAGE_NAMES = {
    "release": "Release (trigger points)",
    "acupressure": "Acupressure",
    "stretch": "Stretch and move",
    "stabilise": "Stabilise",
}
#: How many items of each stage, by phase: calming first early on, stabilising later.
STAGE_COUNTS: dict[str, dict[str, int]] = {
    "acute": {"release": 2, "acupressure": 2, "stretch": 2, "stabilise": 1},
    "subacute": {"release": 2, "acupressure": 2, "stretch": 2, "stabilise": 2},
    "chronic": {"release": 1, "acupressure": 1, "stretch": 2, "stabilise": 3},
}
PHASE_WHY = {
    "acute": "Acute phase (under about 6 weeks, or not known): mostly calming work, gentle "
    "movement and one easy stabilising exercise.",
    "subacute": "Subacute phase (6-12 weeks): calming, lengthening and stabilising in equal "
    "measure.",
    "chronic": "Chronic phase (over 12 weeks): less calming work, more stabilising, which is "
    "what keeps episodes from coming back.",
}
EXERCISE_SECONDS = {"mobility": 120, "stretch": 150, "stabilisation": 180}
TREND_DAYS = 7  # recent pain is the mean of the last week's check-ins...
BASELINE_DAYS = 28  # ...against the three weeks before it
RUN_SIDES = SESSION_SIDES
MAX_RUN_SECONDS = 4 * 60 * 60


@dataclass(frozen=True, slots=True)
class RoutineStep:
    stage: str  # one of STAGES
    kind: str  # session kind: trigger_point | acupoint | exercise
    item_id: str
    side: str
    name: str
    seconds: int  # an estimate for planning; the guided session times the holds
    dose: str
    why: str
    cautions: tuple[str, ...] = ()
    how: tuple[str, ...] = ()  # the knowledge base's steps, for the guided session


@dataclass(frozen=True, slots=True)
class Routine:
    day: date
    phase: str
    steps: tuple[RoutineStep, ...]
    reasons: tuple[str, ...]  # why the routine looks like this today (and what changed)
    notes: tuple[str, ...]  # the safety layer's words (shown first)
    seek_care: bool = False
    blocked: bool = False  # self-care withheld: no steps

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds for step in self.steps)

    @property
    def total_minutes(self) -> int:
        return max(1, round(self.total_seconds / 60)) if self.steps else 0

    def to_json_dict(self) -> dict[str, object]:
        """``reliefmap routine --json``."""
        return {
            "day": self.day.isoformat(),
            "phase": self.phase,
            "total_seconds": self.total_seconds,
            "total_minutes": self.total_minutes,
            "seek_care": self.seek_care,
            "blocked": self.blocked,
            "steps": [
                {
                    "stage": step.stage,
                    "kind": step.kind,
                    "item": step.item_id,
                    "side": step.side,
                    "name": step.name,
                    "seconds": step.seconds,
                    "dose": step.dose,
                    "why": step.why,
                    "cautions": list(step.cautions),
                    "how": list(step.how),
                }
                for step in self.steps
            ],
            "reasons": list(self.reasons),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class Trend:
    """Whether things are getting better: ``improving``, ``worse`` or ``steady``, and why."""

    direction: str
    why: str


def recent_trend(
    check_ins: Sequence[CheckIn],
    questionnaires: Sequence[QuestionnaireResponse],
    today: date,
) -> Trend:
    """Pain in the last week against the three weeks before, and the questionnaires' change
    since the first (a meaningful change counts: about 2 points or 30% for pain)."""
    recent = [c.overall_pain for c in check_ins
              if today - timedelta(days=TREND_DAYS) < c.taken_at.date() <= today]  # fmt: skip
    earlier = [c.overall_pain for c in check_ins
               if today - timedelta(days=BASELINE_DAYS) < c.taken_at.date()
               <= today - timedelta(days=TREND_DAYS)]  # fmt: skip
    if recent and earlier:
        before, after = statistics.fmean(earlier), statistics.fmean(recent)
        change = after - before
        meaningful = abs(change) >= MEANINGFUL_PAIN_CHANGE or (
            before > 0 and abs(change) / before >= MEANINGFUL_PAIN_SHARE
        )
        if meaningful and change < 0:
            return Trend("improving", f"Your pain has eased ({before:.1f} → {after:.1f} this week)")
        if meaningful and change > 0:
            return Trend("worse", f"Your pain is higher ({before:.1f} → {after:.1f} this week)")
    for change in change_since_first(list(questionnaires)):
        if change.meaningful and change.improved:
            return Trend("improving", f"Your {change.instrument.upper()} score has improved")
        if change.meaningful:
            return Trend("worse", f"Your {change.instrument.upper()} score has worsened")
    return Trend("steady", "")


def stage_counts(phase: str, trend: Trend) -> tuple[dict[str, int], str]:
    """How many items per stage, and the sentence saying how the trend changed it."""
    counts = dict(STAGE_COUNTS.get(phase, STAGE_COUNTS["acute"]))
    if trend.direction == "improving" and phase != "acute":
        counts["release"] = max(1, counts["release"] - 1)
        counts["stabilise"] += 1
        return counts, f"{trend.why}: one less calming step and one more stabilising exercise."
    if trend.direction == "worse":
        counts["release"] += 1
        counts["stabilise"] = max(1, counts["stabilise"] - 1)
        return counts, f"{trend.why}: one more calming step and one less stabilising exercise."
    return counts, ""


def _stage_of(kind: str) -> str:
    return "stabilise" if kind == "stabilisation" else "stretch"


def build_routine(
    suggestions: Suggestions,
    kb: KnowledgeBase,
    today: date,
    trend: Trend = Trend("steady", ""),
    previous_phase: str | None = None,
    extra_reasons: Iterable[str] = (),
) -> Routine:
    """Today's plan from the engine's answer, in release → acupressure → stretch → stabilise
    order. ``previous_phase`` (of the last routine done) lets it say that the phase moved on."""
    phase = suggestions.phase
    notes = suggestions.notes
    blocked = bool(
        suggestions.seek_care
        or (suggestions.safety is not None and not suggestions.safety.self_care_allowed)
    )
    if blocked:
        return Routine(today, phase, (), (), notes, suggestions.seek_care, True)
    counts, trend_why = stage_counts(phase, trend)
    steps: list[RoutineStep] = []
    for item in suggestions.trigger_points[: counts["release"]]:
        sides = 2 if item.side == "both" else 1
        steps.append(
            RoutineStep("release", "trigger_point", item.muscle_id, item.side, item.label,
                        item.technique.hold_s * 3 * sides + 30,
                        f"{item.technique.hold_s} s holds, {item.technique.repetitions}",
                        item.reason, item.cautions, item.technique.steps)
        )  # fmt: skip
    for point in suggestions.acupoints[: counts["acupressure"]]:
        sides = 2 if point.side == "both" else 1
        steps.append(
            RoutineStep("acupressure", "acupoint", point.code, point.side, point.name,
                        point.technique.hold_s * sides + 20,
                        f"{point.technique.hold_s // 60} min per point", point.reason,
                        point.cautions, point.technique.steps)
        )  # fmt: skip
    by_stage: dict[str, list[RoutineStep]] = {"stretch": [], "stabilise": []}
    for exercise in suggestions.exercises:  # already in the engine's order
        stage = _stage_of(exercise.kind)
        if len(by_stage[stage]) >= counts[stage]:
            continue
        known = kb.exercises.get(exercise.id)
        by_stage[stage].append(
            RoutineStep(stage, "exercise", exercise.id, "none", exercise.name,
                        EXERCISE_SECONDS.get(exercise.kind, 150),
                        known.dose if known is not None else "", exercise.reason,
                        exercise.cautions, known.steps if known is not None else ())
        )  # fmt: skip
    steps += by_stage["stretch"] + by_stage["stabilise"]
    reasons = [PHASE_WHY.get(phase, "")]
    if previous_phase is not None and previous_phase != phase:
        reasons.append(
            f"Changed since your last routine: the episode has moved from the {previous_phase} "
            f"to the {phase} phase."
        )
    if trend_why:
        reasons.append(trend_why)
    reasons += [reason for reason in extra_reasons if reason]
    return Routine(today, phase, tuple(steps), tuple(r for r in reasons if r), notes)


# --- a routine done: a journal entry -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunStep:
    kind: str
    item_id: str
    side: str
    done: bool

    def __post_init__(self) -> None:
        if self.kind not in SESSION_KINDS:
            raise ValidationError(unknown_name_message("step kind", self.kind, SESSION_KINDS))
        if self.side not in RUN_SIDES:
            raise ValidationError(unknown_name_message("side", self.side, RUN_SIDES))
        if not isinstance(self.item_id, str) or not self.item_id or len(self.item_id) > 64:
            raise ValidationError("A routine step must name its item.")
        if not isinstance(self.done, bool):
            raise ValidationError("A routine step is done or skipped.")


@dataclass(frozen=True, slots=True)
class RoutineRun:
    """The whole routine done once: pain before and after, each step done or skipped."""

    started_at: datetime
    phase: str
    pain_before: int
    pain_after: int
    steps: tuple[RunStep, ...]
    duration_s: int = 0
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        if not isinstance(self.started_at, datetime) or self.started_at.tzinfo is not None:
            raise ValidationError("The routine's time must be a local date and time.")
        check_moment_range(self.started_at, "The routine's time")
        if self.phase not in STAGE_COUNTS:
            raise ValidationError(unknown_name_message("phase", self.phase, STAGE_COUNTS))
        validate_intensity(self.pain_before, "Pain before")
        validate_intensity(self.pain_after, "Pain after")
        object.__setattr__(self, "steps", tuple(self.steps))
        if not self.steps:
            raise ValidationError("A routine has at least one step.")
        if isinstance(self.duration_s, bool) or not isinstance(self.duration_s, int):
            raise ValidationError("The routine's duration must be whole seconds.")
        if not 0 <= self.duration_s <= MAX_RUN_SECONDS:
            raise ValidationError("The routine's duration must be between 0 s and 4 hours.")

    @property
    def skipped(self) -> int:
        return sum(not step.done for step in self.steps)

    @property
    def done_steps(self) -> int:
        return sum(step.done for step in self.steps)


@dataclass(frozen=True, slots=True)
class Adherence:
    days: int  # days in the window
    days_done: int  # days with at least one routine with a step done
    steps_done: int
    steps_skipped: int
    most_skipped: tuple[tuple[str, int], ...]  # (item id, times skipped), most first

    @property
    def share(self) -> float:
        return self.days_done / self.days if self.days else 0.0

    def describe(self) -> str:
        if not self.days_done:
            return f"Routine not done in the last {self.days} days."
        return (
            f"Routine done on {self.days_done} of the last {self.days} days; "
            f"{self.steps_done} steps done, {self.steps_skipped} skipped."
        )


def adherence(runs: Iterable[RoutineRun], start: date, end: date) -> Adherence:
    """Days the routine was done in [start, end] and the steps skipped."""
    days: set[date] = set()
    done = skipped = 0
    skips: dict[str, int] = {}
    for run in runs:
        day = run.started_at.date()
        if not start <= day <= end:
            continue
        if run.done_steps:
            days.add(day)
        done += run.done_steps
        skipped += run.skipped
        for step in run.steps:
            if not step.done:
                skips[step.item_id] = skips.get(step.item_id, 0) + 1
    ranked = tuple(sorted(skips.items(), key=lambda item: (-item[1], item[0])))
    return Adherence((end - start).days + 1, len(days), done, skipped, ranked)


@dataclass(frozen=True, slots=True)
class JournalView:
    """What the routine reads from the journal (the store fills it; the domain stays plain)."""

    check_ins: Sequence[CheckIn] = ()
    sessions: Sequence[object] = ()  # TreatmentSession, for the engine's history
    questionnaires: Sequence[QuestionnaireResponse] = ()
    self_tests: Sequence[object] = ()  # SelfTestResult
    latest_screen: object | None = None  # RedFlagScreen
    runs: Sequence[RoutineRun] = ()
    person: object | None = None  # PersonFacts


def todays_routine(
    kb: KnowledgeBase, catalog: object, journal: JournalView, today: date
) -> Routine:
    """Today's routine from the latest check-in, the person's facts, the self-tests and what
    has helped: the same engine (and safety layer) as the window's suggestions."""
    from app.domain.episodes import EPISODE_LOOKBACK_DAYS, current_episode_start
    from app.domain.person import PersonFacts
    from app.domain.self_tests import with_self_tests
    from app.domain.suggest import Engine, SuggestionRequest
    from app.domain.trends import daily_pain

    person = journal.person if isinstance(journal.person, PersonFacts) else PersonFacts()
    latest = max(journal.check_ins, key=lambda c: (c.taken_at, c.id or 0), default=None)
    recent = [
        c for c in journal.check_ins if (today - c.taken_at.date()).days <= EPISODE_LOOKBACK_DAYS
    ]
    request = SuggestionRequest(
        marks=latest.marks if latest is not None else (),
        tight_muscles=latest.tight_muscles if latest is not None else (),
        history=tuple(journal.sessions),  # type: ignore[arg-type]
    ).with_journal(
        person=person,
        screen=journal.latest_screen,  # type: ignore[arg-type]
        red_flags=kb.red_flags,
        today=today,
        episode_start=current_episode_start(daily_pain(recent)),
    )
    request, test_notes = with_self_tests(request, kb, journal.self_tests)  # type: ignore[arg-type]
    suggestions = Engine(kb, catalog).suggest(request)  # type: ignore[arg-type]
    previous = max(journal.runs, key=lambda r: r.started_at, default=None)
    return build_routine(
        suggestions,
        kb,
        today,
        recent_trend(journal.check_ins, journal.questionnaires, today),
        previous.phase if previous is not None else None,
        test_notes,
    )
