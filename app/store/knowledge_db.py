"""The one way the app gets its knowledge base: :func:`open_knowledge`.

The CSV files in ``data/`` are the human-readable truth; a SQLite file in the user's cache
folder is the fast, queryable copy the app reads (e.g. "which points are used for the sacrum":
``acupoint_uses``). The window, the CLI, the report, import/export and the journal all call
:func:`open_knowledge`, which returns one in-memory :class:`KnowledgeBase` per process.

Why it is shaped like this:

- Read with the standard ``sqlite3`` module, never SQLAlchemy: importing SQLAlchemy alone
  costs more than ``reliefmap suggest`` may take in total, and this file has no unit of work,
  only fifteen ``SELECT``\\ s.
- Freshness is decided by a *stamp* (each data file's name, size, mtime and ctime) and only
  when the stamp differs by the content hash. The stamp costs one ``stat`` per file whatever
  the size of ``data/``; the hash keeps the decision about content, so a reinstall or a fresh
  checkout (new times, same bytes) costs one hash and a new stamp, never a rebuild. A write
  always moves ctime on POSIX, so the stamp cannot miss an edit there.
- A rebuild is written into a temporary file and swapped in atomically, so a crash or a second
  process never sees half a database. The file is only a cache: a damaged one is rebuilt, and
  when the cache folder cannot be written the knowledge base is built in memory instead.
- Each table is declared once (:class:`_Table`), with its rows (domain to table) and its
  reader (table to domain) beside it, both by column name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from app.domain.knowledge import (
    Acupoint,
    Exercise,
    KnowledgeBase,
    Muscle,
    Placement,
    PointEvidence,
    RedFlag,
    ReferralZone,
    Restriction,
    SelfTest,
    SelfTestReading,
    Source,
    Technique,
    TriggerPointSite,
)
from app.domain.knowledge_loader import KB_FILES, parse_knowledge
from app.resources import data_dir

KB_FILE_NAME = "knowledge.sqlite3"
#: Bump when the tables below change, so caches written by an older ReliefMap are rebuilt.
SCHEMA_VERSION = "6"

#: A row as written: column name to value.
Row = dict[str, Any]
#: What reading a cache file that is not (or no longer) ours raises: rebuild it.
_DAMAGED = (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError)

_log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """The platform's cache folder: the file can always be rebuilt, so it is no user data."""
    return user_cache_path("ReliefMap", appauthor=False)


# --- change detection -------------------------------------------------------------------------


def data_fingerprint(folder: Path) -> str:
    """A hash of every knowledge file's name and bytes: a change means "rebuild"."""
    digest = hashlib.sha256()
    for name in KB_FILES:
        digest.update(name.encode())
        path = folder / name
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()


def data_stamp(folder: Path) -> str:
    """Each knowledge file's name, size, mtime and ctime: unchanged means "no need to hash"."""
    parts = []
    for name in KB_FILES:
        try:
            info = (folder / name).stat()
        except FileNotFoundError:
            parts.append(f"{name}:missing")
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}")
    return "|".join(parts)


# --- the tables: each declared once, with its rows (domain -> table) and reader beside it -----


@dataclass(frozen=True)
class _Table:
    """A table's columns, its read order, and the SQL to create, fill and read it.

    Rows are written as dicts and read as :class:`sqlite3.Row`, both by column name, so a
    column added here cannot shift another's value.
    """

    name: str
    columns: tuple[str, ...]  # "name TYPE [constraint]"
    order_by: str
    constraints: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(column.split()[0].strip('"') for column in self.columns)

    def create(self) -> Iterator[str]:
        yield f"CREATE TABLE {self.name} ({', '.join(self.columns + self.constraints)})"
        for column in self.indexes:
            yield f"CREATE INDEX ix_{self.name}_{column} ON {self.name} ({column})"

    def insert(self) -> str:
        columns = ", ".join(f'"{name}"' for name in self.names)
        values = ", ".join(f":{name}" for name in self.names)
        return f"INSERT INTO {self.name} ({columns}) VALUES ({values})"

    def select(self, db: sqlite3.Connection) -> Iterator[sqlite3.Row]:
        columns = ", ".join(f'"{name}"' for name in self.names)
        cursor = db.execute(f"SELECT {columns} FROM {self.name} ORDER BY {self.order_by}")
        cursor.row_factory = sqlite3.Row
        return iter(cursor)


