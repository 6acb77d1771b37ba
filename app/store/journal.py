"""The journal repository: check-ins in and out as domain dataclasses, one transaction each."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from app.domain.journal import (
    EARLIEST_MOMENT,
    LATEST_MOMENT,
    CheckIn,
    PainMark,
    TightMuscle,
    validate_known_ids,
)
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.routine import JournalView, RoutineRun, RunStep
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, SideValue
from app.domain.sessions import TreatmentSession
from app.store.backup import adopt_legacy_backups, clean_leftovers
from app.store.db import (
    PRIVATE_FILE_MODE,
    check_file_path,
    connect_sqlite,
    ensure_private_file,
    make_engine,
)
from app.store.errors import NotFoundError, StoreError
from app.store.migrate import head_revision, upgrade_to_head
from app.store.models import (
    CheckInRow,
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
    first_check_violation,
)

_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class CheckInSummary:
    """What the history list shows, without loading every mark."""

    id: int
    taken_at: datetime
    overall_pain: int
    mark_count: int
    note: str


#: Journals up to this size get SQLite's full ``integrity_check`` when opened (it also checks
#: every index against its table, which ``quick_check`` skips: 4 of 40 damaged files in a
#: fault test passed ``quick_check``); bigger ones, the quick check. About 20 ms per MB.
FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024


def _check_openable(path: Path) -> None:
    """Refuse a path that cannot hold a journal, or a file that is not a SQLite database,
    before SQLite or Alembic touch it (a FIFO would block SQLite for ever)."""
    check_file_path(path)
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except OSError as error:
            raise StoreError(f"Cannot read {path}: {error.strerror}.") from error
        if header != _SQLITE_HEADER:
            raise StoreError(
                f"{path} is not a ReliefMap journal (not an SQLite database). "
                "It was left untouched; open another file or restore a backup."
            )


def _refuse_foreign_database(path: Path) -> None:
    """Another program's SQLite file must not even be switched to WAL: look read-only first."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        connection = connect_sqlite(path, read_only=True)
        try:
            names = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        finally:
            connection.close()
    except sqlite3.Error:
        return  # damaged or unreadable: the checks in open() say so
    if names and "alembic_version" not in names:
        raise StoreError(
            f"{path} is an SQLite database but not a ReliefMap journal. "
            "It was left untouched; open another file."
        )


def _verify_integrity(connection: Any, path: Path) -> None:
    """Refuse to write into a damaged journal: full check when affordable, else the quick one."""
    size = path.stat().st_size
    pragma = "integrity_check" if size <= FULL_CHECK_MAX_BYTES else "quick_check"
    result = connection.exec_driver_sql(f"PRAGMA {pragma}").scalar()
    if result != "ok":
        raise StoreError(
            f"The journal {path} is damaged ({result}). It was left untouched; "
            "restore a backup (reliefmap restore) or open another file."
        )


def _in_range(column: Any) -> Any:
    """Only entries dated 1900-2100 are read back. An older ReliefMap imported dates such as
    0001-01-01 that crashed every chart; such rows stay in the file, untouched, but are never
    handed to the domain, which now refuses them."""
    return column.between(EARLIEST_MOMENT, LATEST_MOMENT)


def _remove_side_files(path: Path, created: list[Path]) -> None:
    """Remove the -wal/-shm a read-only look created, if the -wal holds nothing."""
    wal = Path(f"{path}-wal")
    if created and (not wal.exists() or wal.stat().st_size == 0):
        for side in created:
            with contextlib.suppress(OSError):
                side.unlink(missing_ok=True)


