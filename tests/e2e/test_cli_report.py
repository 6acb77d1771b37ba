"""``reliefmap report``: a real PDF from the demo journal, read back with pypdf.

Checks what a clinician relies on: page 1's summary text, real (extractable) text, vector
drawing (no raster images), A4 and Letter sizes, the tables' rows, a short report for an empty
period, and bad requests refused before anything is written.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.demo import generate_demo_journal

A4 = (595, 842)  # points, rounded
LETTER = (612, 792)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def demo_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "demo.sqlite3"
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def full_report(demo_journal: Path) -> PdfReader:
    out = demo_journal.parent / "full.pdf"
    result = run_cli("--db", str(demo_journal), "report", "--out", str(out), "--days", "90",
                     "--name", "Alex Example")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "report for" in result.stdout and str(out) in result.stdout
    return PdfReader(out)


def _size(page: object) -> tuple[int, int]:
    box = page.mediabox  # type: ignore[attr-defined]
    return round(float(box.width)), round(float(box.height))


def test_page_one_is_a_summary_a_clinician_can_read(full_report: PdfReader) -> None:
    text = full_report.pages[0].extract_text()
    for words in (
        "Pain journal summary",
        "Name: Alex Example",
        "Pain drawing",
        "Front",
        "Back",
        "Pain now",
        "Average over the period",
        "Trend",
        "Flare-ups in the period",
        "Outcome measures",
        "Oswestry Disability Index",
        "Roland-Morris",
        "Red-flag screen",
        "No warning signs reported",
        "every cauda-equina sign",
        "Safety rules the app applied",
        "What the patient tried",
        "Piriformis",
        "page 1 of",
        "does not diagnose",
        "DEMO (synthetic data",  # the demo journal's report says so
    ):
        assert words in text, words
    # L/R labels on both views: R..L over the front, L..R over the back.
    assert re.search(r"\bR\b", text) and re.search(r"\bL\b", text)


def test_the_report_is_vector_with_real_text_on_a4(full_report: PdfReader) -> None:
    assert len(full_report.pages) >= 5
    for page in full_report.pages:
        assert _size(page) == A4
        assert not page.images  # drawn as paths and text, never a picture of a page
        assert page.extract_text().strip()
    fonts = str(full_report.pages[0]["/Resources"]["/Font"])
    assert fonts  # text is set in embedded fonts, so it can be selected and searched
    assert full_report.metadata.title.startswith("ReliefMap pain journal summary")


def test_charts_and_tables_follow_page_one(full_report: PdfReader) -> None:
    texts = [page.extract_text() for page in full_report.pages]
    assert all("DEMO (synthetic data" in text for text in texts)  # every page, loose or not
    assert "Pain over time" in texts[1] and "Flare-ups: how often and how long" in texts[1]
    assert "Where it hurts" in texts[2] and "What helped" in texts[2]
    check_in_pages = [t for t in texts if t.startswith("Check-ins") or "\nCheck-ins" in t[:200]]
    assert check_in_pages
    # Every check-in of the period is a row: count the rows' dates in the tables.
    end = date.today()
    start = end - timedelta(days=89)
    journal = generate_demo_journal(end=end)
    expected = sum(start <= c.taken_at.date() <= end for c in journal.check_ins)
    sessions = sum(start <= s.started_at.date() <= end for s in journal.sessions)
    tests = sum(start <= t.taken_at.date() <= end for t in journal.self_tests)
    routines = sum(start <= r.started_at.date() <= end for r in journal.routine_runs)
    table_text = "\n".join(texts[3:])
    rows = re.findall(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d \w{3} \d{4}", table_text)
    assert len(rows) == expected + sessions + tests + routines
    assert "Self-treatment sessions" in table_text
    assert "Guided self-tests" in table_text and "Daily routine: Routine done on" in table_text
    assert f"page {len(texts)} of {len(texts)}" in texts[-1]


def test_letter_paper_and_a_summary_only_report(demo_journal: Path) -> None:
    out = demo_journal.parent / "letter.pdf"
    result = run_cli("--db", str(demo_journal), "report", "--out", str(out), "--paper",
                     "letter", "--sections", "")  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert _size(reader.pages[0]) == LETTER
    assert "Name:" not in reader.pages[0].extract_text()  # no name given, none printed


def test_a_period_with_nothing_recorded_is_a_short_report(demo_journal: Path) -> None:
    out = demo_journal.parent / "empty.pdf"
    result = run_cli("--db", str(demo_journal), "report", "--out", str(out), "--from",
                     "2001-01-01", "--to", "2001-03-31")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "nothing was recorded" in result.stdout
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Nothing was recorded in this period" in text
    assert "01 Jan 2001 – 31 Mar 2001" in text


def test_an_empty_journal_gives_a_short_report(tmp_path: Path) -> None:
    journal = tmp_path / "new.sqlite3"
    from app.store.journal import JournalStore

    JournalStore.open(journal).close()
    out = tmp_path / "r.pdf"
    result = run_cli("--db", str(journal), "report", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "Nothing was recorded" in text and "DEMO" not in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--days", "0"], "number of days"),
        (["--days", "30", "--from", "2026-01-01"], "not both"),
        (["--from", "2026-02-30"], "not a date"),
        (["--from", "2026-03-01", "--to", "2026-02-01"], "after it ends"),
        (["--sections", "charts,pictures"], "Unknown report section 'pictures'"),
        (["--name", "x" * 81], "at most 80"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(
    demo_journal: Path, args: list[str], words: str
) -> None:
    out = demo_journal.parent / "refused.pdf"
    result = run_cli("--db", str(demo_journal), "report", "--out", str(out), *args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_not_a_pdf_name_or_no_journal_is_refused(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "none.sqlite3"), "report", "--out",
                     str(tmp_path / "r.txt"))  # fmt: skip
    assert result.returncode == 2 and "ending in .pdf" in result.stderr
    result = run_cli("--db", str(tmp_path / "none.sqlite3"), "report", "--out",
                     str(tmp_path / "r.pdf"))  # fmt: skip
    assert result.returncode == 2 and "No journal at" in result.stderr
    assert not (tmp_path / "none.sqlite3").exists() and not (tmp_path / "r.pdf").exists()
