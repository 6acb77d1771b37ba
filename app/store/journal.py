"""The journal repository: entries in and out as domain dataclasses, one transaction each.

Reads use a plain ``sqlite3`` connection and one row-to-domain mapping per table (the
``_..._from`` functions below); writes go through :class:`app.store.journal_writes.JournalWriter`
(SQLAlchemy), made on the first write, and Alembic is imported only when the file needs an
upgrade. So opening a journal and showing it costs the file's reads, not the import of an ORM.
Every write also updates the journal's in-memory :class:`JournalModel`, once someone has asked
for it, which tells its listeners what changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.journal import (
    EARLIEST_MOMENT,
    LATEST_MOMENT,
    CheckIn,
    CheckInSummary,
    PainMark,
    TightMuscle,
    validate_known_ids,
)
from app.domain.journal_model import JournalChange, JournalModel
from app.domain.person import PersonFacts
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.routine import JournalView, RoutineRun, RunStep
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, SideValue
from app.domain.sessions import TreatmentSession
from app.store.backup import adopt_legacy_backups, clean_leftovers
from app.store.db import (
    PRIVATE_FILE_MODE,
    SCHEMA_REVISION,
    check_file_path,
    connect_sqlite,
    ensure_private_file,
)
from app.store.errors import NotFoundError, StoreError

if TYPE_CHECKING:
    from app.store.journal_writes import Entry, JournalWriter

__all__ = ["ImportResult", "JournalStore", "journal_view"]

_SQLITE_HEADER = b"SQLite format 3\x00"

#: Journals up to this size get SQLite's full ``integrity_check`` when opened (it also checks
#: every index against its table, which ``quick_check`` skips: 4 of 40 damaged files in a
#: fault test passed ``quick_check``); bigger ones, the quick check. About 20 ms per MB.
FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportResult:
    """How many entries of each kind an import added, and how many it already had."""

    added: dict[str, int]
    skipped: dict[str, int]


def _scalar(connection: sqlite3.Connection, sql: str, parameters: Sequence[Any] = ()) -> Any:
    row = connection.execute(sql, parameters).fetchone()
    return None if row is None else row[0]


def _moment(value: datetime) -> str:
    """A time as SQLAlchemy's SQLite dialect stores it, so comparisons in SQL hold."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


#: Only entries dated 1900-2100 are read back. An older ReliefMap imported dates such as
#: 0001-01-01 that crashed every chart; such rows stay in the file, untouched, but are never
#: handed to the domain, which now refuses them.
_IN_RANGE = (_moment(EARLIEST_MOMENT), _moment(LATEST_MOMENT))


def _window(column: str, start: datetime | None, end: datetime | None) -> tuple[str, list[str]]:
    """``WHERE`` text and parameters: dated 1900-2100, and within [start, end) if given."""
    clauses = [f"{column} BETWEEN ? AND ?"]
    parameters = list(_IN_RANGE)
    if start is not None:
        clauses.append(f"{column} >= ?")
        parameters.append(_moment(start))
    if end is not None:
        clauses.append(f"{column} < ?")
        parameters.append(_moment(end))
    return " AND ".join(clauses), parameters


def _stored_revision(connection: sqlite3.Connection) -> str | None:
    """The schema revision Alembic recorded, or None for a new (or foreign) file."""
    try:
        return _scalar(connection, "SELECT version_num FROM alembic_version")  # type: ignore[no-any-return]
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


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


