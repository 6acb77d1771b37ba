"""Where the journal lives by default: the platform's user-data folder (platformdirs, only)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "ReliefMap"


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_journal_path() -> Path:
    return default_data_dir() / "journal.sqlite3"


JOURNAL_SUFFIX = ".sqlite3"


def backup_dir_for(journal_path: Path) -> Path:
    """Backups sit beside the journal, so a journal moved with --db keeps its own backups.

    One folder per journal *file*: ``journal.sqlite3`` keeps ``journal-backups`` (where every
    earlier version put them), any other name gets its full name, so ``journal.db`` and
    ``journal`` beside it never share (or delete) one another's backups.
    """
    name = journal_path.name
    if journal_path.suffix == JOURNAL_SUFFIX and journal_path.stem:
        return journal_path.parent / f"{journal_path.stem}-backups"
    return journal_path.parent / f"{name}.backups"


def legacy_backup_dir_for(journal_path: Path) -> Path | None:
    """Where earlier ReliefMap builds kept this journal's backups, if that differs from today's
    folder and no ``NAME.sqlite3`` beside it shares the folder (then whose is whose is unknown)."""
    if journal_path.suffix == JOURNAL_SUFFIX or not journal_path.stem:
        return None
    if (journal_path.parent / f"{journal_path.stem}{JOURNAL_SUFFIX}").exists():
        return None
    return journal_path.parent / f"{journal_path.stem}-backups"


def leftover_paths(journal_path: Path) -> list[Path]:
    """Files an interrupted restore can leave beside the journal (copies of a backup)."""
    restoring = journal_path.with_name(f".{journal_path.name}.restoring")
    return [restoring, restoring.with_name(restoring.name + ".partial")]
