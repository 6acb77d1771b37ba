"""``reliefmap check`` (and the app's "Check journal"): a read-only look at a journal file.

Opening a journal the normal way may upgrade it; a diagnosis must not change what it
diagnoses, so this reads the file with a read-only SQLite connection and never migrates.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.store.backup import BackupInfo, list_backups
from app.store.db import check_file_path, connect_sqlite
from app.store.errors import StoreError
from app.store.journal import _check_openable
from app.store.migrate import head_revision, is_known_revision
from app.store.models import first_check_violation


@dataclass(frozen=True, slots=True)
class JournalHealth:
    path: Path
    integrity: str  # "ok", or SQLite's first complaint
    schema: str | None  # the file's Alembic revision (None: an empty, new file)
    app_schema: str  # the newest revision this ReliefMap knows
    counts: dict[str, int]  # rows per table
    backups: list[BackupInfo]  # newest first

    @property
    def needs_upgrade(self) -> bool:
        return self.schema != self.app_schema

    @property
    def latest_backup(self) -> BackupInfo | None:
        return self.backups[0] if self.backups else None

    def backup_age(self, now: datetime | None = None) -> timedelta | None:
        latest = self.latest_backup
        return None if latest is None else (now or datetime.now()) - latest.taken_at


def _restore_hint(path: Path) -> str:
    backups = list_backups(path)
    if not backups:
        return "open another file (no backup of it exists)"
    return (
        f"restore a backup (newest: {backups[0].taken_at:%Y-%m-%d %H:%M}, "
        f"{len(backups)} in {backups[0].path.parent}) or open another file"
    )


def check_journal(path: Path) -> JournalHealth:
    """Integrity, schema, counts and backups of the journal at ``path``, writing nothing.

    Raises StoreError (one line, saying what to do) for a missing, foreign, damaged or newer
    journal, so the CLI exits 2 and the GUI shows its "cannot open" dialog.
    """
    path = Path(path).expanduser().resolve()
    check_file_path(path)
    if not path.exists():
        raise StoreError(f"No journal at {path}. Open the app once, or pass --db PATH.")
    _check_openable(path)
    side_files = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    created = [side for side in side_files if not side.exists()]
    try:
        return _check(path)
    finally:
        # A read-only connection cannot remove the -wal/-shm it had to create; we do, when the
        # -wal is empty (nothing of the journal's is in it).
        wal = side_files[0]
        if wal in created and (not wal.exists() or wal.stat().st_size == 0):
            for side in created:
                side.unlink(missing_ok=True)


def _check(path: Path) -> JournalHealth:
    try:
        connection = connect_sqlite(path, read_only=True)
    except sqlite3.Error as error:
        raise StoreError(f"The journal {path} cannot be opened: {error}.") from error
    try:
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
        if integrity == "ok":  # read-only, SQLite skipped the CHECK constraints: we do not
            integrity = (
                first_check_violation(lambda sql: connection.execute(sql).fetchone()) or integrity
            )
        if integrity != "ok":
            raise StoreError(
                f"The journal {path} is damaged ({integrity}). It was left untouched; "
                f"{_restore_hint(path)}."
            )
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        schema = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = row[0] if row else None
        counts = {
            name: int(connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])
            for name in tables
            if name != "alembic_version"
        }
    except sqlite3.OperationalError as error:  # read-only folder, locked, ...: not damage
        raise StoreError(
            f"The journal {path} cannot be opened ({error}). It was left untouched; "
            "copy it to a folder you can write to, or open another file."
        ) from error
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"The journal {path} is damaged ({error}). It was left untouched; "
            f"{_restore_hint(path)}."
        ) from error
    finally:
        connection.close()
    if schema is not None and not is_known_revision(schema):
        raise StoreError(
            f"{path} was written by a newer version of ReliefMap (schema {schema}). "
            "Update ReliefMap, or open another journal."
        )
    if schema is None and counts:
        raise StoreError(
            f"{path} is an SQLite database but not a ReliefMap journal. "
            "It was left untouched; open another file."
        )
    return JournalHealth(path, integrity, schema, head_revision(), counts, list_backups(path))
