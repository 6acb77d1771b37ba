"""SQLAlchemy engines over :func:`app.store.db.connect_sqlite`: the journal's writes and upgrades
and the knowledge base's build go through these; reads use plain sqlite3 connections."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.db import connect_sqlite

#: Execution option naming how a transaction begins: "BEGIN" (deferred, the default) or
#: "BEGIN IMMEDIATE" (takes the write lock at once, so two processes creating or upgrading one
#: journal wait for each other instead of failing half-way).
BEGIN_OPTION = "reliefmap_begin"


def make_engine(
    path: Path, *, wal: bool = True, read_only: bool = False, immutable: bool = False
) -> Engine:
    """An engine whose connections enforce foreign keys and use WAL (crash-safe reads).

    Transactions are begun by this engine with an explicit ``BEGIN`` (or ``BEGIN IMMEDIATE``
    with the :data:`BEGIN_OPTION` execution option), so DDL is transactional too: a journal is
    created or upgraded completely, or not at all.
    """
    path = Path(path)
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect_sqlite(path, read_only=read_only, immutable=immutable),
        poolclass=QueuePool,  # "sqlite://" alone would pick the in-memory pool
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if wal and not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get(BEGIN_OPTION, "BEGIN"))

    return engine


def plain_engine(path: Path) -> Engine:
    """An engine for a private file of ReliefMap's own (the knowledge base cache), with
    pysqlite's usual transactions, but still connected from the path itself, never a URL."""
    path = Path(path)
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(os.fspath(path), check_same_thread=False),
        poolclass=QueuePool,
    )
