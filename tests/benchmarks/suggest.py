"""Benchmark: one full suggestion for 1, 10 and all regions marked, and the KB build time.

Run: .venv/bin/python tests/benchmarks/suggest.py   (prints figures; not a test)
Targets: under 5 ms with all regions marked (in-process, warm); build under 1 s.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.domain.journal import PainMark, TightMuscle
from app.domain.knowledge_loader import load_knowledge
from app.domain.regions import default_catalog
from app.domain.suggest import Engine, SuggestionRequest, TechniqueOutcome
from app.store.knowledge_db import build_knowledge_db, open_knowledge, read_knowledge_db

REPEATS = 200


def median_ms(function, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    catalog = default_catalog()
    start = time.perf_counter()
    engine = Engine(load_knowledge(), catalog)
    engine_ms = (time.perf_counter() - start) * 1000
    ids = [region.id for region in catalog]
    back_first = sorted(ids, key=lambda rid: "back" not in rid and "buttock" not in rid)
    for count in (1, 10, len(ids)):
        marks = tuple(PainMark(rid, 1 + i % 10) for i, rid in enumerate(back_first[:count]))
        request = SuggestionRequest(marks=marks)
        engine.suggest(request)  # warm
        elapsed = median_ms(lambda request=request: engine.suggest(request))
        print(f"suggest, {count:>2} regions marked: {elapsed:6.2f} ms median")
    # A long-time user: every region marked with qualities, tight muscles, 3,000 sessions.
    kb = engine.kb
    kinds = [("trigger_point", m) for m in kb.muscles] + [("acupoint", c) for c in kb.acupoints]
    history = tuple(
        TechniqueOutcome(kind, item, ("left", "right", "both")[i % 3], 6, i % 8)
        for i, (kind, item) in enumerate(kinds * (3000 // len(kinds) + 1))
    )[:3000]
    request = SuggestionRequest(
        marks=tuple(PainMark(rid, 1 + i % 10, frozenset({"aching", "tingling"}))
                    for i, rid in enumerate(ids)),
        tight_muscles=tuple(TightMuscle(m, "both") for m in kb.muscles),
        flags=frozenset({"night_pain"}),
        history=history,
    )  # fmt: skip
    engine.suggest(request)
    elapsed = median_ms(lambda: engine.suggest(request))
    print(f"suggest, all regions + all muscles tight + 3000 sessions: {elapsed:6.2f} ms median")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "kb.sqlite3"
        build_times = []
        for _ in range(5):
            start = time.perf_counter()
            build_knowledge_db(target)
            build_times.append((time.perf_counter() - start) * 1000)
        read_ms = median_ms(lambda: read_knowledge_db(target), repeats=10)
        open_knowledge(Path(folder))  # builds once; later calls only check the fingerprint
        open_ms = median_ms(lambda: open_knowledge(Path(folder)), repeats=10)
    print(f"knowledge base build (CSV -> SQLite): {statistics.median(build_times):6.1f} ms median")
    print(f"knowledge base read (SQLite -> dataclasses): {read_ms:6.1f} ms median")
    print(f"open_knowledge, cache up to date (hash data/ + read): {open_ms:6.1f} ms median")
    print(f"engine construction (indexes, geometry): {engine_ms:6.1f} ms (first, cold)")


if __name__ == "__main__":
    main()
