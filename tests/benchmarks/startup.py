"""Start-up time: process start to the first painted main window, against a bare Qt window.

Runs ReliefMap (``python -m app --db <temp>``) and a bare PySide6 window with one label,
alternately, in fresh processes. Each child prints ``first-paint <epoch seconds>`` right after
its first paint has been processed (the same event-filter + ``QTimer.singleShot(0)`` in both);
the parent measures from just before it started the process. Prints medians and their ratio
(target: at most 1.5), and, for ReliefMap, when the journal was open and the history listed.

Both programs run as installed software does: with compiled bytecode. ``pip install`` compiles
every module at install time, and Python writes the rest on first import, but a machine with
``PYTHONDONTWRITEBYTECODE`` set (like the CI machines here) would make every ReliefMap run
recompile its own ~2,000 lines while the bare window only uses PySide6's pre-compiled files.
So the children get a private ``PYTHONPYCACHEPREFIX`` that the warm-up runs fill, for both.

    .venv/bin/python tests/benchmarks/startup.py [--runs 9] [--platform offscreen]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET_RATIO = 1.5

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
label = QLabel("ReliefMap")

def painted():
    print(f"first-paint {time.time():.6f}", flush=True)
    app.quit()

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, painted)
        return False

watcher = FirstPaint()
label.installEventFilter(watcher)
label.show()
app.exec()
"""


def run_once(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning ``command`` to each event it reports (first-paint, ready)."""
    start = time.time()
    result = subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({result.returncode}):\n{result.stderr}")
    events = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("first-paint", "ready"):
            events[name] = float(value) - start
    if "first-paint" not in events:
        raise SystemExit(f"{command[:3]} printed no first-paint marker:\n{result.stdout}")
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for children")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, RELIEFMAP_STARTUP_PROBE="1",
                   PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"))  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_script = Path(folder) / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        journal = Path(folder) / "journal.sqlite3"
        app_command = [sys.executable, "-m", "app", "--db", str(journal)]
        bare_command = [sys.executable, str(bare_script)]
        # Warm the file and bytecode caches and create the journal, once each.
        run_once(app_command, env)
        run_once(bare_command, env)
        app_runs, bare_runs = [], []
        for _ in range(args.runs):
            app_runs.append(run_once(app_command, env))
            bare_runs.append(run_once(bare_command, env))

    app_paint = statistics.median(run["first-paint"] for run in app_runs)
    app_ready = statistics.median(run["ready"] for run in app_runs)
    bare_paint = statistics.median(run["first-paint"] for run in bare_runs)
    ratio = app_paint / bare_paint
    print(f"runs each:                      {args.runs} (QT_QPA_PLATFORM={args.platform}, "
          "bytecode cached for both)")  # fmt: skip
    print(f"bare PySide6 window, first paint: {bare_paint * 1000:7.1f} ms (median)")
    print(f"ReliefMap main window, first paint: {app_paint * 1000:5.1f} ms (median)")
    print(f"ReliefMap journal open, history listed: {app_ready * 1000:.1f} ms (median)")
    verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"ratio ReliefMap / bare: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
