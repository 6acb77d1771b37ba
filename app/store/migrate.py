"""Schema upgrades with Alembic, run from code at start, with a backup first."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect

from app.store.backup import backup_now
from app.store.errors import StoreError

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


def upgrade_to_head(engine: Engine, journal_path: Path, target: str | None = None) -> None:
    """Bring the journal to ``target`` (default: the newest schema), backing it up first.

    A journal written by a newer ReliefMap (an unknown revision) is refused, never touched.
    """
    config = _alembic_config()
    scripts = ScriptDirectory.from_config(config)
    target = target or head_revision()
    current = current_revision(engine)
    if current is not None and not _is_known(scripts, current):
        raise StoreError(
            f"{journal_path} was written by a newer version of ReliefMap (schema {current}). "
            "Update ReliefMap, or open another journal."
        )
    if current == target:
        return
    with engine.connect() as connection:
        has_tables = bool(inspect(connection).get_table_names())
    if current is None and has_tables:  # another program's database: never add our tables
        raise StoreError(
            f"{journal_path} is an SQLite database but not a ReliefMap journal. "
            "It was left untouched; open another file."
        )
    if current is not None:
        backup_now(journal_path, f"before-migration-{target}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
