"""Backups with SQLite's online backup API: consistent even while the journal is open in WAL."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from app.store.db import ensure_private_file
from app.store.paths import backup_dir_for


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database page by page into a new private file."""
    ensure_private_file(destination)
    with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
        src.backup(dst)
    dst_close = sqlite3.connect(destination)
    try:
        dst_close.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        dst_close.close()
    return destination


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
