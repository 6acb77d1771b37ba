"""Clicks on the body map: what the user waits for after marking (or unmarking) a region or a
tight muscle, on a 10-year and a 30-year journal with treatment sessions.

A click does two things the user sees: the map repaints the mark at once, and the "What to try"
panel shows new suggestions once the window's debounce timer has fired and the engine has
answered. Between the two the window must stay responsive: every stretch in which the event
loop is busy (between two of the dispatcher's ``aboutToBlock`` signals, with a 1 ms timer
keeping the waits in between short; see ``run_clicks``) is time in which the window cannot
react to input or repaint. So for each click this prints:

1. click -> map repainted: until the event loop finished the first paint of the map after it;
2. click -> suggestions painted: until it finished painting the suggestions panel after
   ``set_suggestions`` was called (the debounce is inside this figure, by design);
3. UI blocked: the longest busy stretch of the event loop between the click and (2). Target:
   p95 under one frame, 16.7 ms, on the 30-year journal.

It opens the real main window (``MainWindow`` on a ``JournalStore``, offscreen, 1440x900,
suggestions tab in front as at start) on copies of cached journals (``journals.py``: daily
check-ins, several sessions a week, red-flag screens, settings), and sends real mouse events
to the map's viewport at region and muscle centres, from inside the event loop as a user's
click would arrive. Clicks are spaced at least three debounce intervals apart and each waits
for its suggestions to be painted, so every click runs the debounced update (none is
coalesced away). The mix: clicks that mark a new region, clicks on a marked region followed
by Delete (unmark), and clicks on muscle shapes of the muscle layers (tight / not tight).

Garbage collections during the clicks are recorded too (``gc.callbacks``): generation, how
long each took, and how many of the longest busy stretches contained a full collection.

Figure (1) is printed per layer (skin, muscles, deep), as before; (2) and (3) over all clicks.

The observing costs little: one slot on ``aboutToBlock``, a 1 ms timer with nothing connected
(while a click is measured), event filters on the map's viewport and the suggestions panel's
widgets, and a wrapper around that one panel's ``set_suggestions`` that notes the time and
calls through. Each busy stretch may include up to ~1 ms of waiting, so (3) errs high.

    .venv/bin/python tests/benchmarks/click.py [--clicks 120] [--muscle-clicks 40] [--years 10 30]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from journals import copy_journal, describe

FRAME_MS = 1000 / 60
WARM_UP_CLICKS = 5
#: A click whose suggestions are not painted within this long counts as "not painted".
SUGGESTIONS_TIMEOUT_S = 10.0
MARKS_KEPT = (1, 6)  # unmark above the upper bound, always mark below the lower one


def debounce_ms() -> int:
    """The window's suggestion debounce (the suggestion controller's timer)."""
    from app.ui.controllers.suggesting import SUGGEST_DELAY_MS

    return SUGGEST_DELAY_MS


@dataclass
class Sample:
    """One click: what it did, and when (perf_counter seconds) each thing finished."""

    kind: str  # "mark", "unmark", or the muscle layer's name
    clicked: float
    map_painted: float | None = None
    suggestions_set: float | None = None
    suggestions_painted: float | None = None
    stretches: list[tuple[float, float]] = field(default_factory=list)
    collections: list[tuple[int, float, float]] = field(default_factory=list)

    def ms(self, moment: float | None) -> float | None:
        return None if moment is None else (moment - self.clicked) * 1000

    def longest(self) -> tuple[float, float]:
        return max(self.stretches, key=lambda s: s[1] - s[0], default=(0.0, 0.0))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    if not values:
        return "no samples"
    return (
        f"p50 {percentile(values, 0.5):6.1f} ms, p95 {percentile(values, 0.95):6.1f} ms, "
        f"max {max(values):6.1f} ms"
    )


def run_clicks(journal: Path, args: argparse.Namespace, rng: random.Random) -> list[Sample]:
    """Open the window on ``journal`` and click; returns the measured clicks (not warm-up)."""
    from PySide6.QtCore import (
        QAbstractEventDispatcher,
        QEvent,
        QEventLoop,
        QObject,
        Qt,
        QThreadPool,
        QTimer,
    )
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from app.domain.journal import TightMuscle
    from app.domain.muscle_map import LAYER_DEPTH, muscle_shapes
    from app.store.journal import JournalStore
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = JournalStore.open(journal)
    window = MainWindow(store)
    window.resize(1440, 900)
    window.show()
    QThreadPool.globalInstance().waitForDone(60_000)  # the day's backup, taken on opening
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()

    view = window.body_map
    viewport = view.viewport()
    panel = window.suggestions
    gap_s = max(3 * args.debounce_ms, 150) / 1000
    current: list[Sample] = []  # the click being measured (none between clicks)
    state: dict[str, object] = {"blocked": None, "map_seen": False, "panel_seen": False}

    def about_to_block() -> None:
        """A busy stretch ends: from the previous block (plus at most the heartbeat's wait)."""
        now = time.perf_counter()
        previous, state["blocked"] = state["blocked"], now
        if not current:
            return
        sample = current[0]
        if previous is not None:
            sample.stretches.append((max(previous, sample.clicked), now))  # type: ignore[call-overload]
        if state["map_seen"] and sample.map_painted is None:
            sample.map_painted = now
        if state["panel_seen"] and sample.suggestions_painted is None:
            sample.suggestions_painted = now

    dispatcher = QAbstractEventDispatcher.instance()
    dispatcher.aboutToBlock.connect(about_to_block)
    # Neither dispatcher (glib or unix) signals the moment it stops waiting: ``awake`` comes
    # after the timers and input that woke it have run. So a timer with nothing connected
    # wakes the loop every millisecond while a click is measured, and a busy stretch is the
    # time between two ``aboutToBlock`` signals: at most ~1 ms of it is waiting.
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)

    class PaintSeen(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if current and event.type() == QEvent.Type.Paint:
                if watched is viewport:
                    state["map_seen"] = True
                elif current[0].suggestions_set is not None:
                    state["panel_seen"] = True
            return False

    watcher = PaintSeen()
    viewport.installEventFilter(watcher)

    def watch_panel() -> None:
        for widget in [panel, *panel.findChildren(QWidget)]:
            widget.installEventFilter(watcher)  # installing twice keeps one filter

    watch_panel()
    set_suggestions = panel.set_suggestions

    def observed_set_suggestions(*a: object, **k: object) -> object:
        result = set_suggestions(*a, **k)
        if current and current[0].suggestions_set is None:
            current[0].suggestions_set = time.perf_counter()
        watch_panel()  # new rows may be new widgets
        return result

    panel.set_suggestions = observed_set_suggestions  # type: ignore[method-assign]

    gc_started: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started.append(time.perf_counter())
        elif gc_started and current:
            start = gc_started.pop()
            current[0].collections.append((info["generation"], start, time.perf_counter()))
        else:
            gc_started.clear()

    def click_once(kind: str, action: object) -> Sample:
        """Run ``action`` from inside the event loop; return when its results are painted."""
        loop = QEventLoop()
        sample = Sample(kind, 0.0)

        def perform() -> None:
            state["map_seen"] = state["panel_seen"] = False
            heartbeat.start()
            sample.clicked = time.perf_counter()
            current.append(sample)
            action()  # type: ignore[operator]

        def check() -> None:
            if not current:
                return
            now = time.perf_counter()
            waited = now - sample.clicked
            done = sample.suggestions_painted is not None and sample.map_painted is not None
            if (done and waited >= gap_s) or waited >= SUGGESTIONS_TIMEOUT_S:
                current.clear()
                heartbeat.stop()
                poll.stop()
                loop.quit()

        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(check)
        QTimer.singleShot(0, perform)
        poll.start()
        loop.exec()
        return sample

    def click_at(pos: object) -> None:
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), pos)

    region_targets = [(rid, item.view_name) for rid in view.region_ids()
                      for item in view.region_items(rid)]  # fmt: skip

    def region_action() -> tuple[str, object]:
        marked = [t for t in region_targets if window.draft.mark(t[0]) is not None]
        unmarked = [t for t in region_targets if window.draft.mark(t[0]) is None]
        count = len({rid for rid, _ in marked})
        unmark = count > MARKS_KEPT[1] or (count >= MARKS_KEPT[0] and rng.random() < 0.35)
        region_id, view_name = rng.choice(marked if unmark and marked else unmarked)
        pos = view.region_center(region_id, view_name)
        if unmark:

            def clear() -> None:
                click_at(pos)
                QTest.keyClick(view, Qt.Key.Key_Delete)

            return "unmark", clear
        return "mark", lambda: click_at(pos)

    gc.callbacks.append(on_gc)
    samples: list[Sample] = []
    try:
        for index in range(WARM_UP_CLICKS + args.clicks):
            kind, action = region_action()
            sample = click_once(kind, action)
            if index >= WARM_UP_CLICKS:
                samples.append(sample)
        for layer, depth in LAYER_DEPTH.items():
            view.set_layer(layer)
            settle = QEventLoop()
            QTimer.singleShot(200, settle.quit)
            settle.exec()
            shapes = [s for name in ("front", "back") for s in muscle_shapes(name, depth)]
            for _ in range(max(1, args.muscle_clicks // len(LAYER_DEPTH))):
                shape = rng.choice(shapes)
                key = TightMuscle(shape.muscle_id, shape.side)
                was_tight = key in window.draft.tight_muscles()
                pos = view.muscle_center(shape.muscle_id, shape.side, shape.view, depth)
                samples.append(click_once(layer, lambda pos=pos: click_at(pos)))
                if (key in window.draft.tight_muscles()) == was_tight:
                    raise SystemExit(f"a click on {shape.key} did not toggle it")
        view.set_layer("skin")
    finally:
        gc.callbacks.remove(on_gc)
        dispatcher.aboutToBlock.disconnect(about_to_block)
        panel.set_suggestions = set_suggestions  # type: ignore[method-assign]
        window.draft.load(None)
        window.close()
        store.close()
        app.processEvents()
    return samples


def report(samples: list[Sample], debounce: int) -> float:
    """Print one journal's figures; returns the p95 of the UI-blocking part."""
    kinds = Counter(s.kind for s in samples)
    counts = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    print(f"  clicks measured: {len(samples)} ({counts})")
    for kind in kinds:
        repainted = [s.ms(s.map_painted) for s in samples if s.kind == kind]
        shown = [v for v in repainted if v is not None]
        missing = f"  [{len(repainted) - len(shown)} not repainted]" if None in repainted else ""
        print(f"  click -> map repainted ({kind}): {spread(shown)}{missing}")
    painted = [s.ms(s.suggestions_painted) for s in samples]
    shown = [v for v in painted if v is not None]
    missing = (
        f"  [{len(painted) - len(shown)} not painted within {SUGGESTIONS_TIMEOUT_S:.0f} s]"
        if None in painted
        else ""
    )
    print(
        f"  click -> suggestions painted (with the {debounce} ms debounce): {spread(shown)}{missing}"
    )
    longest = [(s.longest()[1] - s.longest()[0]) * 1000 for s in samples]
    print(f"  UI blocked, longest busy stretch per click: {spread(longest)}")

    parts = []
    for generation in (0, 1, 2):
        took = [(end - start) * 1000 for s in samples for g, start, end in s.collections
                if g == generation]  # fmt: skip
        times = (
            f" (median {statistics.median(took):.1f} ms, max {max(took):.1f} ms)" if took else ""
        )
        parts.append(f"gen {generation}: {len(took)}{times}")
    print("  garbage collections during the clicks: " + "; ".join(parts))
    in_longest = sum(
        any(g == 2 and s.longest()[0] <= a and b <= s.longest()[1] for g, a, b in s.collections)
        for s in samples
    )
    print(f"  clicks whose longest busy stretch held a full (gen 2) collection: {in_longest}")
    return percentile(longest, 0.95)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=120, help="region clicks per journal")
    parser.add_argument("--muscle-clicks", type=int, default=40, help="on the muscle layers")
    parser.add_argument("--years", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--debounce-ms", type=int, default=None, help="default: the app's")
    args = parser.parse_args()
    if args.debounce_ms is None:
        args.debounce_ms = debounce_ms()
    rng = random.Random(20240514)

    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])
    results: dict[int, float] = {}
    print(f"debounce {args.debounce_ms} ms; clicks at least {max(3 * args.debounce_ms, 150)} ms "
          f"apart, each after its suggestions were painted; window 1440x900 offscreen; "
          f"{WARM_UP_CLICKS} warm-up clicks not counted")  # fmt: skip
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
          "(other work on the machine lengthens the times)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for years in args.years:
            journal = copy_journal(years, Path(folder))
            print(f"{years}-year journal: {describe(journal)}")
            began = time.perf_counter()
            samples = run_clicks(journal, args, rng)
            results[years] = report(samples, args.debounce_ms)
            print(f"  ({time.perf_counter() - began:.0f} s)")
    for years, p95 in results.items():
        verdict = "OK" if p95 < FRAME_MS else "ABOVE TARGET"
        print(f"UI blocked p95, {years}-year journal: {p95:.1f} ms "
              f"(target < {FRAME_MS:.1f} ms on 30 years) {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
