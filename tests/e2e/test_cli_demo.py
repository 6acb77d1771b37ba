"""`reliefmap --db PATH demo` writes the demo, and never touches a person's own journal."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from app.domain.journal import CheckIn
from app.domain.sessions import TreatmentSession
from app.store.demo import is_demo
from app.store.journal import JournalStore


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def refused(result: subprocess.CompletedProcess[str], words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return result.returncode == 2 and len(lines) == 1 and words in lines[0]


def test_demo_is_written_and_labelled(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    assert "Wrote the demo journal" in result.stdout
    store = JournalStore.open(path)
    count = store.count_check_ins()
    assert is_demo(store) and count > 150 and store.all_sessions()
    store.close()
    again = run_cli("--db", str(path), "demo")
    assert refused(again, "--replace")
    replaced = run_cli("--db", str(path), "demo", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    store = JournalStore.open(path)
    assert is_demo(store) and store.count_check_ins() == count  # replaced, not doubled
    store.close()


def test_demo_refuses_a_real_journal(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    store = JournalStore.open(path)
    store.add_check_in(CheckIn(datetime(2026, 1, 1), 4))
    store.close()
    before = path.read_bytes()
    for extra in ((), ("--replace",)):
        result = run_cli("--db", str(path), "demo", *extra)
        assert refused(result, "not the demo journal"), result.stderr
    assert path.read_bytes() == before


def test_demo_refuses_a_journal_with_only_sessions_or_nothing_yet(tmp_path: Path) -> None:
    sessions_only = tmp_path / "sessions.sqlite3"
    store = JournalStore.open(sessions_only)
    store.add_session(TreatmentSession(datetime(2026, 1, 1), "acupoint", "GB30", "left", 5, 3))
    store.close()
    empty = tmp_path / "empty.sqlite3"
    JournalStore.open(empty).close()
    for path in (sessions_only, empty):
        before = path.read_bytes()
        assert refused(run_cli("--db", str(path), "demo"), "not the demo journal")
        assert path.read_bytes() == before


def test_demo_refuses_a_file_that_is_not_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    assert refused(run_cli("--db", str(path), "demo"), "not a ReliefMap journal")
    assert path.read_text() == "my notes\n"
