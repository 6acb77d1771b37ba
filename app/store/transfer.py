"""Export and import of the whole journal (format documented in docs/export-format.md).

JSON is complete and versioned, and imports back to an identical journal. CSV is for
spreadsheets: one file per table, with cells a spreadsheet would run as formulas neutralised.
Import checks everything first and then writes all of it in one transaction, or nothing;
entries already present (same uid) are skipped, so importing twice never duplicates.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark, TightMuscle, validate_known_ids
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.routine import RoutineRun, RunStep
from app.domain.screening import RedFlagScreen
from app.domain.self_tests import SelfTestResult, SideValue, validate_result
from app.domain.sessions import TreatmentSession
from app.domain.vocabulary import unknown_name_message
from app.store.db import PRIVATE_DIR_MODE, describe_special_file
from app.store.errors import StoreError
from app.store.journal import ImportResult, JournalStore

FORMAT_NAME = "reliefmap-journal"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS_REPORTED = 50
MAX_ID_LENGTH = 64
MAX_SETTING_KEY = 64
MAX_SETTING_VALUE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Every setting a journal holds, with the values it may take. ``journal_kind`` marks the demo
#: journal: it is never imported, or a demo export would relabel a person's own journal as the
#: demo (and ``reliefmap demo --replace`` would then treat it as disposable).
_YES_NO = frozenset({"yes", "no"})
KNOWN_SETTINGS: dict[str, Callable[[str], bool]] = {
    "pregnant": _YES_NO.__contains__,
    "safety_offered": _YES_NO.__contains__,
    "demo_offered": _YES_NO.__contains__,
    "backup_keep_daily": lambda v: v.isascii() and v.isdigit() and 0 < int(v) <= 365,
    "backup_keep_weekly": lambda v: v.isascii() and v.isdigit() and 0 < int(v) <= 365,
    "journal_kind": lambda v: v == "demo",
    # About you and this episode (app.domain.person); "" means not given.
    "birth_year": lambda v: v == "" or (v.isascii() and v.isdigit() and 1900 <= int(v) <= 2100),
    "episode_began": lambda v: v == "" or _is_iso_date(v),
    "eases": lambda v: v in ("", "extension", "flexion"),
    # Reminders (app.domain.reminders): small JSON objects.
    "reminders": lambda v: _is_json_object(v),
    "reminders_shown": lambda v: _is_json_object(v),
}
NEVER_IMPORTED_SETTINGS = frozenset({"journal_kind"})


def _is_iso_date(text: str) -> bool:
    from datetime import date

    try:
        return 1900 <= date.fromisoformat(text).year <= 2100 and len(text) == 10
    except ValueError:
        return False


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


class ImportRefused(StoreError):
    """The file was not imported; ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS_REPORTED]
        more = len(problems) - len(shown)
        summary = "\n".join(f"  {p}" for p in shown) + (f"\n  ... and {more} more" if more else "")
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) found.\n{summary}")


