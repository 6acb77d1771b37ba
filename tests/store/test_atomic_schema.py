"""Creation and upgrades are one transaction; interrupted ones from older versions are repaired;
any legal file name opens exactly that file. Real SQLite files in temp folders."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from alembic import op

from app.domain.journal import CheckIn, PainMark
from app.store.backup import backup_now, list_backups
from app.store.engine import make_engine
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.migrate import head_revision, upgrade_to_head

OLD_JOURNAL = Path(__file__).with_name("journals") / "journal-0001.sqlite3"
OLD_UIDS = {f"old{n:029d}" for n in range(1, 6)}


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=("sacrum",), muscle_ids=())


def tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        connection.close()


def revision(path: Path) -> str | None:
    if "alembic_version" not in tables(path):
        return None
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def old_copy(tmp_path: Path, name: str = "journal.sqlite3") -> Path:
    path = tmp_path / name
    shutil.copyfile(OLD_JOURNAL, path)
    return path


def test_the_stored_version_0001_journal_upgrades_keeping_every_row(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    store = open_store(path)
    try:
        assert {c.uid for c in store.all_check_ins()} == OLD_UIDS
        assert store.notices == []
    finally:
        store.close()
    assert revision(path) == head_revision()
    assert [b.reason for b in list_backups(path)] == ["before-migration"]


def test_an_upgrade_that_fails_half_way_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: each CREATE TABLE committed by itself, leaving 0002's first tables at 0001."""
    path = old_copy(tmp_path)
    real_create_index = op.create_index

    def failing_create_index(name: str, *args: object, **kwargs: object) -> object:
        if name == "ix_questionnaires_taken_at":  # after treatment_sessions was created
            raise OSError("simulated crash")
        return real_create_index(name, *args, **kwargs)

    monkeypatch.setattr(op, "create_index", failing_create_index)
    with pytest.raises(OSError, match="simulated crash"):
        open_store(path)
    assert revision(path) == "0001"
    assert "treatment_sessions" not in tables(path)
    monkeypatch.undo()
    open_store(path).close()  # and the next start upgrades it whole
    assert revision(path) == head_revision()


def test_a_creation_that_fails_half_way_leaves_no_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.sqlite3"
    real_create_table = op.create_table

    def failing_create_table(name: str, *args: object, **kwargs: object) -> object:
        if name == "tight_muscles":
            raise OSError("simulated crash")
        return real_create_table(name, *args, **kwargs)

    monkeypatch.setattr(op, "create_table", failing_create_table)
    with pytest.raises(OSError):
        open_store(path)
    assert tables(path) <= {"alembic_version"}
    assert revision(path) is None
    monkeypatch.undo()
    open_store(path).close()
    assert revision(path) == head_revision()


def test_a_journal_half_upgraded_by_an_older_version_is_repaired(tmp_path: Path) -> None:
    """What ReliefMap 0.1 left when killed during 0001 -> 0002 (6 of 22 kills in the field)."""
    path = old_copy(tmp_path)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(
        "CREATE TABLE treatment_sessions (id INTEGER PRIMARY KEY, uid VARCHAR(32) NOT NULL)"
    )
    connection.execute("CREATE INDEX ix_sessions_started_at ON treatment_sessions (uid)")
    connection.close()
    store = open_store(path)
    try:
        assert {c.uid for c in store.all_check_ins()} == OLD_UIDS
        assert any("half-upgraded" in notice for notice in store.notices)
        assert store.all_sessions() == []
    finally:
        store.close()
    assert revision(path) == head_revision()
    assert list_backups(path)  # the pre-upgrade state was kept


def test_a_journal_half_created_by_an_older_version_is_set_up_again(tmp_path: Path) -> None:
    """What ReliefMap 0.1 left when killed while creating a journal (8 of 15 kills)."""
    path = tmp_path / "journal.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("CREATE TABLE check_ins (id INTEGER PRIMARY KEY, uid VARCHAR(32))")
    connection.close()
    store = open_store(path)
    try:
        assert any("half-created" in notice for notice in store.notices)
        store.add_check_in(CheckIn(datetime(2026, 11, 1), 3, (PainMark("sacrum", 3),)))
        assert store.count_check_ins() == 1
    finally:
        store.close()


