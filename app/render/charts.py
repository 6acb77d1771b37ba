"""The recovery charts, drawn with matplotlib on plain Figures (never pyplot).

Each ``draw_*`` function takes a Figure and numbers computed by ``app.domain`` and draws one
chart; nothing here decides anything about health. The Progress window shows these Figures on
Qt canvases and the clinician report writes them to PDF. Imported only when either is first
needed, so start-up never pays for matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import matplotlib
import matplotlib.dates as mdates
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Patch

from app.domain.body_geometry import load_view
from app.domain.effects import MIN_SESSIONS, Effect
from app.domain.episodes import Episode, EpisodeStat
from app.domain.progress import ProgressData
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
# Axes titles sit just above the axes. Giving the position explicitly turns off matplotlib's
# automatic title placement, which measures every axis's tick labels on each draw to dodge
# labels at the top; these charts have none there (it cost ~8 ms per heat-map redraw).
TITLE_Y = 1.0


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
        for axis in (axes.xaxis, axes.yaxis):
            if not axis.label.get_text():
                # Nothing to place: a fixed spot spares matplotlib re-locating and measuring
                # every tick label a second time on each draw just to position an empty text.
                axis.set_label_coords(0.5, 0.5)


class _DateLocator(mdates.AutoDateLocator):
    """``AutoDateLocator`` that remembers its ticks for the last view interval.

    matplotlib asks for the ticks several times per draw (the axis, its label's placement, the
    legend and title bounds) and each call builds a dateutil rrule afresh: ~1 ms each for a
    10-year axis. The ticks depend only on the view interval, so the cache is exact.
    """

    def __init__(self, minticks: int, maxticks: int) -> None:
        super().__init__(minticks=minticks, maxticks=maxticks)
        self._last: tuple[tuple[float, float], np.ndarray] | None = None

    def __call__(self) -> np.ndarray:
        interval = tuple(self.axis.get_view_interval())  # type: ignore[union-attr]
        if self._last is None or self._last[0] != interval:
            self._last = (interval, np.asarray(super().__call__()))  # type: ignore[assignment]
        return self._last[1].copy()  # type: ignore[index]


def _date_axis(axes: object) -> None:
    locator = _DateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)  # type: ignore[attr-defined]
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[attr-defined]


def _fresh(figure: Figure) -> None:
    """Clear ``figure`` for a new chart (forgetting any empty-state message it showed)."""
    figure.clear()
    figure._reliefmap_empty = None  # type: ignore[attr-defined]


def _empty(figure: Figure, message: str) -> None:
    """Show ``message`` instead of a chart.

    Kept when the figure already shows the same message: clearing and re-adding the axes cost
    more than drawing them (an empty questionnaire chart took ~15 ms per redraw).
    """
    if getattr(figure, "_reliefmap_empty", None) == message and figure.axes:
        return
    _fresh(figure)
    figure._reliefmap_empty = message  # type: ignore[attr-defined]
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

    Returns the scatter artist (for hover and click) or None when there is no data. The
    axes and artists are built once and then updated in place: rebuilding axes on every
    range change cost more than drawing them.
    """
    if not series.check_in_times:
        figure._reliefmap_pain = None  # type: ignore[attr-defined]
        _empty(figure, "No check-ins in this range yet.")
        return None
    state = getattr(figure, "_reliefmap_pain", None)
    if state is None:
        _fresh(figure)
        axes = figure.add_subplot()
        points = axes.scatter(series.check_in_times, series.check_in_values, s=9, color=POINTS,
                              label="Check-in", zorder=2)  # fmt: skip
        (daily,) = axes.plot(
            [d.day for d in series.daily],
            [d.mean for d in series.daily],
            color=ACCENT,
            lw=0.8,
            alpha=0.5,
            label="Daily mean",
            zorder=3,
        )
        (rolling,) = axes.plot([day for day, _ in series.rolling],
                               [value for _, value in series.rolling], color=ACCENT, lw=2.2,
                               label="7-day average", zorder=4)  # fmt: skip
        axes.set_ylim(-0.3, 10.3)
        axes.set_ylabel("Pain (0–10)", fontsize=FONT)
        axes.grid(axis="y", color=GRID, lw=0.6)
        _date_axis(axes)
        band = Patch(color=BAND, alpha=0.18, lw=0, label="Flare-up")
        axes.legend([band, points, daily, rolling], ["Flare-up", "Check-in", "Daily mean",
                    "7-day average"], loc="upper right", fontsize=FONT - 1, frameon=False,
                    ncol=4)  # fmt: skip
        style(figure)
        figure.subplots_adjust(left=0.07, right=0.98, top=0.9, bottom=0.14)
        # Flare-ups: one collection of full-height bands (x in days, y in axes units), so a
        # redraw sets its vertices instead of removing and adding one patch per flare-up.
        spans = PolyCollection([], facecolors=BAND, alpha=0.18, linewidths=0, zorder=1,
                               transform=axes.get_xaxis_transform())  # fmt: skip
        axes.add_collection(spans, autolim=False)
        state = {"axes": axes, "points": points, "daily": daily, "rolling": rolling,
                 "spans": spans}  # fmt: skip
        figure._reliefmap_pain = state  # type: ignore[attr-defined]
    axes = state["axes"]
    times = _times(series.check_in_times)
    state["points"].set_offsets(np.column_stack([times, series.check_in_values]))
    state["daily"].set_data(_days([d.day for d in series.daily]),
                            [d.mean for d in series.daily])  # fmt: skip
    state["rolling"].set_data(_days([day for day, _ in series.rolling]),
                              [value for _, value in series.rolling])  # fmt: skip
    starts = _days([episode.start for episode in series.episodes])
    ends = _days([episode.end or series.last_day for episode in series.episodes]) + 1
    state["spans"].set_verts(
        [
            [(start, 0), (end, 0), (end, 1), (start, 1)]
            for start, end in zip(starts, ends, strict=True)
        ]
    )
    axes.set_xlim(times.min() - 1, times.max() + 1)
    return state["points"]


