"""Backups under faults: clock skew, neighbours in one folder, interrupted restores, planted
links. Real SQLite files in temp folders."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.store.backup import (
    backup_now,
    delete_all_data,
    list_backups,
    maybe_backup,
    restore_backup,
)
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.paths import backup_dir_for, leftover_paths
from app.store.transfer import export_json, write_private


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=("sacrum",), muscle_ids=())


def journal_with(path: Path, *pains: int) -> Path:
    store = open_store(path)
    try:
        for pain in pains:
            store.add_check_in(CheckIn(datetime(2026, 11, 1), pain, (PainMark("sacrum", pain),)))
    finally:
        store.close()
    return path


def test_a_backup_dated_in_the_future_does_not_stop_automatic_backups(tmp_path: Path) -> None:
    path = journal_with(tmp_path / "journal.sqlite3", 3)
    backup_now(path, "daily", datetime(2031, 1, 1))  # the clock was years ahead, once
    journal_with(path, 4)
    made = maybe_backup(path, now=datetime(2026, 11, 2, 9))
    assert made is not None
    assert maybe_backup(path, now=datetime(2026, 11, 2, 18)) is None  # still one a day


def test_two_journals_in_one_folder_keep_separate_backup_sets(tmp_path: Path) -> None:
    first = journal_with(tmp_path / "journal.sqlite3", 3)
    second = journal_with(tmp_path / "journal.db", 5)
    third = journal_with(tmp_path / "journal", 7)
    for path in (first, second, third):
        backup_now(path, "manual")
    assert len({backup_dir_for(p) for p in (first, second, third)}) == 3
    for path in (first, second, third):
        (only,) = list_backups(path)
        assert only.check_in_count == 1 and only.path.parent == backup_dir_for(path)
    delete_all_data(second)
    assert not second.exists()
    assert len(list_backups(first)) == 1 and len(list_backups(third)) == 1
    assert first.exists() and third.exists()


def test_the_default_journal_keeps_its_backup_folder(tmp_path: Path) -> None:
    assert backup_dir_for(tmp_path / "journal.sqlite3") == tmp_path / "journal-backups"


def test_a_killed_restores_copy_is_cleaned_up_and_deleted_with_the_data(tmp_path: Path) -> None:
    path = journal_with(tmp_path / "journal.sqlite3", 3)
    backup = backup_now(path, "manual")
    restoring, partial = leftover_paths(path)
    for leftover in (restoring, partial):  # what a restore killed mid-copy leaves
        leftover.write_bytes(backup.read_bytes())
    delete_all_data(path)
    assert not restoring.exists() and not partial.exists()
    assert list(tmp_path.iterdir()) == []

    path = journal_with(tmp_path / "journal.sqlite3", 3)
    partial.write_bytes(b"SQLite format 3\x00half a copy")
    open_store(path).close()  # opening cleans what an interrupted restore left
    assert not partial.exists()


def test_restore_replaces_a_stale_partial_copy(tmp_path: Path) -> None:
    path = journal_with(tmp_path / "journal.sqlite3", 3)
    backup = backup_now(path, "manual")
    journal_with(path, 8)
    leftover_paths(path)[1].write_bytes(b"stale")
    restore_backup(path, backup)
    store = open_store(path)
    assert [c.overall_pain for c in store.all_check_ins()] == [3]
    store.close()
    assert not any(p.exists() for p in leftover_paths(path))


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="POSIX links")
def test_a_planted_partial_link_is_never_followed(tmp_path: Path) -> None:
    """Before: export wrote through '.NAME.partial' into whatever file the link named."""
    path = journal_with(tmp_path / "journal.sqlite3", 3)
    victim = tmp_path / "world-readable.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o644)
    out = tmp_path / "export.json"
    (tmp_path / ".export.json.partial").symlink_to(victim)
    store = open_store(path)
    try:
        export_json(store, out)
    finally:
        store.close()
    assert victim.read_text() == "someone else's file"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and b"check_ins" in out.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial") and not p.is_symlink()]

    folder = backup_dir_for(path)
    folder.mkdir(exist_ok=True)
    stamp = datetime(2026, 11, 3, 10)
    planted = folder / f"journal-{stamp:%Y%m%d-%H%M%S}-manual.sqlite3.partial"
    planted.symlink_to(victim)
    made = backup_now(path, "manual", stamp)
    assert victim.read_text() == "someone else's file"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600 and not made.is_symlink()


def test_write_private_leaves_nothing_behind_when_it_fails(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(StoreError, match="folder"):
        write_private(folder, b"x")
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_outputs_never_replace_a_device_or_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (Path(os.devnull), fifo):
        with pytest.raises(StoreError, match="Choose a file name"):
            write_private(target, b"health data")
    assert Path(os.devnull).is_char_device() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_backups_an_older_version_kept_in_the_shared_folder_move_to_the_journals_own(
    tmp_path: Path,
) -> None:
    """Before 0.2, journal.db's backups sat in journal-backups: after the change of folder they
    must still be listed, and deleted with the data."""
    path = journal_with(tmp_path / "journal.db", 3)
    old = tmp_path / "journal-backups"
    old.mkdir()
    made = backup_now(path, "manual", datetime(2026, 1, 1))
    legacy_copy = old / made.name
    made.rename(legacy_copy)
    (old / "notes.txt").write_text("not a backup")
    open_store(path).close()
    (adopted,) = list_backups(path)
    assert adopted.path == backup_dir_for(path) / made.name and not legacy_copy.exists()
    delete_all_data(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal-backups"]
    assert [p.name for p in old.iterdir()] == ["notes.txt"]


def test_a_shared_legacy_folder_is_left_alone_beside_journal_sqlite3(tmp_path: Path) -> None:
    first = journal_with(tmp_path / "journal.sqlite3", 3)
    backup_now(first, "manual")
    journal_with(tmp_path / "journal.db", 5)
    assert len(list_backups(first)) == 1  # still journal.sqlite3's: nothing moved
