"""Export and import of the whole journal (format documented in docs/export-format.md).

JSON is complete and versioned, and imports back to an identical journal. CSV is for
spreadsheets: one file per table, with cells a spreadsheet would run as formulas neutralised.
Import checks everything first and then writes all of it in one transaction, or nothing;
entries already present (same uid) are skipped, so importing twice never duplicates.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark, TightMuscle, validate_known_ids
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.store.errors import StoreError
from app.store.journal import JournalStore

FORMAT_NAME = "reliefmap-journal"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS_REPORTED = 50
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: dict[str, int]
    skipped: dict[str, int]


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds")


def read_content(store: JournalStore) -> JournalContent:
    return JournalContent(
        check_ins=store.all_check_ins(),
        sessions=store.all_sessions(),
        questionnaires=store.all_questionnaires(),
        red_flag_screens=store.all_red_flag_screens(),
        settings=store.all_settings(),
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
    }


def export_json(store: JournalStore, path: Path) -> None:
    document = to_json_document(read_content(store))
    _write_private(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def neutralise(cell: object) -> str:
    """A spreadsheet must never run a cell as a formula (CSV injection)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_csv(store: JournalStore, folder: Path) -> list[Path]:
    """One CSV per table in ``folder``; returns the files written."""
    content = read_content(store)
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
    }
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for name, (header, rows) in tables.items():
        path = folder / f"{name}.csv"
        lines: list[list[str]] = [header, *([neutralise(cell) for cell in row] for row in rows)]
        with _open_private(path) as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(lines)
        written.append(path)
    return written


def _open_private(path: Path):  # type: ignore[no-untyped-def]
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return open(fd, "w", encoding="utf-8-sig", newline="")  # BOM: spreadsheets detect UTF-8


def _write_private(path: Path, text: str) -> None:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


# --- import --------------------------------------------------------------------------------


class _Checker:
    """Collects problems with their JSON path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(self, obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
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

    def build(self, where: str, factory: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Construct a domain object (which validates itself), noting why it was refused."""
        try:
            return factory(*args, **kwargs)
        except (ValidationError, TypeError, ValueError) as error:
            self.fail(where, str(error))
            return None


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "a whole number", str: "text", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse_document(document: object, store: JournalStore) -> JournalContent:
    """Validate a whole export document; raises ImportRefused listing every problem."""
    check = _Checker()
    content = JournalContent()
    if not isinstance(document, dict):
        raise ImportRefused(["$: the file is not a ReliefMap export (expected a JSON object)"])
    if document.get("format") != FORMAT_NAME:
        raise ImportRefused([f"$.format: expected '{FORMAT_NAME}'; this is not a ReliefMap export"])
    version = document.get("version")
    if version != FORMAT_VERSION:
        raise ImportRefused(
            [f"$.version: this file is version {version!r}; this ReliefMap reads version "
             f"{FORMAT_VERSION}. Update ReliefMap to import it."]
        )  # fmt: skip
    region_ids, muscle_ids = store.known_ids()
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
            if not isinstance(uid, str) or not 1 <= len(uid) <= 32 or not uid.isalnum():
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
            region = check.get(mark, "region", str, m_where)
            intensity = check.get(mark, "intensity", int, m_where)
            qualities = check.get(mark, "qualities", list, m_where)
            if region is None or intensity is None or qualities is None:
                continue
            if not all(isinstance(q, str) for q in qualities):
                check.fail(f"{m_where}.qualities", "expected a list of words")
                continue
            built = check.build(m_where, PainMark, region, intensity, frozenset(qualities))
            if built is not None:
                marks.append(built)
        tight = []
        for t_index, muscle in enumerate(check.get(item, "tight_muscles", list, where) or []):
            t_where = f"{where}.tight_muscles[{t_index}]"
            if not isinstance(muscle, dict):
                check.fail(t_where, "expected an object")
                continue
            muscle_id = check.get(muscle, "muscle", str, t_where)
            side = check.get(muscle, "side", str, t_where)
            if muscle_id is not None and side is not None:
                built = check.build(t_where, TightMuscle, muscle_id, side)
                if built is not None:
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
            for key, kind in (("kind", str), ("item", str), ("side", str), ("pain_before", int),
                              ("pain_after", int), ("duration_s", int), ("note", str))
        }  # fmt: skip
        if started is None or any(value is None for value in values.values()):
            continue
        session = check.build(
            where, TreatmentSession, started, values["kind"], values["item"], values["side"],
            values["pain_before"], values["pain_after"], values["duration_s"], values["note"],
            uid=item["uid"],
        )  # fmt: skip
        if session is not None:
            content.sessions.append(session)

    for where, item in items("questionnaires"):
        taken_at = check.time(item, "taken_at", where)
        instrument = check.get(item, "instrument", str, where)
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
        flags = check.get(item, "answered_yes", list, where)
        if taken_at is None or flags is None:
            continue
        if not all(isinstance(flag, str) for flag in flags):
            check.fail(f"{where}.answered_yes", "expected a list of flag names")
            continue
        screen = check.build(
            where, RedFlagScreen, taken_at, frozenset(flags), assessed_at, uid=item["uid"]
        )
        if screen is not None:
            content.red_flag_screens.append(screen)

    settings = document.get("settings", {})
    if not isinstance(settings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) <= 64 and len(v) <= 1000
        for k, v in settings.items()
    ):
        check.fail("$.settings", "expected an object of short text values")
    else:
        content.settings = dict(settings)

    if check.problems:
        raise ImportRefused(check.problems)
    return content


def import_json(store: JournalStore, path: Path) -> ImportResult:
    """Validate all of ``path``, then import all of it or nothing."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused([f"{path}: cannot be read ({error.strerror})"]) from error
    if size > MAX_IMPORT_BYTES:
        raise ImportRefused([f"{path}: too large to be a ReliefMap export ({size:,} bytes)"])
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text, parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ImportRefused([f"{path}: not a text file (UTF-8 expected)"]) from None
    except (json.JSONDecodeError, ValueError) as error:
        raise ImportRefused([f"{path}: not valid JSON ({error})"]) from None
    except RecursionError:
        raise ImportRefused([f"{path}: nested too deeply to be a ReliefMap export"]) from None
    content = parse_document(document, store)
    return store.import_content(content)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


_ = math  # NaN/Infinity are refused by _refuse_constant
