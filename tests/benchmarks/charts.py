"""Benchmark: open the Progress view and redraw all charts for 10 years of daily check-ins.

Run: .venv/bin/python tests/benchmarks/charts.py   (prints figures; not a test)
Targets: full redraw under 250 ms, and at most 2x a bare matplotlib figure drawing the same
series in the same run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

REPEATS = 7
TODAY = date(2026, 11, 24)


def fill(path: Path) -> None:
    from app.domain.journal import CheckIn, PainMark
    from app.domain.sessions import TreatmentSession
    from app.store.journal import JournalStore
    from app.store.transfer import JournalContent

    rng = random.Random(3)
    regions = ["low_back_left", "buttock_lower_left", "lateral_thigh_left", "sacrum", "calf_left"]
    check_ins, sessions = [], []
    for day in range(3652):
        when = (
            datetime.combine(TODAY, datetime.min.time()) - timedelta(days=day) + timedelta(hours=9)
        )
        pain = max(0, min(10, round(3 + 2 * rng.random() + (4 if day % 200 < 10 else 0))))
        marks = tuple(
            PainMark(r, max(1, pain - i)) for i, r in enumerate(regions[: rng.randint(1, 5)])
        )
        check_ins.append(CheckIn(when, pain, marks))
        if day % 3 == 0:
            sessions.append(
                TreatmentSession(
                    when,
                    "acupoint",
                    rng.choice(["GB30", "BL40", "BL23"]),
                    "left",
                    pain,
                    max(0, pain - rng.randint(0, 3)),
                    60,
                )
            )
    store = JournalStore.open(path)
    store.import_content(JournalContent(check_ins=check_ins, sessions=sessions))
    store.close()


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    folder = Path(tempfile.mkdtemp())
    fill(folder / "j.sqlite3")
    from app.store.journal import JournalStore

    store = JournalStore.open(folder / "j.sqlite3")
    start = time.perf_counter()
    from app.ui.progress_view import ProgressView

    view = ProgressView(store, today=lambda: TODAY)
    view.range_box.blockSignals(True)
    view.range_box.setCurrentText("all")
    view.range_box.blockSignals(False)
    view.refresh()
    view.show()
    for card in view.cards.values():
        card.canvas.draw()
    app.processEvents()
    open_ms = (time.perf_counter() - start) * 1000

    def redraw() -> None:
        view.redraw()
        for card in view.cards.values():
            card.canvas.draw()

    def refresh() -> None:
        view.refresh()
        for card in view.cards.values():
            card.canvas.draw()

    redraw_ms = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        redraw()
        redraw_ms.append((time.perf_counter() - t) * 1000)
    refresh_ms = []
    for _ in range(3):
        t = time.perf_counter()
        refresh()
        refresh_ms.append((time.perf_counter() - t) * 1000)

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    data = view.data
    assert data is not None
    from matplotlib.collections import PolyCollection

    from app.domain.body_geometry import load_view

    bodies = {view: [poly for polys in load_view(view).regions.values() for poly in polys]
              for view in ("front", "back")}  # fmt: skip

    def bare() -> None:
        """The same series drawn the plainest way: default styling, one figure per chart."""
        for key, card in view.cards.items():
            figure = Figure(figsize=card.figure.get_size_inches(), dpi=100)
            FigureCanvasAgg(figure)
            if key == "pain":
                axes = figure.add_subplot()
                axes.scatter(
                    [c.taken_at for c in data.check_ins],
                    [c.overall_pain for c in data.check_ins],
                    s=9,
                )
                axes.plot([d.day for d in data.daily], [d.mean for d in data.daily])
                axes.plot([d for d, _ in data.rolling], [v for _, v in data.rolling])
            elif key == "extent":
                axes = figure.add_subplot()
                axes.step([p.taken_at for p in data.extent], [p.region_count for p in data.extent])
                axes.twinx().plot(
                    [p.taken_at for p in data.extent], [p.body_share for p in data.extent]
                )
            elif key == "heat":
                for index, name in enumerate(("front", "back", "front", "back")):
                    axes = figure.add_subplot(1, 4, index + 1)
                    axes.add_collection(
                        PolyCollection(bodies[name], array=list(range(len(bodies[name]))))
                    )
                    axes.autoscale_view()
            elif key == "episodes":
                for index, values in enumerate(
                    (
                        [s.count for s in data.episode_stats],
                        [s.mean_duration_days or 0 for s in data.episode_stats],
                    )
                ):
                    figure.add_subplot(1, 2, index + 1).bar(range(len(values)), values)
            elif key == "effects":
                figure.add_subplot().barh(
                    range(len(data.effects)), [e.mean_change for e in data.effects]
                )
            else:
                for index, values in enumerate(data.scores.values()):
                    figure.add_subplot(1, len(data.scores), index + 1).plot(
                        [t for t, _ in values], [s.value for _, s in values]
                    )
            figure.canvas.draw()

    bare_ms = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        bare()
        bare_ms.append((time.perf_counter() - t) * 1000)

    redraw_median = statistics.median(redraw_ms)
    bare_median = statistics.median(bare_ms)
    print(f"journal: {len(data.check_ins)} check-ins, range 'all'")
    print(f"open Progress view (import matplotlib, load, draw): {open_ms:7.1f} ms")
    print(f"redraw all charts:                {redraw_median:7.1f} ms median (target < 250)")
    print(f"reload journal + redraw:          {statistics.median(refresh_ms):7.1f} ms median")
    print(f"bare matplotlib, same series:     {bare_median:7.1f} ms median")
    print(f"ratio redraw / bare: {redraw_median / bare_median:.2f} (target <= 2)")
    store.close()


if __name__ == "__main__":
    main()