def _ids(values: Iterable[str]) -> str:
    """Ids never hold spaces, so a space-separated list stays readable in SQL (``LIKE``)."""
    return " ".join(values)


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _texts(values: Iterable[str]) -> str:
    """Sentences may hold anything, so they are kept as a JSON list."""
    return json.dumps(list(values))


def _untexts(value: str) -> tuple[str, ...]:
    return tuple(json.loads(value))


META = _Table("meta", ("key TEXT PRIMARY KEY", "value TEXT NOT NULL"), "key")


def _read_meta(db: sqlite3.Connection) -> dict[str, str]:
    return {row["key"]: row["value"] for row in META.select(db)}


SOURCES = _Table(
    "sources",
    ("id TEXT PRIMARY KEY", "position INTEGER", "citation TEXT", "url TEXT", "accessed TEXT",
     "notes TEXT"),
    "position",
)  # fmt: skip


def _source_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, s in enumerate(kb.sources.values()):
        yield {"id": s.id, "position": n, "citation": s.citation, "url": s.url,
               "accessed": s.accessed, "notes": s.notes}  # fmt: skip


def _read_sources(db: sqlite3.Connection) -> dict[str, Source]:
    return {
        r["id"]: Source(r["id"], r["citation"], r["url"], r["accessed"], r["notes"])
        for r in SOURCES.select(db)
    }


#: How to self-treat: the same columns in muscles and acupoints.
_TECHNIQUE = ("technique_tool TEXT", "technique_pressure TEXT", "technique_hold_s INTEGER",
              "technique_repetitions TEXT", "technique_frequency TEXT",
              "technique_steps TEXT")  # fmt: skip


def _technique_cells(t: Technique) -> Row:
    return {"technique_tool": t.tool, "technique_pressure": t.pressure,
            "technique_hold_s": t.hold_s, "technique_repetitions": t.repetitions,
            "technique_frequency": t.frequency, "technique_steps": _texts(t.steps)}  # fmt: skip


def _technique(r: sqlite3.Row) -> Technique:
    return Technique(r["technique_tool"], r["technique_pressure"], r["technique_hold_s"],
                     r["technique_repetitions"], r["technique_frequency"],
                     _untexts(r["technique_steps"]))  # fmt: skip


#: Where a point or a site sits: the same columns in sites and acupoints.
_PLACEMENT = ("view TEXT", "landmark TEXT", "dx_cun REAL", "dy_cun REAL")


def _placement_cells(p: Placement) -> Row:
    return {"view": p.view, "landmark": p.landmark, "dx_cun": p.dx_cun, "dy_cun": p.dy_cun}


def _placement(r: sqlite3.Row) -> Placement:
    return Placement(r["view"], r["landmark"], float(r["dx_cun"]), float(r["dy_cun"]))


REFERRALS = _Table(
    "referral_zones",
    ("id INTEGER PRIMARY KEY", "muscle_id TEXT REFERENCES muscles(id)", "site_id TEXT",
     "region TEXT", "zone TEXT", "laterality TEXT"),
    "id",
    indexes=("muscle_id", "region"),
)  # fmt: skip


def _referral_rows(kb: KnowledgeBase) -> Iterator[Row]:
    sites = (site for muscle in kb.muscles.values() for site in muscle.sites)
    zones = ((site, zone) for site in sites for zone in site.referrals)
    for n, (site, z) in enumerate(zones, start=1):
        yield {"id": n, "muscle_id": site.muscle_id, "site_id": site.site_id,
               "region": z.region, "zone": z.zone, "laterality": z.laterality}  # fmt: skip