def _verify_integrity(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse to write into a damaged journal: full check when affordable, else the quick one."""
    size = path.stat().st_size
    pragma = "integrity_check" if size <= FULL_CHECK_MAX_BYTES else "quick_check"
    result = _scalar(connection, f"PRAGMA {pragma}")
    if result != "ok":
        raise StoreError(
            f"The journal {path} is damaged ({result}). It was left untouched; "
            "restore a backup (reliefmap restore) or open another file."
        )


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


def preload_writes() -> None:
    """Load the write side (SQLAlchemy, the ORM's mappers) ahead of the first write. The window
    runs this on a background thread once the journal is on screen; importing is thread-safe,
    and nothing else is touched."""
    from sqlalchemy.orm import configure_mappers

    import app.store.journal_writes  # noqa: F401 - imported for its cost, ahead of use

    configure_mappers()


def _default_known_ids() -> tuple[Collection[str], Collection[str]]:
    from app.domain.regions import default_catalog
    from app.store.knowledge_db import open_knowledge

    return default_catalog().ids(), list(open_knowledge().muscles)


def _cannot_open(path: Path, error: BaseException) -> StoreError:
    """Not damage: a read-only folder, a full disk, a lock held elsewhere. Say what it is;
    restoring a backup would not help."""
    return StoreError(
        f"The journal {path} cannot be opened: {getattr(error, 'orig', error)}. "
        "It was left untouched; free some space, use a folder you can write to, "
        "or close the other program using it."
    )


def _damaged(path: Path, error: BaseException) -> StoreError:
    return StoreError(
        f"The journal {path} cannot be opened: {getattr(error, 'orig', error)}. "
        "It was left untouched; restore a backup (reliefmap restore) or open "
        "another file."
    )


def _upgrade(path: Path) -> tuple[JournalWriter, list[str]]:
    """Create or upgrade the journal with Alembic (a backup first), only when it needs it."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from app.store.journal_writes import JournalWriter
    from app.store.migrate import upgrade_to_head

    writer = JournalWriter(path)
    try:
        notices = upgrade_to_head(writer.engine, path)
    except OperationalError as error:
        writer.close()
        raise _cannot_open(path, error) from error
    except DatabaseError as error:
        writer.close()
        raise _damaged(path, error) from error
    except BaseException:
        writer.close()
        raise
    return writer, notices


class JournalStore:
    """The person's journal file. Create with :meth:`open`; close when done."""

    def __init__(
        self,
        path: Path,
        reader: sqlite3.Connection,
        region_ids: Collection[str],
        muscle_ids: Collection[str],
        *,
        writer: JournalWriter | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self._reader = reader
        self._writer_made = writer
        self._read_only = read_only
        self._region_ids = frozenset(region_ids)
        self._muscle_ids = frozenset(muscle_ids)
        #: Things the person should hear about from opening (an interrupted upgrade repaired).
        self.notices: list[str] = []
        self._remove_on_close: list[Path] = []
        self._model: JournalModel | None = None
        #: Counts committed writes: a view that keeps what it read compares it to know
        #: whether to read again.
        self.revision = 0

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
        writer: JournalWriter | None = None
        notices: list[str] = []
        try:
            reader = connect_sqlite(path)
        except sqlite3.OperationalError as error:
            raise _cannot_open(path, error) from error
        try:
            _verify_integrity(reader, path)
            if _stored_revision(reader) != SCHEMA_REVISION:
                writer, notices = _upgrade(path)
        except sqlite3.OperationalError as error:
            reader.close()
            raise _cannot_open(path, error) from error
        except sqlite3.DatabaseError as error:
            reader.close()
            raise _damaged(path, error) from error
        except BaseException:
            reader.close()
            raise
        if region_ids is None or muscle_ids is None:
            default_regions, default_muscles = _default_known_ids()
            region_ids = default_regions if region_ids is None else region_ids
            muscle_ids = default_muscles if muscle_ids is None else muscle_ids
        store = cls(path, reader, region_ids, muscle_ids, writer=writer)
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
        from app.store.models import first_check_violation

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
                reader = connect_sqlite(path, read_only=True, immutable=immutable)
                try:
                    if rescue:
                        verdict = _scalar(reader, "PRAGMA integrity_check")
                        if verdict != "ok":
                            notices.append(
                                f"The journal {path} is damaged ({verdict}); exported what "
                                "could be read. Restore a backup (reliefmap restore)."
                            )
                    else:
                        _verify_integrity(reader, path)
                        broken = first_check_violation(partial(_scalar, reader))
                        if broken:
                            raise StoreError(
                                f"The journal {path} is damaged ({broken}). It was left "
                                "untouched; restore a backup (reliefmap restore) or open "
                                "another file."
                            )
                    current = _stored_revision(reader)
                    break
                except sqlite3.OperationalError as error:
                    reader.close()
                    if immutable:  # not even as immutable: say what SQLite said
                        raise StoreError(
                            f"The journal {path} cannot be read: {error}. It was left untouched."
                        ) from error
                except sqlite3.DatabaseError as error:
                    reader.close()
                    raise StoreError(
                        f"The journal {path} is damaged ({error}). It was "
                        "left untouched; restore a backup (reliefmap restore) or open another file."
                    ) from error
                except BaseException:
                    reader.close()
                    raise
        except BaseException:
            _remove_side_files(path, absent)
            raise
        if current != SCHEMA_REVISION:
            reader.close()
            return cls.open(path, region_ids=region_ids, muscle_ids=muscle_ids)
        if region_ids is None or muscle_ids is None:
            default_regions, default_muscles = _default_known_ids()
            region_ids = default_regions if region_ids is None else region_ids
            muscle_ids = default_muscles if muscle_ids is None else muscle_ids
        store = cls(path, reader, region_ids, muscle_ids, read_only=True)
        store.notices = notices
        store._remove_on_close = absent
        return store

    def close(self) -> None:
        if self._writer_made is not None:
            self._writer_made.close()
            self._writer_made = None
        self._reader.close()
        # A read-only connection cannot remove the -wal/-shm SQLite made for it; reading must
        # leave the folder as it was, so they go when the -wal is empty (holds nothing).
        _remove_side_files(self.path, self._remove_on_close)

    @property
    def _writer(self) -> JournalWriter:
        """The write side, made on the first write (it imports SQLAlchemy)."""
        if self._writer_made is None:
            if self._read_only:
                raise StoreError(f"The journal {self.path} was opened only to read it.")
            from app.store.journal_writes import JournalWriter

            self._writer_made = JournalWriter(self.path)
        return self._writer_made

    def prepare_writes(self) -> None:
        """Make the write side now (the window calls this when idle, so the first save does
        not wait for SQLAlchemy to load)."""
        if not self._read_only:
            self._writer.warm_up()

    def _read(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._reader.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            raise StoreError(f"Could not read the journal: {error}") from error

    def _committed(self, apply: Callable[[JournalModel], None]) -> None:
        """After each write: count it, and bring the in-memory model along."""
        self.revision += 1
        if self._model is not None:
            apply(self._model)

    # --- the in-memory journal ----------------------------------------------------------------

    @property
    def model(self) -> JournalModel:
        """What the window shows, read once; every write through this store keeps it current."""
        if self._model is None:
            self._model = JournalModel(**self._model_contents())
        return self._model

    def _model_contents(self) -> dict[str, Any]:
        return {
            "summaries": self.list_check_ins(),
            "sessions": self.all_sessions(),
            "screens": self.all_red_flag_screens(),
            "settings": self.all_settings(),
            "self_tests": self.all_self_tests(),
        }

    # --- check-ins -------------------------------------------------------------------------

    def add_check_in(self, check_in: CheckIn) -> CheckIn:
        validate_known_ids(check_in, self._region_ids, self._muscle_ids)
        saved = replace(check_in, id=self._writer.add(check_in))
        self._committed(lambda model: model.check_in_saved(saved))
        return saved

    def update_check_in(self, check_in: CheckIn) -> CheckIn:
        if check_in.id is None:
            raise ValueError("update_check_in needs a stored check-in (with an id)")
        validate_known_ids(check_in, self._region_ids, self._muscle_ids)
        self._writer.update_check_in(check_in)
        self._committed(lambda model: model.check_in_saved(check_in))
        return check_in

    def delete_check_in(self, check_in_id: int) -> None:
        self._writer.delete(CheckIn, check_in_id)
        self._committed(lambda model: model.check_in_deleted(check_in_id))

    def get_check_in(self, check_in_id: int) -> CheckIn:
        found = self._check_ins("check_ins.id = ?", [check_in_id])
        if not found:
            raise NotFoundError("That check-in no longer exists.")
        return found[0]

    def list_check_ins(self, limit: int | None = None) -> list[CheckInSummary]:
        """Newest first; counts marks in SQL so a 10-year journal lists quickly."""
        where, parameters = _window("taken_at", None, None)
        sql = (
            "SELECT id, taken_at, overall_pain, "
            "(SELECT COUNT(*) FROM pain_marks WHERE pain_marks.check_in_id = check_ins.id), "
            f"note FROM check_ins WHERE {where} ORDER BY taken_at DESC, id DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(str(int(limit)))
        return [
            CheckInSummary(row_id, _when(taken_at), overall, marks, note)
            for row_id, taken_at, overall, marks, note in self._read(sql, parameters)
        ]

    def all_check_ins(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[CheckIn]:
        """Full check-ins in time order (oldest first), optionally within [start, end)."""
        where, parameters = _window("taken_at", start, end)
        return self._check_ins(where, parameters)

    def _check_ins(self, where: str, parameters: Sequence[Any]) -> list[CheckIn]:
        """Check-ins matching ``where`` with their marks and tight muscles: four queries, and
        the one mapping from these rows to ``CheckIn``."""
        chosen = f"SELECT id FROM check_ins WHERE {where}"
        qualities: dict[int, set[str]] = {}
        for mark_id, quality in self._read(
            "SELECT mark_id, quality FROM pain_mark_qualities WHERE mark_id IN "
            f"(SELECT id FROM pain_marks WHERE check_in_id IN ({chosen}))",
            parameters,
        ):
            qualities.setdefault(mark_id, set()).add(quality)
        marks: dict[int, list[PainMark]] = {}
        for mark_id, check_in_id, region_id, intensity in self._read(
            "SELECT id, check_in_id, region_id, intensity FROM pain_marks "
            f"WHERE check_in_id IN ({chosen}) ORDER BY id",
            parameters,
        ):
            marks.setdefault(check_in_id, []).append(
                PainMark(region_id, intensity, frozenset(qualities.get(mark_id, ())))
            )
        tight: dict[int, list[TightMuscle]] = {}
        for check_in_id, muscle_id, side in self._read(
            "SELECT check_in_id, muscle_id, side FROM tight_muscles "
            f"WHERE check_in_id IN ({chosen}) ORDER BY id",
            parameters,
        ):
            tight.setdefault(check_in_id, []).append(TightMuscle(muscle_id, side))
        return [
            CheckIn(
                id=row_id,
                uid=uid,
                taken_at=_when(taken_at),
                overall_pain=overall,
                note=note,
                marks=tuple(marks.get(row_id, ())),
                tight_muscles=tuple(tight.get(row_id, ())),
            )
            for row_id, uid, taken_at, overall, note in self._read(
                "SELECT id, uid, taken_at, overall_pain, note FROM check_ins "
                f"WHERE {where} ORDER BY taken_at, id",
                parameters,
            )
        ]

    def count_check_ins(self) -> int:
        return int(_scalar(self._reader, "SELECT COUNT(*) FROM check_ins"))

    # --- treatment sessions ------------------------------------------------------------------

    def add_session(self, session_entry: TreatmentSession) -> TreatmentSession:
        saved = replace(session_entry, id=self._writer.add(session_entry))
        self._committed(lambda model: model.session_added(saved))
        return saved

    def delete_session(self, session_id: int) -> None:
        self._writer.delete(TreatmentSession, session_id)
        self._committed(lambda model: model.session_deleted(session_id))

    def all_sessions(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[TreatmentSession]:
        """Sessions oldest first, optionally within [start, end)."""
        where, parameters = _window("started_at", start, end)
        return [
            _session_from(row)
            for row in self._read(
                f"SELECT {_SESSION_COLUMNS} FROM treatment_sessions WHERE {where} "
                "ORDER BY started_at, id",
                parameters,
            )
        ]

    # --- questionnaires ----------------------------------------------------------------------

    def add_questionnaire(self, response: QuestionnaireResponse) -> QuestionnaireResponse:
        saved = replace(response, id=self._writer.add(response))
        self._committed(lambda model: model.changed(JournalChange(questionnaires=True)))
        return saved

    def delete_questionnaire(self, response_id: int) -> None:
        self._writer.delete(QuestionnaireResponse, response_id)
        self._committed(lambda model: model.changed(JournalChange(questionnaires=True)))

    def all_questionnaires(self, instrument: str | None = None) -> list[QuestionnaireResponse]:
        """Responses oldest first, optionally of one instrument."""
        where, parameters = _window("taken_at", None, None)
        if instrument is not None:
            where += " AND instrument = ?"
            parameters.append(instrument)
        return [
            _questionnaire_from(row)
            for row in self._read(
                f"SELECT {_QUESTIONNAIRE_COLUMNS} FROM questionnaire_responses WHERE {where} "
                "ORDER BY taken_at, id",
                parameters,
            )
        ]

    # --- red-flag screens --------------------------------------------------------------------

    def add_red_flag_screen(self, screen: RedFlagScreen) -> RedFlagScreen:
        saved = replace(screen, id=self._writer.add(screen))
        self._committed(lambda model: model.screen_added(saved))
        return saved

    def mark_screen_assessed(self, screen_id: int, when: datetime) -> None:
        """The person confirms a clinician has assessed the flags they reported."""
        self._writer.mark_screen_assessed(screen_id, when)
        self._committed(
            lambda model: model.screen_assessed(
                next(replace(s, assessed_at=when) for s in self.all_red_flag_screens()
                     if s.id == screen_id)
            )
        )  # fmt: skip

    def all_red_flag_screens(self) -> list[RedFlagScreen]:
        where, parameters = _window("taken_at", None, None)
        assessed, assessed_parameters = _window("assessed_at", None, None)
        return [
            _screen_from(row)
            for row in self._read(
                f"SELECT {_SCREEN_COLUMNS} FROM red_flag_screens WHERE {where} "
                f"AND (assessed_at IS NULL OR ({assessed})) ORDER BY taken_at, id",
                [*parameters, *assessed_parameters],
            )
        ]

    def latest_red_flag_screen(self) -> RedFlagScreen | None:
        screens = self.all_red_flag_screens()
        return screens[-1] if screens else None

    # --- self-test results --------------------------------------------------------------------

    def add_self_test(self, result: SelfTestResult) -> SelfTestResult:
        """Store one self-test sitting (validate it against the knowledge base first)."""
        saved = replace(result, id=self._writer.add(result))
        self._committed(lambda model: model.self_test_added(saved))
        return saved

    def delete_self_test(self, result_id: int) -> None:
        self._writer.delete(SelfTestResult, result_id)
        self._committed(lambda model: model.self_test_deleted(result_id))

    def all_self_tests(self, test_id: str | None = None) -> list[SelfTestResult]:
        """Self-test results oldest first, optionally of one test."""
        where, parameters = _window("taken_at", None, None)
        if test_id is not None:
            where += " AND test_id = ?"
            parameters.append(test_id)
        values: dict[int, list[SideValue]] = {}
        for result_id, side, reading, seconds in self._read(
            "SELECT result_id, side, reading, seconds FROM self_test_values WHERE result_id IN "
            f"(SELECT id FROM self_test_results WHERE {where})",
            parameters,
        ):
            values.setdefault(result_id, []).append(SideValue(side, reading, seconds))
        return [
            _self_test_from(row, values.get(row[0], []))
            for row in self._read(
                f"SELECT {_SELF_TEST_COLUMNS} FROM self_test_results WHERE {where} "
                "ORDER BY taken_at, id",
                parameters,
            )
        ]

    # --- routine runs ------------------------------------------------------------------------

    def add_routine_run(self, run: RoutineRun) -> RoutineRun:
        saved = replace(run, id=self._writer.add(run))
        self._committed(lambda model: model.changed(JournalChange(routine_runs=True)))
        return saved

    def all_routine_runs(
        self, start: datetime | None = None, end: datetime | None = None
    ) -> list[RoutineRun]:
        """Routine runs oldest first, optionally within [start, end)."""
        where, parameters = _window("started_at", start, end)
        return [
            _routine_run_from(row)
            for row in self._read(
                f"SELECT {_ROUTINE_COLUMNS} FROM routine_runs WHERE {where} "
                "ORDER BY started_at, id",
                parameters,
            )
        ]

    # --- bulk import --------------------------------------------------------------------------

    def known_ids(self) -> tuple[frozenset[str], frozenset[str]]:
        """The region and muscle ids this journal accepts (for validating imports)."""
        return self._region_ids, self._muscle_ids

    def import_content(self, content: Any) -> ImportResult:
        """Write every entry of an import whose uid is new, in one transaction.

        ``content`` is a validated ``transfer.JournalContent``.
        """
        groups: dict[str, Sequence[Entry]] = {
            "check_ins": content.check_ins,
            "sessions": content.sessions,
            "questionnaires": content.questionnaires,
            "red_flag_screens": content.red_flag_screens,
            "self_tests": content.self_tests,
            "routine_runs": content.routine_runs,
        }
        added, skipped = self._writer.import_entries(groups, content.settings)
        self._committed(lambda model: model.reload(**self._model_contents()))
        return ImportResult(added=added, skipped=skipped)

    def table_counts(self) -> dict[str, int]:
        """Rows per table, for ``reliefmap check``."""
        tables = ("check_ins", "pain_marks", "tight_muscles", "treatment_sessions",
                  "questionnaire_responses", "red_flag_screens", "self_test_results",
                  "self_test_values", "routine_runs", "settings")  # fmt: skip
        return {
            table: int(_scalar(self._reader, f"SELECT COUNT(*) FROM {table}")) for table in tables
        }

    # --- settings ----------------------------------------------------------------------------

    def all_settings(self) -> dict[str, str]:
        return dict(self._read("SELECT key, value FROM settings"))

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        if self._model is not None:
            return self._model.setting(key, default)
        rows = self._read("SELECT value FROM settings WHERE key = ?", [key])
        return default if not rows else rows[0][0]

    def set_setting(self, key: str, value: str) -> None:
        self._writer.set_setting(key, value)
        self._committed(lambda model: model.setting_set(key, value))


# --- one mapping from each table's row to its domain entry ---------------------------------------

_SESSION_COLUMNS = (
    "id, uid, started_at, kind, item_id, side, pain_before, pain_after, duration_s, note"
)


def _session_from(row: Sequence[Any]) -> TreatmentSession:
    row_id, uid, started_at, kind, item_id, side, before, after, duration_s, note = row
    return TreatmentSession(
        id=row_id, uid=uid, started_at=_when(started_at), kind=kind, item_id=item_id, side=side,
        pain_before=before, pain_after=after, duration_s=duration_s, note=note,
    )  # fmt: skip


_QUESTIONNAIRE_COLUMNS = "id, uid, taken_at, instrument, answers_json, activities_json"


def _questionnaire_from(row: Sequence[Any]) -> QuestionnaireResponse:
    row_id, uid, taken_at, instrument, answers_json, activities_json = row
    return QuestionnaireResponse(
        id=row_id, uid=uid, taken_at=_when(taken_at), instrument=instrument,
        answers=tuple(json.loads(answers_json)), activities=tuple(json.loads(activities_json)),
    )  # fmt: skip


_SCREEN_COLUMNS = "id, uid, taken_at, answered_yes, assessed_at"


def _screen_from(row: Sequence[Any]) -> RedFlagScreen:
    row_id, uid, taken_at, answered_yes, assessed_at = row
    return RedFlagScreen(
        id=row_id, uid=uid, taken_at=_when(taken_at),
        answered_yes=frozenset(answered_yes.split()),
        assessed_at=None if assessed_at is None else _when(assessed_at),
    )  # fmt: skip


_SELF_TEST_COLUMNS = "id, uid, taken_at, test_id, note"
_SIDE_ORDER = ("left", "right", "none")


def _self_test_from(row: Sequence[Any], values: list[SideValue]) -> SelfTestResult:
    row_id, uid, taken_at, test_id, note = row
    return SelfTestResult(
        id=row_id, uid=uid, taken_at=_when(taken_at), test_id=test_id, note=note,
        values=tuple(sorted(values, key=lambda value: _SIDE_ORDER.index(value.side))),
    )  # fmt: skip


_ROUTINE_COLUMNS = "id, uid, started_at, phase, pain_before, pain_after, duration_s, steps_json"


def _routine_run_from(row: Sequence[Any]) -> RoutineRun:
    row_id, uid, started_at, phase, before, after, duration_s, steps_json = row
    return RoutineRun(
        id=row_id, uid=uid, started_at=_when(started_at), phase=phase, pain_before=before,
        pain_after=after, duration_s=duration_s,
        steps=tuple(RunStep(step["kind"], step["item"], step["side"], step["done"])
                    for step in json.loads(steps_json)),
    )  # fmt: skip


def journal_view(store: JournalStore, now: datetime | None = None) -> JournalView:
    """Everything today's routine reads, from one journal (the window and the CLI share it).

    Check-ins of the last 400 days are enough (the episode's start looks back a year; older
    marks say nothing about today), which keeps a ten-year journal quick to plan from.
    """
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
