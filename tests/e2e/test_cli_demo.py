"""`reliefmap --db PATH demo` writes the demo, and never touches a person's own journal."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from app.domain.journal import CheckIn
from app.store.demo import is_demo
from app.store.journal import JournalStore


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120
    )


def test_demo_is_written_and_labelled(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    store = JournalStore.open(path)
    assert is_demo(store) and store.count_check_ins() > 150 and store.all_sessions()
    store.close()
    again = run_cli("--db", str(path), "demo")
    assert again.returncode == 2 and "--replace" in again.stderr
    assert run_cli("--db", str(path), "demo", "--replace").returncode == 0


def test_demo_refuses_a_real_journal(tmp_path: Path) -> None:
    path = tmp_path / "mine.sqlite3"
    store = JournalStore.open(path)
    store.add_check_in(CheckIn(datetime(2026, 1, 1), 4))
    store.close()
    before = path.read_bytes()
    result = run_cli("--db", str(path), "demo")
    assert result.returncode == 2 and "your own journal" in result.stderr
    assert path.read_bytes() == before