def test_leftover_tables_with_entries_are_refused_untouched(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE settings (key VARCHAR(64) PRIMARY KEY, value TEXT)")
    connection.execute("INSERT INTO settings VALUES ('a', 'b')")
    connection.close()
    with pytest.raises(StoreError, match=r"half-upgraded.*restore a backup"):
        open_store(path)
    assert revision(path) == "0001" and "settings" in tables(path)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT * FROM settings").fetchall() == [("a", "b")]
    connection.close()


def test_another_alembic_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.close()
    with pytest.raises(StoreError, match="not a ReliefMap journal"):
        open_store(path)
    assert tables(path) == {"alembic_version", "invoices"}


@pytest.mark.parametrize(
    "name", ["pain?.sqlite3", "100%41 pain.sqlite3", "a#b.sqlite3", "x?mode=ro&cache=shared.db"]
)
def test_any_legal_file_name_opens_exactly_that_file(tmp_path: Path, name: str) -> None:
    """Before: the URL was pasted together, so 'pain?.sqlite3' wrote to a file named 'pain'."""
    path = tmp_path / name
    store = open_store(path)
    try:
        store.add_check_in(CheckIn(datetime(2026, 11, 1), 3, (PainMark("sacrum", 3),)))
    finally:
        store.close()
    journal_files = {p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))}
    assert journal_files == {name}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = backup_now(path, "manual")
    connection = sqlite3.connect(backup)
    assert connection.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0] == 1
    connection.close()
    reopened = open_store(path)
    assert reopened.count_check_ins() == 1
    reopened.close()


def test_make_engine_never_builds_a_url_from_the_path(tmp_path: Path) -> None:
    path = tmp_path / "q?.db"
    engine = make_engine(path)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    assert path.is_file() and not (tmp_path / "q").exists()


def test_an_existing_world_readable_journal_is_made_private(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    os.chmod(path, 0o644)
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_upgrade_to_head_returns_at_once_when_current(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    engine = make_engine(path)
    try:
        assert upgrade_to_head(engine, path) == []
    finally:
        engine.dispose()


CREATOR = """
import sys
from pathlib import Path
from app.store.journal import JournalStore
JournalStore.open(Path(sys.argv[1]), region_ids=(), muscle_ids=()).close()
"""


@pytest.mark.slow
def test_four_processes_creating_one_journal_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    root = Path(__file__).resolve().parents[2]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(path)],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [child.communicate(timeout=120)[1] for child in children]
    assert [child.returncode for child in children] == [0, 0, 0, 0], errors
    assert revision(path) == head_revision()


def _schema_objects(revision_tables: set[str] | None = None) -> list[tuple[str, str, str]]:
    """(type, name, sql) of every table and index of a new journal, in creation order."""
    path_engine = make_engine(Path(":memory:"), wal=False)
    try:
        with path_engine.begin() as connection:
            from alembic import command

            from app.store.migrate import _alembic_config  # the real migrations, in memory

            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, head_revision())
            rows = connection.exec_driver_sql(
                "SELECT type, name, sql, tbl_name FROM sqlite_master WHERE sql IS NOT NULL"
                " AND name != 'alembic_version' ORDER BY rowid"
            ).fetchall()
    finally:
        path_engine.dispose()
    return [(kind, name, sql) for kind, name, sql, table in rows
            if revision_tables is None or table not in revision_tables]  # fmt: skip


_TABLES_0001 = {"check_ins", "pain_marks", "pain_mark_qualities", "tight_muscles"}
_UPGRADE_OBJECTS = _schema_objects(_TABLES_0001)
_CREATE_OBJECTS = _schema_objects()


@pytest.mark.parametrize("done", range(1, len(_UPGRADE_OBJECTS) + 1))
def test_every_state_an_old_interrupted_upgrade_left_is_repaired(tmp_path: Path, done: int) -> None:
    """ReliefMap 0.1 committed each CREATE of 0002 by itself: a kill after any of them."""
    path = old_copy(tmp_path)
    connection = sqlite3.connect(path, isolation_level=None)
    for _kind, _name, sql in _UPGRADE_OBJECTS[:done]:
        connection.execute(sql)
    connection.close()
    store = open_store(path)
    try:
        assert {c.uid for c in store.all_check_ins()} == OLD_UIDS
        assert any("half-upgraded" in notice for notice in store.notices)
    finally:
        store.close()
    assert revision(path) == head_revision()


@pytest.mark.parametrize("done", range(1, len(_CREATE_OBJECTS) + 1))
def test_every_state_an_old_interrupted_creation_left_is_set_up_again(
    tmp_path: Path, done: int
) -> None:
    path = tmp_path / "journal.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
                       " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")  # fmt: skip
    for _kind, _name, sql in _CREATE_OBJECTS[:done]:
        connection.execute(sql)
    connection.close()
    store = open_store(path)
    try:
        assert any("half-created" in notice for notice in store.notices)
        assert store.count_check_ins() == 0
    finally:
        store.close()
    assert revision(path) == head_revision()