def _read_referrals(db: sqlite3.Connection) -> dict[tuple[str, str], list[ReferralZone]]:
    """Zones by (muscle, site), in the data's order."""
    zones: dict[tuple[str, str], list[ReferralZone]] = {}
    for r in REFERRALS.select(db):
        zones.setdefault((r["muscle_id"], r["site_id"]), []).append(
            ReferralZone(r["region"], r["zone"], r["laterality"])
        )
    return zones


SITES = _Table(
    "trigger_point_sites",
    ("muscle_id TEXT REFERENCES muscles(id)", "site_id TEXT", "position INTEGER",
     "description TEXT", *_PLACEMENT, "sources TEXT", "notes TEXT"),
    "muscle_id, position",
    constraints=("PRIMARY KEY (muscle_id, site_id)",),
)  # fmt: skip


def _site_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for muscle in kb.muscles.values():
        for n, s in enumerate(muscle.sites):
            yield {"muscle_id": s.muscle_id, "site_id": s.site_id, "position": n,
                   "description": s.description, **_placement_cells(s.placement),
                   "sources": _ids(s.sources), "notes": s.notes}  # fmt: skip


def _read_sites(db: sqlite3.Connection) -> dict[str, list[TriggerPointSite]]:
    """Sites by muscle, each with its referral zones."""
    zones = _read_referrals(db)
    sites: dict[str, list[TriggerPointSite]] = {}
    for r in SITES.select(db):
        key = (r["muscle_id"], r["site_id"])
        sites.setdefault(r["muscle_id"], []).append(
            TriggerPointSite(
                *key,
                r["description"],
                _placement(r),
                tuple(zones.get(key, ())),
                _split(r["sources"]),
                r["notes"],
            )
        )
    return sites


MUSCLES = _Table(
    "muscles",
    ("id TEXT PRIMARY KEY", "position INTEGER", "label TEXT", "lies_in TEXT", "paired INTEGER",
     "perpetuating TEXT", *_TECHNIQUE, "cautions TEXT", "sources TEXT", "notes TEXT"),
    "position",
)  # fmt: skip


def _muscle_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, m in enumerate(kb.muscles.values()):
        yield {"id": m.id, "position": n, "label": m.label, "lies_in": _ids(m.lies_in),
               "paired": m.paired, "perpetuating": _texts(m.perpetuating),
               **_technique_cells(m.technique), "cautions": _texts(m.cautions),
               "sources": _ids(m.sources), "notes": m.notes}  # fmt: skip


def _read_muscles(db: sqlite3.Connection) -> dict[str, Muscle]:
    sites = _read_sites(db)
    return {
        r["id"]: Muscle(r["id"], r["label"], _split(r["lies_in"]), bool(r["paired"]),
                        _untexts(r["perpetuating"]), _technique(r), _untexts(r["cautions"]),
                        tuple(sites.get(r["id"], ())), _split(r["sources"]), r["notes"])
        for r in MUSCLES.select(db)
    }  # fmt: skip


ACUPOINT_USES = _Table(
    "acupoint_uses",
    ("code TEXT REFERENCES acupoints(code)", "position INTEGER", "region TEXT"),
    "code, position",
    constraints=("PRIMARY KEY (code, position)",),
    indexes=("region",),
)


def _acupoint_use_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for point in kb.acupoints.values():
        for n, region in enumerate(point.used_for):
            yield {"code": point.code, "position": n, "region": region}


def _read_acupoint_uses(db: sqlite3.Connection) -> dict[str, list[str]]:
    """The base regions each point is used for (local or distal), in the data's order."""
    uses: dict[str, list[str]] = {}
    for r in ACUPOINT_USES.select(db):
        uses.setdefault(r["code"], []).append(r["region"])
    return uses


ACUPOINTS = _Table(
    "acupoints",
    ("code TEXT PRIMARY KEY", "position INTEGER", "pinyin TEXT", "english TEXT", "meridian TEXT",
     "location TEXT", *_PLACEMENT, "bilateral INTEGER", *_TECHNIQUE, "pregnancy TEXT",
     "cautions TEXT", "sources TEXT", "notes TEXT"),
    "position",
)  # fmt: skip


