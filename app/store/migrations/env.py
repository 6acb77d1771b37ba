"""Alembic environment: always run from code with a connection handed in by the store."""

from __future__ import annotations

from alembic import context

from app.store.models import JournalBase

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the app never runs alembic from its CLI
    raise RuntimeError("ReliefMap migrations run from app.store.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=JournalBase.metadata,
    render_as_batch=True,
    # SQLite's DDL is transactional; the store runs every migration inside one outer
    # transaction (see app.store.migrate.upgrade_to_head), so alembic must not commit.
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
