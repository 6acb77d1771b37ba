"""The chart drawers update their artists in place on a redraw; what they show must be what a
freshly built chart shows (the in-place paths exist for speed, so they must not drift)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import matplotlib.dates as mdates
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from app.domain.effects import Effect
from app.domain.episodes import Episode, EpisodeStat
from app.domain.trends import DailyPain, ExtentPoint, RegionHeat
from app.render import charts

START = datetime(2024, 3, 1, 9, 30)


def figure() -> Figure:
    result = Figure(figsize=(9, 3), dpi=100)
    FigureCanvasAgg(result)
    return result


def series(days: int, episodes: tuple[Episode, ...] = ()) -> charts.PainSeries:
    times = [START + timedelta(days=d, minutes=7 * d) for d in range(days)]
    values = [(3 * d) % 11 for d in range(days)]
    daily = [DailyPain(t.date(), float(v), 1, v, v) for t, v in zip(times, values, strict=True)]
    rolling = [(t.date(), v / 2) for t, v in zip(times, values, strict=True)]
    return charts.PainSeries(times, values, daily, rolling, episodes, times[-1].date())


def effect(item: str, change: float, n: int = 6) -> Effect:
    return Effect("acupoint", item, n, change, change - 1, change + 1, n >= 5)


def test_day_and_time_numbers_match_matplotlib() -> None:
    times = [datetime(1969, 12, 31, 23, 59, 59, 999), START, datetime(2030, 6, 1, 0, 0, 1)]
    assert np.allclose(charts._times(times), mdates.date2num(times), rtol=0, atol=1e-9)
    days = [date(1900, 1, 1), date(2024, 2, 29)]
    assert np.array_equal(charts._days(days), mdates.date2num(days))
    assert charts._times([]).size == 0 and charts._days([]).size == 0


def test_date_locator_gives_the_ticks_of_the_plain_locator() -> None:
    chart = figure()
    axes = chart.add_subplot()
    axes.plot([START, START + timedelta(days=3650)], [0, 1])
    charts._date_axis(axes)
    plain = mdates.AutoDateLocator(minticks=3, maxticks=8)
    plain.set_axis(axes.xaxis)
    for days in (3650, 90, 7):
        axes.set_xlim(START, START + timedelta(days=days))
        assert np.array_equal(axes.xaxis.get_major_locator()(), plain())
        assert np.array_equal(axes.xaxis.get_major_locator()(), plain())  # from the cache


def test_pain_redraw_matches_a_fresh_chart() -> None:
    flare = Episode(START.date() + timedelta(days=3), START.date() + timedelta(days=5), 8, 3)
    ongoing = Episode(START.date() + timedelta(days=20), None, 7, 3)
    reused = figure()
    charts.draw_pain(reused, series(60))
    points = charts.draw_pain(reused, series(30, (flare, ongoing)))
    fresh = figure()
    charts.draw_pain(fresh, series(30, (flare, ongoing)))
    assert points is not None and len(points.get_offsets()) == 30  # type: ignore[attr-defined]
    for old, new in zip(reused.axes[0].get_lines(), fresh.axes[0].get_lines(), strict=True):
        assert np.allclose(old.get_xydata(), new.get_xydata())
    assert reused.axes[0].get_xlim() == fresh.axes[0].get_xlim()
    bands = next(c for c in reused.axes[0].collections if c is not points)
    assert isinstance(bands, PolyCollection)
    spans = [(path.vertices[:, 0].min(), path.vertices[:, 0].max()) for path in bands.get_paths()]
    # Each flare-up covers its days to the end of its last day; an ongoing one runs to the
    # last check-in's day.
    assert spans == [
        tuple(charts._days([flare.start, flare.end + timedelta(days=1)])),  # type: ignore[operator]
        tuple(charts._days([ongoing.start, START.date() + timedelta(days=30)])),
    ]


def test_extent_fill_redraw_matches_a_fresh_fill() -> None:
    def points(days: int) -> list[ExtentPoint]:
        return [ExtentPoint(START + timedelta(days=d), d % 4, d % 4 / 10) for d in range(days)]

    reused, fresh = figure(), figure()
    charts.draw_extent(reused, points(40))
    charts.draw_extent(reused, points(12))
    charts.draw_extent(fresh, points(12))
    old, new = reused.axes[0].collections, fresh.axes[0].collections
    assert len(old) == len(new) == 1
    for a, b in zip(old[0].get_paths(), new[0].get_paths(), strict=True):
        assert np.allclose(a.vertices, b.vertices)


def test_effects_keep_unchanged_bars_and_redraw_changed_ones() -> None:
    chart = figure()
    first = [effect("GB30", -1.5), effect("BL40", -0.5, n=3)]
    charts.draw_effects(chart, first, lambda _kind, item: f"label {item}")
    artists = list(chart.axes[0].get_children())
    charts.draw_effects(chart, list(first), lambda _kind, item: f"label {item}")
    assert list(chart.axes[0].get_children()) == artists
    charts.draw_effects(chart, [effect("BL23", 0.5)], lambda _kind, item: f"label {item}")
    axes = chart.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["label BL23"]
    assert [t.get_text() for t in axes.texts] == ["n=6"]
    assert [p.get_width() for p in axes.patches] == [0.5]


def test_empty_message_is_kept_then_replaced_by_the_chart() -> None:
    chart = figure()
    charts.draw_outcomes(chart, {})
    empty_axes = chart.axes[0]
    charts.draw_outcomes(chart, {"odi": []})
    assert chart.axes == [empty_axes]
    charts.draw_effects(chart, [], str)  # another message replaces this one
    assert "No sessions" in chart.axes[0].texts[0].get_text()
    charts.draw_pain(chart, series(10))
    assert len(chart.axes) == 1 and chart.axes[0].collections
    charts.draw_pain(chart, charts.PainSeries([], [], [], [], [], START.date()))
    assert "No check-ins" in chart.axes[0].texts[0].get_text()


def test_heat_colour_scale_follows_the_data() -> None:
    chart = figure()
    heat = {"sacrum": RegionHeat(4, 5.0, 1.0), "calf_left": RegionHeat(1, 2.0, 0.5)}
    charts.draw_heat(chart, heat, {"sacrum": -2.0})
    charts.draw_heat(chart, heat, {"sacrum": -2.0})
    front = chart.axes[0].collections[0]
    assert front.norm.vmax == 5.0  # type: ignore[attr-defined]
    charts.draw_heat(chart, {"sacrum": RegionHeat(2, 8.0, 1.0)}, {"sacrum": 4.0})
    assert front.norm.vmax == 8.0  # type: ignore[attr-defined]
    change = chart.axes[2].collections[0]
    assert (change.norm.vmin, change.norm.vmax) == (-4.0, 4.0)  # type: ignore[attr-defined]
    chart.canvas.draw()
    heat_bar = chart.axes[4]
    assert heat_bar.get_ylim()[1] == 8.0


def test_episode_bars_follow_the_periods() -> None:
    def stats(counts: list[int]) -> list[EpisodeStat]:
        return [
            EpisodeStat(date(2024, 1 + i, 1), count, 4.0 * count or None, 30)
            for i, count in enumerate(counts)
        ]

    chart = figure()
    charts.draw_episodes(chart, stats([1, 0, 2]), "three months")
    charts.draw_episodes(chart, stats([0, 3]), "two months")
    count_axes, length_axes = chart.axes
    for axes, heights in ((count_axes, [0, 3]), (length_axes, [0, 12])):
        (bars,) = axes.collections
        boxes = [path.get_extents() for path in bars.get_paths()]
        assert [(b.x0, b.x1, b.y0, b.y1) for b in boxes] == [
            (i - 0.3, i + 0.3, 0, height) for i, height in enumerate(heights)
        ]
        assert [t.get_text() for t in axes.get_xticklabels()] == ["Jan 2024", "Feb 2024"]
    assert chart.texts[0].get_text() == "two months"
