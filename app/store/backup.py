"""Backups with SQLite's online backup API: consistent even while the journal is open in WAL.

Automatic backups rotate like Anki's: at most one a day, only when the journal's content
changed since the last backup, keeping the newest few daily and then weekly copies. Backups
taken for a reason (before a migration, before a restore) are never rotated away. A backup is
never a file copy of a live WAL database: that can capture a torn state.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.store.db import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    connect_sqlite,
    create_private,
)
from app.store.errors import StoreError
from app.store.paths import backup_dir_for, leftover_paths, legacy_backup_dir_for

AUTO_REASON = "daily"
BEFORE_RESTORE = "before-restore"
_PARTIAL = ".partial"
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9-]+?)(?:-\d+)?\.sqlite3$"
)
_REASON = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """How many automatic backups to keep: the newest of each of the last ``keep_daily`` days,
    then the newest of each of ``keep_weekly`` older ISO weeks (the rest are deleted)."""

    keep_daily: int = 7
    keep_weekly: int = 4

    def __post_init__(self) -> None:
        if self.keep_daily < 1 or self.keep_weekly < 0:
            raise ValueError("A backup policy keeps at least one daily backup.")


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
    """One backup file as the restore dialog lists it."""

    path: Path
    taken_at: datetime
    reason: str
    check_in_count: int | None  # None: the file could not be read


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that is always closed (``with connect()`` only commits)."""
    connection = connect_sqlite(path, read_only=read_only)
    try:
        yield connection
    finally:
        connection.close()


def _fsync(path: Path) -> None:
    """Push a file (or a folder's entries) to disk so a power cut cannot undo a rename."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database page by page into a new private, self-contained file.

    Written under a temporary name and renamed when complete, so a crash mid-copy never
    leaves a half-written file that looks like a backup.
    """
    partial = destination.with_name(destination.name + _PARTIAL)
    partial.unlink(missing_ok=True)  # a stale one, or a planted link: the link itself goes
    destination.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    create_private(partial)
    try:
        with _connect(source) as src, _connect(partial) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        _fsync(partial)
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync(destination.parent)
    return destination


def integrity_ok(path: Path) -> bool:
    """True when SQLite's full ``integrity_check`` passes (read-only: nothing is written)."""
    return integrity_report(path) == "ok"


def integrity_report(path: Path) -> str:
    """SQLite's ``integrity_check`` verdict: "ok", or its first complaint."""
    try:
        with _connect(path, read_only=True) as connection:
            return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return str(error)


def _backup_path(journal_path: Path, reason: str, now: datetime) -> Path:
    if not _REASON.match(reason):
        raise ValueError(f"A backup reason is lowercase words joined by '-', not {reason!r}.")
    folder = backup_dir_for(journal_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    destination = folder / f"{journal_path.stem}-{stamp}-{reason}.sqlite3"
    counter = 1
    while destination.exists():
        counter += 1
        destination = folder / f"{journal_path.stem}-{stamp}-{reason}-{counter}.sqlite3"
    return destination


def backup_now(journal_path: Path, reason: str, now: datetime | None = None) -> Path:
    """Write a timestamped backup beside the journal; ``reason`` goes into the file name."""
    destination = _backup_path(journal_path, reason, now or datetime.now())
    try:
        return copy_database(journal_path, destination)
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"Could not back up {journal_path.name}: {error}. The journal was not changed."
        ) from error


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
        try:
            taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        except ValueError:
            continue  # a name that only looks like ours (month 13)
        found.append(BackupInfo(path, taken_at, match["reason"], _count_check_ins(path)))
    return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)