def _acupoint_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, p in enumerate(kb.acupoints.values()):
        yield {"code": p.code, "position": n, "pinyin": p.pinyin, "english": p.english,
               "meridian": p.meridian, "location": p.location, **_placement_cells(p.placement),
               "bilateral": p.bilateral, **_technique_cells(p.technique),
               "pregnancy": p.pregnancy, "cautions": _texts(p.cautions),
               "sources": _ids(p.sources), "notes": p.notes}  # fmt: skip


def _read_acupoints(db: sqlite3.Connection) -> dict[str, Acupoint]:
    uses = _read_acupoint_uses(db)
    return {
        r["code"]: Acupoint(r["code"], r["pinyin"], r["english"], r["meridian"], r["location"],
                            _placement(r), bool(r["bilateral"]), tuple(uses.get(r["code"], ())),
                            _technique(r), r["pregnancy"], _untexts(r["cautions"]),
                            _split(r["sources"]), r["notes"])
        for r in ACUPOINTS.select(db)
    }  # fmt: skip


EVIDENCE = _Table(
    "acupoint_evidence",
    ("code TEXT PRIMARY KEY REFERENCES acupoints(code)", "position INTEGER",
     "trial_rank INTEGER", "classical_rank INTEGER", "acute_only INTEGER", "sources TEXT",
     "notes TEXT"),
    "position",
)  # fmt: skip


def _evidence_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, e in enumerate(kb.point_evidence.values()):
        yield {"code": e.code, "position": n, "trial_rank": e.trial_rank,
               "classical_rank": e.classical_rank, "acute_only": e.acute_only,
               "sources": _ids(e.sources), "notes": e.notes}  # fmt: skip


def _read_evidence(db: sqlite3.Connection) -> dict[str, PointEvidence]:
    """How often trials and classical texts use a point (ranks; NULL when unranked)."""
    return {
        r["code"]: PointEvidence(r["code"], r["trial_rank"], r["classical_rank"],
                                 bool(r["acute_only"]), _split(r["sources"]), r["notes"])
        for r in EVIDENCE.select(db)
    }  # fmt: skip


REGION_CHANNELS = _Table(
    "region_channels",
    ("region TEXT", "position INTEGER", "region_position INTEGER", "channel TEXT"),
    "region_position, position",
    constraints=("PRIMARY KEY (region, position)",),
    indexes=("channel",),
)


def _region_channel_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for m, (region, channels) in enumerate(kb.region_channels.items()):
        for n, channel in enumerate(channels):
            yield {"region": region, "position": n, "region_position": m, "channel": channel}


