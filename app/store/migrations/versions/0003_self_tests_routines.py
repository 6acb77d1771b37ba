"""Guided self-test results and daily-routine runs (issue 17).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_test_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("test_id", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_self_test_results_taken_at", "self_test_results", ["test_id", "taken_at"])
    op.create_table(
        "self_test_values",
        sa.Column(
            "result_id",
            sa.Integer(),
            sa.ForeignKey("self_test_results.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("side", sa.String(8), primary_key=True),
        sa.Column("reading", sa.String(64), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.CheckConstraint("side IN ('left', 'right', 'none')", name="ck_self_test_values_side"),
        sa.CheckConstraint(
            "(reading IS NULL) <> (seconds IS NULL)", name="ck_self_test_values_one_value"
        ),
        sa.CheckConstraint("seconds IS NULL OR seconds >= 0", name="ck_self_test_values_seconds"),
    )
    op.create_table(
        "routine_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("steps_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_routine_runs_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_routine_runs_pain_after"),
    )
    op.create_index("ix_routine_runs_started_at", "routine_runs", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_routine_runs_started_at", "routine_runs")
    op.drop_table("routine_runs")
    op.drop_table("self_test_values")
    op.drop_index("ix_self_test_results_taken_at", "self_test_results")
    op.drop_table("self_test_results")
