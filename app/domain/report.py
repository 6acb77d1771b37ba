"""What the clinician report says, computed from the journal for one period (no drawing here).

A clinician has about a minute for page 1, so this module boils the period down to the few
figures they ask about (current and average pain, the trend, flare-ups, outcome scores, the
red-flag screen, what was tried and how it went) and to plain table rows for the later pages.
``app.render.report`` lays it out; nothing there decides what the numbers mean.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, check_moment_range
from app.domain.knowledge import KnowledgeBase
from app.domain.person import PersonFacts
from app.domain.progress import ProgressData, build_progress_between
from app.domain.questionnaires import QuestionnaireResponse, Score, ScoreChange
from app.domain.regions import RegionCatalog
from app.domain.routine import RoutineRun, adherence
from app.domain.safety import LEVELS, RULES, SafetyContext, assess, questions_for
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, read_result
from app.domain.sessions import TreatmentSession
from app.domain.trends import MEANINGFUL_PAIN_CHANGE, MEANINGFUL_PAIN_SHARE
from app.domain.vocabulary import SYMPTOM_FLAG_LABELS, SYMPTOM_FLAGS

#: Without --days or dates a report covers the last 90 days: long enough to show a trend and
#: a flare-up or two, short enough for a consultation.
DEFAULT_REPORT_DAYS = 90
MAX_REPORT_DAYS = 100 * 366
#: The optional sections after page 1 (the summary is always there).
REPORT_SECTIONS: dict[str, str] = {
    "charts": "Charts at full size",
    "check_ins": "Table of check-ins",
    "sessions": "Table of sessions",
    "self_tests": "Table of self-tests",
    "routine": "Daily routine: adherence",
}
INSTRUMENT_NAMES = {
    "odi": "Oswestry Disability Index",
    "rmdq": "Roland-Morris Disability Questionnaire",
    "psfs": "Patient-Specific Functional Scale",
}
#: The tables list at most this many entries each, the most recent ones: years of daily
#: check-ins would be a hundred pages no one reads (and minutes to draw). The charts still show
#: every entry, and the page says how many were left out and where to find them.
TABLE_ROW_LIMIT = 400
#: The week at each end of the period that the trend compares.
TREND_DAYS = 7
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The days a report covers, both ends included (``start`` None: from the first entry)."""

    start: date | None
    end: date

    def describe(self, first_day: date | None = None) -> str:
        start = self.start or first_day
        if start is None:
            return f"up to {self.end:%d %b %Y}"
        days = (self.end - start).days + 1
        return f"{start:%d %b %Y} – {self.end:%d %b %Y} ({days} day{'s' if days != 1 else ''})"