def _read_region_channels(db: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """The channels running through each base region, regions and channels in data order."""
    channels: dict[str, list[str]] = {}
    for r in REGION_CHANNELS.select(db):
        channels.setdefault(r["region"], []).append(r["channel"])
    return {region: tuple(names) for region, names in channels.items()}


EXERCISE_TARGETS = _Table(
    "exercise_targets",
    ("exercise_id TEXT REFERENCES exercises(id)", "position INTEGER",
     "muscle_id TEXT REFERENCES muscles(id)"),
    "exercise_id, position",
    constraints=("PRIMARY KEY (exercise_id, position)",),
    indexes=("muscle_id",),
)  # fmt: skip


def _exercise_target_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for exercise in kb.exercises.values():
        for n, muscle_id in enumerate(exercise.targets):
            yield {"exercise_id": exercise.id, "position": n, "muscle_id": muscle_id}


def _read_exercise_targets(db: sqlite3.Connection) -> dict[str, list[str]]:
    targets: dict[str, list[str]] = {}
    for r in EXERCISE_TARGETS.select(db):
        targets.setdefault(r["exercise_id"], []).append(r["muscle_id"])
    return targets


EXERCISES = _Table(
    "exercises",
    ("id TEXT PRIMARY KEY", "position INTEGER", "name TEXT", "kind TEXT", "phases TEXT",
     "steps TEXT", "dose TEXT", "cautions TEXT", "sources TEXT", "notes TEXT"),
    "position",
)  # fmt: skip


def _exercise_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, e in enumerate(kb.exercises.values()):
        yield {"id": e.id, "position": n, "name": e.name, "kind": e.kind,
               "phases": _ids(e.phases), "steps": _texts(e.steps), "dose": e.dose,
               "cautions": _texts(e.cautions), "sources": _ids(e.sources),
               "notes": e.notes}  # fmt: skip


def _read_exercises(db: sqlite3.Connection) -> dict[str, Exercise]:
    targets = _read_exercise_targets(db)
    return {
        r["id"]: Exercise(r["id"], r["name"], r["kind"], tuple(targets.get(r["id"], ())),
                          _split(r["phases"]), _untexts(r["steps"]), r["dose"],
                          _untexts(r["cautions"]), _split(r["sources"]), r["notes"])
        for r in EXERCISES.select(db)
    }  # fmt: skip


RED_FLAGS = _Table(
    "red_flags",
    ("id TEXT PRIMARY KEY", "position INTEGER", "asked_when TEXT", "question TEXT",
     "urgency TEXT", "advice TEXT", "sources TEXT", "notes TEXT"),
    "position",
)  # fmt: skip


def _red_flag_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, f in enumerate(kb.red_flags.values()):
        yield {"id": f.id, "position": n, "asked_when": f.asked_when, "question": f.question,
               "urgency": f.urgency, "advice": f.advice, "sources": _ids(f.sources),
               "notes": f.notes}  # fmt: skip


def _read_red_flags(db: sqlite3.Connection) -> dict[str, RedFlag]:
    return {
        r["id"]: RedFlag(r["id"], r["asked_when"], r["question"], r["urgency"], r["advice"],
                         _split(r["sources"]), r["notes"])
        for r in RED_FLAGS.select(db)
    }  # fmt: skip


RESTRICTIONS = _Table(
    "restrictions",
    ("position INTEGER PRIMARY KEY", "kind TEXT", "item_id TEXT", '"when" TEXT', "effect TEXT",
     "reason TEXT", "sources TEXT", "notes TEXT"),
    "position",
    indexes=("item_id",),
)  # fmt: skip


def _restriction_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, r in enumerate(kb.restrictions):
        yield {"position": n, "kind": r.kind, "item_id": r.item_id, "when": _ids(r.when),
               "effect": r.effect, "reason": r.reason, "sources": _ids(r.sources),
               "notes": r.notes}  # fmt: skip


def _read_restrictions(db: sqlite3.Connection) -> tuple[Restriction, ...]:
    return tuple(
        Restriction(r["kind"], r["item_id"], _split(r["when"]), r["effect"], r["reason"],
                    _split(r["sources"]), r["notes"])
        for r in RESTRICTIONS.select(db)
    )  # fmt: skip


READINGS = _Table(
    "self_test_readings",
    ("test_id TEXT REFERENCES self_tests(id)", "position INTEGER", "reading TEXT", "label TEXT",
     "finding TEXT", "muscles TEXT", "sources TEXT", "notes TEXT"),
    "test_id, position",
    constraints=("PRIMARY KEY (test_id, position)",),
    indexes=("finding",),
)  # fmt: skip


def _reading_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for test in kb.self_tests.values():
        for n, r in enumerate(test.readings):
            yield {"test_id": test.id, "position": n, "reading": r.id, "label": r.label,
                   "finding": r.finding, "muscles": _ids(r.muscles),
                   "sources": _ids(r.sources), "notes": r.notes}  # fmt: skip


def _read_readings(db: sqlite3.Connection) -> dict[str, list[SelfTestReading]]:
    readings: dict[str, list[SelfTestReading]] = {}
    for r in READINGS.select(db):
        readings.setdefault(r["test_id"], []).append(
            SelfTestReading(
                r["reading"],
                r["label"],
                r["finding"],
                _split(r["muscles"]),
                _split(r["sources"]),
                r["notes"],
            )
        )
    return readings


SELF_TESTS = _Table(
    "self_tests",
    ("id TEXT PRIMARY KEY", "position INTEGER", "name TEXT", "measure TEXT", "sided INTEGER",
     "target_s INTEGER", "muscles TEXT", "landmarks TEXT", "steps TEXT", "how_to_read TEXT",
     "can_say TEXT", "cannot_say TEXT", "not_when TEXT", "sources TEXT", "notes TEXT"),
    "position",
)  # fmt: skip


def _self_test_rows(kb: KnowledgeBase) -> Iterator[Row]:
    for n, t in enumerate(kb.self_tests.values()):
        yield {"id": t.id, "position": n, "name": t.name, "measure": t.measure,
               "sided": t.sided, "target_s": t.target_s, "muscles": _ids(t.muscles),
               "landmarks": _ids(t.landmarks), "steps": _texts(t.steps),
               "how_to_read": _texts(t.how_to_read), "can_say": _texts(t.can_say),
               "cannot_say": _texts(t.cannot_say), "not_when": _texts(t.not_when),
               "sources": _ids(t.sources), "notes": t.notes}  # fmt: skip


def _read_self_tests(db: sqlite3.Connection) -> dict[str, SelfTest]:
    readings = _read_readings(db)
    return {
        r["id"]: SelfTest(r["id"], r["name"], r["measure"], bool(r["sided"]), r["target_s"],
                          _split(r["muscles"]), _split(r["landmarks"]), _untexts(r["steps"]),
                          _untexts(r["how_to_read"]), _untexts(r["can_say"]),
                          _untexts(r["cannot_say"]), _untexts(r["not_when"]),
                          tuple(readings.get(r["id"], ())), _split(r["sources"]), r["notes"])
        for r in SELF_TESTS.select(db)
    }  # fmt: skip


#: Every table and how the knowledge base fills it (parents before children).
_WRITERS: tuple[tuple[_Table, Callable[[KnowledgeBase], Iterable[Row]]], ...] = (
    (SOURCES, _source_rows),
    (MUSCLES, _muscle_rows),
    (SITES, _site_rows),
    (REFERRALS, _referral_rows),
    (ACUPOINTS, _acupoint_rows),
    (ACUPOINT_USES, _acupoint_use_rows),
    (EVIDENCE, _evidence_rows),
    (REGION_CHANNELS, _region_channel_rows),
    (EXERCISES, _exercise_rows),
    (EXERCISE_TARGETS, _exercise_target_rows),
    (RED_FLAGS, _red_flag_rows),
    (RESTRICTIONS, _restriction_rows),
    (SELF_TESTS, _self_test_rows),
    (READINGS, _reading_rows),
)


def _write(db: sqlite3.Connection, kb: KnowledgeBase, meta: dict[str, str]) -> None:
    for table in (META, *(table for table, _rows in _WRITERS)):
        for statement in table.create():
            db.execute(statement)
    db.executemany(META.insert(), ({"key": k, "value": v} for k, v in meta.items()))
    for table, rows in _WRITERS:
        db.executemany(table.insert(), rows(kb))
    db.commit()


def _read(db: sqlite3.Connection) -> KnowledgeBase:
    """The dataclasses again, in the data's own order."""
    return KnowledgeBase(
        sources=_read_sources(db),
        muscles=_read_muscles(db),
        acupoints=_read_acupoints(db),
        exercises=_read_exercises(db),
        red_flags=_read_red_flags(db),
        restrictions=_read_restrictions(db),
        point_evidence=_read_evidence(db),
        region_channels=_read_region_channels(db),
        self_tests=_read_self_tests(db),
    )


# --- the cache file ---------------------------------------------------------------------------


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Read-only: no journal file beside the cache, and a read-only cache still reads."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _facts(folder: Path) -> dict[str, str]:
    """What the cache records about the data it was built from.

    The stamp is taken first: were a file edited while it is read, the stored stamp is the
    older one, so the next start hashes again and sees the change.
    """
    stamp = data_stamp(folder)
    return {
        "stamp": stamp,
        "fingerprint": data_fingerprint(folder),
        "schema_version": SCHEMA_VERSION,
    }


def build_knowledge_db(target: Path, source_dir: Path | None = None) -> None:
    """Validate ``data/`` (the parser refuses malformed rows) and write it into ``target``.

    Written into a temporary file beside the target and moved over it in one step: readers
    see the old file or the new one, never a half-written one.
    """
    folder = source_dir or data_dir()
    facts = _facts(folder)
    kb = parse_knowledge(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with closing(sqlite3.connect(temp)) as db:
            # No per-statement syncing into a private temp file (each CREATE would cost an
            # fsync); the finished file is synced once below, before it is swapped in.
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            _write(db, kb, facts)
        with temp.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _stored_meta(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        with closing(_connect_read_only(path)) as db:
            return _read_meta(db)
    except sqlite3.DatabaseError:
        return {}  # damaged or foreign: it is only a cache, rebuild it


def _restamp(path: Path, stamp: str) -> None:
    """Same bytes under new file times (a reinstall, a checkout): remember the new stamp."""
    try:
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (stamp,))
    except sqlite3.Error:
        pass  # a read-only cache only pays the hash again at the next start


def ensure_knowledge_db(cache_dir: Path | None = None, source_dir: Path | None = None) -> Path:
    """The KB file, (re)built first if ``data/`` or the schema changed since it was written.

    Unchanged file stamps settle it with no read of ``data/``; otherwise the content hash
    decides (see the module's docstring).
    """
    target = (cache_dir or default_cache_dir()) / KB_FILE_NAME
    folder = source_dir or data_dir()
    meta = _stored_meta(target)
    if meta.get("schema_version") == SCHEMA_VERSION:
        stamp = data_stamp(folder)
        if meta.get("stamp") == stamp:
            return target
        if meta.get("fingerprint") == data_fingerprint(folder):
            _restamp(target, stamp)
            return target
    build_knowledge_db(target, folder)
    return target


def read_knowledge_db(path: Path) -> KnowledgeBase:
    """The knowledge base in the SQLite file at ``path`` (raises if it is not one of ours)."""
    with closing(_connect_read_only(path)) as db:
        return _read(db)


def _build_in_memory(folder: Path) -> KnowledgeBase:
    """The same build and read, in a database that lives only in this process."""
    with closing(sqlite3.connect(":memory:")) as db:
        _write(db, parse_knowledge(folder), _facts(folder))
        return _read(db)


def _load(cache_dir: Path, folder: Path) -> KnowledgeBase:
    try:
        path = ensure_knowledge_db(cache_dir, folder)
        try:
            return read_knowledge_db(path)
        except _DAMAGED:  # damaged pages, or edited behind a good fingerprint: rebuild once
            build_knowledge_db(path, folder)
            return read_knowledge_db(path)
    except (OSError, sqlite3.Error) as error:  # a read-only or full cache folder, say
        _log.warning(
            "ReliefMap: the knowledge cache in %s cannot be written (%s); "
            "building it in memory for this run.",
            cache_dir,
            getattr(error, "strerror", None) or error,
        )
        return _build_in_memory(folder)


_OPENED: dict[tuple[Path, Path], KnowledgeBase] = {}
#: Held while a knowledge base is first read, so a warm-up on another thread and the caller
#: that then needs it share one read (and never race two builds of one cache file).
_OPENING = threading.Lock()


def open_knowledge(cache_dir: Path | None = None) -> KnowledgeBase:
    """What everything calls: the shipped knowledge base, checked and read once per process.

    The first call checks ``data/`` against the cache (rebuilding it if needed) and reads it;
    later calls return the same object without touching a file. The object is shared: treat
    it as read-only.
    """
    key = (cache_dir or default_cache_dir(), data_dir())
    kb = _OPENED.get(key)
    if kb is None:
        with _OPENING:
            kb = _OPENED.get(key)
            if kb is None:
                kb = _OPENED[key] = _load(*key)
    return kb