def _epoch_ordinal() -> float:
    """The proleptic ordinal of matplotlib's date epoch (day 0 of its date numbers)."""
    start = date(1970, 1, 1)
    return start.toordinal() - float(mdates.date2num(start))


def _days(days: Sequence[date]) -> np.ndarray:
    """matplotlib date numbers for calendar days.

    Built from ordinals: numpy's conversion of date objects (and ``date2num``) took ~3 ms per
    10 years of days, as long as drawing the line itself.
    """
    ordinals = np.fromiter((day.toordinal() for day in days), dtype=float, count=len(days))
    return ordinals - _epoch_ordinal()


def _times(times: Sequence[datetime]) -> np.ndarray:
    """matplotlib date numbers for naive wall-clock times (the journal stores no zones)."""
    numbers = np.fromiter(
        (
            t.toordinal() + (t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6) / 86400
            for t in times
        ),
        dtype=float,
        count=len(times),
    )
    return numbers - _epoch_ordinal()


def draw_extent(figure: Figure, points: Sequence[ExtentPoint]) -> None:
    """Regions marked and the share of the body involved, per check-in (built once, then
    updated in place)."""
    if not points:
        figure._reliefmap_extent = None  # type: ignore[attr-defined]
        _empty(figure, "No check-ins in this range yet.")
        return
    times = _times([p.taken_at for p in points])
    counts = [p.region_count for p in points]
    shares = [100 * p.body_share for p in points]
    state = getattr(figure, "_reliefmap_extent", None)
    if state is None:
        _fresh(figure)
        axes = figure.add_subplot()
        (step,) = axes.plot(times, counts, drawstyle="steps-post", color=ACCENT, lw=1.2,
                            label="Regions marked")  # fmt: skip
        axes.set_ylabel("Regions marked", fontsize=FONT)
        share = axes.twinx()
        (share_line,) = share.plot(times, shares, color=BAND, lw=1.4, label="Body surface (%)")
        share.set_ylabel("Body surface involved (%)", fontsize=FONT)
        axes.xaxis_date()
        _date_axis(axes)
        axes.legend([step, share_line], ["Regions marked", "Body surface (%)"],
                    loc="upper right", fontsize=FONT - 1, frameon=False)  # fmt: skip
        style(figure)
        share.spines["right"].set_visible(True)
        share.spines["right"].set_color(GRID)
        figure.subplots_adjust(left=0.07, right=0.92, top=0.9, bottom=0.16)
        state = {"axes": axes, "share": share, "step": step, "line": share_line, "fill": None}
        figure._reliefmap_extent = state  # type: ignore[attr-defined]
    axes, share = state["axes"], state["share"]
    state["step"].set_data(times, counts)
    state["line"].set_data(times, shares)
    fill = state["fill"]
    if fill is not None and hasattr(fill, "set_data"):  # matplotlib >= 3.10 updates in place
        fill.set_data(times, counts, 0)
    else:
        if fill is not None:
            fill.remove()
        state["fill"] = axes.fill_between(times, counts, step="post", color=ACCENT, alpha=0.25,
                                          lw=0)  # fmt: skip
    axes.set_xlim(times.min() - 0.5, times.max() + 0.5)
    axes.set_ylim(0, max(counts) * 1.15 + 0.5)
    share.set_ylim(0, max(shares) * 1.15 + 0.5)


