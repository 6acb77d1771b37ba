"""Rotating backups, restore, privacy and deleting everything: on real files, fake clocks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.backup import (
    BackupPolicy,
    backup_now,
    content_fingerprint,
    delete_all_data,
    integrity_ok,
    list_backups,
    maybe_backup,
    policy_from_settings,
    restore_backup,
    rotate,
)
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.paths import backup_dir_for

REGIONS = ("sacrum",)


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=())


def add(store: JournalStore, pain: int) -> None:
    store.add_check_in(CheckIn(datetime(2026, 11, 1, 8), pain, (PainMark("sacrum", pain),)))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def pains(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT overall_pain FROM check_ins ORDER BY id").fetchall()
    return [row[0] for row in rows]


def test_one_backup_a_day_only_when_the_content_changed(tmp_path: Path) -> None:
    """The window keeps the journal open all day: its -wal file is touched without changes."""
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 3)
    day = datetime(2026, 11, 1, 9)
    assert maybe_backup(path, now=day) is not None
    assert maybe_backup(path, now=day + timedelta(hours=5)) is None  # same day
    store.count_check_ins()  # reading is not changing
    assert maybe_backup(path, now=day + timedelta(days=1)) is None
    store.close()
    store = open_store(path)  # neither is opening and closing
    store.close()
    assert maybe_backup(path, now=day + timedelta(days=2)) is None
    store = open_store(path)
    store.set_setting("pregnant", "no")  # any change counts, not only check-ins
    assert maybe_backup(path, now=day + timedelta(days=3)) is not None
    add(store, 4)
    assert maybe_backup(path, now=day + timedelta(days=3, hours=1)) is None  # same day again
    assert maybe_backup(path, now=day + timedelta(days=4)) is not None
    store.close()
    backups = list_backups(path)
    assert [b.check_in_count for b in backups] == [2, 1, 1]
    assert [b.taken_at.date() for b in backups] == [date(2026, 11, 5), date(2026, 11, 4),
                                                    date(2026, 11, 1)]  # fmt: skip
    assert all(integrity_ok(b.path) for b in backups)
    assert content_fingerprint(backups[0].path) == content_fingerprint(path)


def test_rotation_keeps_the_newest_of_7_days_then_of_4_older_weeks(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    start = datetime(2026, 6, 1, 21, 30)  # a Monday
    for day in range(60):  # 1 June .. 30 July, two backups on some days
        backup_now(path, "daily", start + timedelta(days=day))
        if day % 5 == 0:
            backup_now(path, "daily", start + timedelta(days=day, hours=-12))
    backup_now(path, "manual", datetime(2020, 1, 1))
    deleted = rotate(path, BackupPolicy(keep_daily=7, keep_weekly=4))
    kept = list_backups(path)
    assert [b.taken_at for b in kept if b.reason == "daily"] == [
        *(datetime(2026, 7, d, 21, 30) for d in range(30, 23, -1)),  # 24..30 July: daily
        # ISO week 30 (20-26 July) has dailies; weeks 29, 28, 27, 26 keep their Sunday
        datetime(2026, 7, 19, 21, 30),
        datetime(2026, 7, 12, 21, 30),
        datetime(2026, 7, 5, 21, 30),
        datetime(2026, 6, 28, 21, 30),
    ]
    assert [b.reason for b in kept][-1] == "manual"  # reasoned backups are never rotated
    assert len(deleted) == 60 + 12 - 11
    assert not any(p.exists() for p in deleted)


def test_rotation_with_a_smaller_policy_and_gaps(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    for when in ("2026-03-02", "2026-03-09", "2026-03-10", "2026-03-20", "2026-03-21",
                 "2026-03-22", "2026-04-01"):  # fmt: skip
        backup_now(path, "daily", datetime.fromisoformat(when))
    rotate(path, BackupPolicy(keep_daily=2, keep_weekly=2))
    assert [b.taken_at.date().isoformat() for b in list_backups(path)] == [
        "2026-04-01", "2026-03-22",  # daily
        "2026-03-10", "2026-03-02",  # newest of week 11 and of week 10 (week 12 has a daily)
    ]  # fmt: skip


def test_automatic_backups_over_months_with_a_fake_clock(tmp_path: Path) -> None:
    """Writes on most days for ten weeks; the kept set always follows the policy."""
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    start = datetime(2026, 1, 5, 20)
    taken = 0
    for day in range(70):
        if day % 7 != 3:  # one quiet day a week: no change, so no backup
            add(store, day % 11)
        if maybe_backup(
            path, BackupPolicy(keep_daily=7, keep_weekly=4), start + timedelta(days=day)
        ):
            taken += 1
    store.close()
    backups = list_backups(path)
    assert taken == 60
    days = [b.taken_at.date() for b in backups]
    busy = [(start + timedelta(days=d)).date() for d in range(69, -1, -1) if d % 7 != 3]
    assert days[:7] == busy[:7]
    assert len(backups) == 11 and len({d.isocalendar()[:2] for d in days[7:]}) == 4
    assert backups[0].check_in_count == 60


def test_policy_is_configurable_per_journal(tmp_path: Path) -> None:
    store = open_store(tmp_path / "journal.sqlite3")
    assert policy_from_settings(store.get_setting) == BackupPolicy(7, 4)
    store.set_setting("backup_keep_daily", "14")
    store.set_setting("backup_keep_weekly", "lots")
    assert policy_from_settings(store.get_setting) == BackupPolicy(14, 4)
    store.close()
    with pytest.raises(ValueError):
        BackupPolicy(keep_daily=0)


def test_restore_keeps_the_current_journal_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 2)
    store.close()
    first = backup_now(path, "manual", datetime(2026, 11, 1, 10))
    store = open_store(path)
    add(store, 9)
    store.close()
    chosen = next(b for b in list_backups(path) if b.path == first)
    safety = restore_backup(path, chosen, datetime(2026, 11, 2, 10))
    assert safety is not None and safety.name.endswith("before-restore.sqlite3")
    assert pains(path) == [2] and pains(safety) == [2, 9]
    assert [b.reason for b in list_backups(path)] == ["before-restore", "manual"]
    assert mode(path) == 0o600 and mode(safety) == 0o600
    store = open_store(path)  # the restored journal opens and takes writes
    add(store, 4)
    store.close()
    assert pains(path) == [2, 4]


def test_restore_over_a_crashed_journal_never_replays_its_stale_wal(tmp_path: Path) -> None:
    """The journal's -wal holds commits (the app died); they must go to the safety copy only."""
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 1)
    store.close()
    first = backup_now(path, "manual", datetime(2026, 11, 1))
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    store = open_store(path)
    add(store, 7)
    add(store, 8)
    for suffix in ("", "-wal", "-shm"):  # a snapshot of the files while the app is running
        shutil.copyfile(f"{path}{suffix}", crashed / f"journal.sqlite3{suffix}")
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(crashed / f"journal.sqlite3{suffix}", f"{path}{suffix}")
    assert Path(f"{path}-wal").stat().st_size > 0
    safety = restore_backup(path, first, datetime(2026, 11, 3))
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert pains(path) == [1]
    assert safety is not None and pains(safety) == [1, 7, 8]


