"""Pain over time: daily means, rolling means, extent, and where it hurts.

Plain functions over check-ins (no Qt, no SQL, no matplotlib) so every chart draws from numbers
that are tested directly. Several check-ins a day are normal; gaps of weeks are normal too, so
rolling windows are calendar windows: an old value never smears across a gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.journal import CheckIn

RANGES: dict[str, timedelta | None] = {
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "3 months": timedelta(days=91),
    "year": timedelta(days=365),
    "all": None,
}
#: The smallest change on the 0–10 pain scale that people notice as meaningful: about 2
#: points or 30% of where they started (DOMAIN.md, NRS).
MEANINGFUL_PAIN_CHANGE = 2.0
MEANINGFUL_PAIN_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class DailyPain:
    day: date
    mean: float
    n: int
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class ExtentPoint:
    taken_at: datetime
    region_count: int
    body_share: float  # 0..1 of the drawn body surface


@dataclass(frozen=True, slots=True)
class RegionHeat:
    count: int  # check-ins that marked the region
    mean_intensity: float  # over those check-ins
    share_of_check_ins: float  # count / all check-ins in the range

    @property
    def burden(self) -> float:
        """How often × how strongly: what the heat maps colour and what "most affected" ranks."""
        return self.mean_intensity * self.share_of_check_ins


def range_start(range_name: str, today: date) -> date | None:
    """First day shown for a named range ending ``today`` (None: everything)."""
    if range_name not in RANGES:
        raise ValueError(f"unknown range {range_name!r}; choose from {', '.join(RANGES)}")
    span = RANGES[range_name]
    return None if span is None else today - span + timedelta(days=1)


def filter_range(check_ins: Iterable[CheckIn], range_name: str, today: date) -> list[CheckIn]:
    """The check-ins from the range's first day to ``today``, both included.

    Entries after ``today`` (a clock set wrong, an import from another zone) are left out
    rather than stretching the chart into the future.
    """
    start = range_start(range_name, today)
    return [
        c
        for c in check_ins
        if (start is None or c.taken_at.date() >= start) and c.taken_at.date() <= today
    ]


def daily_pain(check_ins: Iterable[CheckIn]) -> list[DailyPain]:
    """One point per day with data: mean, count, lowest and highest overall pain."""
    by_day: dict[date, list[int]] = {}
    for check_in in check_ins:
        by_day.setdefault(check_in.taken_at.date(), []).append(check_in.overall_pain)
    return [
        DailyPain(day, sum(values) / len(values), len(values), min(values), max(values))
        for day, values in sorted(by_day.items())
    ]


def rolling_mean(daily: Sequence[DailyPain], window_days: int = 7) -> list[tuple[date, float]]:
    """Mean of the daily means in the calendar window ending on each data day."""
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    out = []
    start = 0
    running = 0.0
    for end, point in enumerate(daily):
        running += point.mean
        while daily[start].day <= point.day - timedelta(days=window_days):
            running -= daily[start].mean
            start += 1
        out.append((point.day, running / (end - start + 1)))
    return out


def equal_region_weights(region_ids: Iterable[str]) -> dict[str, float]:
    """Every region the same share of the body: the fallback when no art gives real areas."""
    ids = list(dict.fromkeys(region_ids))
    return {region: 1 / len(ids) for region in ids}


def extent_over_time(
    check_ins: Iterable[CheckIn], region_weight: Mapping[str, float] | None = None
) -> list[ExtentPoint]:
    """How many regions hurt at each check-in, and what share of the body that is.

    ``region_weight`` is each region's share of the body surface (from the art); without it
    every region of the catalogue counts the same. A region missing from the mapping adds to
    the count but not to the share.
    """
    if region_weight is None:
        from app.domain.regions import default_catalog

        region_weight = equal_region_weights(default_catalog().ids())
    points = []
    for check_in in check_ins:
        marked = {mark.region_id for mark in check_in.marks if mark.intensity > 0}
        share = sum(region_weight.get(region, 0.0) for region in marked)
        points.append(ExtentPoint(check_in.taken_at, len(marked), min(1.0, share)))
    return points


def region_heat(check_ins: Sequence[CheckIn]) -> dict[str, RegionHeat]:
    """How often and how strongly each region was marked."""
    total = len(check_ins)
    counts: dict[str, list[int]] = {}
    for check_in in check_ins:
        for mark in check_in.marks:
            if mark.intensity > 0:
                counts.setdefault(mark.region_id, []).append(mark.intensity)
    return {
        region: RegionHeat(len(values), sum(values) / len(values), len(values) / total)
        for region, values in counts.items()
    }


def compare_periods(check_ins: Sequence[CheckIn], start: date, end: date) -> dict[str, float]:
    """Per region: mean intensity in the last quarter of [start, end] minus the first quarter.

    The quarters are calendar days: the first ``max(1, days // 4)`` days of the range and the
    last as many (a range of under 8 days compares its first day with its last). Negative means
    improved. Each quarter's mean is over all its check-ins, an unmarked region counting 0, so
    a region that stopped hurting shows a negative change and a new one a positive change.
    Regions unmarked in both quarters are left out; if either quarter has no check-in at all
    there is nothing to compare and the result is empty.
    """
    span = (end - start).days + 1
    quarter = max(1, span // 4)
    first_end = start + timedelta(days=quarter - 1)
    last_start = end - timedelta(days=quarter - 1)
    first = [c for c in check_ins if start <= c.taken_at.date() <= first_end]
    last = [c for c in check_ins if last_start <= c.taken_at.date() <= end]
    if not first or not last:
        return {}

    def means(group: Sequence[CheckIn]) -> dict[str, float]:
        sums: dict[str, int] = {}
        for check_in in group:
            for mark in check_in.marks:
                sums[mark.region_id] = sums.get(mark.region_id, 0) + mark.intensity
        return {region: value / len(group) for region, value in sums.items()}

    before, after = means(first), means(last)
    return {
        region: after.get(region, 0.0) - before.get(region, 0.0)
        for region in sorted(set(before) | set(after))
        if before.get(region, 0.0) or after.get(region, 0.0)
    }


def weekly_extent(points: Sequence[ExtentPoint]) -> list[ExtentPoint]:
    """Weekly means of the extent (dated on each week's Monday), for ranges of many months
    where one point per check-in is more ink than information."""
    weeks: dict[date, list[ExtentPoint]] = {}
    for point in points:
        day = point.taken_at.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(point)
    return [
        ExtentPoint(
            datetime.combine(monday, datetime.min.time()),
            round(sum(p.region_count for p in group) / len(group)),
            sum(p.body_share for p in group) / len(group),
        )
        for monday, group in sorted(weeks.items())
    ]