def content_fingerprint(path: Path) -> str | None:
    """A hash of the schema and every row: equal exactly when two journals hold the same data.

    File times cannot say whether the journal changed: merely opening a WAL database touches
    its -wal file. None when the file cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with _connect(path, read_only=True) as connection:
            tables = connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
            for name, sql in tables:
                digest.update(f"\x1e{name}\x1f{sql}\x1f".encode())
                quoted = name.replace('"', '""')
                for row in connection.execute(f'SELECT * FROM "{quoted}" ORDER BY rowid'):
                    digest.update(repr(row).encode("utf-8", "surrogatepass"))
    except sqlite3.DatabaseError:
        return None
    return digest.hexdigest()


def rotate(journal_path: Path, policy: BackupPolicy) -> list[Path]:
    """Delete automatic backups beyond the policy; returns what was deleted.

    Newest first, a backup is kept as a daily one if it is the newest of a day older than the
    last kept backup's day (while dailies remain), else as a weekly one if it is the newest of
    an ISO week older than the last kept backup's week (while weeklies remain).
    """
    automatic = [b for b in list_backups(journal_path) if b.reason == AUTO_REASON]
    kept_days = kept_weeks = 0
    last_day: date | None = None
    last_week: tuple[int, int] | None = None
    deleted = []
    for backup in automatic:  # newest first
        day = backup.taken_at.date()
        week = tuple(day.isocalendar())[:2]
        if kept_days < policy.keep_daily and (last_day is None or day < last_day):
            kept_days += 1
        elif kept_weeks < policy.keep_weekly and (last_week is None or week < last_week):
            kept_weeks += 1
        else:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
            continue
        last_day, last_week = day, (week[0], week[1])
    return deleted


def maybe_backup(
    journal_path: Path, policy: BackupPolicy | None = None, now: datetime | None = None
) -> Path | None:
    """The automatic backup, called at start and after writes (the GUI: on a worker thread).

    At most one a day, only when the content differs from the newest backup; folds the WAL
    into the journal first (a passive checkpoint never waits for readers or writers), copies
    with the online backup API, then rotates. Returns the new backup, or None.
    """
    policy = policy or BackupPolicy()
    now = now or datetime.now()
    if not journal_path.is_file():
        return None
    existing = list_backups(journal_path)
    # Only a backup taken *today* makes today's unnecessary: one dated in the future (the clock
    # was wrong once) must not stop automatic backups until that date comes.
    if any(b.reason == AUTO_REASON and b.taken_at.date() == now.date() for b in existing):
        return None
    current = content_fingerprint(journal_path)
    if current is None:
        raise StoreError(f"{journal_path.name} cannot be read; no backup was taken.")
    if existing and content_fingerprint(existing[0].path) == current:
        return None
    try:
        with _connect(journal_path) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.OperationalError:
        pass  # busy: the backup API still copies a consistent snapshot
    path = backup_now(journal_path, AUTO_REASON, now)
    rotate(journal_path, policy)
    return path


def _preserve(journal_path: Path, now: datetime | None) -> Path | None:
    """Keep the current journal as a backup before it is replaced, even if it is damaged.

    A readable journal is copied with the backup API; one SQLite cannot read is copied byte
    for byte with its -wal beside it, so whatever can still be rescued is never lost.
    """
    if not journal_path.exists():
        return None
    try:
        return backup_now(journal_path, BEFORE_RESTORE, now)
    except StoreError:
        destination = _backup_path(journal_path, BEFORE_RESTORE, now or datetime.now())
        for suffix in ("", "-wal"):
            source = Path(f"{journal_path}{suffix}")
            if source.exists():
                target = Path(f"{destination}{suffix}")
                target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
                create_private(target)
                shutil.copyfile(source, target)
                _fsync(target)
        return destination


def restore_backup(
    journal_path: Path, backup: BackupInfo | Path, now: datetime | None = None
) -> Path | None:
    """Replace the journal with ``backup``; the current journal is kept as another backup.

    The backup is verified (``integrity_check``) before anything changes, and the journal is
    swapped in by an atomic rename, its stale -wal/-shm removed so SQLite cannot replay them
    onto the restored file. The caller must have closed every connection to the journal.
    Returns the "before-restore" copy of the old journal (None if there was no journal).
    """
    source = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    verdict = integrity_report(source) if source.is_file() else "missing"
    if verdict != "ok":
        raise StoreError(
            f"The backup {source.name} is damaged or missing ({verdict}); "
            "the journal was not changed. Choose another backup."
        )
    temporary = leftover_paths(journal_path)[0]
    clean_leftovers(journal_path)
    copy_database(source, temporary)
    try:
        safety = _preserve(journal_path, now)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if journal_path.exists():
        # Empty the WAL into the old file (its content is already in the safety copy).
        with contextlib.suppress(sqlite3.DatabaseError), _connect(journal_path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{journal_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, journal_path)
    os.chmod(journal_path, PRIVATE_FILE_MODE)
    _fsync(journal_path.parent)
    return safety


def adopt_legacy_backups(journal_path: Path) -> list[Path]:
    """Move this journal's backups from the folder older versions shared by name stem
    (``journal-backups`` for ``journal.db``) into its own, so the restore list shows them and
    "Delete all my data" removes them. Returns the new paths."""
    legacy = legacy_backup_dir_for(journal_path)
    if legacy is None or not legacy.is_dir():
        return []
    moved = []
    folder = backup_dir_for(journal_path)
    for candidate in sorted(legacy.iterdir()):
        base = candidate.name.removesuffix(_PARTIAL).removesuffix("-wal").removesuffix("-shm")
        match = _NAME.match(base)
        if (
            candidate.is_file()
            and not candidate.is_symlink()
            and match
            and (match["stem"] == journal_path.stem)
        ):
            folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
            target = folder / candidate.name
            if not target.exists():
                os.replace(candidate, target)
                moved.append(target)
    with contextlib.suppress(OSError):
        legacy.rmdir()  # only when empty
    return moved


def clean_leftovers(journal_path: Path) -> list[Path]:
    """Remove what an interrupted restore left beside the journal (a full copy of a backup,
    which would otherwise sit there, and survive "Delete all my data"). Returns what went."""
    removed = []
    for leftover in leftover_paths(journal_path):
        if leftover.is_symlink() or leftover.exists():
            leftover.unlink()
            removed.append(leftover)
    return removed


def find_backup(journal_path: Path, wanted: Path | None) -> BackupInfo:
    """The backup ``wanted`` names (a path, or a file name in the journal's backup folder), or,
    without one, the newest backup that passes ``integrity_check``."""
    backups = list_backups(journal_path)
    if wanted is None:
        for info in backups:
            if integrity_ok(info.path):
                return info
        where = backup_dir_for(journal_path)
        raise StoreError(f"No usable backup of {journal_path.name} in {where}.")
    candidates = [wanted, backup_dir_for(journal_path) / wanted.name]
    for candidate in candidates:
        if candidate.is_file():
            for info in backups:
                if info.path.resolve() == candidate.resolve():
                    return info
            return BackupInfo(candidate, datetime.fromtimestamp(candidate.stat().st_mtime),
                              "file", _count_check_ins(candidate))  # fmt: skip
    raise StoreError(f"No backup file {wanted}. `reliefmap check` lists the backups.")


def remove_journal_file(journal_path: Path) -> list[Path]:
    """Remove the journal and its WAL files only (not its backups). Returns what was removed."""
    removed = []
    for candidate in [Path(f"{journal_path}{s}") for s in ("", "-wal", "-shm", "-journal")]:
        if candidate.is_symlink() or candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed


def delete_all_data(journal_path: Path) -> list[Path]:
    """Remove the journal, its WAL files and every backup of it. Returns what was removed.

    The GUI asks for a typed confirmation first; this function does not ask.
    """
    adopt_legacy_backups(journal_path)
    removed = remove_journal_file(journal_path) + clean_leftovers(journal_path)
    folder = backup_dir_for(journal_path)
    if folder.is_dir():
        for candidate in sorted(folder.iterdir()):
            base = candidate.name.removesuffix(_PARTIAL).removesuffix("-wal").removesuffix("-shm")
            match = _NAME.match(base)
            if candidate.is_file() and match and match["stem"] == journal_path.stem:
                candidate.unlink()
                removed.append(candidate)
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def backup_age(journal_path: Path, now: datetime | None = None) -> timedelta | None:
    """How old the newest backup is (None: there is none)."""
    backups = list_backups(journal_path)
    if not backups:
        return None
    return (now or datetime.now()) - backups[0].taken_at
