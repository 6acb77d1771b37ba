"""check / export / import on the command line, and damaged, foreign or unreachable journals:
exit status 2, one clear line, and the file byte-identical afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.backup import backup_now
from app.store.journal import JournalStore

# Root ignores file permissions; without these capabilities it is held to them like a user.
_AS_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("setpriv")
    else []
)


def run_cli(*args: str, as_user: bool = False) -> subprocess.CompletedProcess[str]:
    prefix = _AS_USER if as_user else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    store = JournalStore.open(path)
    store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), 5, (PainMark("sacrum", 5),), note="=1"))
    store.close()
    return path


@pytest.fixture
def export_file(journal: Path, tmp_path: Path) -> Path:
    out = tmp_path / "export.json"
    result = run_cli("--db", str(journal), "export", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_check_reports_integrity_schema_counts_and_backups(journal: Path) -> None:
    result = run_cli("--db", str(journal), "check")
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout
    assert "schema:    0003 (this ReliefMap: 0003)" in result.stdout
    assert "check_ins                      1" in result.stdout
    assert "pain_marks                     1" in result.stdout
    assert "latest backup: none yet" in result.stdout
    backup_now(journal, "manual", datetime(2026, 1, 2, 3, 4))
    result = run_cli("--db", str(journal), "check")
    assert "latest backup: 2026-01-02 03:04 (manual, " in result.stdout
    assert "day(s) ago), 1 backup(s) in" in result.stdout


def test_check_never_upgrades_an_old_journal(tmp_path: Path) -> None:
    from app.store.engine import make_engine
    from app.store.migrate import upgrade_to_head

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    upgrade_to_head(engine, path, target="0001")
    engine.dispose()
    before = path.read_bytes()
    result = run_cli("--db", str(path), "check")
    assert result.returncode == 0, result.stderr
    assert "schema:    0001 (this ReliefMap: 0003); upgraded when" in result.stdout
    assert path.read_bytes() == before and not (tmp_path / "old-backups").exists()


def test_export_import_round_trip_and_no_duplicates(
    journal: Path, export_file: Path, tmp_path: Path
) -> None:
    assert json.loads(export_file.read_text())["format"] == "reliefmap-journal"
    other = tmp_path / "other.sqlite3"
    first = run_cli("--db", str(other), "import", str(export_file))
    assert first.returncode == 0 and first.stdout.strip() == "Imported 1 check ins"
    second = run_cli("--db", str(other), "import", str(export_file))
    assert second.returncode == 0
    assert second.stdout.strip() == "Imported nothing new; 1 already there"
    again = tmp_path / "again.json"
    run_cli("--db", str(other), "export", "--out", str(again))
    assert (
        json.loads(again.read_text())["check_ins"]
        == json.loads(export_file.read_text())["check_ins"]
    )


def test_csv_export_to_a_folder_and_a_zip(journal: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    result = run_cli("--db", str(journal), "export", "--format", "csv", "--out", str(folder))
    assert result.returncode == 0 and "Exported 8 CSV file(s) to" in result.stdout
    assert "'=1" in (folder / "check_ins.csv").read_text(encoding="utf-8-sig")
    archive = tmp_path / "journal.zip"
    result = run_cli("--db", str(journal), "export", "--format", "csv", "--out", str(archive))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as zipped:
        assert "check_ins.csv" in zipped.namelist()


def test_bad_import_exits_2_lists_problems_and_creates_nothing(
    export_file: Path, tmp_path: Path
) -> None:
    document = json.loads(export_file.read_text())
    document["check_ins"][0]["overall_pain"] = 11
    document["check_ins"][0]["marks"][0]["region"] = "moon"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    target = tmp_path / "new.sqlite3"
    result = run_cli("--db", str(target), "import", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Nothing was imported: 2 problem(s) found." in result.stderr
    assert "$.check_ins[0].marks[0]: Unknown region 'moon'" in result.stderr
    assert "$.check_ins[0]: Overall pain must be from 0 to 10" in result.stderr
    assert not target.exists()
    for text, message in (("{nope", "not valid JSON (line 1"), ('{"format": "x"}', "not a")):
        bad.write_text(text)
        result = run_cli("--db", str(target), "import", str(bad))
        assert result.returncode == 2 and message in result.stderr and not target.exists()


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(200, len(data), 97):
        data[offset] ^= 0xA5
    path.write_bytes(bytes(data))


def fold_wal(path: Path) -> None:
    """Everything into the main file, and the connection closed (its -wal/-shm removed)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.commit()