def _make_private(path: Path) -> None:
    """A journal made by an older ReliefMap (or copied in) may be world-readable: fix that."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if candidate.stat().st_mode & 0o077:
                os.chmod(candidate, PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # not ours to change (a shared, read-only copy): reading still works


def _default_known_ids() -> tuple[Collection[str], Collection[str]]:
    from app.domain.knowledge_loader import load_knowledge
    from app.domain.regions import default_catalog

    return default_catalog().ids(), list(load_knowledge().muscles)


class JournalStore:
    """The person's journal file. Create with :meth:`open`; close when done."""

    def __init__(
        self,
        engine: Engine,
        path: Path,
        region_ids: Collection[str],
        muscle_ids: Collection[str],
    ) -> None:
        self._engine = engine
        self.path = path
        self._region_ids = frozenset(region_ids)
        self._muscle_ids = frozenset(muscle_ids)
        #: Things the person should hear about from opening (an interrupted upgrade repaired).
        self.notices: list[str] = []
        self._remove_on_close: list[Path] = []

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        region_ids: Collection[str] | None = None,
        muscle_ids: Collection[str] | None = None,
    ) -> JournalStore:
        """Open (creating and migrating as needed) the journal at ``path``.

        Raises StoreError with a message for the person; a damaged or foreign file is never
        overwritten.
        """
        path = Path(path).expanduser().resolve()
        _check_openable(path)
        _refuse_foreign_database(path)
        try:
            clean_leftovers(path)  # an interrupted restore's copy: the backup itself remains
            adopt_legacy_backups(path)
            ensure_private_file(path)
            _make_private(path)
        except OSError as error:
            raise StoreError(
                f"Cannot create the journal {path}: {error.strerror}. "
                "Choose a folder you can write to (--db PATH)."
            ) from error
        engine = make_engine(path)
        try:
            with engine.connect() as connection:
                _verify_integrity(connection, path)
            notices = upgrade_to_head(engine, path)
        except (OperationalError, sqlite3.OperationalError) as error:
            # Not damage: a read-only folder, a full disk, a lock held elsewhere. Say what it
            # is; restoring a backup would not help.
            engine.dispose()
            raise StoreError(
                f"The journal {path} cannot be opened: {getattr(error, 'orig', error)}. "
                "It was left untouched; free some space, use a folder you can write to, "
                "or close the other program using it."
            ) from error
        except (DatabaseError, sqlite3.DatabaseError) as error:
            engine.dispose()
            raise StoreError(
                f"The journal {path} cannot be opened: {getattr(error, 'orig', error)}. "
                "It was left untouched; restore a backup (reliefmap restore) or open "
                "another file."
            ) from error
        except StoreError:
            engine.dispose()
            raise
        if region_ids is None or muscle_ids is None:
            default_regions, default_muscles = _default_known_ids()
            region_ids = default_regions if region_ids is None else region_ids
            muscle_ids = default_muscles if muscle_ids is None else muscle_ids
        store = cls(engine, path, region_ids, muscle_ids)
        store.notices = notices
        return store

    @classmethod
    def open_read_only(
        cls,
        path: Path,
        *,
        rescue: bool = False,
        region_ids: Collection[str] | None = None,
        muscle_ids: Collection[str] | None = None,
    ) -> JournalStore:
        """Open an existing journal only to read it (export, report): nothing is created,
        upgraded or written, so a journal on read-only media or in a folder the person cannot
        write to can still be exported. A journal that needs an upgrade is opened the normal
        way (upgraded after a backup).

        ``rescue``: skip the integrity check, to export what can still be read from a damaged
        journal; ``notices`` then says it is damaged.
        """
        path = Path(path).expanduser().resolve()
        _check_openable(path)
        if not path.is_file() or path.stat().st_size == 0:
            raise StoreError(f"No journal at {path}. Open the app once, or pass --db PATH.")
        notices: list[str] = []
        side_files = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
        absent = [side for side in side_files if not side.exists()]
        try:
            _refuse_foreign_database(path)
            for immutable in (False, True):
                engine = make_engine(path, read_only=True, immutable=immutable)
                try:
                    with engine.connect() as connection:
                        if rescue:
                            verdict = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                            if verdict != "ok":
                                notices.append(
                                    f"The journal {path} is damaged ({verdict}); exported what "
                                    "could be read. Restore a backup (reliefmap restore)."
                                )
                        else:
                            _verify_integrity(connection, path)
                            broken = first_check_violation(
                                lambda sql: connection.exec_driver_sql(sql).scalar()
                            )
                            if broken:
                                raise StoreError(
                                    f"The journal {path} is damaged ({broken}). It was left "
                                    "untouched; restore a backup (reliefmap restore) or open "
                                    "another file."
                                )
                        current = MigrationContext.configure(connection).get_current_revision()
                    break
                except OperationalError as error:
                    engine.dispose()
                    if immutable:  # not even as immutable: say what SQLite said
                        raise StoreError(
                            f"The journal {path} cannot be read: {error.orig}. "
                            "It was left untouched."
                        ) from error
                except (DatabaseError, sqlite3.DatabaseError) as error:
                    engine.dispose()
                    raise StoreError(
                        f"The journal {path} is damaged ({getattr(error, 'orig', error)}). It was "
                        "left untouched; restore a backup (reliefmap restore) or open another file."
                    ) from error
                except StoreError:
                    engine.dispose()
                    raise
        except BaseException:
            _remove_side_files(path, absent)
            raise
        if current != head_revision():
            engine.dispose()
            return cls.open(path, region_ids=region_ids, muscle_ids=muscle_ids)
        if region_ids is None or muscle_ids is None:
            default_regions, default_muscles = _default_known_ids()
            region_ids = default_regions if region_ids is None else region_ids
            muscle_ids = default_muscles if muscle_ids is None else muscle_ids
        store = cls(engine, path, region_ids, muscle_ids)
        store.notices = notices
        store._remove_on_close = absent
        return store

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()
        # A read-only connection cannot remove the -wal/-shm SQLite made for it; reading must
        # leave the folder as it was, so they go when the -wal is empty (holds nothing).
        _remove_side_files(self.path, self._remove_on_close)

    @contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        """One transaction: all of it is written, or none of it."""
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError as error:
            raise StoreError(f"The journal refused the change: {error.orig}") from error
        except OperationalError as error:
            raise StoreError(f"Could not write the journal: {error.orig}") from error

    # --- check-ins -------------------------------------------------------------------------

    def add_check_in(self, check_in: CheckIn) -> CheckIn:
        validate_known_ids(check_in, self._region_ids, self._muscle_ids)
        now = datetime.now()
        with self._unit_of_work() as session:
            row = CheckInRow(uid=check_in.uid, created_at=now)
            _fill_row(row, check_in, now)
            session.add(row)
            session.flush()
            new_id = row.id
        return _replace_id(check_in, new_id)

    def update_check_in(self, check_in: CheckIn) -> CheckIn:
        if check_in.id is None:
            raise ValueError("update_check_in needs a stored check-in (with an id)")
        validate_known_ids(check_in, self._region_ids, self._muscle_ids)
        with self._unit_of_work() as session:
            row = session.get(CheckInRow, check_in.id)
            if row is None:
                raise NotFoundError("That check-in no longer exists.")
            row.marks.clear()
            row.tight_muscles.clear()
            session.flush()
            _fill_row(row, check_in, datetime.now())
        return check_in

    def delete_check_in(self, check_in_id: int) -> None:
        with self._unit_of_work() as session:
            row = session.get(CheckInRow, check_in_id)
            if row is None:
                raise NotFoundError("That check-in no longer exists.")
            session.delete(row)

    def get_check_in(self, check_in_id: int) -> CheckIn:
        with Session(self._engine) as session:
            row = session.scalar(
                select(CheckInRow)
                .where(CheckInRow.id == check_in_id)
                .options(
                    selectinload(CheckInRow.marks).selectinload(PainMarkRow.qualities),
                    selectinload(CheckInRow.tight_muscles),
                )
            )
            if row is None:
                raise NotFoundError("That check-in no longer exists.")
            return _to_domain(row)

    def list_check_ins(self, limit: int | None = None) -> list[CheckInSummary]:
        """Newest first; counts marks in SQL so a 10-year journal lists quickly."""
        mark_counts = (
            select(PainMarkRow.check_in_id, func.count().label("n"))
            .group_by(PainMarkRow.check_in_id)
            .subquery()
        )
        query = (
            select(
                CheckInRow.id,
                CheckInRow.taken_at,
                CheckInRow.overall_pain,
                func.coalesce(mark_counts.c.n, 0),
                CheckInRow.note,
            )
            .outerjoin(mark_counts, mark_counts.c.check_in_id == CheckInRow.id)
            .where(_in_range(CheckInRow.taken_at))
            .order_by(CheckInRow.taken_at.desc(), CheckInRow.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with Session(self._engine) as session:
            return [CheckInSummary(*row) for row in session.execute(query)]

    def all_check_ins(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[CheckIn]:
        """Full check-ins in time order (oldest first), optionally within [start, end).

        Reads plain rows (SQLAlchemy Core) rather than ORM objects: charts load years of
        check-ins at once, and building ORM instances was ten times slower than the query.
        """
        window = [_in_range(CheckInRow.taken_at)]
        if start is not None:
            window.append(CheckInRow.taken_at >= start)
        if end is not None:
            window.append(CheckInRow.taken_at < end)
        check_ins_query = (
            select(CheckInRow.id, CheckInRow.uid, CheckInRow.taken_at, CheckInRow.overall_pain,
                   CheckInRow.note)
            .where(*window)
            .order_by(CheckInRow.taken_at, CheckInRow.id)
        )  # fmt: skip
        ids = select(CheckInRow.id).where(*window)
        marks_query = (
            select(PainMarkRow.id, PainMarkRow.check_in_id, PainMarkRow.region_id,
                   PainMarkRow.intensity)
            .where(PainMarkRow.check_in_id.in_(ids))
            .order_by(PainMarkRow.id)
        )  # fmt: skip
        qualities_query = select(MarkQualityRow.mark_id, MarkQualityRow.quality).where(
            MarkQualityRow.mark_id.in_(
                select(PainMarkRow.id).where(PainMarkRow.check_in_id.in_(ids))
            )
        )
        tight_query = (
            select(TightMuscleRow.check_in_id, TightMuscleRow.muscle_id, TightMuscleRow.side)
            .where(TightMuscleRow.check_in_id.in_(ids))
            .order_by(TightMuscleRow.id)
        )
        with self._engine.connect() as connection:
            qualities: dict[int, set[str]] = {}
            for mark_id, quality in connection.execute(qualities_query):
                qualities.setdefault(mark_id, set()).add(quality)
            marks: dict[int, list[PainMark]] = {}
            for mark_id, check_in_id, region_id, intensity in connection.execute(marks_query):
                marks.setdefault(check_in_id, []).append(
                    PainMark(region_id, intensity, frozenset(qualities.get(mark_id, ())))
                )
            tight: dict[int, list[TightMuscle]] = {}
            for check_in_id, muscle_id, side in connection.execute(tight_query):
                tight.setdefault(check_in_id, []).append(TightMuscle(muscle_id, side))
            return [
                CheckIn(
                    id=row_id,
                    uid=uid,
                    taken_at=taken_at,
                    overall_pain=overall,
                    note=note,
                    marks=tuple(marks.get(row_id, ())),
                    tight_muscles=tuple(tight.get(row_id, ())),
                )
                for row_id, uid, taken_at, overall, note in connection.execute(check_ins_query)
            ]

    def count_check_ins(self) -> int:
        with Session(self._engine) as session:
            return session.scalar(select(func.count()).select_from(CheckInRow)) or 0

    # --- treatment sessions ------------------------------------------------------------------

    def add_session(self, session_entry: TreatmentSession) -> TreatmentSession:
        with self._unit_of_work() as session:
            row = TreatmentSessionRow(
                uid=session_entry.uid,
                started_at=session_entry.started_at,
                kind=session_entry.kind,
                item_id=session_entry.item_id,
                side=session_entry.side,
                pain_before=session_entry.pain_before,
                pain_after=session_entry.pain_after,
                duration_s=session_entry.duration_s,
                note=session_entry.note,
                created_at=datetime.now(),
            )
            session.add(row)
            session.flush()
            new_id = row.id
        return replace(session_entry, id=new_id)

    def delete_session(self, session_id: int) -> None:
        with self._unit_of_work() as session:
            row = session.get(TreatmentSessionRow, session_id)
            if row is None:
                raise NotFoundError("That session no longer exists.")
            session.delete(row)

    def all_sessions(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[TreatmentSession]:
        """Sessions oldest first, optionally within [start, end)."""
        query = select(TreatmentSessionRow).where(_in_range(TreatmentSessionRow.started_at))
        if start is not None:
            query = query.where(TreatmentSessionRow.started_at >= start)
        if end is not None:
            query = query.where(TreatmentSessionRow.started_at < end)
        query = query.order_by(TreatmentSessionRow.started_at, TreatmentSessionRow.id)
        with Session(self._engine) as session:
            return [
                TreatmentSession(
                    id=row.id,
                    uid=row.uid,
                    started_at=row.started_at,
                    kind=row.kind,
                    item_id=row.item_id,
                    side=row.side,
                    pain_before=row.pain_before,
                    pain_after=row.pain_after,
                    duration_s=row.duration_s,
                    note=row.note,
                )
                for row in session.scalars(query)
            ]

    # --- questionnaires ----------------------------------------------------------------------

    def add_questionnaire(self, response: QuestionnaireResponse) -> QuestionnaireResponse:
        with self._unit_of_work() as session:
            row = QuestionnaireRow(
                uid=response.uid,
                taken_at=response.taken_at,
                instrument=response.instrument,
                answers_json=json.dumps(list(response.answers)),
                activities_json=json.dumps(list(response.activities), ensure_ascii=False),
            )
            session.add(row)
            session.flush()
            new_id = row.id
        return replace(response, id=new_id)

    def delete_questionnaire(self, response_id: int) -> None:
        with self._unit_of_work() as session:
            row = session.get(QuestionnaireRow, response_id)
            if row is None:
                raise NotFoundError("That questionnaire no longer exists.")
            session.delete(row)

    def all_questionnaires(self, instrument: str | None = None) -> list[QuestionnaireResponse]:
        """Responses oldest first, optionally of one instrument."""
        query = select(QuestionnaireRow).where(_in_range(QuestionnaireRow.taken_at))
        if instrument is not None:
            query = query.where(QuestionnaireRow.instrument == instrument)
        query = query.order_by(QuestionnaireRow.taken_at, QuestionnaireRow.id)
        with Session(self._engine) as session:
            return [
                QuestionnaireResponse(
                    id=row.id,
                    uid=row.uid,
                    taken_at=row.taken_at,
                    instrument=row.instrument,
                    answers=tuple(json.loads(row.answers_json)),
                    activities=tuple(json.loads(row.activities_json)),
                )
                for row in session.scalars(query)
            ]

    # --- red-flag screens --------------------------------------------------------------------

    def add_red_flag_screen(self, screen: RedFlagScreen) -> RedFlagScreen:
        with self._unit_of_work() as session:
            row = RedFlagScreenRow(
                uid=screen.uid,
                taken_at=screen.taken_at,
                answered_yes=" ".join(screen.sorted_flags()),
                assessed_at=screen.assessed_at,
            )
            session.add(row)
            session.flush()
            new_id = row.id
        return replace(screen, id=new_id)

    def mark_screen_assessed(self, screen_id: int, when: datetime) -> None:
        """The person confirms a clinician has assessed the flags they reported."""
        with self._unit_of_work() as session:
            row = session.get(RedFlagScreenRow, screen_id)
            if row is None:
                raise NotFoundError("That screen no longer exists.")
            row.assessed_at = when

    def all_red_flag_screens(self) -> list[RedFlagScreen]:
        query = (
            select(RedFlagScreenRow)
            .where(
                _in_range(RedFlagScreenRow.taken_at),
                RedFlagScreenRow.assessed_at.is_(None) | _in_range(RedFlagScreenRow.assessed_at),
            )
            .order_by(RedFlagScreenRow.taken_at, RedFlagScreenRow.id)
        )
        with Session(self._engine) as session:
            return [
                RedFlagScreen(
                    id=row.id,
                    uid=row.uid,
                    taken_at=row.taken_at,
                    answered_yes=frozenset(row.answered_yes.split()),
                    assessed_at=row.assessed_at,
                )
                for row in session.scalars(query)
            ]

    def latest_red_flag_screen(self) -> RedFlagScreen | None:
        screens = self.all_red_flag_screens()
        return screens[-1] if screens else None

    # --- self-test results --------------------------------------------------------------------

    def add_self_test(self, result: SelfTestResult) -> SelfTestResult:
        """Store one self-test sitting (validate it against the knowledge base first)."""
        with self._unit_of_work() as session:
            row = _self_test_row(result, datetime.now())
            session.add(row)
            session.flush()
            new_id = row.id
        return replace(result, id=new_id)

    def delete_self_test(self, result_id: int) -> None:
        with self._unit_of_work() as session:
            row = session.get(SelfTestResultRow, result_id)
            if row is None:
                raise NotFoundError("That self-test result no longer exists.")
            session.delete(row)

    def all_self_tests(self, test_id: str | None = None) -> list[SelfTestResult]:
        """Self-test results oldest first, optionally of one test."""
        query = (
            select(SelfTestResultRow)
            .options(selectinload(SelfTestResultRow.values))
            .where(_in_range(SelfTestResultRow.taken_at))
        )
        if test_id is not None:
            query = query.where(SelfTestResultRow.test_id == test_id)
        query = query.order_by(SelfTestResultRow.taken_at, SelfTestResultRow.id)
        with Session(self._engine) as session:
            return [
                SelfTestResult(
                    id=row.id,
                    uid=row.uid,
                    taken_at=row.taken_at,
                    test_id=row.test_id,
                    note=row.note,
                    values=tuple(
                        SideValue(value.side, value.reading, value.seconds)
                        for value in sorted(
                            row.values, key=lambda v: ("left", "right", "none").index(v.side)
                        )
                    ),
                )
                for row in session.scalars(query)
            ]

    # --- routine runs ------------------------------------------------------------------------

    def add_routine_run(self, run: RoutineRun) -> RoutineRun:
        with self._unit_of_work() as session:
            row = _routine_row(run, datetime.now())
            session.add(row)
            session.flush()
            new_id = row.id
        return replace(run, id=new_id)

    def all_routine_runs(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[RoutineRun]:
        """Routine runs oldest first, optionally within [start, end)."""
        query = select(RoutineRunRow).where(_in_range(RoutineRunRow.started_at))
        if start is not None:
            query = query.where(RoutineRunRow.started_at >= start)
        if end is not None:
            query = query.where(RoutineRunRow.started_at < end)
        query = query.order_by(RoutineRunRow.started_at, RoutineRunRow.id)
        with Session(self._engine) as session:
            return [
                RoutineRun(
                    id=row.id,
                    uid=row.uid,
                    started_at=row.started_at,
                    phase=row.phase,
                    pain_before=row.pain_before,
                    pain_after=row.pain_after,
                    duration_s=row.duration_s,
                    steps=tuple(
                        RunStep(step["kind"], step["item"], step["side"], step["done"])
                        for step in json.loads(row.steps_json)
                    ),
                )
                for row in session.scalars(query)
            ]

    # --- bulk import --------------------------------------------------------------------------

    def known_ids(self) -> tuple[frozenset[str], frozenset[str]]:
        """The region and muscle ids this journal accepts (for validating imports)."""
        return self._region_ids, self._muscle_ids

    def import_content(self, content: Any) -> Any:
        """Write every entry of an import whose uid is new, in one transaction.

        ``content`` is a validated ``transfer.JournalContent``; returns an ImportResult.
        """
        from app.store.transfer import ImportResult

        tables = {
            "check_ins": (CheckInRow, content.check_ins),
            "sessions": (TreatmentSessionRow, content.sessions),
            "questionnaires": (QuestionnaireRow, content.questionnaires),
            "red_flag_screens": (RedFlagScreenRow, content.red_flag_screens),
            "self_tests": (SelfTestResultRow, content.self_tests),
            "routine_runs": (RoutineRunRow, content.routine_runs),
        }
        added: dict[str, int] = {}
        skipped: dict[str, int] = {}
        now = datetime.now()
        with self._unit_of_work() as session:
            for name, (row_type, entries) in tables.items():
                existing = set(session.scalars(select(row_type.uid)))
                fresh = [entry for entry in entries if entry.uid not in existing]
                skipped[name] = len(entries) - len(fresh)
                added[name] = len(fresh)
                for entry in fresh:
                    session.add(_row_for(entry, now))
            for key, value in content.settings.items():
                if session.get(SettingRow, key) is None:
                    session.add(SettingRow(key=key, value=value))
        return ImportResult(added=added, skipped=skipped)

    def table_counts(self) -> dict[str, int]:
        """Rows per table, for ``reliefmap check``."""
        models = (CheckInRow, PainMarkRow, TightMuscleRow, TreatmentSessionRow, QuestionnaireRow,
                  RedFlagScreenRow, SelfTestResultRow, SelfTestValueRow, RoutineRunRow,
                  SettingRow)  # fmt: skip
        with Session(self._engine) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in models
            }

    def all_settings(self) -> dict[str, str]:
        with Session(self._engine) as session:
            return {row.key: row.value for row in session.scalars(select(SettingRow))}

    # --- settings ----------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with Session(self._engine) as session:
            row = session.get(SettingRow, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: str) -> None:
        with self._unit_of_work() as session:
            row = session.get(SettingRow, key)
            if row is None:
                session.add(SettingRow(key=key, value=value))
            else:
                row.value = value


def _row_for(entry: object, now: datetime) -> object:
    """The new row for one imported domain entry."""
    if isinstance(entry, CheckIn):
        row = CheckInRow(uid=entry.uid, created_at=now)
        _fill_row(row, entry, now)
        return row
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
        return _self_test_row(entry, now)
    if isinstance(entry, RoutineRun):
        return _routine_row(entry, now)
    raise TypeError(f"cannot import {type(entry).__name__}")


def _routine_row(run: RoutineRun, now: datetime) -> RoutineRunRow:
    steps = [{"kind": s.kind, "item": s.item_id, "side": s.side, "done": s.done} for s in run.steps]
    return RoutineRunRow(
        uid=run.uid,
        started_at=run.started_at,
        phase=run.phase,
        pain_before=run.pain_before,
        pain_after=run.pain_after,
        duration_s=run.duration_s,
        steps_json=json.dumps(steps),
        created_at=now,
    )


def _self_test_row(result: SelfTestResult, now: datetime) -> SelfTestResultRow:
    return SelfTestResultRow(
        uid=result.uid,
        taken_at=result.taken_at,
        test_id=result.test_id,
        note=result.note,
        created_at=now,
        values=[
            SelfTestValueRow(side=value.side, reading=value.reading, seconds=value.seconds)
            for value in result.values
        ],
    )


def _fill_row(row: CheckInRow, check_in: CheckIn, now: datetime) -> None:
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


def _to_domain(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        uid=row.uid,
        taken_at=row.taken_at,
        overall_pain=row.overall_pain,
        note=row.note,
        marks=tuple(
            PainMark(
                region_id=mark.region_id,
                intensity=mark.intensity,
                qualities=frozenset(q.quality for q in mark.qualities),
            )
            for mark in row.marks
        ),
        tight_muscles=tuple(
            TightMuscle(muscle_id=muscle.muscle_id, side=muscle.side)
            for muscle in row.tight_muscles
        ),
    )


def _replace_id(check_in: CheckIn, new_id: int) -> CheckIn:
    return replace(check_in, id=new_id)


def journal_view(store: JournalStore, now: datetime | None = None) -> JournalView:
    """Everything today's routine reads, from one journal (the window and the CLI share it).

    Check-ins of the last 400 days are enough (the episode's start looks back a year; older
    marks say nothing about today), which keeps a ten-year journal quick to plan from.
    """
    from datetime import timedelta

    from app.domain.person import PersonFacts

    now = now or datetime.now()
    return JournalView(
        check_ins=store.all_check_ins(start=now - timedelta(days=400)),
        sessions=store.all_sessions(),
        questionnaires=store.all_questionnaires(),
        self_tests=store.all_self_tests(),
        latest_screen=store.latest_red_flag_screen(),
        runs=store.all_routine_runs(),
        person=PersonFacts.from_settings(store.get_setting),
    )
