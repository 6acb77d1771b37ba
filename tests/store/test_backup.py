"""Rotating backups, restore, and deleting everything: on real files."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.backup import (
    BackupPolicy,
    backup_now,
    delete_all_data,
    integrity_ok,
    list_backups,
    maybe_backup,
    policy_from_settings,
    restore_backup,
)
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.paths import backup_dir_for

REGIONS = ("sacrum",)


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=())


def add(store: JournalStore, pain: int) -> None:
    store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), pain, (PainMark("sacrum", pain),)))


def touch_later(path: Path, seconds: float) -> None:
    """Make the journal look changed after the last backup (mtime resolution is coarse)."""
    for candidate in (path, Path(f"{path}-wal")):
        if candidate.exists():
            later = candidate.stat().st_mtime + seconds
            os.utime(candidate, (later, later))


def test_one_backup_a_day_only_when_changed(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 3)
    day = datetime(2026, 11, 1, 9)
    assert maybe_backup(path, now=day) is not None
    assert maybe_backup(path, now=day + timedelta(hours=5)) is None  # same day
    assert maybe_backup(path, now=day + timedelta(days=1)) is None  # nothing changed
    add(store, 4)
    touch_later(path, 5)
    assert maybe_backup(path, now=day + timedelta(days=2)) is not None
    store.close()
    backups = list_backups(path)
    assert [b.check_in_count for b in backups] == [2, 1]
    assert all(stat.S_IMODE(b.path.stat().st_mode) == 0o600 for b in backups)
    assert stat.S_IMODE(backup_dir_for(path).stat().st_mode) == 0o700
    assert all(integrity_ok(b.path) for b in backups)


def test_rotation_keeps_7_daily_and_4_weekly(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    start = datetime(2026, 6, 1, 9)
    for day in range(60):
        add(store, day % 11)
        touch_later(path, day * 100_000 + 1000)
        maybe_backup(
            path, BackupPolicy(keep_daily=7, keep_weekly=4), now=start + timedelta(days=day)
        )
    store.close()
    daily = [b for b in list_backups(path) if b.reason == "daily"]
    assert len(daily) == 11
    newest = [b.taken_at.date() for b in daily[:7]]
    assert newest == [(start + timedelta(days=59 - i)).date() for i in range(7)]
    weeks = {b.taken_at.isocalendar()[:2] for b in daily[7:]}
    assert len(weeks) == 4


def test_reasoned_backups_are_never_rotated(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    special = backup_now(path, "before-migration-0003", datetime(2020, 1, 1))
    maybe_backup(path, BackupPolicy(keep_daily=1, keep_weekly=0), now=datetime(2026, 1, 1))
    assert special.exists()


def test_restore_keeps_the_current_journal_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 2)
    store.close()
    first = backup_now(path, "manual", datetime(2026, 11, 1, 10))
    store = open_store(path)
    add(store, 9)
    store.close()
    safety = restore_backup(path, first, datetime(2026, 11, 2, 10))
    assert safety.name.endswith("before-restore.sqlite3")
    store = open_store(path)
    assert [c.overall_pain for c in store.all_check_ins()] == [2]
    store.close()
    with sqlite3.connect(safety) as connection:
        assert connection.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0] == 2


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 5)
    store.close()
    bad = backup_dir_for(path) / "journal-20260101-000000-manual.sqlite3"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        restore_backup(path, bad)
    assert path.read_bytes() == before


def test_delete_all_data_removes_journal_and_backups(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 5)
    store.close()
    backup_now(path, "manual")
    removed = delete_all_data(path)
    assert path in removed
    assert not path.exists() and not backup_dir_for(path).exists()
    assert not Path(f"{path}-wal").exists()


def test_policy_is_configurable_per_journal(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.sqlite3")
    assert policy_from_settings(store.get_setting) == BackupPolicy(7, 4)
    store.set_setting("backup_keep_daily", "14")
    store.set_setting("backup_keep_weekly", "lots")
    assert policy_from_settings(store.get_setting) == BackupPolicy(14, 4)
    store.close()
