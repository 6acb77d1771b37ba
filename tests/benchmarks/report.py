"""Clinician report timings on a journal of 10 years of daily check-ins with marks and sessions.

Prints, for the default 90 days and for the whole 10 years: building the report's numbers, the
page-1 preview the export dialog draws, and the full PDF (pages and size). Not a timed test: a
script whose figures go into closing notes.

    .venv/bin/python tests/benchmarks/report.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.charts import TODAY, fill


def timed(work, repeat: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median milliseconds of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), result


def main() -> None:
    from app.domain.regions import default_catalog
    from app.domain.report import ReportPeriod, build_report, report_period
    from app.render.report import first_page_png, report_pdf_bytes
    from app.store.journal import JournalStore
    from app.store.knowledge_db import open_knowledge

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.sqlite3"
        fill(path)
        store = JournalStore.open(path)
        load_ms, (check_ins, sessions, questionnaires, screens) = timed(
            lambda: (store.all_check_ins(), store.all_sessions(), store.all_questionnaires(),
                     store.all_red_flag_screens()), repeat=1)  # fmt: skip
        store.close()
    kb, regions = open_knowledge(), default_catalog()
    print(
        f"journal: {len(check_ins)} check-ins, {len(sessions)} sessions; read in {load_ms:.0f} ms"
    )
    for label, period in (
        ("last 90 days", report_period(TODAY)),
        ("all 10 years", ReportPeriod(None, TODAY)),
    ):
        build_ms, report = timed(lambda period=period: build_report(
            check_ins, sessions, questionnaires, screens, period, kb, regions, date.today()))  # fmt: skip
        preview_ms, _png = timed(lambda report=report: first_page_png(report, "a4", 64))
        pdf_ms, (pdf, pages) = timed(lambda report=report: report_pdf_bytes(report), repeat=1)
        print(f"{label:>13}: build {build_ms:6.0f} ms · page-1 preview {preview_ms:5.0f} ms · "
              f"PDF {pdf_ms:6.0f} ms ({pages} pages, {len(pdf) // 1024} KB)")  # fmt: skip


if __name__ == "__main__":
    main()
