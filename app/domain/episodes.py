"""Flare-ups (episodes) found in a person's own journal, and whether they change over time.

The rule, on daily mean pain (0-10):

* **Baseline**: the median of the person's daily means over the previous ``BASELINE_DAYS``
  (28) calendar days, needing at least ``MIN_BASELINE_POINTS`` (3) days with data; before
  that, or after a silence of four weeks, the median of the whole journal stands in. A median
  over four weeks is the person's own "usual": long enough to ride out a week's ups and downs,
  short enough to follow a slow recovery, and one bad week barely moves it.
* **Start**: a day at least ``RISE`` (2) points above that baseline. Two points is the
  smallest change on a 0-10 scale that people notice as meaningful (DOMAIN.md, NRS).
* **Lasting**: pain stays above ``baseline + SETTLE`` on consecutive data days spanning at
  least ``MIN_DAYS`` (2) calendar days. Episode definitions in low back pain research count
  pain lasting more than 24 hours (de Vet et al., Spine 2002); a single bad day is not one.
  This applies to an ongoing flare-up too: one high day at the end is not yet an episode.
* **Resolution**: the first data day back within ``SETTLE`` (1) point of the baseline the
  episode started from (the band), so the end does not wait for a full return to the
  baseline, which a slowly recovering person may never quite reach. Days without a check-in
  inside a flare-up are bridged: no entry is not evidence of recovery.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.journal import CheckIn
from app.domain.trends import MEANINGFUL_PAIN_CHANGE, DailyPain

RISE = MEANINGFUL_PAIN_CHANGE
SETTLE = 1.0
MIN_DAYS = 2
BASELINE_DAYS = 28
MIN_BASELINE_POINTS = 3
#: Fewer flare-ups than this in all periods together and no trend is claimed: one flare-up
#: before and one after says nothing about "more often" or "longer".
MIN_EPISODES_FOR_TREND = 3


@dataclass(frozen=True, slots=True)
class Episode:
    start: date
    end: date | None  # None: still going on at the last check-in
    peak: float
    baseline: float

    def duration_days(self, today: date | None = None) -> int:
        """Days from start to resolution (or to ``today`` / the start while ongoing)."""
        last = self.end or today or self.start
        return (last - self.start).days


@dataclass(frozen=True, slots=True)
class EpisodeStat:
    period_start: date
    count: int  # flare-ups that began in the period
    mean_duration_days: float | None  # None when no episode started in the period
    days_covered: int  # days of the period inside the analysed span (partial first/last)


def _baseline(daily: Sequence[DailyPain], index: int, fallback: float) -> float:
    """Median of the daily means in the four weeks before ``index`` (the person's usual)."""
    day = daily[index].day
    first = bisect.bisect_left([p.day for p in daily[max(0, index - BASELINE_DAYS) : index]],
                               day - timedelta(days=BASELINE_DAYS))  # fmt: skip
    window = [p.mean for p in daily[max(0, index - BASELINE_DAYS) : index][first:]]
    if len(window) < MIN_BASELINE_POINTS:
        return fallback
    return statistics.median(window)


def detect_episodes(daily: Sequence[DailyPain]) -> list[Episode]:
    """Flare-ups in time order (see the module docstring for the rule)."""
    if not daily:
        return []
    fallback = statistics.median(p.mean for p in daily)
    episodes: list[Episode] = []
    i = 0
    while i < len(daily):
        baseline = _baseline(daily, i, fallback)
        if daily[i].mean < baseline + RISE:
            i += 1
            continue
        start = i
        peak = daily[i].mean
        j = i + 1
        while j < len(daily) and daily[j].mean > baseline + SETTLE:
            peak = max(peak, daily[j].mean)
            j += 1
        resolved = j < len(daily)
        last_high = daily[j - 1].day
        lasting = (last_high - daily[start].day).days + 1 >= MIN_DAYS
        if lasting:
            episodes.append(
                Episode(
                    start=daily[start].day,
                    end=daily[j].day if resolved else None,
                    peak=peak,
                    baseline=baseline,
                )
            )
        i = j if resolved else len(daily)
    return episodes


def _period_start(day: date, period: str) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period {period!r}")


def _next_period(start: date, period: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)


def episode_stats(
    episodes: Sequence[Episode], first_day: date, last_day: date, period: str = "quarter"
) -> list[EpisodeStat]:
    """Per period (month, quarter or year) from ``first_day`` to ``last_day``, empty periods
    included: how many flare-ups began and how long they lasted on average (ongoing ones count
    up to ``last_day``). The span is needed because a period without flare-ups is news too."""
    if last_day < first_day:
        return []
    stats = []
    start = _period_start(first_day, period)
    while start <= last_day:
        end = _next_period(start, period)
        inside = [e for e in episodes if start <= e.start < end]
        durations = [e.duration_days(last_day) for e in inside]
        covered = (min(end - timedelta(days=1), last_day) - max(start, first_day)).days + 1
        stats.append(
            EpisodeStat(
                period_start=start,
                count=len(inside),
                mean_duration_days=statistics.mean(durations) if durations else None,
                days_covered=covered,
            )
        )
        start = end
    return stats


def describe_trend(stats: Sequence[EpisodeStat]) -> str:
    """Plain words for the frequency/duration chart: is it getting better or worse?

    Compares the earlier half of the periods with the recent half. Frequency is flare-ups per
    day covered, so a half-finished current quarter does not look like a quiet one; durations
    must differ by more than a day to count as longer or shorter.
    """
    total = sum(s.count for s in stats)
    if len(stats) < 2 or total == 0:
        return "Not enough history yet to say how often flare-ups come."
    if total < MIN_EPISODES_FOR_TREND:
        counted = "One flare-up" if total == 1 else f"{total} flare-ups"
        return (
            f"{counted} so far: too few to say whether they are coming more often or "
            f"lasting longer (need {MIN_EPISODES_FOR_TREND})."
        )
    half = len(stats) // 2
    earlier, recent = stats[:half], stats[half:]

    def rate(group: Sequence[EpisodeStat]) -> float:
        days = sum(s.days_covered for s in group)
        return sum(s.count for s in group) / days if days else 0.0

    def length(group: Sequence[EpisodeStat]) -> float | None:
        values = [s.mean_duration_days for s in group if s.mean_duration_days is not None]
        return statistics.mean(values) if values else None

    parts = []
    before, after = rate(earlier), rate(recent)
    if math.isclose(before, after, rel_tol=1e-9):
        parts.append("Flare-ups come about as often as before")
    elif after > before:
        parts.append("Flare-ups are coming more often than before")
    else:
        parts.append("Flare-ups are coming less often than before")
    long_before, long_after = length(earlier), length(recent)
    if long_before is not None and long_after is not None:
        if long_after > long_before + 1:
            parts.append("and lasting longer")
        elif long_after < long_before - 1:
            parts.append("and settling sooner")
    text = " ".join(parts) + "."
    if after > before and not math.isclose(before, after, rel_tol=1e-9):
        text += " If that continues, it is worth discussing with a clinician."
    return text


#: A gap without check-ins longer than this ends a run of pain (nothing recorded, nothing known).
PAIN_RUN_GAP_DAYS = 28


def current_episode_start(daily: Sequence[DailyPain]) -> date | None:
    """When the pain the person has now began, by their journal (``None``: no pain now).

    An ongoing flare-up starts the episode. Without one, pain that has never gone away counts
    from the first day of the current run of days with pain (gaps of up to four weeks
    bridged): someone whose 6/10 pain has lasted a year is in a chronic episode even though
    no single flare-up stands out. The safety layer takes its phase from this duration.
    """
    if not daily or daily[-1].mean <= 0:
        return None
    episodes = detect_episodes(daily)
    if episodes and episodes[-1].end is None:
        return episodes[-1].start
    start = daily[-1].day
    for earlier in reversed(daily[:-1]):
        if earlier.mean <= 0 or (start - earlier.day).days > PAIN_RUN_GAP_DAYS:
            break
        start = earlier.day
    return start


#: How far back the journal is read to date the current episode: an episode longer than a year
#: is chronic whatever its exact start, so older check-ins cannot change the phase.
EPISODE_LOOKBACK_DAYS = 400


def journal_episode_start(
    read_check_ins: Callable[[date, date], Sequence[CheckIn]], today: date
) -> date | None:
    """``current_episode_start`` over the check-ins of the look-back window (window and CLI)."""
    from app.domain.trends import daily_pain

    recent = read_check_ins(today - timedelta(days=EPISODE_LOOKBACK_DAYS), today)
    return current_episode_start(daily_pain(recent))
