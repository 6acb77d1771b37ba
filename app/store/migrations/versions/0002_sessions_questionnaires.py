"""Treatment sessions, questionnaires, red-flag screens and journal settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "treatment_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
        sa.CheckConstraint(
            "kind IN ('trigger_point', 'acupoint', 'exercise')", name="ck_sessions_kind"
        ),
    )
    op.create_index("ix_sessions_started_at", "treatment_sessions", ["started_at"])
    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("instrument", sa.String(16), nullable=False),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("activities_json", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_questionnaires_taken_at", "questionnaire_responses", ["instrument", "taken_at"]
    )
    op.create_table(
        "red_flag_screens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("answered_yes", sa.Text(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("red_flag_screens")
    op.drop_index("ix_questionnaires_taken_at", "questionnaire_responses")
    op.drop_table("questionnaire_responses")
    op.drop_index("ix_sessions_started_at", "treatment_sessions")
    op.drop_table("treatment_sessions")