def report_period(
    today: date,
    days: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ReportPeriod:
    """The period asked for: the last ``days`` days, or ``start``..``end``, or the default.

    Bad combinations raise ValidationError with a sentence saying what to change.
    """
    if days is not None and (start is not None or end is not None):
        raise ValidationError("Give either a number of days or dates (from/to), not both.")
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_REPORT_DAYS:
            raise ValidationError(f"The number of days must be from 1 to {MAX_REPORT_DAYS}.")
        return ReportPeriod(today - timedelta(days=days - 1), today)
    if start is None and end is None:
        return ReportPeriod(today - timedelta(days=DEFAULT_REPORT_DAYS - 1), today)
    end = end or today
    for day in (start, end):
        if day is not None:
            check_moment_range(datetime.combine(day, datetime.min.time()), "A report date")
    if start is not None and start > end:
        raise ValidationError(
            f"The report would start ({start:%Y-%m-%d}) after it ends ({end:%Y-%m-%d})."
        )
    return ReportPeriod(start, end)


def parse_report_date(text: str) -> date:
    """A YYYY-MM-DD date from the command line, or a ValidationError naming the text."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None
    check_moment_range(datetime.combine(day, datetime.min.time()), "A report date")
    return day


@dataclass(frozen=True, slots=True)
class PainSummary:
    current: float  # mean of the daily means in the last TREND_DAYS days with data
    average: float  # mean of the daily means over the period
    worst_day: date
    worst: float
    trend: str  # plain words: eased, worse or about the same, with the numbers


@dataclass(frozen=True, slots=True)
class RegionBurden:
    label: str
    check_ins: int
    mean_intensity: float


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    instrument: str
    name: str
    first_at: datetime
    first: Score
    latest_at: datetime
    latest: Score
    change: ScoreChange | None  # None with only one score so far

    @property
    def verdict(self) -> str:
        """The change since the first score in words (the instrument's meaningful change)."""
        return "first score" if self.change is None else self.change.verdict


@dataclass(frozen=True, slots=True)
class ScreenAnswer:
    flag: str
    label: str  # short, for the table
    question: str  # as the person was asked it
    answered_yes: bool


@dataclass(frozen=True, slots=True)
class RedFlagSummary:
    taken_at: datetime | None  # None: never answered up to the period's end
    answers: tuple[ScreenAnswer, ...]
    assessed_at: datetime | None

    @property
    def any_yes(self) -> bool:
        return any(answer.answered_yes for answer in self.answers)


@dataclass(frozen=True, slots=True)
class TriedItem:
    label: str
    kind: str
    n: int
    mean_change: float
    ci_low: float | None
    ci_high: float | None
    enough: bool
    note: str  # "" when there are enough sessions, else "too few to say (need 5)"


@dataclass(frozen=True, slots=True)
class CheckInRow:
    taken_at: datetime
    overall_pain: int
    regions: str  # the marks, strongest first
    note: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    started_at: datetime
    what: str
    side: str
    pain_before: int
    pain_after: int
    minutes: float


@dataclass(frozen=True, slots=True)
class SelfTestRow:
    """One self-test sitting as the report lists it: each side's reading in words."""

    taken_at: datetime
    test: str
    result: str
    note: str


@dataclass(frozen=True, slots=True)
class RoutineRow:
    """One routine run as the report lists it."""

    started_at: datetime
    phase: str
    done: int
    skipped: str  # the skipped steps' names
    pain_before: int
    pain_after: int


@dataclass(frozen=True, slots=True)
class FiredRuleLine:
    """A safety rule that fired for the person's check-ins or answers in the period."""

    rule_id: str
    title: str
    level: str  # "urgent" | "ask" | "soon" | "adapt"
    first: date
    last: date
    times: int  # check-ins and screens it fired on


@dataclass(frozen=True, slots=True)
class ReportData:
    period: ReportPeriod
    name: str
    made_on: date
    progress: ProgressData
    day_count: int  # days with at least one check-in
    pain: PainSummary | None  # None: no check-ins in the period
    most_affected: tuple[RegionBurden, ...]
    outcomes: tuple[OutcomeLine, ...]
    red_flags: RedFlagSummary
    tried: tuple[TriedItem, ...]
    check_in_rows: tuple[CheckInRow, ...]
    session_rows: tuple[SessionRow, ...]
    item_labels: dict[tuple[str, str], str]  # (kind, id) -> name, for the "what helped" chart
    check_in_total: int  # in the period; the rows are the latest TABLE_ROW_LIMIT of them
    session_total: int
    demo: bool = False  # from the synthetic demo journal: every page says so
    safety_rules: tuple[FiredRuleLine, ...] = ()
    self_test_rows: tuple[SelfTestRow, ...] = ()
    routine_rows: tuple[RoutineRow, ...] = ()
    adherence: str = ""  # e.g. "Routine done on 11 of the last 28 days; ..."

    def item_label(self, kind: str, item_id: str) -> str:
        return self.item_labels.get((kind, item_id), item_id)

    @property
    def has_data(self) -> bool:
        """Anything at all to report in the period (check-ins, sessions or questionnaires)."""
        return bool(
            self.progress.check_ins
            or self.session_total
            or self.outcomes
            or self.self_test_rows
            or self.routine_rows
        )

    @property
    def period_text(self) -> str:
        return self.period.describe(self.progress.first_day)


def describe_pain_change(before: float, after: float) -> str:
    """Plain words for the change from the first week to the last, on the 0–10 scale.

    A change counts as meaningful at about 2 points or 30% of the starting level (the NRS's
    minimal important change, DOMAIN.md); anything smaller is "about the same".
    """
    change = after - before
    meaningful = abs(change) >= MEANINGFUL_PAIN_CHANGE or (
        before > 0 and abs(change) / before >= MEANINGFUL_PAIN_SHARE
    )
    numbers = f"{before:.1f} → {after:.1f}, first week against last"
    if not meaningful or change == 0:
        return f"about the same ({numbers})"
    return f"{'eased' if change < 0 else 'worse'} ({numbers})"


def _pain_summary(progress: ProgressData) -> PainSummary | None:
    daily = progress.daily
    if not daily:
        return None
    last_day = daily[-1].day
    first_day = daily[0].day
    recent = [d.mean for d in daily if (last_day - d.day).days < TREND_DAYS]
    opening = [d.mean for d in daily if (d.day - first_day).days < TREND_DAYS]
    worst = max(daily, key=lambda d: (d.mean, d.day))
    if (last_day - first_day).days < TREND_DAYS:
        trend = "too short a span to say (needs more than a week of check-ins)"
    else:
        trend = describe_pain_change(statistics.fmean(opening), statistics.fmean(recent))
    return PainSummary(
        current=statistics.fmean(recent),
        average=statistics.fmean(d.mean for d in daily),
        worst_day=worst.day,
        worst=worst.mean,
        trend=trend,
    )


def _regions_text(check_in: CheckIn, regions: RegionCatalog) -> str:
    marks = sorted(check_in.marks, key=lambda m: (-m.intensity, m.region_id))
    parts = []
    for mark in marks:
        label = regions.get(mark.region_id).label if mark.region_id in regions else mark.region_id
        qualities = f" ({', '.join(sorted(mark.qualities))})" if mark.qualities else ""
        parts.append(f"{label} {mark.intensity}{qualities}")
    return "; ".join(parts)


def _red_flag_summary(
    screens: Sequence[RedFlagScreen], end: date, kb: KnowledgeBase
) -> RedFlagSummary:
    """The latest screen answered by the period's end, every question with its answer."""
    answered = [s for s in screens if s.taken_at.date() <= end]
    if not answered:
        return RedFlagSummary(None, (), None)
    latest = max(answered, key=lambda s: (s.taken_at, s.id or 0))
    answers = tuple(
        ScreenAnswer(
            flag,
            SYMPTOM_FLAG_LABELS[flag],
            kb.red_flags[flag].question if flag in kb.red_flags else flag.replace("_", " "),
            flag in latest.answered_yes,
        )
        for flag in SYMPTOM_FLAGS
        # Obstetric questions are asked only in pregnancy: a "no" is shown only if asked.
        if flag in latest.answered_yes
        or flag not in kb.red_flags
        or kb.red_flags[flag].asked_when == "always"
    )
    return RedFlagSummary(latest.taken_at, answers, latest.assessed_at)


def safety_history(
    check_ins: Sequence[CheckIn],
    screens: Sequence[RedFlagScreen],
    kb: KnowledgeBase,
    person: PersonFacts,
    start: date | None,
    end: date,
) -> tuple[FiredRuleLine, ...]:
    """Which safety rules fired in the period and when, replayed over the journal.

    At each check-in and each answered screen in the period, the rules see that day's marks
    (the latest check-in) and the answers of the latest screen taken by then (its yeses, as
    answered at the time: a later "I have been assessed" does not erase that they were
    reported). The clinician sees what the app acted on, most serious first.
    """
    events: list[tuple[datetime, int, CheckIn | RedFlagScreen]] = []
    events += [(c.taken_at, 0, c) for c in check_ins]
    events += [(s.taken_at, 1, s) for s in screens if s.taken_at.date() <= end]
    events.sort(key=lambda event: (event[0], event[1]))
    marks: tuple = ()  # type: ignore[type-arg]
    screen: RedFlagScreen | None = None
    asked = frozenset(q.id for q in questions_for(kb.red_flags, person.pregnant))
    seen: dict[str, list[date]] = {}
    for moment, _order, item in events:
        if isinstance(item, RedFlagScreen):
            screen = item
        else:
            marks = item.marks
        if start is not None and moment.date() < start:
            continue
        context = SafetyContext(
            marks=marks,
            flags=screen.answered_yes if screen is not None else frozenset(),
            answered=asked if screen is not None else None,
            pregnant=person.pregnant,
            age=person.age(moment.date()),
            episode_weeks=None,
        )
        for rule in assess(kb, context).rules:
            if rule.level != "info":
                seen.setdefault(rule.id, []).append(moment.date())
    titles = {rule.id: (rule.title, rule.level) for rule in RULES}
    order = {level: n for n, level in enumerate(LEVELS)}
    lines = [
        FiredRuleLine(rule_id, *titles[rule_id], days[0], days[-1], len(days))
        for rule_id, days in seen.items()
    ]
    return tuple(sorted(lines, key=lambda line: (order[line.level], line.first, line.rule_id)))


def _outcomes(progress: ProgressData) -> tuple[OutcomeLine, ...]:
    changes = {change.instrument: change for change in progress.score_changes}
    lines = []
    for instrument, values in progress.scores.items():
        first_at, first = values[0]
        latest_at, latest = values[-1]
        lines.append(
            OutcomeLine(
                instrument,
                INSTRUMENT_NAMES.get(instrument, instrument),
                first_at,
                first,
                latest_at,
                latest,
                changes.get(instrument),
            )
        )
    return tuple(lines)


def build_report(
    check_ins: Sequence[CheckIn],
    sessions: Sequence[TreatmentSession],
    questionnaires: Sequence[QuestionnaireResponse],
    screens: Sequence[RedFlagScreen],
    period: ReportPeriod,
    kb: KnowledgeBase,
    regions: RegionCatalog,
    made_on: date,
    name: str = "",
    demo: bool = False,
    person: PersonFacts | None = None,
    self_tests: Sequence[SelfTestResult] = (),
    routine_runs: Sequence[RoutineRun] = (),
) -> ReportData:
    """Everything the report shows for ``period`` (an empty period gives an empty report).

    ``person`` (age, pregnancy) lets the safety rules be replayed as the app applied them;
    ``self_tests`` are the guided self-test results, listed with their readings.
    """
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise ValidationError(f"The name on the report can be at most {MAX_NAME} characters.")
    progress = build_progress_between(check_ins, sessions, questionnaires, period.start, period.end)
    burden = sorted(
        progress.heat.items(),
        key=lambda item: (-item[1].burden, item[0]),
    )
    most_affected = tuple(
        RegionBurden(
            regions.get(region).label if region in regions else region,
            heat.count,
            heat.mean_intensity,
        )
        for region, heat in burden[:5]
    )
    tried = tuple(
        TriedItem(
            kb.item_label(effect.kind, effect.item_id),
            effect.kind,
            effect.n,
            effect.mean_change,
            effect.ci_low,
            effect.ci_high,
            effect.enough,
            "" if effect.enough else f"too few to say (need {effect.min_sessions})",
        )
        for effect in progress.effects
    )
    return ReportData(
        period=period,
        name=name,
        made_on=made_on,
        progress=progress,
        day_count=len(progress.daily),
        pain=_pain_summary(progress),
        most_affected=most_affected,
        outcomes=_outcomes(progress),
        red_flags=_red_flag_summary(screens, period.end, kb),
        safety_rules=safety_history(
            progress.check_ins, screens, kb, person or PersonFacts(), period.start, period.end
        ),
        tried=tried,
        check_in_rows=tuple(
            CheckInRow(c.taken_at, c.overall_pain, _regions_text(c, regions), c.note)
            for c in progress.check_ins[-TABLE_ROW_LIMIT:]
        ),
        session_rows=tuple(
            SessionRow(
                s.started_at,
                kb.item_label(s.kind, s.item_id),
                s.side,
                s.pain_before,
                s.pain_after,
                s.duration_s / 60,
            )
            for s in progress.sessions[-TABLE_ROW_LIMIT:]
        ),
        check_in_total=len(progress.check_ins),
        session_total=len(progress.sessions),
        demo=demo,
        item_labels={
            (s.kind, s.item_id): kb.item_label(s.kind, s.item_id) for s in progress.sessions
        },
        self_test_rows=_self_test_rows(self_tests, period, kb),
        **_routine_lines(routine_runs, period, kb),
    )


def _routine_lines(
    runs: Sequence[RoutineRun], period: ReportPeriod, kb: KnowledgeBase
) -> dict[str, object]:
    """The period's routine runs and adherence over the period (days done, steps skipped)."""
    chosen = [r for r in runs if r.started_at.date() <= period.end
              and (period.start is None or r.started_at.date() >= period.start)]  # fmt: skip
    if not chosen:
        return {}
    start = period.start or min(r.started_at.date() for r in chosen)
    kept = adherence(chosen, start, period.end)
    rows = tuple(
        RoutineRow(r.started_at, r.phase, r.done_steps,
                   ", ".join(kb.item_label(s.kind, s.item_id) for s in r.steps if not s.done),
                   r.pain_before, r.pain_after)
        for r in sorted(chosen, key=lambda r: r.started_at)
    )  # fmt: skip
    text = kept.describe().replace(f"the last {kept.days} days", f"{kept.days} days")
    return {"routine_rows": rows[-TABLE_ROW_LIMIT:], "adherence": text}


def _self_test_rows(
    results: Sequence[SelfTestResult], period: ReportPeriod, kb: KnowledgeBase
) -> tuple[SelfTestRow, ...]:
    """The period's self-test results, oldest first, each side read in the data's words."""
    rows = []
    for result in sorted(results, key=lambda r: (r.taken_at, r.id or 0)):
        day = result.taken_at.date()
        test = kb.self_tests.get(result.test_id)
        if test is None or day > period.end or (period.start and day < period.start):
            continue
        parts = []
        for finding in read_result(test, result):
            side = "" if finding.side == "none" else f"{finding.side}: "
            timed = "" if finding.seconds is None else f"{finding.seconds} s, "
            parts.append(f"{side}{timed}{finding.reading.label.lower()}")
        rows.append(SelfTestRow(result.taken_at, test.name, "; ".join(parts), result.note))
    return tuple(rows[-TABLE_ROW_LIMIT:])


def score_text(value: Score) -> str:
    """A score as the report prints it, with its band when the instrument has one."""
    assert value.value is not None
    digits = 1 if value.instrument == "psfs" else 0  # PSFS is a mean of 0-10 ratings
    number = f"{value.value:.{digits}f}{value.unit}"
    scale = {"odi": "", "rmdq": " of 24", "psfs": " of 10"}.get(value.instrument, "")
    return f"{number}{scale}" + (f" ({value.band})" if value.band else "")