@pytest.mark.parametrize("damage", ["random_after_header", "not_sqlite"])
def test_restore_over_a_damaged_journal_keeps_its_bytes(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 5)
    store.close()
    good = backup_now(path, "manual", datetime(2026, 11, 1))
    broken = (
        b"SQLite format 3\x00" + os.urandom(8000)
        if damage == "random_after_header"
        else b"%PDF-1.4 not a journal"
    )
    path.write_bytes(broken)
    safety = restore_backup(path, good, datetime(2026, 11, 2))
    assert pains(path) == [5] and integrity_ok(path)
    assert safety is not None and safety.read_bytes() == broken  # kept byte for byte
    assert mode(safety) == 0o600


def test_a_damaged_or_missing_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
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
    with pytest.raises(StoreError, match="missing"):
        restore_backup(path, bad.with_name("journal-20260102-000000-manual.sqlite3"))
    assert path.read_bytes() == before
    assert [b.reason for b in list_backups(path)] == ["manual"]  # no safety copy either
    assert list_backups(path)[0].check_in_count is None


def test_unreadable_journal_gets_no_backup_and_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"just some text, not SQLite at all")
    with pytest.raises(StoreError, match="cannot be read"):
        maybe_backup(path, now=datetime(2026, 1, 1))
    assert path.read_bytes() == b"just some text, not SQLite at all"
    assert maybe_backup(tmp_path / "none.sqlite3") is None


def test_half_written_backup_is_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    real = backup_now(path, "daily", datetime(2026, 1, 1))
    Path(f"{real}.partial").write_bytes(b"SQLite format 3\x00half")
    assert [b.path for b in list_backups(path)] == [real]


def test_everything_is_private(tmp_path: Path) -> None:
    """Journal, its WAL files, backups and their folders: readable by the user only."""
    path = tmp_path / "data" / "journal.sqlite3"
    store = open_store(path)
    add(store, 5)
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert mode(Path(f"{path}-wal")) == 0o600 and mode(Path(f"{path}-shm")) == 0o600
    made = maybe_backup(path, now=datetime(2026, 11, 1))
    store.close()
    assert made is not None and mode(made) == 0o600
    assert mode(backup_dir_for(path)) == 0o700
    assert mode(backup_now(path, "manual")) == 0o600


def test_delete_all_data_removes_journal_wal_and_backups_only(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    store = open_store(path)
    add(store, 5)
    store.close()
    backup_now(path, "manual")
    good = backup_now(path, "daily", datetime(2026, 1, 1))
    path.write_bytes(b"damaged")  # a raw before-restore copy brings its -wal along
    Path(f"{path}-wal").write_bytes(b"wal")
    restore_backup(path, good)
    other = tmp_path / "other.sqlite3"  # another journal in the same folder is not touched
    open_store(other).close()
    backup_now(other, "manual")
    store = open_store(path)  # open: the -wal and -shm exist too
    add(store, 6)
    store.close()
    removed = delete_all_data(path)
    assert path in removed
    assert not path.exists() and not backup_dir_for(path).exists()
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert other.exists() and len(list_backups(other)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-backups", "other.sqlite3"]
