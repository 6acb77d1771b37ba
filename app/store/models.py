"""Journal tables (SQLAlchemy 2 typed models). Alembic migrations mirror these exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class JournalBase(DeclarativeBase):
    """Base of the user's journal; the knowledge base has its own, separate metadata."""


class CheckInRow(JournalBase):
    __tablename__ = "check_ins"
    __table_args__ = (
        CheckConstraint("overall_pain BETWEEN 0 AND 10", name="ck_check_ins_overall_pain"),
        Index("ix_check_ins_taken_at", "taken_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    overall_pain: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    marks: Mapped[list[PainMarkRow]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan", order_by="PainMarkRow.id"
    )
    tight_muscles: Mapped[list[TightMuscleRow]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan", order_by="TightMuscleRow.id"
    )


class PainMarkRow(JournalBase):
    __tablename__ = "pain_marks"
    __table_args__ = (
        CheckConstraint("intensity BETWEEN 0 AND 10", name="ck_pain_marks_intensity"),
        Index("ix_pain_marks_check_in", "check_in_id", "region_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_ins.id", ondelete="CASCADE"))
    region_id: Mapped[str] = mapped_column(String(64))
    intensity: Mapped[int] = mapped_column(Integer)

    check_in: Mapped[CheckInRow] = relationship(back_populates="marks")
    qualities: Mapped[list[MarkQualityRow]] = relationship(
        back_populates="mark", cascade="all, delete-orphan", order_by="MarkQualityRow.quality"
    )


class MarkQualityRow(JournalBase):
    __tablename__ = "pain_mark_qualities"

    mark_id: Mapped[int] = mapped_column(
        ForeignKey("pain_marks.id", ondelete="CASCADE"), primary_key=True
    )
    quality: Mapped[str] = mapped_column(String(16), primary_key=True)

    mark: Mapped[PainMarkRow] = relationship(back_populates="qualities")


class TightMuscleRow(JournalBase):
    __tablename__ = "tight_muscles"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right', 'both')", name="ck_tight_muscles_side"),
        Index("ix_tight_muscles_check_in", "check_in_id", "muscle_id", "side", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_ins.id", ondelete="CASCADE"))
    muscle_id: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(8))

    check_in: Mapped[CheckInRow] = relationship(back_populates="tight_muscles")


class TreatmentSessionRow(JournalBase):
    __tablename__ = "treatment_sessions"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_sessions_pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_sessions_pain_after"),
        CheckConstraint(
            "kind IN ('trigger_point', 'acupoint', 'exercise')", name="ck_sessions_kind"
        ),
        Index("ix_sessions_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(8))
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class QuestionnaireRow(JournalBase):
    __tablename__ = "questionnaire_responses"
    __table_args__ = (Index("ix_questionnaires_taken_at", "instrument", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    instrument: Mapped[str] = mapped_column(String(16))
    answers_json: Mapped[str] = mapped_column(Text)
    activities_json: Mapped[str] = mapped_column(Text)


class RedFlagScreenRow(JournalBase):
    """A red-flag screen the person answered; ``assessed_at`` is when they confirmed care."""

    __tablename__ = "red_flag_screens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    answered_yes: Mapped[str] = mapped_column(Text)  # flag ids, space-separated
    assessed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SettingRow(JournalBase):
    """Per-journal settings (e.g. that this is the demo journal, pregnancy)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def first_check_violation(scalar: Callable[[str], object]) -> str | None:
    """The first table with a row that breaks one of the journal's CHECK constraints, as
    SQLite's ``integrity_check`` words it, or None.

    SQLite's ``integrity_check`` skips CHECK constraints on a read-only connection, so ``check``
    (read-only) called "ok" a journal that every other command refused. ``scalar`` runs one
    query and returns its first value (a sqlite3 or an SQLAlchemy connection will do).
    """
    for table in JournalBase.metadata.sorted_tables:
        quoted = table.name.replace('"', '""')
        for constraint in table.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            try:
                broken = scalar(
                    f'SELECT 1 FROM "{quoted}" WHERE NOT ({constraint.sqltext}) LIMIT 1'
                )
            except Exception as error:  # a table an older schema lacks: nothing to check
                if "no such table" in str(error):
                    break
                raise
            if broken:
                return f"CHECK constraint failed in {table.name}"
    return None


class SelfTestResultRow(JournalBase):
    """One sitting of a guided self-test (data/self_tests.csv); its sides are values."""

    __tablename__ = "self_test_results"
    __table_args__ = (Index("ix_self_test_results_taken_at", "test_id", "taken_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    test_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    values: Mapped[list[SelfTestValueRow]] = relationship(
        back_populates="result", cascade="all, delete-orphan", order_by="SelfTestValueRow.side"
    )


class SelfTestValueRow(JournalBase):
    """What was seen on one side: a reading id, or a hold time in seconds."""

    __tablename__ = "self_test_values"
    __table_args__ = (
        CheckConstraint("side IN ('left', 'right', 'none')", name="ck_self_test_values_side"),
        CheckConstraint(
            "(reading IS NULL) <> (seconds IS NULL)", name="ck_self_test_values_one_value"
        ),
        CheckConstraint("seconds IS NULL OR seconds >= 0", name="ck_self_test_values_seconds"),
    )

    result_id: Mapped[int] = mapped_column(
        ForeignKey("self_test_results.id", ondelete="CASCADE"), primary_key=True
    )
    side: Mapped[str] = mapped_column(String(8), primary_key=True)
    reading: Mapped[str | None] = mapped_column(String(64), nullable=True)
    seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)

    result: Mapped[SelfTestResultRow] = relationship(back_populates="values")


class RoutineRunRow(JournalBase):
    """The daily routine done once; its steps (kind, item, side, done) are a JSON list."""

    __tablename__ = "routine_runs"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="ck_routine_runs_pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="ck_routine_runs_pain_after"),
        Index("ix_routine_runs_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    phase: Mapped[str] = mapped_column(String(16))
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int] = mapped_column(Integer)
    steps_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
