"""Self-tests and the daily routine over time, drawn under the pain line (matplotlib Figure).

The numbers come from ``app.domain.self_tests.timeline`` and ``app.domain.routine``; nothing
here reads or decides anything. Imported only with the Progress window or the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from matplotlib.figure import Figure

from app.domain.self_tests import TimelinePoint
from app.domain.trends import DailyPain
from app.render.charts import ACCENT, FONT, GRID, INK, MUTED, _date_axis, _empty, _fresh, style

STATUS_COLOURS = {
    "normal": "#15803d",
    "attention": "#d97706",
    "direction": "#2563a8",
    "stop": "#b42318",
}
STATUS_WORDS = {
    "normal": "normal",
    "attention": "short or weak",
    "direction": "a direction eases it",
    "stop": "stop: nerve or spreading",
}
STATUS_MARKERS = {"normal": "o", "attention": "D", "direction": "^", "stop": "X"}


def draw_self_tests(
    figure: Figure,
    daily: Sequence[DailyPain],
    points: Sequence[TimelinePoint],
    routine_days: Sequence[date],
) -> None:
    """Pain per day on top; below it, each test's results as coloured marks on one row per
    test, and the days the routine was done as a strip, on the same dates."""
    if not points and not routine_days:
        _empty(figure, "No self-tests or routines yet: View → Self-tests, View → Routine.")
        return
    _fresh(figure)
    tests = list(dict.fromkeys(p.test_name for p in points))
    pain_axes, test_axes = figure.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": [1, max(1.2, 0.45 * (len(tests) + 1))]}
    )
    if daily:
        pain_axes.plot([d.day for d in daily], [d.mean for d in daily], color=ACCENT, lw=1.4)
    pain_axes.set_ylim(-0.3, 10.3)
    pain_axes.set_ylabel("Pain", fontsize=FONT)
    pain_axes.grid(axis="y", color=GRID, lw=0.6)
    rows = {name: len(tests) - n for n, name in enumerate(tests)}
    for status, colour in STATUS_COLOURS.items():
        chosen = [p for p in points if p.status == status]
        if chosen:
            test_axes.scatter([p.day for p in chosen], [rows[p.test_name] for p in chosen],
                              s=46, color=colour, marker=STATUS_MARKERS[status],
                              label=STATUS_WORDS[status], zorder=3)  # fmt: skip
    for point in points[-12:]:  # the latest readings, labelled
        test_axes.annotate(point.label, (point.day, rows[point.test_name]), xytext=(5, 5),
                           textcoords="offset points", fontsize=FONT - 2, color=MUTED)  # fmt: skip
    if routine_days:
        test_axes.scatter(list(routine_days), [0] * len(routine_days), marker="|", s=120,
                          color="#15803d", label="routine done", zorder=3)  # fmt: skip
    short = [name.split(" (")[0] for name in rows]  # the words before the test's own name
    test_axes.set_yticks([0, *rows.values()], ["Routine done", *short], fontsize=FONT - 1)
    test_axes.set_ylim(-0.7, len(tests) + 0.7)
    test_axes.grid(axis="y", color=GRID, lw=0.6)
    test_axes.legend(loc="upper left", bbox_to_anchor=(0, -0.22), ncol=5, fontsize=FONT - 1,
                     frameon=False)  # fmt: skip
    _date_axis(test_axes)
    days = [p.day for p in points] + list(routine_days) + [d.day for d in daily]
    if days:
        from datetime import timedelta

        test_axes.set_xlim(min(days) - timedelta(days=2), max(days) + timedelta(days=4))
    style(figure)
    for axes in (pain_axes, test_axes):
        axes.title.set_color(INK)
    figure.subplots_adjust(left=0.22, right=0.97, top=0.95, bottom=0.22, hspace=0.12)