@dataclass
class JournalContent:
    """Everything in a journal, as validated domain objects."""

    check_ins: list[CheckIn] = field(default_factory=list)
    sessions: list[TreatmentSession] = field(default_factory=list)
    questionnaires: list[QuestionnaireResponse] = field(default_factory=list)
    red_flag_screens: list[RedFlagScreen] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    self_tests: list[SelfTestResult] = field(default_factory=list)
    routine_runs: list[RoutineRun] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Catalogues:
    """The ids an import may name; anything else is refused before the database sees it."""

    region_ids: frozenset[str]
    muscle_ids: frozenset[str]
    acupoint_codes: frozenset[str]
    exercise_ids: frozenset[str]
    kb: Any = field(default=None, compare=False)  # the KnowledgeBase, to check self-tests

    @classmethod
    def for_store(cls, store: JournalStore) -> Catalogues:
        """The store's own region and muscle ids, plus the knowledge base's points/exercises."""
        region_ids, muscle_ids = store.known_ids()
        return cls.default(region_ids, muscle_ids)

    @classmethod
    def default(
        cls,
        region_ids: Collection[str] | None = None,
        muscle_ids: Collection[str] | None = None,
    ) -> Catalogues:
        from app.domain.regions import default_catalog
        from app.store.knowledge_db import open_knowledge

        kb = open_knowledge()
        return cls(
            region_ids=frozenset(default_catalog().ids() if region_ids is None else region_ids),
            muscle_ids=frozenset(kb.muscles if muscle_ids is None else muscle_ids),
            acupoint_codes=frozenset(kb.acupoints),
            exercise_ids=frozenset(kb.exercises),
            kb=kb,
        )

    def session_items(self, kind: str) -> frozenset[str]:
        """What a session of ``kind`` may name: a muscle, an acupoint code or an exercise."""
        return {
            "trigger_point": self.muscle_ids,
            "acupoint": self.acupoint_codes,
            "exercise": self.exercise_ids,
        }.get(kind, frozenset())


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")


def read_content(store: JournalStore) -> JournalContent:
    return JournalContent(
        check_ins=store.all_check_ins(),
        sessions=store.all_sessions(),
        questionnaires=store.all_questionnaires(),
        red_flag_screens=store.all_red_flag_screens(),
        settings=store.all_settings(),
        self_tests=store.all_self_tests(),
        routine_runs=store.all_routine_runs(),
    )


def to_json_document(content: JournalContent) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_by": f"ReliefMap {__version__}",
        "check_ins": [
            {
                "uid": c.uid,
                "taken_at": _time(c.taken_at),
                "overall_pain": c.overall_pain,
                "note": c.note,
                "marks": [
                    {
                        "region": m.region_id,
                        "intensity": m.intensity,
                        "qualities": m.sorted_qualities(),
                    }
                    for m in c.marks
                ],
                "tight_muscles": [{"muscle": t.muscle_id, "side": t.side} for t in c.tight_muscles],
            }
            for c in content.check_ins
        ],
        "sessions": [
            {
                "uid": s.uid,
                "started_at": _time(s.started_at),
                "kind": s.kind,
                "item": s.item_id,
                "side": s.side,
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
                "duration_s": s.duration_s,
                "note": s.note,
            }
            for s in content.sessions
        ],
        "questionnaires": [
            {
                "uid": q.uid,
                "taken_at": _time(q.taken_at),
                "instrument": q.instrument,
                "answers": list(q.answers),
                "activities": list(q.activities),
            }
            for q in content.questionnaires
        ],
        "red_flag_screens": [
            {
                "uid": r.uid,
                "taken_at": _time(r.taken_at),
                "answered_yes": r.sorted_flags(),
                "assessed_at": _time(r.assessed_at),
            }
            for r in content.red_flag_screens
        ],
        "settings": dict(sorted(content.settings.items())),
        "self_tests": [
            {
                "uid": t.uid,
                "taken_at": _time(t.taken_at),
                "test": t.test_id,
                "values": [
                    {"side": v.side, "reading": v.reading, "seconds": v.seconds} for v in t.values
                ],
                "note": t.note,
            }
            for t in content.self_tests
        ],
        "routine_runs": [
            {
                "uid": r.uid,
                "started_at": _time(r.started_at),
                "phase": r.phase,
                "pain_before": r.pain_before,
                "pain_after": r.pain_after,
                "duration_s": r.duration_s,
                "steps": [
                    {"kind": s.kind, "item": s.item_id, "side": s.side, "done": s.done}
                    for s in r.steps
                ],
            }
            for r in content.routine_runs
        ],
    }


def export_json(store: JournalStore, path: Path) -> None:
    """The whole journal as one JSON document (docs/export-format.md), private to the user."""
    document = to_json_document(read_content(store))
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_private(path, text.encode("utf-8"))


