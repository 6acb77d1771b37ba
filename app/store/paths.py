"""Where the journal lives by default: the platform's user-data folder (platformdirs, only)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "ReliefMap"


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_journal_path() -> Path:
    return default_data_dir() / "journal.sqlite3"


def backup_dir_for(journal_path: Path) -> Path:
    """Backups sit beside the journal, so a journal moved with --db keeps its own backups."""
    return journal_path.parent / f"{journal_path.stem}-backups"