CASES = ["corrupt", "random_after_header", "truncated", "not_sqlite", "empty_sqlite_other_app",
         "newer", "folder"]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_damaged_or_foreign_journal_exits_2_and_is_untouched(
    journal: Path, export_file: Path, tmp_path: Path, case: str
) -> None:
    fold_wal(journal)
    target = journal
    if case == "corrupt":
        corrupt(journal)
    elif case == "random_after_header":
        journal.write_bytes(journal.read_bytes()[:100] + os.urandom(len(journal.read_bytes())))
    elif case == "truncated":
        journal.write_bytes(journal.read_bytes()[:5000])
    elif case == "not_sqlite":
        journal.write_bytes(b"%PDF-1.4 this is a letter from my doctor")
    elif case == "empty_sqlite_other_app":
        journal.unlink()
        with contextlib.closing(sqlite3.connect(journal)) as connection:
            connection.execute("CREATE TABLE recipes (name TEXT)")
    elif case == "newer":
        with contextlib.closing(sqlite3.connect(journal)) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '0099'")
            connection.commit()
        fold_wal(journal)
    elif case == "folder":
        target = tmp_path
    before = target.read_bytes() if target.is_file() else None
    listing = sorted(p.name for p in tmp_path.iterdir())
    commands = (["check"], ["export", "--out", str(tmp_path / "x.json")],
                ["export", "--format", "csv", "--out", str(tmp_path / "csv")],
                ["import", str(export_file)])  # fmt: skip
    for command in commands:
        result = run_cli("--db", str(target), *command)
        assert result.returncode == 2, (case, command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        assert any(
            word in lines[0]
            for word in (
                "damaged",
                "not a ReliefMap journal",
                "newer version",
                "cannot be opened",
                "folder",
            )
        ), lines[0]
        if case != "folder":
            assert "left untouched" in lines[0] or "Update ReliefMap" in lines[0], lines[0]
        if before is not None:
            assert target.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no stray files


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.skipif(os.geteuid() == 0 and not _AS_USER, reason="root without setpriv")
@pytest.mark.parametrize("existing", [False, True])
def test_read_only_folder_exits_2(
    journal: Path, export_file: Path, tmp_path: Path, existing: bool
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "journal.sqlite3"
    if existing:
        fold_wal(journal)
        shutil.copyfile(journal, target)
    folder.chmod(0o500)
    before = target.read_bytes() if existing else None
    try:
        commands = [["import", str(export_file)]]
        if existing:
            commands += [["check"]]
            # Reading needs no write access: a journal on read-only media can be exported.
            exported = run_cli("--db", str(target), "export", "--out", str(tmp_path / "x.json"),
                               as_user=True)  # fmt: skip
            assert exported.returncode == 0, exported.stderr
            assert target.read_bytes() == before
        for command in commands:
            result = run_cli("--db", str(target), *command, as_user=True)
            assert result.returncode == 2, (command, result.stdout, result.stderr)
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert "Cannot create" in result.stderr or "cannot be opened" in result.stderr
            if existing:
                assert target.read_bytes() == before
            else:
                assert not target.exists()
    finally:
        folder.chmod(0o700)


def test_unwritable_location_exits_2(export_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("--db", str(blocker / "journal.sqlite3"), "import", str(export_file))
    assert result.returncode == 2 and "Cannot create" in result.stderr


def test_export_to_an_unwritable_place_exits_2(journal: Path, tmp_path: Path) -> None:
    result = run_cli("--db", str(journal), "export", "--out", str(tmp_path))
    assert result.returncode == 2 and "Cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_journal_for_check_says_so(tmp_path: Path) -> None:
    for command in (["check"], ["export", "--out", str(tmp_path / "x.json")]):
        result = run_cli("--db", str(tmp_path / "nope.sqlite3"), *command)
        assert result.returncode == 2 and "No journal at" in result.stderr
    assert not (tmp_path / "nope.sqlite3").exists()
