"""The journal's writes: domain entries to ORM rows, one transaction each.

Kept apart from the reads (:mod:`app.store.journal`, plain sqlite3) so that opening a journal
and showing it does not import SQLAlchemy: the first write does. ``row_for`` is the one
mapping from a domain entry to its row(s), used by single writes and by imports alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, configure_mappers

from app.domain.journal import CheckIn
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.routine import RoutineRun
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult
from app.domain.sessions import TreatmentSession
from app.store.engine import make_engine
from app.store.errors import NotFoundError, StoreError
from app.store.models import (
    CheckInRow,
    JournalBase,
    MarkQualityRow,
    PainMarkRow,
    QuestionnaireRow,
    RedFlagScreenRow,
    RoutineRunRow,
    SelfTestResultRow,
    SelfTestValueRow,
    SettingRow,
    TightMuscleRow,
    TreatmentSessionRow,
)

Entry = (
    CheckIn | TreatmentSession | QuestionnaireResponse | RedFlagScreen | SelfTestResult | RoutineRun
)

#: The table of each kind of entry, and how a missing one is named in messages.
ROW_TYPES: dict[type, tuple[type[JournalBase], str]] = {
    CheckIn: (CheckInRow, "check-in"),
    TreatmentSession: (TreatmentSessionRow, "session"),
    QuestionnaireResponse: (QuestionnaireRow, "questionnaire"),
    RedFlagScreen: (RedFlagScreenRow, "screen"),
    SelfTestResult: (SelfTestResultRow, "self-test result"),
    RoutineRun: (RoutineRunRow, "routine run"),
}


class JournalWriter:
    """Every write of one journal file, through one SQLAlchemy engine."""

    def __init__(self, path: Path) -> None:
        self.engine = make_engine(path)

    def close(self) -> None:
        self.engine.dispose()

    def warm_up(self) -> None:
        """Do the one-off work of a first write now: connect (WAL and pragmas) and set up the
        ORM's mappers, so the first save costs what every later one does."""
        configure_mappers()
        with self.engine.connect():
            pass

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: all of it is written, or none of it."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError as error:
            raise StoreError(f"The journal refused the change: {error.orig}") from error
        except OperationalError as error:
            raise StoreError(f"Could not write the journal: {error.orig}") from error

    def add(self, entry: Entry) -> int:
        """Write a new entry; returns its id."""
        with self.unit_of_work() as session:
            row = row_for(entry, datetime.now())
            session.add(row)
            session.flush()
            return int(row.id)  # type: ignore[attr-defined]

    def update_check_in(self, check_in: CheckIn) -> None:
        with self.unit_of_work() as session:
            row = session.get(CheckInRow, check_in.id)
            if row is None:
                raise NotFoundError("That check-in no longer exists.")
            row.marks.clear()
            row.tight_muscles.clear()
            session.flush()
            _fill_check_in(row, check_in, datetime.now())

    def delete(self, kind: type, entry_id: int) -> None:
        """Delete the entry of type ``kind`` (a domain class) with this id."""
        row_type, name = ROW_TYPES[kind]
        with self.unit_of_work() as session:
            row = session.get(row_type, entry_id)
            if row is None:
                raise NotFoundError(f"That {name} no longer exists.")
            session.delete(row)

    def mark_screen_assessed(self, screen_id: int, when: datetime) -> None:
        with self.unit_of_work() as session:
            row = session.get(RedFlagScreenRow, screen_id)
            if row is None:
                raise NotFoundError("That screen no longer exists.")
            row.assessed_at = when

    def set_setting(self, key: str, value: str) -> None:
        with self.unit_of_work() as session:
            row = session.get(SettingRow, key)
            if row is None:
                session.add(SettingRow(key=key, value=value))
            else:
                row.value = value

    def import_entries(
        self, groups: Mapping[str, Sequence[Entry]], settings: Mapping[str, str]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Every entry whose uid is new, and settings not set yet, in one transaction.

        ``groups`` maps a table's name in the export to its entries; returns (added, skipped)
        counts by that name.
        """
        added: dict[str, int] = {}
        skipped: dict[str, int] = {}
        now = datetime.now()
        with self.unit_of_work() as session:
            for name, entries in groups.items():
                if not entries:
                    added[name] = skipped[name] = 0
                    continue
                row_type = ROW_TYPES[type(entries[0])][0]
                existing = set(session.scalars(select(row_type.uid)))  # type: ignore[attr-defined]
                fresh = [entry for entry in entries if entry.uid not in existing]
                skipped[name] = len(entries) - len(fresh)
                added[name] = len(fresh)
                session.add_all(row_for(entry, now) for entry in fresh)
            for key, value in settings.items():
                if session.get(SettingRow, key) is None:
                    session.add(SettingRow(key=key, value=value))
        return added, skipped


def row_for(entry: Entry, now: datetime) -> JournalBase:
    """The new row (with its child rows) for one domain entry."""
    if isinstance(entry, CheckIn):
        check_in = CheckInRow(uid=entry.uid, created_at=now)
        _fill_check_in(check_in, entry, now)
        return check_in
    if isinstance(entry, TreatmentSession):
        return TreatmentSessionRow(
            uid=entry.uid, started_at=entry.started_at, kind=entry.kind, item_id=entry.item_id,
            side=entry.side, pain_before=entry.pain_before, pain_after=entry.pain_after,
            duration_s=entry.duration_s, note=entry.note, created_at=now,
        )  # fmt: skip
    if isinstance(entry, QuestionnaireResponse):
        return QuestionnaireRow(
            uid=entry.uid, taken_at=entry.taken_at, instrument=entry.instrument,
            answers_json=json.dumps(list(entry.answers)),
            activities_json=json.dumps(list(entry.activities), ensure_ascii=False),
        )  # fmt: skip
    if isinstance(entry, RedFlagScreen):
        return RedFlagScreenRow(
            uid=entry.uid, taken_at=entry.taken_at,
            answered_yes=" ".join(entry.sorted_flags()), assessed_at=entry.assessed_at,
        )  # fmt: skip
    if isinstance(entry, SelfTestResult):
        return SelfTestResultRow(
            uid=entry.uid, taken_at=entry.taken_at, test_id=entry.test_id, note=entry.note,
            created_at=now,
            values=[SelfTestValueRow(side=value.side, reading=value.reading,
                                     seconds=value.seconds) for value in entry.values],
        )  # fmt: skip
    if isinstance(entry, RoutineRun):
        steps = [{"kind": s.kind, "item": s.item_id, "side": s.side, "done": s.done}
                 for s in entry.steps]  # fmt: skip
        return RoutineRunRow(
            uid=entry.uid, started_at=entry.started_at, phase=entry.phase,
            pain_before=entry.pain_before, pain_after=entry.pain_after,
            duration_s=entry.duration_s, steps_json=json.dumps(steps), created_at=now,
        )  # fmt: skip
    raise TypeError(f"cannot store {type(entry).__name__}")


def _fill_check_in(row: CheckInRow, check_in: CheckIn, now: datetime) -> None:
    row.taken_at = check_in.taken_at
    row.overall_pain = check_in.overall_pain
    row.note = check_in.note
    row.updated_at = now
    row.marks = [
        PainMarkRow(
            region_id=mark.region_id,
            intensity=mark.intensity,
            qualities=[MarkQualityRow(quality=q) for q in mark.sorted_qualities()],
        )
        for mark in check_in.marks
    ]
    row.tight_muscles = [
        TightMuscleRow(muscle_id=muscle.muscle_id, side=muscle.side)
        for muscle in check_in.tight_muscles
    ]
