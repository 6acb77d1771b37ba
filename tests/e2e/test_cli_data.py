"""check / export / import on the command line, and damaged or foreign journals."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.journal import JournalStore


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    store = JournalStore.open(path)
    from datetime import datetime

    store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), 5, (PainMark("sacrum", 5),)))
    store.close()
    return path


def test_check_reports_integrity_schema_counts_and_backups(journal: Path) -> None:
    result = run_cli("--db", str(journal), "check")
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout
    assert "schema:    0002" in result.stdout
    assert "check_ins" in result.stdout and "latest backup: none yet" in result.stdout


def test_export_import_round_trip_and_no_duplicates(journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert (
        run_cli("--db", str(journal), "export", "--format", "json", "--out", str(out)).returncode
        == 0
    )
    assert json.loads(out.read_text())["format"] == "reliefmap-journal"
    other = tmp_path / "other.sqlite3"
    first = run_cli("--db", str(other), "import", str(out))
    assert first.returncode == 0 and "Imported 1 check ins" in first.stdout
    second = run_cli("--db", str(other), "import", str(out))
    assert "nothing new" in second.stdout
    csv_dir = tmp_path / "csv"
    assert (
        run_cli("--db", str(journal), "export", "--format", "csv", "--out", str(csv_dir)).returncode
        == 0
    )
    assert (csv_dir / "check_ins.csv").exists()


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(200, len(data), 97):
        data[offset] ^= 0xA5
    path.write_bytes(bytes(data))


def fold_wal(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.parametrize("case", ["corrupt", "truncated", "not_sqlite", "newer", "folder"])
def test_damaged_or_foreign_journal_exits_2_and_is_untouched(
    journal: Path, tmp_path: Path, case: str
) -> None:
    fold_wal(journal)
    target = journal
    if case == "corrupt":
        corrupt(journal)
    elif case == "truncated":
        journal.write_bytes(journal.read_bytes()[:5000])
    elif case == "not_sqlite":
        journal.write_bytes(b"%PDF-1.4 this is a letter from my doctor")
    elif case == "newer":
        with sqlite3.connect(journal) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '0099'")
        fold_wal(journal)
    elif case == "folder":
        target = tmp_path
    before = target.read_bytes() if target.is_file() else None
    for command in (["check"], ["export", "--out", str(tmp_path / "x.json")]):
        result = run_cli("--db", str(target), *command)
        assert result.returncode == 2, (case, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert any(
            word in lines[0]
            for word in (
                "damaged",
                "not a ReliefMap journal",
                "newer version",
                "cannot be opened",
                "folder",
            )
        )
        if before is not None:
            assert target.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run_cli(
            "--db", str(folder / "journal.sqlite3"), "import", str(tmp_path / "x.json")
        )
        assert result.returncode == 2 and "Cannot create" in result.stderr
    finally:
        folder.chmod(0o700)


def test_unwritable_location_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("--db", str(blocker / "journal.sqlite3"), "import", str(tmp_path / "x.json"))
    assert result.returncode == 2 and "Cannot create" in result.stderr


def test_missing_journal_for_check_says_so(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "nope.sqlite3"), "check")
    assert result.returncode == 2 and "No journal at" in result.stderr
    assert not (tmp_path / "nope.sqlite3").exists()
