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
)
with context.begin_transaction():
    context.run_migrations()