def neutralise(cell: object) -> str:
    """A spreadsheet must never run a cell as a formula (CSV injection)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_tables(content: JournalContent) -> dict[str, list[list[str]]]:
    """Each table as rows of cells (header first), formulas already neutralised."""
    tables: dict[str, tuple[list[str], list[list[object]]]] = {
        "check_ins": (
            ["uid", "taken_at", "overall_pain", "note"],
            [[c.uid, _time(c.taken_at), c.overall_pain, c.note] for c in content.check_ins],
        ),
        "pain_marks": (
            ["check_in_uid", "region", "intensity", "qualities"],
            [
                [c.uid, m.region_id, m.intensity, " ".join(m.sorted_qualities())]
                for c in content.check_ins
                for m in c.marks
            ],
        ),
        "tight_muscles": (
            ["check_in_uid", "muscle", "side"],
            [[c.uid, t.muscle_id, t.side] for c in content.check_ins for t in c.tight_muscles],
        ),
        "sessions": (
            [
                "uid",
                "started_at",
                "kind",
                "item",
                "side",
                "pain_before",
                "pain_after",
                "duration_s",
                "note",
            ],
            [
                [
                    s.uid,
                    _time(s.started_at),
                    s.kind,
                    s.item_id,
                    s.side,
                    s.pain_before,
                    s.pain_after,
                    s.duration_s,
                    s.note,
                ]
                for s in content.sessions
            ],
        ),
        "questionnaires": (
            ["uid", "taken_at", "instrument", "answers", "activities"],
            [
                [
                    q.uid,
                    _time(q.taken_at),
                    q.instrument,
                    " ".join("" if a is None else str(a) for a in q.answers),
                    " | ".join(q.activities),
                ]
                for q in content.questionnaires
            ],
        ),
        "red_flag_screens": (
            ["uid", "taken_at", "answered_yes", "assessed_at"],
            [
                [r.uid, _time(r.taken_at), " ".join(r.sorted_flags()), _time(r.assessed_at)]
                for r in content.red_flag_screens
            ],
        ),
        "self_tests": (
            ["uid", "taken_at", "test", "side", "reading", "seconds", "note"],
            [
                [t.uid, _time(t.taken_at), t.test_id, v.side, v.reading, v.seconds, t.note]
                for t in content.self_tests
                for v in t.values
            ],
        ),
        "routine_runs": (
            [
                "uid",
                "started_at",
                "phase",
                "pain_before",
                "pain_after",
                "duration_s",
                "step",
                "kind",
                "item",
                "side",
                "done",
            ],
            [
                [
                    r.uid,
                    _time(r.started_at),
                    r.phase,
                    r.pain_before,
                    r.pain_after,
                    r.duration_s,
                    n + 1,
                    s.kind,
                    s.item_id,
                    s.side,
                    "yes" if s.done else "skipped",
                ]
                for r in content.routine_runs
                for n, s in enumerate(r.steps)
            ],
        ),
    }
    return {
        name: [header, *([neutralise(cell) for cell in row] for row in rows)]
        for name, (header, rows) in tables.items()
    }


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # BOM: spreadsheets then detect UTF-8


def export_csv(store: JournalStore, out: Path) -> list[Path]:
    """One CSV per table, in the folder ``out``, or in one zip file when ``out`` ends in .zip.

    Returns the files written (for a zip: the zip itself).
    """
    tables = csv_tables(read_content(store))
    if out.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, rows in tables.items():
                archive.writestr(f"{name}.csv", _csv_bytes(rows))
        write_private(out, buffer.getvalue())
        return [out]
    try:
        out.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    except OSError as error:
        raise StoreError(f"Cannot create the folder {out}: {error.strerror}.") from error
    if not out.is_dir():
        raise StoreError(f"{out} is not a folder; choose a folder for the CSV files.")
    written = []
    for name, rows in tables.items():
        path = out / f"{name}.csv"
        write_private(path, _csv_bytes(rows))
        written.append(path)
    return written


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by the user only, all at once: a temporary file renamed into
    place, so a failed export never leaves half a file over an earlier good one.

    The temporary file gets a fresh, unpredictable name, created exclusively without following
    links (``mkstemp``: ``O_EXCL | O_NOFOLLOW``, mode 0600): a ``.NAME.partial`` symlink planted
    in the folder cannot redirect health data into someone else's file.
    """
    partial: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder", str(path))
        kind = describe_special_file(path)
        if kind is not None:  # renaming onto /dev/null would replace the device itself
            raise StoreError(f"Cannot write {path}: it is {kind}. Choose a file name.")
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name[:200]}.", suffix=".partial", dir=path.parent
        )
        partial = Path(name)
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        partial = None
    except OSError as error:
        raise StoreError(
            f"Cannot write {path}: {error.strerror or error}. Choose another place."
        ) from error
    finally:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()