def body_view(axes: object, view: str, values: Mapping[str, float], cmap: str, norm: object,
          title: str) -> object:  # fmt: skip
    """One body view from the shared art, regions coloured by ``values``."""
    geometry = load_view(view)
    polygons = [shape for shapes in geometry.regions.values() for shape in shapes]
    colours = _region_values(view, values)
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
    axes.set_title(title, fontsize=FONT, color=INK, y=TITLE_Y)  # type: ignore[attr-defined]
    return collection


def draw_heat(figure: Figure, heat: Mapping[str, RegionHeat], change: Mapping[str, float]) -> None:
    """Where it hurts (how often × how strongly) and what changed from start to end.

    Built once; later calls only recolour the regions (the polygons never change).
    """
    if not heat:
        figure._reliefmap_heat = None  # type: ignore[attr-defined]
        _empty(figure, "No marked regions in this range yet.")
        return
    burden = {region: h.burden for region, h in heat.items()}
    top = max(burden.values()) or 1.0
    norm = Normalize(vmin=0, vmax=top)
    limit = max((abs(v) for v in change.values()), default=1.0) or 1.0
    # Symmetric around 0, so a plain linear norm puts "no change" at the centre colour; it maps
    # exactly as TwoSlopeNorm(vcenter=0) would, without the function-scaled colorbar axis
    # that re-evaluates the norm on masked arrays dozens of times per draw (~3 ms).
    diverging = Normalize(vmin=-limit, vmax=limit)
    state = getattr(figure, "_reliefmap_heat", None)
    if state is None:
        _fresh(figure)
        axes = figure.subplots(1, 4)
        arts = [
            body_view(axes[0], "front", burden, HEAT_MAP, norm, "Front"),
            body_view(axes[1], "back", burden, HEAT_MAP, norm, "Back"),
            body_view(axes[2], "front", change, CHANGE_MAP, diverging, "Change: front"),
            body_view(axes[3], "back", change, CHANGE_MAP, diverging, "Change: back"),
        ]
        heat_bar = figure.colorbar(arts[1], ax=axes[:2], fraction=0.04, pad=0.02)
        heat_bar.set_label("how often × how strongly", fontsize=FONT - 1)
        heat_bar.ax.tick_params(labelsize=FONT - 1)
        change_bar = figure.colorbar(arts[3], ax=axes[2:], fraction=0.04, pad=0.02)
        change_bar.set_label("start → end (− better, + worse)", fontsize=FONT - 1)
        change_bar.ax.tick_params(labelsize=FONT - 1)
        figure.set_facecolor("white")
        figure._reliefmap_heat = {  # type: ignore[attr-defined]
            "arts": arts,
            "bars": (heat_bar, change_bar),
            "limits": ((norm.vmin, norm.vmax), (diverging.vmin, diverging.vmax)),
        }
        return
    arts = state["arts"]
    for art, view, values in zip(arts, ("front", "back", "front", "back"),
                                 (burden, burden, change, change), strict=True):  # fmt: skip
        art.set_array(_region_values(view, values))
    limits = ((norm.vmin, norm.vmax), (diverging.vmin, diverging.vmax))
    if state.get("limits") != limits:
        # Only a new scale needs new norms: set_norm makes each colorbar lay itself out again
        # (through the mappable's "changed" callback), which is slow.
        for art, this_norm in zip(arts, (norm, norm, diverging, diverging), strict=True):
            art.set_norm(this_norm)
        state["limits"] = limits


def _region_values(view: str, values: Mapping[str, float]) -> list[float]:
    """One value per polygon, in the order ``body_view`` drew them."""
    return [
        values.get(region_id, float("nan"))
        for region_id, shapes in load_view(view).regions.items()
        for _shape in shapes
    ]


