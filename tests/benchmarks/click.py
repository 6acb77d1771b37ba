"""Click latency: a simulated click on a region until the map has repainted it; then the same
on the muscle layers (a click on a muscle's shape marks it tight, the map repaints it).

Builds a journal with ten years of daily check-ins (3,652, each with a few marks), opens the
real main window on it (offscreen), then clicks regions one after another. Each sample runs
from just before the mouse press to the end of the first viewport paint after it (the mark or
focus ring drawn). Prints the median and the worst sample (target: median under 16 ms).

    .venv/bin/python tests/benchmarks/click.py [--clicks 300] [--journal PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

TARGET_MEDIAN_MS = 16.0
YEARS = 10


def fill_journal(path: Path, rng: random.Random) -> int:
    """Ten years of daily check-ins with 1–5 marks each; returns how many were written."""
    from app.domain.journal import CheckIn, PainMark, TightMuscle
    from app.domain.regions import default_catalog
    from app.domain.vocabulary import QUALITIES
    from app.store.journal import JournalStore

    region_ids = [r.id for r in default_catalog() if "back" in r.views or "front" in r.views]
    store = JournalStore.open(path)
    try:
        if store.count_check_ins():
            return store.count_check_ins()
        start = datetime(2015, 1, 1, 8, 0)
        days = YEARS * 365 + YEARS // 4
        for day in range(days):
            regions = rng.sample(region_ids, rng.randint(1, 5))
            marks = tuple(
                PainMark(r, rng.randint(0, 10), frozenset(rng.sample(QUALITIES, rng.randint(0, 2))))
                for r in regions
            )
            tight = (TightMuscle("quadratus_lumborum", "left"),) if day % 3 == 0 else ()
            store.add_check_in(
                CheckIn(
                    start + timedelta(days=day, minutes=rng.randint(0, 600)),
                    rng.randint(0, 10),
                    marks,
                    tight,
                    note="Walked 20 minutes" if day % 5 == 0 else "",
                )
            )
            if day % 500 == 0:
                print(f"  writing the journal: {day}/{days} check-ins", flush=True)
        return store.count_check_ins()
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=300)
    parser.add_argument("--journal", type=Path, help="reuse this journal file (created if new)")
    args = parser.parse_args()
    rng = random.Random(20240514)

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.store.journal import JournalStore
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        path = args.journal or Path(folder) / "journal.sqlite3"
        began = time.perf_counter()
        count = fill_journal(path, rng)
        print(f"journal: {count} check-ins ({time.perf_counter() - began:.1f} s to prepare)")

        store = JournalStore.open(path)
        window = MainWindow(store)
        window.resize(1440, 900)
        window.show()
        for _ in range(20):
            app.processEvents()
        view = window.body_map
        viewport = view.viewport()

        painted: list[float] = []

        class PaintSeen(QObject):
            """Notes that the viewport is being painted; the sample ends when the event loop
            returns from that paint (so the paint itself is inside the measured time)."""

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    painted.append(time.perf_counter())
                return False

        watcher = PaintSeen()
        viewport.installEventFilter(watcher)
        targets = [
            (rid, item.view_name) for rid in view.region_ids() for item in view.region_items(rid)
        ]
        samples: list[float] = []
        window.draft.load(None)  # a fresh check-in: every click below adds a new mark
        for _ in range(5):
            app.processEvents()
        for _index in range(args.clicks):
            unmarked = [t for t in targets if window.draft.mark(t[0]) is None]
            if not unmarked:
                window.draft.clear_all()  # outside the timing: keep new marks appearing
                for _ in range(5):
                    app.processEvents()
                continue
            region_id, view_name = rng.choice(unmarked)
            pos = view.region_center(region_id, view_name)
            painted.clear()
            start = time.perf_counter()
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), pos)
            deadline = start + 1.0
            while not painted and time.perf_counter() < deadline:
                app.processEvents()
            end = time.perf_counter()
            if not painted:
                raise SystemExit(f"no repaint after clicking {region_id}")
            samples.append((end - start) * 1000)
            assert window.draft.mark(region_id) is not None

        # The muscle layers: pain marks stay (translucent); each click toggles a muscle tight.
        from app.domain.journal import TightMuscle
        from app.domain.muscle_map import LAYER_DEPTH, muscle_shapes

        muscle_samples: dict[str, list[float]] = {}
        muscle_counts: dict[str, int] = {}
        for layer, depth in LAYER_DEPTH.items():
            view.set_layer(layer)
            for _ in range(5):
                app.processEvents()
            shapes = [s for name in ("front", "back") for s in muscle_shapes(name, depth)]
            layer_samples = muscle_samples.setdefault(layer, [])
            for _index in range(max(1, args.clicks // 2)):
                shape = rng.choice(shapes)
                was_tight = TightMuscle(shape.muscle_id, shape.side) in window.draft.tight_muscles()
                pos = view.muscle_center(shape.muscle_id, shape.side, shape.view, depth)
                painted.clear()
                start = time.perf_counter()
                QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), pos)
                deadline = start + 1.0
                while not painted and time.perf_counter() < deadline:
                    app.processEvents()
                end = time.perf_counter()
                if not painted:
                    raise SystemExit(f"no repaint after clicking {shape.muscle_id}")
                layer_samples.append((end - start) * 1000)
                now_tight = TightMuscle(shape.muscle_id, shape.side) in window.draft.tight_muscles()
                assert now_tight != was_tight, shape.key
            muscle_counts[layer] = len(shapes)
        view.set_layer("skin")
        window.draft.load(None)
        window.close()
        store.close()

    median = statistics.median(samples)
    print(f"clicks: {len(samples)} on {len(targets)} drawn regions, window 1440x900 offscreen")
    print(
        f"click -> repainted mark: median {median:.2f} ms, worst {max(samples):.2f} ms, "
        f"p95 {statistics.quantiles(samples, n=20)[-1]:.2f} ms"
    )
    worst_median = median
    for layer, layer_samples in muscle_samples.items():
        layer_median = statistics.median(layer_samples)
        worst_median = max(worst_median, layer_median)
        print(
            f"{layer} layer ({len(layer_samples)} clicks, {muscle_counts[layer]} shapes): "
            f"click -> repainted muscle: median {layer_median:.2f} ms, "
            f"worst {max(layer_samples):.2f} ms, "
            f"p95 {statistics.quantiles(layer_samples, n=20)[-1]:.2f} ms"
        )
    verdict = "OK" if worst_median < TARGET_MEDIAN_MS else "ABOVE TARGET"
    print(f"target: median < {TARGET_MEDIAN_MS:.0f} ms on every layer {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