# --- import --------------------------------------------------------------------------------


class _Checker:
    """Collects problems with their JSON path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(
        self,
        obj: dict[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        max_len: int | None = None,
    ) -> Any:
        if key not in obj:
            self.fail(where, f"'{key}' is missing")
            return None
        value = obj[key]
        if kind is int and isinstance(value, bool):
            self.fail(f"{where}.{key}", f"expected a whole number, got {value!r}")
            return None
        if not isinstance(value, kind):
            self.fail(f"{where}.{key}", f"expected {_kind_name(kind)}, got {type(value).__name__}")
            return None
        if max_len is not None and len(value) > max_len:
            self.fail(f"{where}.{key}", f"too long ({len(value):,} characters; at most {max_len})")
            return None
        return value

    def words(self, obj: dict[str, Any], key: str, where: str) -> list[str] | None:
        """A list of short names (qualities, symptom flags)."""
        value = self.get(obj, key, list, where)
        if value is None:
            return None
        if not all(isinstance(word, str) and len(word) <= MAX_ID_LENGTH for word in value):
            self.fail(f"{where}.{key}", "expected a list of names")
            return None
        return value

    def time(self, obj: dict[str, Any], key: str, where: str, optional: bool = False) -> Any:
        if optional and obj.get(key) is None:
            return None
        text = self.get(obj, key, str, where)
        if text is None:
            return None
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{where}.{key}", f"'{text[:40]}' is not a date and time (ISO 8601)")
            return None
        if value.tzinfo is not None:
            self.fail(f"{where}.{key}", "times are local, without a time zone")
            return None
        return value

    def known_item(self, where: str, kind: str, item_id: str, catalogues: Catalogues) -> bool:
        """A session's or routine step's item must be one this ReliefMap knows for its kind."""
        known = catalogues.session_items(kind)
        if item_id not in known:
            self.fail(where, unknown_name_message(kind.replace("_", " "), item_id, known))
            return False
        return True

    def build(self, where: str, factory: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Construct a domain object (which validates itself), noting why it was refused."""
        try:
            return factory(*args, **kwargs)
        except (ValidationError, TypeError, ValueError) as error:
            self.fail(where, str(error))
            return None


def _is_ascii_alnum(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "a whole number", str: "text", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _unencodable_strings(value: object, where: str = "$") -> Iterator[str]:
    """JSON paths of text that cannot be stored: lone surrogates (``"\\ud800"``) are valid JSON
    escapes but not Unicode text, and SQLite would refuse them mid-transaction."""
    stack: list[tuple[object, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                yield path
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, f"{path} (a key)"))
                stack.append((child, f"{path}.{key}" if str(key).isidentifier() else path))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(item))


