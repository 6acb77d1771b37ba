"""Start-up: how long until the window is usable on a 10-year journal, and how much memory it
holds then, each against a bare PySide6 main window.

What the user waits for is the window they can use: the journal open and its history shown,
not the first frame of the map. So ReliefMap's time runs from just before its process is
spawned (``python -m app --db JOURNAL``, the same as launching it) to the ``ready`` line that
``RELIEFMAP_STARTUP_PROBE=1`` makes it print once the journal is open and the history listed
(it then quits). The floor is the least any PySide6 app can do: a bare ``QMainWindow`` with a
central ``QLabel``, the same size, shown, timed from spawn to the end of its first paint (the
event-filter + ``QTimer.singleShot(0)`` that the app's probe also uses). The two are spawned
alternately, ``--runs`` times each after warm-up runs, and the medians compared: target at
most 3x. ReliefMap's own first paint (the map alone) is printed too, for information.

The journal is ten years of daily check-ins with several treatment sessions a week, red-flag
screens, questionnaires, self-tests and settings (``journals.py``), built once and cached.

Memory: both children run through the same small wrapper, which runs the program in-process
(``runpy``) and reads ``/proc/self/status`` the moment the program prints its marker (``ready``
or ``first-paint``): VmRSS then is what the usable window occupies. At exit it prints the peak
(``ru_maxrss``). Target: ReliefMap's resident memory at most 2.5x the bare window's. Linux only.

Both programs run as installed software does: with compiled bytecode. ``pip install`` compiles
every module at install time, and Python writes the rest on first import, but a machine with
``PYTHONDONTWRITEBYTECODE`` set (like the CI machines here) would make every ReliefMap run
recompile its own modules while the bare window only uses PySide6's pre-compiled files.
So the children get a private ``PYTHONPYCACHEPREFIX`` that the warm-up runs fill, for both.

    .venv/bin/python tests/benchmarks/startup.py [--runs 9] [--years 10] [--platform offscreen]
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from journals import copy_journal, describe

REPO = Path(__file__).resolve().parents[2]
TARGET_TIME_RATIO = 3.0
TARGET_MEMORY_RATIO = 2.5
WARM_UP_RUNS = 2

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
label = QLabel("ReliefMap")
window.setCentralWidget(label)
window.resize(1440, 900)

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
window.show()
app.exec()
"""

#: Runs a program in-process and reports its resident memory: ``rss-usable KiB`` when it prints
#: the line starting with argv[1] (read at that moment, written after the line), ``rss-peak
#: KiB`` at exit. argv[2:] is ``-m module args...`` or ``script args...``.
MEMORY_WRAPPER = """
import atexit, resource, runpy, sys

def vm(field):
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1

class Watch:
    def __init__(self, stream, marker):
        self._stream, self._marker = stream, marker + " "
        self._seen, self._pending = False, None
    def write(self, text):
        if not self._seen and text.startswith(self._marker):
            self._seen, self._pending = True, vm("VmRSS")
        return self._stream.write(text)
    def flush(self):
        if self._pending is not None:
            self._stream.write(f"rss-usable {self._pending}\\n")
            self._pending = None
        self._stream.flush()
    def __getattr__(self, name):
        return getattr(self._stream, name)

marker, rest = sys.argv[1], sys.argv[2:]
sys.stdout = Watch(sys.stdout, marker)
atexit.register(lambda: print(f"rss-peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}",
                              file=sys.__stdout__, flush=True))
if rest[0] == "-m":
    sys.argv = [rest[1], *rest[2:]]
    runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
else:
    sys.argv = rest
    runpy.run_path(rest[0], run_name="__main__")
"""


def run_once(command: list[str], env: dict[str, str], marker: str) -> dict[str, float]:
    """Seconds from spawning ``command`` to each event it reports; KiB for the memory lines."""
    start = time.time()
    result = subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=180, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{command[2:5]} failed ({result.returncode}):\n{result.stderr}")
    events: dict[str, float] = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("first-paint", "ready"):
            events[name] = float(value) - start
        elif name in ("rss-usable", "rss-peak"):
            events[name] = float(value)
    missing = {marker, "rss-usable", "rss-peak"} - events.keys()
    if missing:
        raise SystemExit(f"{command[2:5]} printed no {sorted(missing)}:\n{result.stdout}")
    return events


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--years", type=int, default=10, help="length of the journal opened")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for children")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, RELIEFMAP_STARTUP_PROBE="1",
                   PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"))  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_script = Path(folder) / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        wrapper = Path(folder) / "memory_wrapper.py"
        wrapper.write_text(MEMORY_WRAPPER, encoding="utf-8")
        journal = copy_journal(args.years, Path(folder))
        print(f"journal: {args.years} years, {describe(journal)}")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        app_command = [sys.executable, str(wrapper), "ready", "-m", "app", "--db", str(journal)]
        bare_command = [sys.executable, str(wrapper), "first-paint", str(bare_script)]
        # Warm the file and bytecode caches (and let the first run take the day's backup).
        for _ in range(WARM_UP_RUNS):
            run_once(app_command, env, "ready")
            run_once(bare_command, env, "first-paint")
        app_runs, bare_runs = [], []
        for _ in range(args.runs):
            app_runs.append(run_once(app_command, env, "ready"))
            bare_runs.append(run_once(bare_command, env, "first-paint"))

    print(
        f"load average after:  {os.getloadavg()[0]:.2f} (other work on the machine skews "
        "the times; the alternation keeps the ratio fairer)"
    )
    bare_paint = median(bare_runs, "first-paint")
    app_paint = median(app_runs, "first-paint")
    app_ready = median(app_runs, "ready")
    ratio = app_ready / bare_paint
    print(f"runs each: {args.runs}, alternated (QT_QPA_PLATFORM={args.platform}, bytecode cached "
          f"for both, {WARM_UP_RUNS} warm-up runs each)")  # fmt: skip
    print(f"bare QMainWindow shown, first paint:       {bare_paint * 1000:7.1f} ms (median)")
    print(f"ReliefMap map painted (information):       {app_paint * 1000:7.1f} ms (median)")
    print(f"ReliefMap usable (journal open, history):  {app_ready * 1000:7.1f} ms (median)")
    verdict = "OK" if ratio <= TARGET_TIME_RATIO else "ABOVE TARGET"
    print(f"ratio usable / bare: {ratio:.2f} (target <= {TARGET_TIME_RATIO}) {verdict}")

    mib = 1024.0
    bare_rss, app_rss = median(bare_runs, "rss-usable") / mib, median(app_runs, "rss-usable") / mib
    bare_peak, app_peak = median(bare_runs, "rss-peak") / mib, median(app_runs, "rss-peak") / mib
    print(f"resident memory once usable: ReliefMap {app_rss:.1f} MiB, bare {bare_rss:.1f} MiB "
          f"(medians; VmRSS)")  # fmt: skip
    print(f"peak resident memory:        ReliefMap {app_peak:.1f} MiB, bare {bare_peak:.1f} MiB "
          f"(medians; ru_maxrss)")  # fmt: skip
    for what, value in (("once usable", app_rss / bare_rss), ("peak", app_peak / bare_peak)):
        verdict = "OK" if value <= TARGET_MEMORY_RATIO else "ABOVE TARGET"
        print(f"memory ratio {what}: {value:.2f} (target <= {TARGET_MEMORY_RATIO}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
