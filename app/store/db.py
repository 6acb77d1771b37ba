"""Journal files and plain SQLite connections: one place that turns a path into a connection.

The SQLAlchemy engines built on these connections live in :mod:`app.store.engine`, so reading a
journal (the window's start) does not import SQLAlchemy.

Every connection is made by :func:`connect_sqlite` from the path itself, never from a URL
built by pasting the path into a string: a file named ``pain?.sqlite3`` or ``100%41.db`` would
otherwise open another file.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from app.store.errors import StoreError

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
#: The journal schema this ReliefMap writes: Alembic's head revision, kept here so opening a
#: journal can check it without importing Alembic (a test holds the two equal).
SCHEMA_REVISION = "0003"


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
