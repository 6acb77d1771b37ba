"""Everything the Progress view shows, computed from the journal for one date range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from app.domain.body_geometry import load_view, polygon_area
from app.domain.effects import Effect, technique_effects
from app.domain.episodes import Episode, EpisodeStat, describe_trend, detect_episodes, episode_stats
from app.domain.journal import CheckIn
from app.domain.questionnaires import (
    QuestionnaireResponse,
    Score,
    ScoreChange,
    change_since_first,
    score,
)
from app.domain.sessions import TreatmentSession
from app.domain.trends import (
    DailyPain,
    ExtentPoint,
    RegionHeat,
    compare_periods,
    daily_pain,
    extent_over_time,
    range_start,
    region_heat,
    rolling_mean,
    weekly_extent,
)


@dataclass(frozen=True, slots=True)
class ProgressData:
    range_name: str
    first_day: date | None
    last_day: date
    check_ins: tuple[CheckIn, ...]
    daily: tuple[DailyPain, ...]
    rolling: tuple[tuple[date, float], ...]
    episodes: tuple[Episode, ...]
    episode_stats: tuple[EpisodeStat, ...]
    episode_summary: str
    extent: tuple[ExtentPoint, ...]
    heat: dict[str, RegionHeat]
    change: dict[str, float]
    sessions: tuple[TreatmentSession, ...]  # in the range, oldest first
    effects: tuple[Effect, ...]
    scores: dict[str, tuple[tuple[datetime, Score], ...]]
    score_changes: tuple[ScoreChange, ...]


@cache
def region_weights() -> dict[str, float]:
    """Each region's share of the drawn body surface (both views together)."""
    areas: dict[str, float] = {}
    for view in ("front", "back"):
        for region_id, polygons in load_view(view).regions.items():
            areas[region_id] = areas.get(region_id, 0.0) + sum(map(polygon_area, polygons))
    total = sum(areas.values())
    return {region: area / total for region, area in areas.items()}


WEEKLY_AFTER_DAYS = 180


def _extent(check_ins: Sequence[CheckIn]) -> list[ExtentPoint]:
    points = extent_over_time(check_ins, region_weights())
    if len(points) > 1 and (points[-1].taken_at - points[0].taken_at).days > WEEKLY_AFTER_DAYS:
        return weekly_extent(points)
    return points


def build_progress(
    check_ins: Sequence[CheckIn],
    sessions: Sequence[TreatmentSession],
    questionnaires: Sequence[QuestionnaireResponse],
    range_name: str,
    today: date,
) -> ProgressData:
    """Every series the Progress view draws for a named range ending today."""
    return build_progress_between(
        check_ins, sessions, questionnaires, range_start(range_name, today), today, range_name
    )


#: Longer spans count flare-ups per quarter rather than per month (fewer, fuller bars).
QUARTERS_AFTER_DAYS = 120


def build_progress_between(
    check_ins: Sequence[CheckIn],
    sessions: Sequence[TreatmentSession],
    questionnaires: Sequence[QuestionnaireResponse],
    start: date | None,
    end: date,
    range_name: str = "custom",
) -> ProgressData:
    """Every series for the days ``start`` (None: the first entry) to ``end``, both included.

    Entries after ``end`` are left out everywhere, so a report for a past period reads as it
    would have on its last day (a flare-up still going then is shown as ongoing).
    """
    history = [c for c in check_ins if c.taken_at.date() <= end]
    shown = [c for c in history if start is None or c.taken_at.date() >= start]
    daily = daily_pain(shown)
    # Episodes are found on the whole history (the baseline needs the weeks before the range)
    # and then kept if they overlap the range.
    all_episodes = detect_episodes(daily_pain(history))
    episodes = [e for e in all_episodes if start is None or (e.end or end) >= start]
    first_day = daily[0].day if daily else None
    span_start = start or first_day or end
    period = "quarter" if (end - span_start).days > QUARTERS_AFTER_DAYS else "month"
    stats = episode_stats(episodes, span_start, end, period)
    in_range_sessions = sorted(
        (s for s in sessions if (start is None or s.started_at.date() >= start)
         and s.started_at.date() <= end),
        key=lambda s: s.started_at,
    )  # fmt: skip
    answered = [r for r in questionnaires if r.taken_at.date() <= end]
    scores: dict[str, list[tuple[datetime, Score]]] = {}
    for response in sorted(answered, key=lambda r: r.taken_at):
        result = score(response)
        if result.scorable:
            scores.setdefault(response.instrument, []).append((response.taken_at, result))
    return ProgressData(
        range_name=range_name,
        first_day=first_day,
        last_day=end,
        check_ins=tuple(shown),
        daily=tuple(daily),
        rolling=tuple(rolling_mean(daily, 7)),
        episodes=tuple(episodes),
        episode_stats=tuple(stats),
        episode_summary=describe_trend(stats),
        extent=tuple(_extent(shown)),
        heat=region_heat(shown),
        # From the first day with data: a range reaching back before the journal began would
        # otherwise compare an empty first quarter with the last and show no change at all.
        change=compare_periods(shown, first_day, end) if first_day else {},
        sessions=tuple(in_range_sessions),
        effects=tuple(technique_effects(in_range_sessions)),
        scores={name: tuple(values) for name, values in scores.items()},
        score_changes=tuple(change_since_first(answered)),
    )