def setting_problem(key: object, value: object) -> str | None:
    """Why an imported setting is refused, or None when it is one the journal knows."""
    if not isinstance(key, str) or not 0 < len(key) <= MAX_SETTING_KEY:
        return "expected short setting names"
    if key not in KNOWN_SETTINGS:
        return unknown_name_message("setting", key, sorted(KNOWN_SETTINGS))
    if not isinstance(value, str) or len(value) > MAX_SETTING_VALUE:
        return f"expected text, got {type(value).__name__}"
    if not KNOWN_SETTINGS[key](value):
        return f"{value[:40]!r} is not a valid value for this setting"
    return None


def parse_document(document: object, catalogues: Catalogues) -> JournalContent:
    """Validate a whole export document; raises ImportRefused listing every problem."""
    check = _Checker()
    content = JournalContent()
    if not isinstance(document, dict):
        raise ImportRefused(["$: the file is not a ReliefMap export (expected a JSON object)"])
    if document.get("format") != FORMAT_NAME:
        raise ImportRefused([f"$.format: expected '{FORMAT_NAME}'; this is not a ReliefMap export"])
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # true == 1 in Python
        raise ImportRefused(
            [f"$.version: this file is version {version!r}; this ReliefMap reads version "
             f"{FORMAT_VERSION}. Update ReliefMap to import it."]
        )  # fmt: skip
    bad_text = sorted(_unencodable_strings(document))
    if bad_text:
        raise ImportRefused([f"{where}: text with an invalid character (a lone surrogate)"
                             for where in bad_text])  # fmt: skip
    region_ids, muscle_ids = catalogues.region_ids, catalogues.muscle_ids
    seen: set[str] = set()

    def items(key: str) -> list[tuple[str, dict[str, Any]]]:
        value = document.get(key, [])
        if not isinstance(value, list):
            check.fail(f"$.{key}", "expected a list")
            return []
        out = []
        for index, item in enumerate(value):
            where = f"$.{key}[{index}]"
            if not isinstance(item, dict):
                check.fail(where, "expected an object")
                continue
            uid = item.get("uid")
            if not isinstance(uid, str) or not 1 <= len(uid) <= 32 or not _is_ascii_alnum(uid):
                check.fail(f"{where}.uid", "expected 1-32 letters or digits")
                continue
            if uid in seen:
                check.fail(f"{where}.uid", f"'{uid}' appears twice in the file")
                continue
            seen.add(uid)
            out.append((where, item))
        return out

    for where, item in items("check_ins"):
        marks = []
        for m_index, mark in enumerate(check.get(item, "marks", list, where) or []):
            m_where = f"{where}.marks[{m_index}]"
            if not isinstance(mark, dict):
                check.fail(m_where, "expected an object")
                continue
            region = check.get(mark, "region", str, m_where, MAX_ID_LENGTH)
            intensity = check.get(mark, "intensity", int, m_where)
            qualities = check.words(mark, "qualities", m_where)
            if region is None or intensity is None or qualities is None:
                continue
            built = check.build(m_where, PainMark, region, intensity, frozenset(qualities))
            if built is not None and region not in region_ids:
                check.fail(m_where, unknown_name_message("region", region, region_ids))
            elif built is not None:
                marks.append(built)
        tight = []
        for t_index, muscle in enumerate(check.get(item, "tight_muscles", list, where) or []):
            t_where = f"{where}.tight_muscles[{t_index}]"
            if not isinstance(muscle, dict):
                check.fail(t_where, "expected an object")
                continue
            muscle_id = check.get(muscle, "muscle", str, t_where, MAX_ID_LENGTH)
            side = check.get(muscle, "side", str, t_where, MAX_ID_LENGTH)
            if muscle_id is not None and side is not None:
                built = check.build(t_where, TightMuscle, muscle_id, side)
                if built is not None and muscle_id not in muscle_ids:
                    check.fail(t_where, unknown_name_message("muscle", muscle_id, muscle_ids))
                elif built is not None:
                    tight.append(built)
        taken_at = check.time(item, "taken_at", where)
        overall = check.get(item, "overall_pain", int, where)
        note = check.get(item, "note", str, where)
        if taken_at is None or overall is None or note is None:
            continue
        check_in = check.build(
            where, CheckIn, taken_at, overall, tuple(marks), tuple(tight), note, uid=item["uid"]
        )
        if check_in is not None:
            try:
                validate_known_ids(check_in, region_ids, muscle_ids)
            except ValidationError as error:
                check.fail(where, str(error))
                continue
            content.check_ins.append(check_in)

    for where, item in items("sessions"):
        started = check.time(item, "started_at", where)
        values = {
            key: check.get(item, key, kind, where)
            for key, kind in (("pain_before", int), ("pain_after", int), ("duration_s", int),
                              ("note", str))
        }  # fmt: skip
        for key in ("kind", "item", "side"):
            values[key] = check.get(item, key, str, where, MAX_ID_LENGTH)
        if started is None or any(value is None for value in values.values()):
            continue
        session = check.build(
            where, TreatmentSession, started, values["kind"], values["item"], values["side"],
            values["pain_before"], values["pain_after"], values["duration_s"], values["note"],
            uid=item["uid"],
        )  # fmt: skip
        if session is None:
            continue
        if check.known_item(f"{where}.item", session.kind, session.item_id, catalogues):
            content.sessions.append(session)

    for where, item in items("questionnaires"):
        taken_at = check.time(item, "taken_at", where)
        instrument = check.get(item, "instrument", str, where, MAX_ID_LENGTH)
        answers = check.get(item, "answers", list, where)
        activities = check.get(item, "activities", list, where)
        if None in (taken_at, instrument, answers, activities):
            continue
        response = check.build(
            where, QuestionnaireResponse, taken_at, instrument, tuple(answers),
            tuple(activities), uid=item["uid"],
        )  # fmt: skip
        if response is not None:
            content.questionnaires.append(response)

    for where, item in items("red_flag_screens"):
        taken_at = check.time(item, "taken_at", where)
        assessed_at = check.time(item, "assessed_at", where, optional=True)
        flags = check.words(item, "answered_yes", where)
        if taken_at is None or flags is None:
            continue
        screen = check.build(
            where, RedFlagScreen, taken_at, frozenset(flags), assessed_at, uid=item["uid"]
        )
        if screen is not None:
            content.red_flag_screens.append(screen)

    for where, item in items("self_tests"):
        taken_at = check.time(item, "taken_at", where)
        test_id = check.get(item, "test", str, where, MAX_ID_LENGTH)
        note = check.get(item, "note", str, where)
        values = []
        for v_index, value in enumerate(check.get(item, "values", list, where) or []):
            v_where = f"{where}.values[{v_index}]"
            if not isinstance(value, dict):
                check.fail(v_where, "expected an object")
                continue
            side = check.get(value, "side", str, v_where, MAX_ID_LENGTH)
            reading = value.get("reading")
            seconds = value.get("seconds")
            if reading is not None and not isinstance(reading, str):
                check.fail(f"{v_where}.reading", "expected text or null")
                continue
            if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, int)):
                check.fail(f"{v_where}.seconds", "expected a whole number or null")
                continue
            if side is not None:
                built = check.build(v_where, SideValue, side, reading, seconds)
                if built is not None:
                    values.append(built)
        if taken_at is None or test_id is None or note is None:
            continue
        result = check.build(
            where, SelfTestResult, taken_at, test_id, tuple(values), note, uid=item["uid"]
        )
        if result is None:
            continue
        if catalogues.kb is not None:
            try:
                validate_result(catalogues.kb, result)
            except ValidationError as error:
                check.fail(where, str(error))
                continue
        content.self_tests.append(result)

    for where, item in items("routine_runs"):
        started = check.time(item, "started_at", where)
        values = {
            key: check.get(item, key, kind, where)
            for key, kind in (("pain_before", int), ("pain_after", int), ("duration_s", int))
        }
        phase = check.get(item, "phase", str, where, MAX_ID_LENGTH)
        steps = []
        for s_index, step in enumerate(check.get(item, "steps", list, where) or []):
            s_where = f"{where}.steps[{s_index}]"
            if not isinstance(step, dict):
                check.fail(s_where, "expected an object")
                continue
            kind = check.get(step, "kind", str, s_where, MAX_ID_LENGTH)
            item_id = check.get(step, "item", str, s_where, MAX_ID_LENGTH)
            side = check.get(step, "side", str, s_where, MAX_ID_LENGTH)
            done = check.get(step, "done", bool, s_where)
            if None in (kind, item_id, side, done):
                continue
            built = check.build(s_where, RunStep, kind, item_id, side, done)
            if built is None:
                continue
            if check.known_item(f"{s_where}.item", built.kind, built.item_id, catalogues):
                steps.append(built)
        if started is None or phase is None or any(v is None for v in values.values()):
            continue
        run = check.build(
            where, RoutineRun, started, phase, values["pain_before"], values["pain_after"],
            tuple(steps), values["duration_s"], uid=item["uid"],
        )  # fmt: skip
        if run is not None:
            content.routine_runs.append(run)

    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        check.fail("$.settings", "expected an object of short text values")
    else:
        for key, value in settings.items():
            problem = setting_problem(key, value)
            if problem:
                check.fail(f"$.settings.{key}" if key.isidentifier() else "$.settings", problem)
            elif key not in NEVER_IMPORTED_SETTINGS:
                content.settings[key] = value

    if check.problems:
        raise ImportRefused(check.problems)
    return content


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, if it is a regular file of at most MAX_IMPORT_BYTES.

    Checked on the open file itself (``fstat``) and read with a cap, so /dev/zero, a FIFO or a
    file growing under us is refused at once instead of filling memory or waiting for ever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ImportRefused([f"{path}: cannot be read ({error.strerror})"]) from error
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportRefused([f"{path}: is a folder, not an export file"])
        if not stat.S_ISREG(info.st_mode):
            raise ImportRefused([f"{path}: is not a regular file (a pipe or a device)"])
        if info.st_size > MAX_IMPORT_BYTES:
            raise ImportRefused(
                [f"{path}: too large to be a ReliefMap export ({info.st_size:,} bytes; "
                 f"at most {MAX_IMPORT_BYTES:,})"]
            )  # fmt: skip
        chunks = []
        remaining = MAX_IMPORT_BYTES + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise ImportRefused([f"{path}: cannot be read ({error.strerror})"]) from error
    finally:
        os.close(fd)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([f"{path}: too large to be a ReliefMap export"])
    return data


def read_import(path: Path, catalogues: Catalogues) -> JournalContent:
    """Read and validate an export file completely, touching no journal.

    Raises ImportRefused listing every problem with its JSON path (or the line and column of
    a JSON syntax error).
    """
    data = _read_bounded(path)
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ImportRefused([f"{path}: not a text file (UTF-8 expected)"]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    except ValueError as error:  # NaN/Infinity, or a number too long to convert
        raise ImportRefused([f"{path}: not valid JSON ({error})"]) from None
    except RecursionError:
        raise ImportRefused([f"{path}: nested too deeply to be a ReliefMap export"]) from None
    try:
        return parse_document(document, catalogues)
    except RecursionError:
        raise ImportRefused([f"{path}: nested too deeply to be a ReliefMap export"]) from None


def import_json(
    store: JournalStore, path: Path, catalogues: Catalogues | None = None
) -> ImportResult:
    """Validate all of ``path``, then import all of it in one transaction, or nothing.

    Entries whose uid is already in the journal are skipped (importing twice adds nothing).
    """
    content = read_import(path, catalogues or Catalogues.for_store(store))
    return store.import_content(content)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
