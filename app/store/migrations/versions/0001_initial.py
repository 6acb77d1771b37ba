"""Initial journal schema: check-ins, pain marks with qualities, tight muscles.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("overall_pain", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("overall_pain BETWEEN 0 AND 10", name="ck_check_ins_overall_pain"),
    )
    op.create_index("ix_check_ins_taken_at", "check_ins", ["taken_at"])
    op.create_table(
        "pain_marks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "check_in_id",
            sa.Integer(),
            sa.ForeignKey("check_ins.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("region_id", sa.String(64), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.CheckConstraint("intensity BETWEEN 0 AND 10", name="ck_pain_marks_intensity"),
    )
    op.create_index(
        "ix_pain_marks_check_in", "pain_marks", ["check_in_id", "region_id"], unique=True
    )
    op.create_table(
        "pain_mark_qualities",
        sa.Column(
            "mark_id",
            sa.Integer(),
            sa.ForeignKey("pain_marks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("quality", sa.String(16), primary_key=True),
    )
    op.create_table(
        "tight_muscles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "check_in_id",
            sa.Integer(),
            sa.ForeignKey("check_ins.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("muscle_id", sa.String(64), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.CheckConstraint("side IN ('left', 'right', 'both')", name="ck_tight_muscles_side"),
    )
    op.create_index(
        "ix_tight_muscles_check_in",
        "tight_muscles",
        ["check_in_id", "muscle_id", "side"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_table("tight_muscles")
    op.drop_table("pain_mark_qualities")
    op.drop_table("pain_marks")
    op.drop_table("check_ins")
