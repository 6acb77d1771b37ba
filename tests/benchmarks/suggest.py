"""Benchmark: ``reliefmap suggest … --json`` as the person (or a script) waits for it.

What is waited for is the whole process: the interpreter starting, every import, the knowledge
base checked against ``data/`` and read from its cache, the engine, and the JSON printed. So
each figure is the wall time of a fresh ``python -m app suggest … --json`` process, measured
against the floor the issue names, a fresh ``python -c "import sqlalchemy"`` (and, for
context, ``python -c pass``). Runs alternate (floor, command, floor, command, …) so a machine
that gets busier part-way slows both alike; medians are reported.

Both run with compiled bytecode in a private ``PYTHONPYCACHEPREFIX`` warmed first (this
machine sets ``PYTHONDONTWRITEBYTECODE=1``, which would otherwise make every run compile
everything again) and with a private knowledge cache (``XDG_CACHE_HOME``) that the warm-up
builds, as it is after the first start. The first, cold-cache run is printed separately.

Run: .venv/bin/python tests/benchmarks/suggest.py [--runs 9]   (prints figures; not a test)
Target (issue 13): the command ≤ 1.3 × the ``import sqlalchemy`` floor.
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
TARGET = 1.3
SUGGEST = ("-m", "app", "suggest", "--mark", "low_back_left=6:aching",
           "--mark", "buttock_upper_left=4", "--tight", "quadratus_lumborum_left", "--json")  # fmt: skip
FLOOR = ("-c", "import sqlalchemy")
BARE = ("-c", "pass")


def wall_ms(args: tuple[str, ...], env: dict[str, str]) -> float:
    """One fresh process, start to exit, as the shell sees it."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs of each (default 9)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {key: value for key, value in os.environ.items()
               if key not in ("PYTHONDONTWRITEBYTECODE", "XDG_CACHE_HOME")}  # fmt: skip
        env.update(PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"),
                   XDG_CACHE_HOME=str(Path(folder) / "cache"))  # fmt: skip
        # Warm up: bytecode compiled once for all three; the first suggest builds the cache.
        wall_ms(BARE, env)
        wall_ms(FLOOR, env)
        subprocess.run([sys.executable, "-c", "import app.cli, app.domain.suggest"],
                       cwd=REPO, env=env, check=True)  # fmt: skip
        cold = wall_ms(SUGGEST, env)
        for args in (BARE, FLOOR, SUGGEST):
            wall_ms(args, env)
        times: dict[tuple[str, ...], list[float]] = {BARE: [], FLOOR: [], SUGGEST: []}
        for _ in range(runs):
            for args in (FLOOR, SUGGEST, BARE):
                times[args].append(wall_ms(args, env))
    floor, suggest = statistics.median(times[FLOOR]), statistics.median(times[SUGGEST])
    labels = {BARE: "python -c pass", FLOOR: "python -c 'import sqlalchemy'",
              SUGGEST: "reliefmap suggest ... --json"}  # fmt: skip
    print(f"median of {runs} alternated runs, whole process (min-max):")
    for args, label in labels.items():
        low, high = min(times[args]), max(times[args])
        median = statistics.median(times[args])
        note = "  <- floor" if args == FLOOR else ""
        print(f"  {label:<30}  {median:6.0f} ms  ({low:.0f}-{high:.0f}){note}")
    print(f"  {'first suggest, cache built':<30}  {cold:6.0f} ms  (once, not in the ratio)")
    ratio = suggest / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"ratio suggest / floor: {ratio:.2f}x  (target <= {TARGET}x: {verdict})")


if __name__ == "__main__":
    main()
