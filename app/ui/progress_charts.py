"""The Progress view's charts, drawn with matplotlib on plain Figures (never pyplot).

Each ``draw_*`` function takes a Figure and numbers computed by ``app.domain`` and draws one
chart; nothing here decides anything about health. Imported only when the Progress view first
opens, so start-up never pays for matplotlib.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import matplotlib

matplotlib.use("QtAgg")

import matplotlib.dates as mdates
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure

from app.domain.body_geometry import load_view
from app.domain.effects import MIN_SESSIONS, Effect
from app.domain.episodes import Episode, EpisodeStat
from app.domain.questionnaires import MEANINGFUL_CHANGE, Score
from app.domain.trends import DailyPain, ExtentPoint, RegionHeat

INK = "#2d3440"
MUTED = "#6b7280"
ACCENT = "#2563a8"
POINTS = "#9db4d0"
BAND = "#f4a261"
GRID = "#e5e7eb"
HEAT_MAP = "YlOrRd"  # ColorBrewer sequential, colour-blind safe (same scale as the body map)
CHANGE_MAP = "PuOr_r"  # diverging: purple improved, orange worse; colour-blind safe
FONT = 9


def style(figure: Figure) -> None:
    """The app's look: light background, quiet grid, readable labels.

    Layout uses fixed margins rather than tight_layout, which re-measures every label on each
    redraw and dominated the time for a 10-year journal.
    """
    figure.set_facecolor("white")
    for axes in figure.axes:
        axes.set_facecolor("white")
        axes.tick_params(colors=MUTED, labelsize=FONT)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            axes.spines[side].set_color(GRID)
        axes.yaxis.label.set_color(INK)
        axes.xaxis.label.set_color(INK)
        axes.title.set_color(INK)


def _date_axis(axes: object) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[attr-defined]


def _empty(figure: Figure, message: str) -> None:
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=FONT + 1,
              transform=axes.transAxes, wrap=True)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PainSeries:
    check_in_times: Sequence[datetime]
    check_in_values: Sequence[int]
    daily: Sequence[DailyPain]
    rolling: Sequence[tuple[date, float]]
    episodes: Sequence[Episode]
    last_day: date


def draw_pain(figure: Figure, series: PainSeries) -> object | None:
    """Every check-in as a point, the daily mean, a 7-day rolling line, flare-ups as bands.

    Returns the scatter artist (for hover and click) or None when there is no data.
    """
    figure.clear()
    if not series.check_in_times:
        _empty(figure, "No check-ins in this range yet.")
        return None
    axes = figure.add_subplot()
    for episode in series.episodes:
        end = episode.end or series.last_day
        axes.axvspan(episode.start, end + timedelta(days=1), color=BAND, alpha=0.18, lw=0,
                     label="Flare-up")  # fmt: skip
    points = axes.scatter(series.check_in_times, series.check_in_values, s=9, color=POINTS,
                          label="Check-in", zorder=2)  # fmt: skip
    axes.plot([d.day for d in series.daily], [d.mean for d in series.daily], color=ACCENT,
              lw=0.8, alpha=0.5, label="Daily mean", zorder=3)  # fmt: skip
    axes.plot([day for day, _ in series.rolling], [value for _, value in series.rolling],
              color=ACCENT, lw=2.2, label="7-day average", zorder=4)  # fmt: skip
    axes.set_ylim(-0.3, 10.3)
    axes.set_ylabel("Pain (0–10)", fontsize=FONT)
    axes.grid(axis="y", color=GRID, lw=0.6)
    _date_axis(axes)
    handles, labels = axes.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    axes.legend(unique.values(), unique.keys(), loc="upper right", fontsize=FONT - 1,
                frameon=False, ncol=4)  # fmt: skip
    style(figure)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.14)
    return points


def draw_extent(figure: Figure, points: Sequence[ExtentPoint]) -> None:
    """Regions marked and the share of the body involved, per check-in."""
    figure.clear()
    if not points:
        _empty(figure, "No check-ins in this range yet.")
        return
    axes = figure.add_subplot()
    times = [p.taken_at for p in points]
    axes.fill_between(times, [p.region_count for p in points], step="post", color=ACCENT,
                      alpha=0.25, lw=0)  # fmt: skip
    axes.step(times, [p.region_count for p in points], where="post", color=ACCENT, lw=1.2,
              label="Regions marked")  # fmt: skip
    axes.set_ylabel("Regions marked", fontsize=FONT)
    share = axes.twinx()
    share.plot(times, [100 * p.body_share for p in points], color=BAND, lw=1.4,
               label="Body surface (%)")  # fmt: skip
    share.set_ylabel("Body surface involved (%)", fontsize=FONT)
    share.set_ylim(bottom=0)
    axes.set_ylim(bottom=0)
    _date_axis(axes)
    lines = axes.get_legend_handles_labels()
    more = share.get_legend_handles_labels()
    axes.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right", fontsize=FONT - 1,
                frameon=False)  # fmt: skip
    style(figure)
    share.spines["right"].set_visible(True)
    share.spines["right"].set_color(GRID)
    figure.subplots_adjust(left=0.07, right=0.92, top=0.9, bottom=0.16)


def _body(axes: object, view: str, values: Mapping[str, float], cmap: str, norm: object,
          title: str) -> object:  # fmt: skip
    """One body view from the shared art, regions coloured by ``values``."""
    geometry = load_view(view)
    polygons, colours = [], []
    for region_id, shapes in geometry.regions.items():
        for shape in shapes:
            polygons.append(shape)
            colours.append(values.get(region_id, float("nan")))
    colour_map = matplotlib.colormaps[cmap].with_extremes(bad="#f3e6dc")  # unmarked: skin
    collection = PolyCollection(polygons, array=colours, cmap=colour_map, norm=norm,
                                edgecolors="#c9a892", linewidths=0.3)  # fmt: skip
    axes.add_collection(collection)  # type: ignore[attr-defined]
    x0, y0, width, height = geometry.viewbox
    axes.set_xlim(x0, x0 + width)  # type: ignore[attr-defined]
    axes.set_ylim(y0 + height - 20, y0)  # type: ignore[attr-defined]
    axes.set_aspect("equal")  # type: ignore[attr-defined]
    axes.set_axis_off()  # type: ignore[attr-defined]
    left, right = ("L", "R") if view == "back" else ("R", "L")
    axes.text(x0 + 30, 60, left, fontsize=FONT + 2, color=MUTED, weight="bold")  # type: ignore[attr-defined]
    axes.text(x0 + width - 45, 60, right, fontsize=FONT + 2, color=MUTED, weight="bold")  # type: ignore[attr-defined]
    axes.set_title(title, fontsize=FONT, color=INK)  # type: ignore[attr-defined]
    return collection


def draw_heat(figure: Figure, heat: Mapping[str, RegionHeat], change: Mapping[str, float]) -> None:
    """Where it hurts (how often × how strongly) and what changed from start to end."""
    figure.clear()
    if not heat:
        _empty(figure, "No marked regions in this range yet.")
        return
    burden = {region: h.mean_intensity * h.share_of_check_ins for region, h in heat.items()}
    top = max(burden.values()) or 1.0
    norm = Normalize(vmin=0, vmax=top)
    axes = figure.subplots(1, 4)
    _body(axes[0], "front", burden, HEAT_MAP, norm, "Front")
    heat_art = _body(axes[1], "back", burden, HEAT_MAP, norm, "Back")
    colorbar = figure.colorbar(heat_art, ax=axes[:2], fraction=0.04, pad=0.02)
    colorbar.set_label("how often × how strongly", fontsize=FONT - 1)
    colorbar.ax.tick_params(labelsize=FONT - 1)
    limit = max((abs(v) for v in change.values()), default=1.0) or 1.0
    diverging = TwoSlopeNorm(vmin=-limit, vcenter=0, vmax=limit)
    _body(axes[2], "front", change, CHANGE_MAP, diverging, "Change: front")
    change_art = _body(axes[3], "back", change, CHANGE_MAP, diverging, "Change: back")
    colorbar = figure.colorbar(change_art, ax=axes[2:], fraction=0.04, pad=0.02)
    colorbar.set_label("start → end (− better, + worse)", fontsize=FONT - 1)
    colorbar.ax.tick_params(labelsize=FONT - 1)
    figure.set_facecolor("white")


def draw_episodes(figure: Figure, stats: Sequence[EpisodeStat], summary: str) -> None:
    """How often flare-ups begin and how long they last, per period."""
    figure.clear()
    if not stats:
        _empty(figure, "No check-ins in this range yet.")
        return
    count_axes, length_axes = figure.subplots(1, 2)
    starts = [s.period_start for s in stats]
    labels = [f"{s:%b %Y}" for s in starts]
    positions = range(len(stats))
    count_axes.bar(positions, [s.count for s in stats], color=BAND, width=0.6)
    count_axes.set_title("Flare-ups that began", fontsize=FONT)
    lengths = [s.mean_duration_days or 0 for s in stats]
    length_axes.bar(positions, lengths, color=ACCENT, width=0.6)
    length_axes.set_title("Average length (days)", fontsize=FONT)
    every = max(1, -(-len(stats) // 8))  # at most about eight labels: readable, and fast
    ticks = list(positions)[::every]
    for axes in (count_axes, length_axes):
        axes.set_xticks(ticks, labels[::every], rotation=30, ha="right", fontsize=FONT - 1)
        axes.grid(axis="y", color=GRID, lw=0.6)
    count_axes.yaxis.get_major_locator().set_params(integer=True)
    figure.suptitle(summary, fontsize=FONT, color=INK, x=0.02, ha="left")
    style(figure)
    figure.subplots_adjust(left=0.06, right=0.98, top=0.8, bottom=0.25, wspace=0.18)


def draw_effects(figure: Figure, effects: Sequence[Effect], labels: Mapping[str, str]) -> None:
    """Average change in pain per technique with its 95% interval and session count."""
    figure.clear()
    if not effects:
        _empty(figure, "No sessions logged yet. Start a session from a suggestion to see "
                       "what helps you.")  # fmt: skip
        return
    axes = figure.add_subplot()
    shown = list(effects)[:12]
    rows = range(len(shown))
    for row, effect in zip(rows, shown, strict=True):
        colour = ACCENT if effect.enough else "#c4c9d1"
        axes.barh(row, effect.mean_change, color=colour, height=0.55)
        if effect.ci_low is not None and effect.ci_high is not None:
            axes.plot([effect.ci_low, effect.ci_high], [row, row], color=INK, lw=1)
        axes.text(1.0, row, f"n={effect.n}" + ("" if effect.enough else ", too few to say"),
                  va="center", ha="right", fontsize=FONT - 1, color=MUTED,
                  transform=axes.get_yaxis_transform())  # fmt: skip
    axes.axvline(0, color=MUTED, lw=0.8)
    axes.set_yticks(list(rows), [labels.get(e.item_id, e.item_id) for e in shown], fontsize=FONT)
    axes.invert_yaxis()
    axes.set_xlabel(
        f"Change in pain after a session (negative = eased; grey: fewer than {MIN_SESSIONS} "
        "sessions; lines: 95% interval)",
        fontsize=FONT - 1,
    )
    axes.grid(axis="x", color=GRID, lw=0.6)
    style(figure)
    figure.subplots_adjust(left=0.2, right=0.97, top=0.95, bottom=0.17)


def draw_outcomes(figure: Figure, scores: Mapping[str, Sequence[tuple[datetime, Score]]]) -> None:
    """Questionnaire scores over time, with the first score ± the meaningful change shaded."""
    figure.clear()
    present = {name: values for name, values in scores.items() if values}
    if not present:
        _empty(figure, "No questionnaires yet. Use Progress → Fill in a questionnaire.")
        return
    titles = {
        "odi": "Oswestry (ODI, %)",
        "rmdq": "Roland-Morris (0–24)",
        "psfs": "Function (PSFS, 0–10)",
    }
    axes_list = figure.subplots(1, len(present), squeeze=False)[0]
    for axes, (name, values) in zip(axes_list, present.items(), strict=True):
        times = [t for t, _ in values]
        numbers = [s.value for _, s in values]
        first = numbers[0]
        change = MEANINGFUL_CHANGE[name]
        axes.axhspan(first - change, first + change, color=GRID, alpha=0.7, lw=0,
                     label="within the meaningful change")  # fmt: skip
        axes.plot(times, numbers, marker="o", ms=4, color=ACCENT, lw=1.6)
        axes.set_title(titles[name], fontsize=FONT)
        axes.set_ylim(0, values[0][1].max_value)
        _date_axis(axes)
        axes.grid(axis="y", color=GRID, lw=0.6)
    axes_list[0].legend(loc="upper right", fontsize=FONT - 2, frameon=False)
    style(figure)
    figure.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.16, wspace=0.22)