def draw_episodes(figure: Figure, stats: Sequence[EpisodeStat], summary: str) -> None:
    """How often flare-ups begin and how long they last, per period (axes built once).

    Each chart's bars are one collection whose rectangles are replaced on a redraw: ten years
    make 40 quarters, and 80 separate bar patches cost more to draw than the rest of the axes.
    """
    if not stats:
        figure._reliefmap_episodes = None  # type: ignore[attr-defined]
        _empty(figure, "No check-ins in this range yet.")
        return
    state = getattr(figure, "_reliefmap_episodes", None)
    if state is None:
        _fresh(figure)
        count_axes, length_axes = figure.subplots(1, 2)
        count_axes.set_title("Flare-ups that began", fontsize=FONT, y=TITLE_Y)
        length_axes.set_title("Average length (days)", fontsize=FONT, y=TITLE_Y)
        bars = []
        for axes, colour in ((count_axes, BAND), (length_axes, ACCENT)):
            axes.grid(axis="y", color=GRID, lw=0.6)
            bars.append(PolyCollection([], facecolors=colour, edgecolors="none", linewidths=0))
            axes.add_collection(bars[-1], autolim=False)
        count_axes.yaxis.get_major_locator().set_params(integer=True)
        title = figure.suptitle("", fontsize=FONT, color=INK, x=0.02, ha="left")
        style(figure)
        figure.subplots_adjust(left=0.06, right=0.98, top=0.8, bottom=0.25, wspace=0.18)
        state = {"axes": (count_axes, length_axes), "bars": bars, "title": title}
        figure._reliefmap_episodes = state  # type: ignore[attr-defined]
    count_axes, length_axes = state["axes"]
    counts = [s.count for s in stats]
    lengths = [s.mean_duration_days or 0 for s in stats]
    for bars, heights in zip(state["bars"], (counts, lengths), strict=True):
        bars.set_verts(_bars(heights, width=0.6))
    labels = [f"{s.period_start:%b %Y}" for s in stats]
    if state.get("labels") != labels:
        positions = list(range(len(stats)))
        every = max(1, -(-len(stats) // 8))  # at most about eight labels: readable, and fast
        for axes in (count_axes, length_axes):
            axes.set_xticks(positions[::every], labels[::every], rotation=30, ha="right",
                            fontsize=FONT - 1)  # fmt: skip
            axes.set_xlim(-0.6, len(stats) - 0.4)
        state["labels"] = labels
    count_axes.set_ylim(0, max(counts, default=0) * 1.15 + 1)
    length_axes.set_ylim(0, max(lengths, default=0) * 1.15 + 1)
    state["title"].set_text(summary)


def _bars(heights: Sequence[float], width: float) -> np.ndarray:
    """Rectangles from 0 to each height, centred on 0, 1, 2, …: what ``Axes.bar`` draws."""
    centres = np.arange(len(heights), dtype=float)
    tops = np.asarray(heights, dtype=float)
    left, right = centres - width / 2, centres + width / 2
    zeros = np.zeros_like(tops)
    xs = np.stack([left, left, right, right], axis=1)
    ys = np.stack([zeros, tops, tops, zeros], axis=1)
    return np.stack([xs, ys], axis=2)


def draw_effects(
    figure: Figure, effects: Sequence[Effect], label_of: Callable[[str, str], str]
) -> None:
    """Average change in pain per technique with its 95% interval and session count.

    The axes are made once; each redraw swaps only the bars, interval lines and counts, and
    keeps them when the effects and their labels are the same as last time (re-creating them
    was a third of the cost of a redraw that found nothing new).
    """
    if not effects:
        figure._reliefmap_effects = None  # type: ignore[attr-defined]
        _empty(figure, "No sessions logged yet. Start a session from a suggestion to see "
                       "what helps you.")  # fmt: skip
        return
    state = getattr(figure, "_reliefmap_effects", None)
    if state is None:
        _fresh(figure)
        axes = figure.add_subplot()
        axes.axvline(0, color=MUTED, lw=0.8)
        axes.set_xlabel(
            f"Change in pain after a session (negative = eased; grey: fewer than {MIN_SESSIONS} "
            "sessions; lines: 95% interval)",
            fontsize=FONT - 1,
        )
        axes.grid(axis="x", color=GRID, lw=0.6)
        axes.invert_yaxis()
        style(figure)
        figure.subplots_adjust(left=0.2, right=0.97, top=0.95, bottom=0.17)
        state = {"axes": axes, "artists": []}
        figure._reliefmap_effects = state  # type: ignore[attr-defined]
    axes = state["axes"]
    shown = list(effects)[:12]
    labels = [label_of(e.kind, e.item_id) for e in shown]
    if state.get("shown") == (shown, labels):
        return
    state["shown"] = (shown, labels)
    for artist in state["artists"]:
        artist.remove()
    artists: list[object] = []
    rows = list(range(len(shown)))
    colours = [ACCENT if effect.enough else "#c4c9d1" for effect in shown]
    artists.append(axes.barh(rows, [e.mean_change for e in shown], color=colours, height=0.55))
    for row, effect in zip(rows, shown, strict=True):
        if effect.ci_low is not None and effect.ci_high is not None:
            artists.extend(axes.plot([effect.ci_low, effect.ci_high], [row, row], color=INK, lw=1))
        artists.append(
            axes.text(
                1.0,
                row,
                f"n={effect.n}" + ("" if effect.enough else ", too few to say"),
                va="center",
                ha="right",
                fontsize=FONT - 1,
                color=MUTED,
                transform=axes.get_yaxis_transform(),
            )
        )
    state["artists"] = artists
    axes.set_yticks(rows, labels, fontsize=FONT)
    axes.set_ylim(len(shown) - 0.5, -0.5)
    lows = [min(e.mean_change, e.ci_low if e.ci_low is not None else 0) for e in shown]
    highs = [max(e.mean_change, e.ci_high if e.ci_high is not None else 0) for e in shown]
    low, high = min(*lows, 0.0), max(*highs, 0.0)
    span = high - low or 1.0
    axes.set_xlim(low - 0.05 * span, high + 0.05 * span)


def draw_outcomes(figure: Figure, scores: Mapping[str, Sequence[tuple[datetime, Score]]]) -> None:
    """Questionnaire scores over time, with the first score ± the meaningful change shaded.

    One axes per instrument, made once for a given set of instruments and then updated.
    """
    present = {name: values for name, values in scores.items() if values}
    if not present:
        figure._reliefmap_outcomes = None  # type: ignore[attr-defined]
        _empty(figure, "No questionnaires yet. Use Progress → Fill in a questionnaire.")
        return
    titles = {
        "odi": "Oswestry (ODI, %)",
        "rmdq": "Roland-Morris (0–24)",
        "psfs": "Function (PSFS, 0–10)",
    }
    state = getattr(figure, "_reliefmap_outcomes", None)
    if state is None or state["names"] != list(present):
        _fresh(figure)
        axes_list = figure.subplots(1, len(present), squeeze=False)[0]
        lines, bands = [], []
        for axes, (name, values) in zip(axes_list, present.items(), strict=True):
            (line,) = axes.plot([t for t, _ in values], [s.value for _, s in values], marker="o",
                                ms=4, color=ACCENT, lw=1.6)  # fmt: skip
            band = axes.axhspan(0, 0, color=GRID, alpha=0.7, lw=0,
                                label="within the meaningful change")  # fmt: skip
            axes.set_title(titles[name], fontsize=FONT, y=TITLE_Y)
            axes.set_ylim(0, values[0][1].max_value)
            _date_axis(axes)
            axes.grid(axis="y", color=GRID, lw=0.6)
            lines.append(line)
            bands.append(band)
        axes_list[0].legend(loc="upper right", fontsize=FONT - 2, frameon=False)
        style(figure)
        figure.subplots_adjust(left=0.06, right=0.98, top=0.88, bottom=0.16, wspace=0.22)
        state = {"names": list(present), "axes": list(axes_list), "lines": lines, "bands": bands}
        figure._reliefmap_outcomes = state  # type: ignore[attr-defined]
    for index, values in enumerate(present.values()):
        name = state["names"][index]
        times = _times([t for t, _ in values])
        numbers = [s.value for _, s in values]
        state["lines"][index].set_data(times, numbers)
        first, change = numbers[0], MEANINGFUL_CHANGE[name]
        band = state["bands"][index]
        band.remove()
        state["bands"][index] = state["axes"][index].axhspan(
            first - change, first + change, color=GRID, alpha=0.7, lw=0, zorder=0
        )
        state["axes"][index].set_xlim(times.min() - 7, times.max() + 7)


#: The recovery charts, in the order the Progress window and the report show them.
CHART_KEYS = ("pain", "extent", "heat", "episodes", "effects", "outcomes")


def draw_chart(
    key: str, figure: Figure | SubFigure, data: ProgressData, label_of: Callable[[str, str], str]
) -> object | None:
    """Draw the chart ``key`` of ``data``: the one dispatch shared by the window and the report.

    Returns the pain chart's check-in points (for hover and click), None for the others.
    """
    if key == "pain":
        return draw_pain(
            figure,
            PainSeries(
                [c.taken_at for c in data.check_ins],
                [c.overall_pain for c in data.check_ins],
                data.daily,
                data.rolling,
                data.episodes,
                data.last_day,
            ),
        )
    if key == "extent":
        draw_extent(figure, data.extent)
    elif key == "heat":
        draw_heat(figure, data.heat, data.change)
    elif key == "episodes":
        draw_episodes(figure, data.episode_stats, data.episode_summary)
    elif key == "effects":
        draw_effects(figure, data.effects, label_of)
    elif key == "outcomes":
        draw_outcomes(figure, data.scores)
    else:
        raise ValueError(f"unknown chart {key!r}; choose from {', '.join(CHART_KEYS)}")
    return None
