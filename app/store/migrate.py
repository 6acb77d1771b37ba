"""Schema upgrades with Alembic, run from code at start, with a backup first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, inspect
from sqlalchemy.pool import StaticPool

from app.store.backup import backup_now
from app.store.engine import BEGIN_OPTION
from app.store.errors import StoreError

_VERSION_TABLE = "alembic_version"
_MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _is_known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def is_known_revision(revision: str) -> bool:
    """True when this ReliefMap has a migration for ``revision`` (else: a newer app wrote it)."""
    return _is_known(ScriptDirectory.from_config(_alembic_config()), revision)


def _tables_at(revision: str | None) -> set[str]:
    """The tables a journal holds at ``revision``, found by building one in memory."""
    if revision is None:
        return set()
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            return set(inspect(connection).get_table_names()) - {_VERSION_TABLE}
    finally:
        engine.dispose()


def _repair_interrupted(
    connection: Connection, current: str | None, tables: set[str], journal_path: Path
) -> str | None:
    """Undo what an interrupted creation or upgrade left behind, inside the caller's transaction.

    Earlier ReliefMap builds ran each ``CREATE TABLE`` in a transaction of its own, so a
    crash mid-upgrade left the new tables of a later schema beside an unchanged version number
    ("table treatment_sessions already exists"), and a crash mid-creation left some tables and
    no version at all. Such leftovers are new, empty tables of ReliefMap's own schema: dropping
    them loses nothing, and the upgrade then runs whole. Anything else is refused, untouched.
    Returns a message for the person, or None when there was nothing to repair.
    """
    leftovers = tables - {_VERSION_TABLE} - _tables_at(current)
    if not leftovers:
        return None
    if not leftovers <= _tables_at(head_revision()):
        if current is None:
            raise StoreError(
                f"{journal_path} is an SQLite database but not a ReliefMap journal. "
                "It was left untouched; open another file."
            )
        raise StoreError(
            f"The journal {journal_path} holds tables this ReliefMap does not know "
            f"({', '.join(sorted(leftovers))}). It was left untouched; restore a backup "
            "(reliefmap restore) or open another file."
        )
    for table in sorted(leftovers):
        quoted = table.replace('"', '""')
        if connection.exec_driver_sql(f'SELECT COUNT(*) FROM "{quoted}"').scalar():
            raise StoreError(
                f"The journal {journal_path} was left half-upgraded and its table {table} "
                "already holds entries. It was left untouched; restore a backup "
                "(reliefmap restore) or open another file."
            )
    for table in sorted(leftovers):
        quoted = table.replace('"', '""')
        connection.exec_driver_sql(f'DROP TABLE "{quoted}"')
    if current is None:
        return (
            f"{journal_path.name} was left half-created by an interrupted start; "
            "it was set up again."
        )
    return (
        f"{journal_path.name} was left half-upgraded by an interrupted start; the upgrade was "
        "completed and nothing was lost."
    )


def upgrade_to_head(engine: Engine, journal_path: Path, target: str | None = None) -> list[str]:
    """Bring the journal to ``target`` (default: the newest schema), backing it up first.

    The whole creation or upgrade is one transaction (``BEGIN IMMEDIATE``: SQLite's DDL is
    transactional once pysqlite stops committing around it, see ``db.make_engine``), so a crash
    leaves the journal exactly as it was, and two processes opening one new journal at once
    wait for each other instead of both creating it. A journal written by a newer ReliefMap
    (an unknown revision) is refused, never touched. Returns messages for the person (a
    repaired interruption), usually none.
    """
    config = _alembic_config()
    scripts = ScriptDirectory.from_config(config)
    target = target or head_revision()
    notices: list[str] = []
    if current_revision(engine) == target:
        return notices  # the usual case, without taking the write lock
    with engine.connect() as connection:
        connection = connection.execution_options(**{BEGIN_OPTION: "BEGIN IMMEDIATE"})
        with connection.begin():
            current = MigrationContext.configure(connection).get_current_revision()
            if current is not None and not _is_known(scripts, current):
                raise StoreError(
                    f"{journal_path} was written by a newer version of ReliefMap (schema "
                    f"{current}). Update ReliefMap, or open another journal."
                )
            if current == target:
                return notices
            tables = set(inspect(connection).get_table_names())
            if current is not None:
                backup_now(journal_path, f"before-migration-{target}")
            notice = _repair_interrupted(connection, current, tables, journal_path)
            if notice:
                notices.append(notice)
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    return notices
