"""Engine creation: one place that sets the SQLite pragmas every connection needs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def ensure_private_file(path: Path) -> None:
    """Create the file (and folder) readable by the user only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)


def make_engine(path: Path, *, wal: bool = True) -> Engine:
    """An engine whose connections enforce foreign keys and use WAL (crash-safe reads)."""
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # SQLAlchemy's pysqlite driver opens an implicit transaction lazily; PRAGMAs first.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return engine
