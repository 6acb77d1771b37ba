"""Backups with SQLite's online backup API: consistent even while the journal is open in WAL.

Automatic backups rotate like Anki's: at most one a day, only when the journal changed since
the last one, keeping the newest few daily and weekly copies. Backups taken for a reason
(before a migration, before a restore) are never rotated away. A backup is never a file copy
of a live WAL database: that can capture a torn state.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.store.db import ensure_private_file
from app.store.errors import StoreError
from app.store.paths import backup_dir_for

AUTO_REASON = "daily"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+?)(?:-\d+)?\.sqlite3$"
)


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """How many automatic backups to keep (the rest are deleted, oldest first)."""

    keep_daily: int = 7
    keep_weekly: int = 4


def policy_from_settings(get_setting: Callable[[str, str], str | None]) -> BackupPolicy:
    """The journal's own policy (settings ``backup_keep_daily`` / ``backup_keep_weekly``)."""
    default = BackupPolicy()

    def number(key: str, fallback: int) -> int:
        text = get_setting(key, str(fallback)) or ""
        return int(text) if text.isdigit() and 0 < int(text) <= 365 else fallback

    return BackupPolicy(
        keep_daily=number("backup_keep_daily", default.keep_daily),
        keep_weekly=number("backup_keep_weekly", default.keep_weekly),
    )


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str
    check_in_count: int | None  # None: the file could not be read


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that is always closed (``with connect()`` only commits)."""
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database page by page into a new private, self-contained file."""
    ensure_private_file(destination)
    with _connect(source) as src, _connect(destination) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    return destination


def integrity_ok(path: Path) -> bool:
    try:
        with _connect(path, read_only=True) as connection:
            return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def backup_now(journal_path: Path, reason: str, now: datetime | None = None) -> Path:
    """Write a timestamped backup beside the journal; ``reason`` goes into the file name."""
    now = now or datetime.now()
    folder = backup_dir_for(journal_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    destination = folder / f"{journal_path.stem}-{stamp}-{reason}.sqlite3"
    counter = 1
    while destination.exists():
        counter += 1
        destination = folder / f"{journal_path.stem}-{stamp}-{reason}-{counter}.sqlite3"
    return copy_database(journal_path, destination)


def _count_check_ins(path: Path) -> int | None:
    try:
        with _connect(path, read_only=True) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0])
    except sqlite3.DatabaseError:
        return None


def list_backups(journal_path: Path) -> list[BackupInfo]:
    """Backups of this journal, newest first, with their date and number of check-ins."""
    folder = backup_dir_for(journal_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.sqlite3"):
        match = _NAME.match(path.name)
        if not match or match["stem"] != journal_path.stem:
            continue
        taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        found.append(BackupInfo(path, taken_at, match["reason"], _count_check_ins(path)))
    return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)


def _latest_change(journal_path: Path) -> float:
    """When the journal last changed on disk (the WAL holds recent commits)."""
    times = [
        candidate.stat().st_mtime
        for candidate in (journal_path, Path(f"{journal_path}-wal"))
        if candidate.exists()
    ]
    return max(times, default=0.0)


def rotate(journal_path: Path, policy: BackupPolicy) -> list[Path]:
    """Delete automatic backups beyond the policy; returns what was deleted."""
    automatic = [b for b in list_backups(journal_path) if b.reason == AUTO_REASON]
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in automatic:  # newest first
        day = backup.taken_at.date()
        if day not in days and len(days) < policy.keep_daily:
            days.add(day)
            keep.add(backup.path)
            continue
        week = backup.taken_at.isocalendar()[:2]
        if week not in weeks and len(weeks) < policy.keep_weekly and day not in days:
            weeks.add(week)
            keep.add(backup.path)
    deleted = []
    for backup in automatic:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def maybe_backup(
    journal_path: Path, policy: BackupPolicy | None = None, now: datetime | None = None
) -> Path | None:
    """The automatic backup: once a day at most, and only if the journal changed since."""
    policy = policy or BackupPolicy()
    now = now or datetime.now()
    if not journal_path.exists():
        return None
    automatic = [b for b in list_backups(journal_path) if b.reason == AUTO_REASON]
    if automatic:
        latest = automatic[0]
        if latest.taken_at.date() == now.date():
            return None
        if _latest_change(journal_path) <= latest.path.stat().st_mtime:
            return None
    with _connect(journal_path) as connection:  # fold the WAL in so the copy is compact
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    path = backup_now(journal_path, AUTO_REASON, now)
    rotate(journal_path, policy)
    return path


def restore_backup(journal_path: Path, backup: Path, now: datetime | None = None) -> Path:
    """Replace the journal with ``backup``; the current journal is kept as another backup.

    The caller must have closed every connection to the journal. Returns the safety copy.
    """
    if not integrity_ok(backup):
        raise StoreError(f"The backup {backup.name} is damaged; the journal was not changed.")
    safety = backup_now(journal_path, "before-restore", now) if journal_path.exists() else None
    temporary = journal_path.with_name(f".{journal_path.name}.restoring")
    temporary.unlink(missing_ok=True)
    copy_database(backup, temporary)
    for suffix in ("-wal", "-shm"):
        Path(f"{journal_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, journal_path)
    return safety or backup


def delete_all_data(journal_path: Path) -> list[Path]:
    """Remove the journal, its WAL files and every backup of it. Returns what was removed."""
    removed = []
    for candidate in (journal_path, Path(f"{journal_path}-wal"), Path(f"{journal_path}-shm")):
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    folder = backup_dir_for(journal_path)
    for backup in list_backups(journal_path):
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return removed


def backup_age(journal_path: Path, now: datetime | None = None) -> timedelta | None:
    backups = list_backups(journal_path)
    if not backups:
        return None
    return (now or datetime.now()) - backups[0].taken_at
