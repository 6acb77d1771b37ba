"""Pain over time on small hand-computed cases: daily means, rolling means, ranges, extent,
where it hurts and the start-versus-end comparison, with the awkward edges."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.journal import CheckIn, PainMark
from app.domain.regions import default_catalog
from app.domain.trends import (
    RANGES,
    DailyPain,
    compare_periods,
    daily_pain,
    equal_region_weights,
    extent_over_time,
    filter_range,
    range_start,
    region_heat,
    rolling_mean,
)


def ci(day: int, pain: int, hour: int = 9, marks: tuple[PainMark, ...] = ()) -> CheckIn:
    """A check-in on 2026-01-``day`` (day 32 is 1 February)."""
    return CheckIn(datetime(2026, 1, 1, hour) + timedelta(days=day - 1), pain, marks)


def test_empty_journal_gives_empty_results() -> None:
    assert daily_pain([]) == []
    assert rolling_mean([]) == []
    assert extent_over_time([]) == []
    assert region_heat([]) == {}
    assert filter_range([], "all", date(2026, 1, 1)) == []
    assert compare_periods([], date(2026, 1, 1), date(2026, 1, 31)) == {}


def test_single_check_in() -> None:
    only = ci(1, 4, marks=(PainMark("sacrum", 4),))
    daily = daily_pain([only])
    assert daily == [DailyPain(date(2026, 1, 1), 4.0, 1, 4, 4)]
    assert rolling_mean(daily) == [(date(2026, 1, 1), 4.0)]
    assert region_heat([only])["sacrum"].share_of_check_ins == 1.0
    # A one-day range compares the day with itself: present, unchanged.
    assert compare_periods([only], date(2026, 1, 1), date(2026, 1, 1)) == {"sacrum": 0.0}


def test_several_check_ins_in_one_day_average_and_keep_their_spread() -> None:
    daily = daily_pain([ci(1, 2, 8), ci(1, 6, 13), ci(1, 7, 21), ci(2, 3)])
    assert daily[0] == DailyPain(date(2026, 1, 1), 5.0, 3, 2, 7)
    assert daily[1] == DailyPain(date(2026, 1, 2), 3.0, 1, 3, 3)


def test_daily_pain_is_in_day_order_whatever_the_input_order() -> None:
    daily = daily_pain([ci(3, 1), ci(1, 5), ci(2, 3)])
    assert [d.day.day for d in daily] == [1, 2, 3]


def test_rolling_mean_uses_calendar_windows_across_gaps() -> None:
    daily = daily_pain([ci(1, 8), ci(2, 6), ci(3, 4), ci(30, 2)])
    rolled = dict(rolling_mean(daily, window_days=7))
    assert rolled[date(2026, 1, 1)] == pytest.approx(8.0)
    assert rolled[date(2026, 1, 3)] == pytest.approx(6.0)
    assert rolled[date(2026, 1, 30)] == pytest.approx(2.0)  # weeks later: the old days are out


def test_rolling_window_edge_is_exactly_seven_calendar_days() -> None:
    daily = daily_pain([ci(1, 9), ci(7, 3), ci(8, 1)])
    rolled = dict(rolling_mean(daily, window_days=7))
    assert rolled[date(2026, 1, 7)] == pytest.approx(6.0)  # days 1..7: day 1 still in
    assert rolled[date(2026, 1, 8)] == pytest.approx(2.0)  # days 2..8: day 1 out
    with pytest.raises(ValueError):
        rolling_mean(daily, window_days=0)


def test_rolling_mean_weights_days_not_check_ins() -> None:
    # Three check-ins on day 1 must not outweigh the single one on day 2.
    daily = daily_pain([ci(1, 8, 8), ci(1, 8, 12), ci(1, 8, 20), ci(2, 2)])
    assert rolling_mean(daily)[-1] == (date(2026, 1, 2), pytest.approx(5.0))


def test_ranges() -> None:
    entries = [ci(1, 3), ci(20, 4), ci(25, 6), ci(31, 5), ci(33, 9)]  # day 33: after "today"
    today = date(2026, 1, 31)
    assert [c.overall_pain for c in filter_range(entries, "week", today)] == [6, 5]
    assert [c.overall_pain for c in filter_range(entries, "month", today)] == [4, 6, 5]
    assert len(filter_range(entries, "all", today)) == 4
    assert range_start("week", today) == date(2026, 1, 25)  # seven days, today included
    assert range_start("all", today) is None
    assert set(RANGES) == {"week", "month", "3 months", "year", "all"}
    with pytest.raises(ValueError, match="unknown range"):
        filter_range(entries, "decade", today)


def test_extent_with_art_weights_ignores_zero_marks() -> None:
    entries = [
        ci(1, 5, marks=(PainMark("sacrum", 4), PainMark("heel_left", 0))),
        ci(2, 5, marks=(PainMark("sacrum", 6), PainMark("calf_left", 2))),
        ci(3, 0),
    ]
    extent = extent_over_time(entries, {"sacrum": 0.02, "calf_left": 0.03})
    assert [(p.region_count, p.body_share) for p in extent] == [
        (1, 0.02),
        (2, pytest.approx(0.05)),
        (0, 0.0),
    ]
    assert [p.taken_at for p in extent] == [c.taken_at for c in entries]


def test_extent_defaults_to_equal_weights_over_the_catalogue() -> None:
    regions = default_catalog().ids()
    (point,) = extent_over_time([ci(1, 5, marks=(PainMark("sacrum", 4), PainMark("calf_left", 2)))])
    assert point.region_count == 2
    assert point.body_share == pytest.approx(2 / len(regions))
    assert equal_region_weights(["a", "b", "a", "c", "d"]) == {k: 0.25 for k in "abcd"}


def test_region_heat_counts_check_ins_and_averages_intensity() -> None:
    entries = [
        ci(1, 5, marks=(PainMark("sacrum", 4), PainMark("heel_left", 0))),
        ci(2, 5, marks=(PainMark("sacrum", 6), PainMark("calf_left", 2))),
        ci(3, 1),
        ci(3, 1, hour=18),
    ]
    heat = region_heat(entries)
    assert heat["sacrum"].count == 2 and heat["sacrum"].mean_intensity == 5.0
    assert heat["sacrum"].share_of_check_ins == 0.5
    assert heat["calf_left"].share_of_check_ins == 0.25
    assert heat["sacrum"].burden == 2.5 and heat["calf_left"].burden == 0.5
    assert "heel_left" not in heat  # marked 0: not hurting


def test_compare_periods_first_and_last_quarter() -> None:
    entries = [ci(d, 5, marks=(PainMark("sacrum", 8),)) for d in range(1, 8)]
    entries += [ci(d, 4, marks=(PainMark("calf_left", 9),)) for d in range(10, 20)]  # middle
    entries += [
        ci(d, 3, marks=(PainMark("sacrum", 2), PainMark("calf_left", 4))) for d in range(22, 29)
    ]
    change = compare_periods(entries, date(2026, 1, 1), date(2026, 1, 28))
    assert change == {"calf_left": 4.0, "sacrum": -6.0}  # the middle weeks do not count


def test_compare_periods_counts_an_unmarked_check_in_as_zero() -> None:
    entries = [ci(1, 6, marks=(PainMark("sacrum", 6),)), ci(1, 2, hour=20)]  # mean 3 on day 1
    entries += [ci(8, 1)]  # the region no longer marked at the end
    change = compare_periods(entries, date(2026, 1, 1), date(2026, 1, 8))
    assert change == {"sacrum": -3.0}


def test_compare_periods_with_an_empty_quarter_says_nothing() -> None:
    entries = [ci(1, 6, marks=(PainMark("sacrum", 6),))]  # a gap of weeks up to the end
    assert compare_periods(entries, date(2026, 1, 1), date(2026, 2, 28)) == {}


check_in_lists = st.lists(
    st.builds(
        ci,
        day=st.integers(1, 60),
        pain=st.integers(0, 10),
        hour=st.integers(0, 23),
    ),
    max_size=40,
)


@given(check_in_lists)
def test_daily_pain_accounts_for_every_check_in(entries: list[CheckIn]) -> None:
    daily = daily_pain(entries)
    assert sum(d.n for d in daily) == len(entries)
    assert all(d.low <= d.mean <= d.high for d in daily)
    assert [d.day for d in daily] == sorted({c.taken_at.date() for c in entries})


@given(check_in_lists, st.integers(1, 30))
def test_rolling_mean_stays_within_its_window(entries: list[CheckIn], window: int) -> None:
    daily = daily_pain(entries)
    rolled = rolling_mean(daily, window)
    assert [day for day, _ in rolled] == [d.day for d in daily]
    for day, value in rolled:
        inside = [d.mean for d in daily if day - timedelta(days=window) < d.day <= day]
        assert value == pytest.approx(sum(inside) / len(inside))
    if window == 1:
        assert [v for _, v in rolled] == pytest.approx([d.mean for d in daily])
