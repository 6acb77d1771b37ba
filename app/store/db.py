"""Engine creation: one place that turns a path into an SQLite connection, with the pragmas
every connection needs.

Every connection is made by :func:`connect_sqlite` from the path itself, never from a URL
built by pasting the path into a string: a file named ``pain?.sqlite3`` or ``100%41.db`` would
otherwise open another file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.store.errors import StoreError

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
#: Execution option naming how a transaction begins: "BEGIN" (deferred, the default) or
#: "BEGIN IMMEDIATE" (takes the write lock at once, so two processes creating or upgrading one
#: journal wait for each other instead of failing half-way).
BEGIN_OPTION = "reliefmap_begin"


def ensure_private_file(path: Path) -> None:
    """Create the file (and folder) readable by the user only, before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if not path.exists():
        try:
            fd = os.open(
                path,
                os.O_CREAT | os.O_WRONLY | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                PRIVATE_FILE_MODE,
            )
        except FileExistsError:
            return  # another process created it a moment ago: fine, SQLite shares it
        os.close(fd)


def create_private(path: Path) -> None:
    """Create a new, empty file readable by the user only; never follow a link planted there.

    ``O_EXCL`` fails if anything (a file, a symlink to someone else's file) already has the
    name, so health data is never written through a link into a world-readable place.
    """
    try:
        fd = os.open(
            path,
            os.O_CREAT | os.O_WRONLY | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
            PRIVATE_FILE_MODE,
        )
    except FileExistsError as error:
        raise StoreError(
            f"Cannot write {path}: something else appeared under that name; try again."
        ) from error
    os.close(fd)


def describe_special_file(path: Path) -> str | None:
    """What ``path`` is when it exists but is not a regular file (a FIFO, a device...).

    SQLite would block for ever on a FIFO and "succeed" on /dev/null, so such paths are refused
    before anything opens them. None for a regular file or a missing path.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None  # not there (yet): creating it says what is wrong, if anything
    except OSError as error:
        raise StoreError(f"Cannot use {path}: {error.strerror}.") from error
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_file_path(path: Path, what: str = "journal") -> None:
    """Refuse, with one clear line, a path no journal can live at: a FIFO, a device, a folder,
    a name longer than the file system allows."""
    name_max = 255
    if len(os.fsencode(path.name)) > name_max:
        raise StoreError(
            f"The {what} file name is too long ({len(os.fsencode(path.name))} bytes; "
            f"at most {name_max}). Choose a shorter name."
        )
    kind = describe_special_file(path)
    if kind is not None:
        raise StoreError(f"{path} is {kind}, not a {what} file. Choose a file name.")


def connect_sqlite(
    path: Path, *, read_only: bool = False, immutable: bool = False, timeout: float = 5.0
) -> sqlite3.Connection:
    """A plain sqlite3 connection to exactly ``path``, whatever characters its name holds.

    Read-only connections go through a ``file:`` URI built by ``Path.as_uri`` (which quotes
    ``?``, ``#`` and ``%``); read-write ones pass the path itself, which SQLite takes verbatim.
    Transactions are explicit (``isolation_level=None``): pysqlite's implicit transactions
    would run DDL outside any transaction and commit each ``CREATE TABLE`` by itself.
    ``immutable`` (read-only media): SQLite may not even create the WAL index beside the file.
    """
    if read_only:
        uri = f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"
        if immutable:
            uri += "&immutable=1"
        return sqlite3.connect(
            uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
        )
    return sqlite3.connect(
        os.fspath(path), timeout=timeout, isolation_level=None, check_same_thread=False
    )


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
