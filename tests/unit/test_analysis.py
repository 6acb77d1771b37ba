"""Recovery analysis on small hand-computed cases, including the awkward edges."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.domain.effects import MIN_SESSIONS, technique_effects
from app.domain.episodes import describe_trend, detect_episodes, episode_stats
from app.domain.journal import CheckIn, PainMark
from app.domain.questionnaires import QuestionnaireResponse, change_since_first, score
from app.domain.sessions import TreatmentSession
from app.domain.trends import (
    DailyPain,
    compare_periods,
    daily_pain,
    extent_over_time,
    filter_range,
    region_heat,
    rolling_mean,
)


def ci(day: int, pain: int, hour: int = 9, marks: tuple[PainMark, ...] = ()) -> CheckIn:
    return CheckIn(datetime(2026, 1, 1, hour) + timedelta(days=day - 1), pain, marks)


def test_empty_journal_gives_empty_results() -> None:
    assert daily_pain([]) == []
    assert rolling_mean([]) == []
    assert extent_over_time([]) == []
    assert region_heat([]) == {}
    assert detect_episodes([]) == []
    assert technique_effects([]) == []
    assert compare_periods([], date(2026, 1, 1), date(2026, 1, 31)) == {}
    assert describe_trend([]) == "Not enough history yet to say how often flare-ups come."


def test_single_check_in() -> None:
    daily = daily_pain([ci(1, 4)])
    assert daily == [DailyPain(date(2026, 1, 1), 4.0, 1, 4, 4)]
    assert rolling_mean(daily) == [(date(2026, 1, 1), 4.0)]
    assert detect_episodes(daily) == []


def test_several_check_ins_in_one_day_average() -> None:
    daily = daily_pain([ci(1, 2, 8), ci(1, 6, 13), ci(1, 7, 21), ci(2, 3)])
    assert daily[0] == DailyPain(date(2026, 1, 1), 5.0, 3, 2, 7)
    assert daily[1].mean == 3.0


def test_rolling_mean_uses_calendar_windows_across_gaps() -> None:
    daily = daily_pain([ci(1, 8), ci(2, 6), ci(3, 4), ci(30, 2)])
    rolled = dict(rolling_mean(daily, window_days=7))
    assert rolled[date(2026, 1, 3)] == pytest.approx(6.0)
    assert rolled[date(2026, 1, 30)] == pytest.approx(2.0)  # weeks later: the old days are out


def test_range_filter() -> None:
    entries = [ci(1, 3), ci(20, 4), ci(31, 5)]
    assert [c.overall_pain for c in filter_range(entries, "week", date(2026, 1, 31))] == [5]
    assert len(filter_range(entries, "all", date(2026, 1, 31))) == 3
    with pytest.raises(ValueError, match="unknown range"):
        filter_range(entries, "decade", date(2026, 1, 31))


def test_extent_and_heat() -> None:
    entries = [
        ci(1, 5, marks=(PainMark("sacrum", 4), PainMark("heel_left", 0))),
        ci(2, 5, marks=(PainMark("sacrum", 6), PainMark("calf_left", 2))),
    ]
    extent = extent_over_time(entries, {"sacrum": 0.02, "calf_left": 0.03})
    assert [(p.region_count, p.body_share) for p in extent] == [(1, 0.02), (2, 0.05)]
    heat = region_heat(entries)
    assert heat["sacrum"].count == 2 and heat["sacrum"].mean_intensity == 5.0
    assert heat["calf_left"].share_of_check_ins == 0.5
    assert "heel_left" not in heat


def test_compare_periods_first_and_last_quarter() -> None:
    entries = [ci(d, 5, marks=(PainMark("sacrum", 8),)) for d in range(1, 8)]
    entries += [
        ci(d, 3, marks=(PainMark("sacrum", 2), PainMark("calf_left", 4))) for d in range(22, 29)
    ]
    change = compare_periods(entries, date(2026, 1, 1), date(2026, 1, 28))
    assert change == {"calf_left": 4.0, "sacrum": -6.0}


def daily_from(values: list[float | None], start: date = date(2026, 1, 1)) -> list[DailyPain]:
    return [
        DailyPain(start + timedelta(days=i), v, 1, int(v), int(v))
        for i, v in enumerate(values)
        if v is not None
    ]


def test_episode_needs_a_lasting_rise_above_the_own_baseline() -> None:
    quiet = [2.0] * 10
    daily = daily_from(quiet + [6.0, 7.0, 5.0, 3.5, 2.5, 2.0] + [2.0] * 5)
    (episode,) = detect_episodes(daily)
    assert episode.start == date(2026, 1, 11)
    assert episode.end == date(2026, 1, 15)  # first day back within 1 point of baseline 2
    assert episode.peak == 7.0 and episode.baseline == 2.0
    assert episode.duration_days() == 4


def test_a_one_day_spike_is_not_an_episode_but_an_ongoing_one_is() -> None:
    assert detect_episodes(daily_from([2.0] * 10 + [7.0, 2.0, 2.0])) == []
    (ongoing,) = detect_episodes(daily_from([2.0] * 10 + [6.0, 6.5]))
    assert ongoing.end is None


def test_gaps_of_weeks_do_not_break_detection() -> None:
    values: list[float | None] = [2.0] * 8 + [None] * 20 + [6.0, 6.0, 2.0]
    (episode,) = detect_episodes(daily_from(values))
    assert episode.start == date(2026, 1, 29)


def test_episode_stats_and_trend_words() -> None:
    daily = daily_from(([2.0] * 20 + [6.0, 6.0, 2.0]) + [2.0] * 70 + ([6.0] * 5 + [2.0] * 3) * 3)
    episodes = detect_episodes(daily)
    stats = episode_stats(episodes, daily[0].day, daily[-1].day, "month")
    assert sum(s.count for s in stats) == len(episodes) == 4
    assert "more often" in describe_trend(stats)
    assert "clinician" in describe_trend(stats)


def session(item: str, before: int, after: int, kind: str = "acupoint") -> TreatmentSession:
    return TreatmentSession(datetime(2026, 1, 1), kind, item, "left", before, after, 60)


def test_effects_with_intervals_and_too_few() -> None:
    sessions = [session("GB30", 6, 4), session("GB30", 5, 3), session("GB30", 7, 4),
                session("GB30", 6, 5), session("GB30", 6, 3), session("BL40", 5, 5)]  # fmt: skip
    gb30, bl40 = technique_effects(sessions)
    assert gb30.item_id == "GB30" and gb30.n == MIN_SESSIONS and gb30.enough
    assert gb30.mean_change == pytest.approx(-2.2)
    assert gb30.ci_low < -2.2 < gb30.ci_high < 0
    assert not bl40.enough and bl40.ci_low is None
    assert "too few to say (need 5)" in bl40.note


def test_odi_scoring_with_the_missing_item_rule() -> None:
    now = datetime(2026, 1, 1)
    full = score(QuestionnaireResponse(now, "odi", (2,) * 10))
    assert full.value == 40 and full.band == "moderate"
    one_missing = score(QuestionnaireResponse(now, "odi", (3,) * 9 + (None,)))
    assert one_missing.value == pytest.approx(27 / 45 * 100) and "out of 45" in one_missing.message
    two_missing = score(QuestionnaireResponse(now, "odi", (3,) * 8 + (None, None)))
    assert not two_missing.scorable and two_missing.value is None
    assert score(QuestionnaireResponse(now, "odi", (0,) * 10)).band == "minimal"
    assert score(QuestionnaireResponse(now, "odi", (5,) * 10)).band == "bed-bound"


def test_rmdq_and_psfs_and_change_since_first() -> None:
    rmdq = score(QuestionnaireResponse(datetime(2026, 1, 1), "rmdq", (1,) * 10 + (0,) * 14))
    assert rmdq.value == 10
    psfs = score(QuestionnaireResponse(datetime(2026, 1, 1), "psfs", (2, 4, 6), ("a", "b", "c")))
    assert psfs.value == 4
    responses = [
        QuestionnaireResponse(datetime(2026, 1, 1), "odi", (3,) * 10),
        QuestionnaireResponse(datetime(2026, 2, 1), "odi", (2,) * 10),
        QuestionnaireResponse(datetime(2026, 1, 1), "psfs", (3,), ("walk",)),
        QuestionnaireResponse(datetime(2026, 2, 1), "psfs", (4,), ("walk",)),
    ]
    changes = {c.instrument: c for c in change_since_first(responses)}
    assert changes["odi"].change == -20 and changes["odi"].improved and changes["odi"].meaningful
    assert changes["psfs"].improved and not changes["psfs"].meaningful
