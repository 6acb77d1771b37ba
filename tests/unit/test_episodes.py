"""Flare-up detection against the person's own baseline, and the trend in words."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.episodes import (
    MIN_EPISODES_FOR_TREND,
    RISE,
    SETTLE,
    Episode,
    EpisodeStat,
    describe_trend,
    detect_episodes,
    episode_stats,
)
from app.domain.journal import CheckIn
from app.domain.trends import DailyPain, daily_pain

START = date(2026, 1, 1)


def daily_from(values: list[float | None], start: date = START) -> list[DailyPain]:
    """One day per value from ``start``; None is a day without a check-in."""
    return [
        DailyPain(start + timedelta(days=i), v, 1, int(v), int(v))
        for i, v in enumerate(values)
        if v is not None
    ]


def test_no_data_no_flat_no_episodes() -> None:
    assert detect_episodes([]) == []
    assert detect_episodes(daily_from([4.0])) == []  # a single check-in
    assert detect_episodes(daily_from([3.0] * 60)) == []


def test_episode_needs_a_lasting_rise_above_the_own_baseline() -> None:
    quiet = [2.0] * 10
    daily = daily_from(quiet + [6.0, 7.0, 5.0, 3.5, 2.5, 2.0] + [2.0] * 5)
    (episode,) = detect_episodes(daily)
    assert episode.start == date(2026, 1, 11)
    assert episode.end == date(2026, 1, 15)  # first day back within 1 point of baseline 2
    assert episode.peak == 7.0 and episode.baseline == 2.0
    assert episode.duration_days() == 4


def test_the_rise_is_relative_to_this_person() -> None:
    # Someone who usually sits at 5 is not in a flare-up at 6, but is at 7 for days.
    assert detect_episodes(daily_from([5.0] * 10 + [6.0] * 5)) == []
    (episode,) = detect_episodes(daily_from([5.0] * 10 + [7.0] * 3 + [5.5]))
    assert episode.baseline == 5.0 and episode.end == date(2026, 1, 14)


def test_rise_just_below_the_threshold_is_not_a_flare_up() -> None:
    assert detect_episodes(daily_from([2.0] * 10 + [2.0 + RISE - 0.1] * 5)) == []
    assert detect_episodes(daily_from([2.0] * 10 + [2.0 + RISE] * 2 + [2.0]))


def test_a_one_day_spike_is_not_an_episode_even_at_the_end() -> None:
    assert detect_episodes(daily_from([2.0] * 10 + [7.0, 2.0, 2.0])) == []
    assert detect_episodes(daily_from([2.0] * 10 + [7.0])) == []  # today alone: not yet


def test_an_ongoing_episode_has_no_end() -> None:
    (ongoing,) = detect_episodes(daily_from([2.0] * 10 + [6.0, 6.5]))
    assert ongoing.end is None and ongoing.peak == 6.5
    assert ongoing.duration_days(today=date(2026, 1, 15)) == 4


def test_settling_back_into_the_band_ends_it() -> None:
    # Back to baseline + SETTLE counts as resolved; just above it does not.
    values = [2.0] * 10 + [6.0, 6.0, 2.0 + SETTLE + 0.5, 2.0 + SETTLE, 2.0]
    (episode,) = detect_episodes(daily_from(values))
    assert episode.end == date(2026, 1, 14)


def test_gaps_of_weeks_do_not_break_detection() -> None:
    values: list[float | None] = [2.0] * 8 + [None] * 20 + [6.0, 6.0, 2.0]
    (episode,) = detect_episodes(daily_from(values))
    assert episode.start == date(2026, 1, 29)
    assert episode.baseline == 2.0  # the four weeks before still hold the quiet days


def test_after_a_silence_longer_than_the_baseline_the_whole_journal_stands_in() -> None:
    values: list[float | None] = [2.0] * 8 + [None] * 40 + [6.0, 6.0, 2.0]
    (episode,) = detect_episodes(daily_from(values))
    assert episode.baseline == 2.0  # median of the whole journal


def test_a_journal_that_starts_in_an_acute_episode_finds_it() -> None:
    (episode,) = detect_episodes(daily_from([8.0, 8.0, 7.0, 6.0] + [2.0] * 30))
    assert episode.start == START and episode.baseline == 2.0


def test_two_episodes_are_found_in_order() -> None:
    daily = daily_from([2.0] * 20 + [6.0, 6.0, 2.0] + [2.0] * 20 + [7.0, 7.0, 7.0, 2.0])
    first, second = detect_episodes(daily)
    assert first.start < first.end <= second.start  # type: ignore[operator]


def test_episode_stats_per_period_include_empty_and_partial_periods() -> None:
    episodes = [
        Episode(date(2026, 1, 10), date(2026, 1, 14), 7.0, 2.0),
        Episode(date(2026, 1, 20), date(2026, 1, 22), 6.0, 2.0),
        Episode(date(2026, 3, 30), None, 6.0, 2.0),
    ]
    stats = episode_stats(episodes, date(2026, 1, 5), date(2026, 4, 2), "month")
    assert stats == [
        EpisodeStat(date(2026, 1, 1), 2, 3.0, 27),
        EpisodeStat(date(2026, 2, 1), 0, None, 28),
        EpisodeStat(date(2026, 3, 1), 1, 3.0, 31),  # ongoing: counted up to the last day
        EpisodeStat(date(2026, 4, 1), 0, None, 2),
    ]
    quarters = episode_stats(episodes, date(2026, 1, 5), date(2026, 4, 2))
    assert [(s.period_start, s.count) for s in quarters] == [
        (date(2026, 1, 1), 3),
        (date(2026, 4, 1), 0),
    ]
    assert episode_stats(episodes, date(2026, 4, 2), date(2026, 1, 5)) == []


def test_trend_words() -> None:
    assert describe_trend([]) == "Not enough history yet to say how often flare-ups come."
    quiet = [EpisodeStat(date(2026, m, 1), 0, None, 30) for m in (1, 2)]
    assert describe_trend(quiet).startswith("Not enough history")
    few = [EpisodeStat(date(2026, 1, 1), 1, 5.0, 31), EpisodeStat(date(2026, 2, 1), 1, 9.0, 28)]
    assert "too few to say" in describe_trend(few)
    assert f"need {MIN_EPISODES_FOR_TREND}" in describe_trend(few)

    worse = [EpisodeStat(date(2026, 1, 1), 1, 3.0, 31), EpisodeStat(date(2026, 2, 1), 3, 6.0, 28)]
    text = describe_trend(worse)
    assert "more often" in text and "lasting longer" in text and "clinician" in text
    better = [EpisodeStat(date(2026, 1, 1), 3, 8.0, 31), EpisodeStat(date(2026, 2, 1), 1, 3.0, 28)]
    text = describe_trend(better)
    assert "less often" in text and "settling sooner" in text and "clinician" not in text


def test_a_half_finished_period_is_judged_by_its_days() -> None:
    # Two flare-ups in a full quarter, one in the first ten days of the next: more often.
    stats = [EpisodeStat(date(2026, 1, 1), 2, 4.0, 90), EpisodeStat(date(2026, 4, 1), 1, 4.0, 10)]
    assert "more often" in describe_trend(stats)


def test_stats_and_words_from_detected_episodes() -> None:
    daily = daily_from(([2.0] * 20 + [6.0, 6.0, 2.0]) + [2.0] * 70 + ([6.0] * 5 + [2.0] * 3) * 3)
    episodes = detect_episodes(daily)
    stats = episode_stats(episodes, daily[0].day, daily[-1].day, "month")
    assert sum(s.count for s in stats) == len(episodes) == 4
    assert "more often" in describe_trend(stats)


@given(st.lists(st.one_of(st.none(), st.floats(0, 10)), max_size=120))
def test_episodes_are_ordered_separate_and_start_high(values: list[float | None]) -> None:
    daily = daily_from(values)
    means = {d.day: d.mean for d in daily}
    episodes = detect_episodes(daily)
    for episode in episodes:
        assert means[episode.start] >= episode.baseline + RISE
        assert episode.peak >= means[episode.start]
        if episode.end is not None:
            assert episode.start < episode.end
            assert means[episode.end] <= episode.baseline + SETTLE
    for earlier, later in itertools.pairwise(episodes):
        assert earlier.end is not None and earlier.end <= later.start
    assert all(e.end is not None for e in episodes[:-1])


def test_several_check_ins_a_day_are_judged_by_the_daily_mean() -> None:
    entries = [CheckIn(datetime(2026, 1, d, 9), 2) for d in range(1, 11)]
    # Day 11: 9 in the morning and 3 at night (mean 6); day 12: 6; day 13: back to 2.
    entries += [CheckIn(datetime(2026, 1, 11, 9), 9), CheckIn(datetime(2026, 1, 11, 21), 3)]
    entries += [CheckIn(datetime(2026, 1, 12, 9), 6), CheckIn(datetime(2026, 1, 13, 9), 2)]
    (episode,) = detect_episodes(daily_pain(entries))
    assert episode.start == date(2026, 1, 11) and episode.peak == 6.0
