"""The knowledge base built into a read-only SQLite file, rebuilt when ``data/`` changes.

The CSV files in ``data/`` are the human-readable truth; this file is the fast, queryable copy
the app reads (e.g. "which points are used for the sacrum": ``acupoint_uses``). The data's
fingerprint and this module's schema version are stored in it: either differing means
"rebuild", done into a temporary file and swapped in atomically, so a crash or a second
process never sees half a database. It is only a cache: a damaged one is rebuilt.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path
from sqlalchemy import Float, ForeignKey, Integer, String, Text, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

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
from app.domain.knowledge_loader import data_fingerprint, load_knowledge
from app.resources import data_dir
from app.store.engine import plain_engine

KB_FILE_NAME = "knowledge.sqlite3"
#: Bump when the tables below change, so caches written by an older ReliefMap are rebuilt.
SCHEMA_VERSION = "5"


class KnowledgeBaseModel(DeclarativeBase):
    """Separate metadata from the journal: the two never share a file."""


class MetaRow(KnowledgeBaseModel):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SourceRow(KnowledgeBaseModel):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    citation: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    accessed: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text)


class _TechniqueColumns:
    """How to self-treat, as plain columns (``technique_steps`` is a JSON list)."""

    technique_tool: Mapped[str] = mapped_column(Text)
    technique_pressure: Mapped[str] = mapped_column(Text)
    technique_hold_s: Mapped[int] = mapped_column(Integer)
    technique_repetitions: Mapped[str] = mapped_column(Text)
    technique_frequency: Mapped[str] = mapped_column(Text)
    technique_steps: Mapped[str] = mapped_column(Text)


class MuscleRow(_TechniqueColumns, KnowledgeBaseModel):
    __tablename__ = "muscles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    lies_in: Mapped[str] = mapped_column(Text)  # base region ids, space-separated
    paired: Mapped[bool]
    perpetuating: Mapped[str] = mapped_column(Text)  # JSON list of sentences
    cautions: Mapped[str] = mapped_column(Text)  # JSON list of sentences
    sources: Mapped[str] = mapped_column(Text)  # source ids, space-separated
    notes: Mapped[str] = mapped_column(Text)


class SiteRow(KnowledgeBaseModel):
    __tablename__ = "trigger_point_sites"
    muscle_id: Mapped[str] = mapped_column(ForeignKey("muscles.id"), primary_key=True)
    site_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    view: Mapped[str] = mapped_column(String(8))
    landmark: Mapped[str] = mapped_column(String(64))
    dx_cun: Mapped[float] = mapped_column(Float)
    dy_cun: Mapped[float] = mapped_column(Float)
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class ReferralRow(KnowledgeBaseModel):
    """One referral zone of one site (``region`` is a base region id)."""

    __tablename__ = "referral_zones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    muscle_id: Mapped[str] = mapped_column(ForeignKey("muscles.id"), index=True)
    site_id: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(64), index=True)
    zone: Mapped[str] = mapped_column(String(16))
    laterality: Mapped[str] = mapped_column(String(8))


class AcupointRow(_TechniqueColumns, KnowledgeBaseModel):
    __tablename__ = "acupoints"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    pinyin: Mapped[str] = mapped_column(Text)
    english: Mapped[str] = mapped_column(Text)
    meridian: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(Text)
    view: Mapped[str] = mapped_column(String(8))
    landmark: Mapped[str] = mapped_column(String(64))
    dx_cun: Mapped[float] = mapped_column(Float)
    dy_cun: Mapped[float] = mapped_column(Float)
    bilateral: Mapped[bool]
    pregnancy: Mapped[str] = mapped_column(String(8))
    cautions: Mapped[str] = mapped_column(Text)  # JSON list
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class AcupointUseRow(KnowledgeBaseModel):
    """A base region a point is used for (local or distal use), in the data's order."""

    __tablename__ = "acupoint_uses"
    code: Mapped[str] = mapped_column(ForeignKey("acupoints.code"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    region: Mapped[str] = mapped_column(String(64), index=True)


class PointEvidenceRow(KnowledgeBaseModel):
    """How often trials and classical texts use a point (ranks; NULL when unranked)."""

    __tablename__ = "acupoint_evidence"
    code: Mapped[str] = mapped_column(ForeignKey("acupoints.code"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    trial_rank: Mapped[int | None] = mapped_column(Integer)
    classical_rank: Mapped[int | None] = mapped_column(Integer)
    acute_only: Mapped[bool]
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class RegionChannelRow(KnowledgeBaseModel):
    """A channel running through a base region, in the data's order."""

    __tablename__ = "region_channels"
    region: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_position: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(32), index=True)


class ExerciseRow(KnowledgeBaseModel):
    __tablename__ = "exercises"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    phases: Mapped[str] = mapped_column(Text)  # space-separated
    steps: Mapped[str] = mapped_column(Text)  # JSON list
    dose: Mapped[str] = mapped_column(Text)
    cautions: Mapped[str] = mapped_column(Text)  # JSON list
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class ExerciseTargetRow(KnowledgeBaseModel):
    __tablename__ = "exercise_targets"
    exercise_id: Mapped[str] = mapped_column(ForeignKey("exercises.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    muscle_id: Mapped[str] = mapped_column(ForeignKey("muscles.id"), index=True)


class RedFlagRow(KnowledgeBaseModel):
    __tablename__ = "red_flags"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    asked_when: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(8))
    advice: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class RestrictionRow(KnowledgeBaseModel):
    __tablename__ = "restrictions"
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    when: Mapped[str] = mapped_column(Text)  # space-separated conditions
    effect: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class SelfTestRow(KnowledgeBaseModel):
    __tablename__ = "self_tests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(16))
    sided: Mapped[bool]
    target_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    muscles: Mapped[str] = mapped_column(Text)  # space-separated
    landmarks: Mapped[str] = mapped_column(Text)  # space-separated
    steps: Mapped[str] = mapped_column(Text)  # JSON list
    how_to_read: Mapped[str] = mapped_column(Text)  # JSON list
    can_say: Mapped[str] = mapped_column(Text)  # JSON list
    cannot_say: Mapped[str] = mapped_column(Text)  # JSON list
    not_when: Mapped[str] = mapped_column(Text)  # JSON list
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class SelfTestReadingRow(KnowledgeBaseModel):
    __tablename__ = "self_test_readings"
    test_id: Mapped[str] = mapped_column(ForeignKey("self_tests.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    reading: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    finding: Mapped[str] = mapped_column(String(32), index=True)
    muscles: Mapped[str] = mapped_column(Text)  # space-separated
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


def default_cache_dir() -> Path:
    return user_cache_path("ReliefMap", appauthor=False)


# --- writing ----------------------------------------------------------------------------------


def _ids(values: Iterable[str]) -> str:
    return " ".join(values)


def _technique_columns(technique: Technique) -> dict[str, Any]:
    return {
        "technique_tool": technique.tool,
        "technique_pressure": technique.pressure,
        "technique_hold_s": technique.hold_s,
        "technique_repetitions": technique.repetitions,
        "technique_frequency": technique.frequency,
        "technique_steps": json.dumps(list(technique.steps)),
    }


def _rows(kb: KnowledgeBase, fingerprint: str) -> dict[type[KnowledgeBaseModel], list[dict]]:  # type: ignore[type-arg]
    """Every table's rows as plain dicts, for one bulk insert per table."""
    muscles, sites, zones = [], [], []
    for position, muscle in enumerate(kb.muscles.values()):
        muscles.append(
            {
                "id": muscle.id,
                "position": position,
                "label": muscle.label,
                "lies_in": _ids(muscle.lies_in),
                "paired": muscle.paired,
                "perpetuating": json.dumps(list(muscle.perpetuating)),
                "cautions": json.dumps(list(muscle.cautions)),
                "sources": _ids(muscle.sources),
                "notes": muscle.notes,
                **_technique_columns(muscle.technique),
            }
        )
        for site_position, site in enumerate(muscle.sites):
            p = site.placement
            sites.append(
                {
                    "muscle_id": muscle.id,
                    "site_id": site.site_id,
                    "position": site_position,
                    "description": site.description,
                    "view": p.view,
                    "landmark": p.landmark,
                    "dx_cun": p.dx_cun,
                    "dy_cun": p.dy_cun,
                    "sources": _ids(site.sources),
                    "notes": site.notes,
                }
            )
            zones.extend(
                {
                    "muscle_id": muscle.id,
                    "site_id": site.site_id,
                    "region": zone.region,
                    "zone": zone.zone,
                    "laterality": zone.laterality,
                }
                for zone in site.referrals
            )
    points, uses = [], []
    for position, point in enumerate(kb.acupoints.values()):
        p = point.placement
        points.append(
            {
                "code": point.code,
                "position": position,
                "pinyin": point.pinyin,
                "english": point.english,
                "meridian": point.meridian,
                "location": point.location,
                "view": p.view,
                "landmark": p.landmark,
                "dx_cun": p.dx_cun,
                "dy_cun": p.dy_cun,
                "bilateral": point.bilateral,
                "pregnancy": point.pregnancy,
                "cautions": json.dumps(list(point.cautions)),
                "sources": _ids(point.sources),
                "notes": point.notes,
                **_technique_columns(point.technique),
            }
        )
        uses.extend(
            {"code": point.code, "position": n, "region": region}
            for n, region in enumerate(point.used_for)
        )
    exercises, targets = [], []
    for position, exercise in enumerate(kb.exercises.values()):
        exercises.append(
            {
                "id": exercise.id,
                "position": position,
                "name": exercise.name,
                "kind": exercise.kind,
                "phases": _ids(exercise.phases),
                "steps": json.dumps(list(exercise.steps)),
                "dose": exercise.dose,
                "cautions": json.dumps(list(exercise.cautions)),
                "sources": _ids(exercise.sources),
                "notes": exercise.notes,
            }
        )
        targets.extend(
            {"exercise_id": exercise.id, "position": n, "muscle_id": muscle_id}
            for n, muscle_id in enumerate(exercise.targets)
        )
    return {
        MetaRow: [
            {"key": "fingerprint", "value": fingerprint},
            {"key": "schema_version", "value": SCHEMA_VERSION},
        ],
        SourceRow: [
            {
                "position": n,
                "id": s.id,
                "citation": s.citation,
                "url": s.url,
                "accessed": s.accessed,
                "notes": s.notes,
            }
            for n, s in enumerate(kb.sources.values())
        ],
        MuscleRow: muscles,
        SiteRow: sites,
        ReferralRow: zones,
        AcupointRow: points,
        AcupointUseRow: uses,
        PointEvidenceRow: [
            {
                "code": e.code,
                "position": n,
                "trial_rank": e.trial_rank,
                "classical_rank": e.classical_rank,
                "acute_only": e.acute_only,
                "sources": _ids(e.sources),
                "notes": e.notes,
            }
            for n, e in enumerate(kb.point_evidence.values())
        ],
        RegionChannelRow: [
            {"region": region, "position": n, "region_position": m, "channel": channel}
            for m, (region, channels) in enumerate(kb.region_channels.items())
            for n, channel in enumerate(channels)
        ],
        ExerciseRow: exercises,
        ExerciseTargetRow: targets,
        RedFlagRow: [
            {
                "position": n,
                "id": f.id,
                "asked_when": f.asked_when,
                "question": f.question,
                "urgency": f.urgency,
                "advice": f.advice,
                "sources": _ids(f.sources),
                "notes": f.notes,
            }
            for n, f in enumerate(kb.red_flags.values())
        ],
        RestrictionRow: [
            {
                "position": n,
                "kind": r.kind,
                "item_id": r.item_id,
                "when": " ".join(r.when),
                "effect": r.effect,
                "reason": r.reason,
                "sources": _ids(r.sources),
                "notes": r.notes,
            }
            for n, r in enumerate(kb.restrictions)
        ],
        SelfTestRow: [
            {
                "id": t.id,
                "position": n,
                "name": t.name,
                "measure": t.measure,
                "sided": t.sided,
                "target_s": t.target_s,
                "muscles": _ids(t.muscles),
                "landmarks": _ids(t.landmarks),
                "steps": json.dumps(list(t.steps)),
                "how_to_read": json.dumps(list(t.how_to_read)),
                "can_say": json.dumps(list(t.can_say)),
                "cannot_say": json.dumps(list(t.cannot_say)),
                "not_when": json.dumps(list(t.not_when)),
                "sources": _ids(t.sources),
                "notes": t.notes,
            }
            for n, t in enumerate(kb.self_tests.values())
        ],
        SelfTestReadingRow: [
            {
                "test_id": t.id,
                "position": n,
                "reading": r.id,
                "label": r.label,
                "finding": r.finding,
                "muscles": _ids(r.muscles),
                "sources": _ids(r.sources),
                "notes": r.notes,
            }
            for t in kb.self_tests.values()
            for n, r in enumerate(t.readings)
        ],
    }


def build_knowledge_db(target: Path, source_dir: Path | None = None) -> None:
    """Validate ``data/`` (the loader refuses malformed rows) and write it into ``target``.

    Written into a temporary file beside the target and moved over it in one step: readers
    see the old file or the new one, never a half-written one.
    """
    folder = source_dir or data_dir()
    kb = load_knowledge(folder)
    fingerprint = data_fingerprint(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        engine = plain_engine(temp)
        try:
            with engine.connect() as connection:
                # No per-statement syncing into a private temp file (each CREATE would cost
                # an fsync); the finished file is synced once below, before it is swapped in.
                connection.exec_driver_sql("PRAGMA journal_mode=OFF")
                connection.exec_driver_sql("PRAGMA synchronous=OFF")
                KnowledgeBaseModel.metadata.create_all(connection)
                for table, rows in _rows(kb, fingerprint).items():
                    if rows:
                        connection.execute(insert(table), rows)
                connection.commit()
        finally:
            engine.dispose()
        with temp.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


# --- reading ----------------------------------------------------------------------------------


def _stored_meta(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    engine = plain_engine(path)
    try:
        with Session(engine) as session:
            return {row.key: row.value for row in session.scalars(select(MetaRow))}
    except SQLAlchemyError:
        return {}  # damaged or foreign: it is only a cache, rebuild it
    finally:
        engine.dispose()


def _technique(row: _TechniqueColumns) -> Technique:
    return Technique(
        tool=row.technique_tool,
        pressure=row.technique_pressure,
        hold_s=row.technique_hold_s,
        repetitions=row.technique_repetitions,
        frequency=row.technique_frequency,
        steps=tuple(json.loads(row.technique_steps)),
    )


def _texts(value: str) -> tuple[str, ...]:
    return tuple(json.loads(value))


def read_knowledge_db(path: Path) -> KnowledgeBase:
    """Rebuild the dataclasses from the SQLite copy, in the data's own order."""
    engine = plain_engine(path)
    try:
        with Session(engine) as session:
            sources = {
                row.id: Source(row.id, row.citation, row.url, row.accessed, row.notes)
                for row in session.scalars(select(SourceRow).order_by(SourceRow.position))
            }
            zones: dict[tuple[str, str], list[ReferralZone]] = {}
            for zone in session.scalars(select(ReferralRow).order_by(ReferralRow.id)):
                zones.setdefault((zone.muscle_id, zone.site_id), []).append(
                    ReferralZone(zone.region, zone.zone, zone.laterality)
                )
            sites: dict[str, list[TriggerPointSite]] = {}
            for site in session.scalars(
                select(SiteRow).order_by(SiteRow.muscle_id, SiteRow.position)
            ):
                sites.setdefault(site.muscle_id, []).append(
                    TriggerPointSite(
                        muscle_id=site.muscle_id,
                        site_id=site.site_id,
                        description=site.description,
                        placement=Placement(site.view, site.landmark, site.dx_cun, site.dy_cun),
                        referrals=tuple(zones.get((site.muscle_id, site.site_id), ())),
                        sources=tuple(site.sources.split()),
                        notes=site.notes,
                    )
                )
            muscles = {
                row.id: Muscle(
                    id=row.id,
                    label=row.label,
                    lies_in=tuple(row.lies_in.split()),
                    paired=row.paired,
                    perpetuating=_texts(row.perpetuating),
                    technique=_technique(row),
                    cautions=_texts(row.cautions),
                    sites=tuple(sites.get(row.id, ())),
                    sources=tuple(row.sources.split()),
                    notes=row.notes,
                )
                for row in session.scalars(select(MuscleRow).order_by(MuscleRow.position))
            }
            uses: dict[str, list[str]] = {}
            for use in session.scalars(
                select(AcupointUseRow).order_by(AcupointUseRow.code, AcupointUseRow.position)
            ):
                uses.setdefault(use.code, []).append(use.region)
            acupoints = {
                row.code: Acupoint(
                    code=row.code,
                    pinyin=row.pinyin,
                    english=row.english,
                    meridian=row.meridian,
                    location=row.location,
                    placement=Placement(row.view, row.landmark, row.dx_cun, row.dy_cun),
                    bilateral=row.bilateral,
                    used_for=tuple(uses.get(row.code, ())),
                    technique=_technique(row),
                    pregnancy=row.pregnancy,
                    cautions=_texts(row.cautions),
                    sources=tuple(row.sources.split()),
                    notes=row.notes,
                )
                for row in session.scalars(select(AcupointRow).order_by(AcupointRow.position))
            }
            targets: dict[str, list[str]] = {}
            for target in session.scalars(
                select(ExerciseTargetRow).order_by(
                    ExerciseTargetRow.exercise_id, ExerciseTargetRow.position
                )
            ):
                targets.setdefault(target.exercise_id, []).append(target.muscle_id)
            exercises = {
                row.id: Exercise(
                    id=row.id,
                    name=row.name,
                    kind=row.kind,
                    targets=tuple(targets.get(row.id, ())),
                    phases=tuple(row.phases.split()),
                    steps=_texts(row.steps),
                    dose=row.dose,
                    cautions=_texts(row.cautions),
                    sources=tuple(row.sources.split()),
                    notes=row.notes,
                )
                for row in session.scalars(select(ExerciseRow).order_by(ExerciseRow.position))
            }
            red_flags = {
                row.id: RedFlag(
                    row.id,
                    row.asked_when,
                    row.question,
                    row.urgency,
                    row.advice,
                    tuple(row.sources.split()),
                    row.notes,
                )
                for row in session.scalars(select(RedFlagRow).order_by(RedFlagRow.position))
            }
            restrictions = tuple(
                Restriction(
                    row.kind,
                    row.item_id,
                    tuple(row.when.split()),
                    row.effect,
                    row.reason,
                    tuple(row.sources.split()),
                    row.notes,
                )
                for row in session.scalars(select(RestrictionRow).order_by(RestrictionRow.position))
            )
            point_evidence = {
                row.code: PointEvidence(
                    row.code,
                    row.trial_rank,
                    row.classical_rank,
                    row.acute_only,
                    tuple(row.sources.split()),
                    row.notes,
                )
                for row in session.scalars(
                    select(PointEvidenceRow).order_by(PointEvidenceRow.position)
                )
            }
            region_channels: dict[str, tuple[str, ...]] = {}
            for channel_row in session.scalars(
                select(RegionChannelRow).order_by(
                    RegionChannelRow.region_position, RegionChannelRow.position
                )
            ):
                region_channels[channel_row.region] = (
                    *region_channels.get(channel_row.region, ()),
                    channel_row.channel,
                )
            test_readings: dict[str, list[SelfTestReading]] = {}
            for reading in session.scalars(
                select(SelfTestReadingRow).order_by(
                    SelfTestReadingRow.test_id, SelfTestReadingRow.position
                )
            ):
                test_readings.setdefault(reading.test_id, []).append(
                    SelfTestReading(
                        reading.reading,
                        reading.label,
                        reading.finding,
                        tuple(reading.muscles.split()),
                        tuple(reading.sources.split()),
                        reading.notes,
                    )
                )
            self_tests = {
                row.id: SelfTest(
                    id=row.id,
                    name=row.name,
                    measure=row.measure,
                    sided=row.sided,
                    target_s=row.target_s,
                    muscles=tuple(row.muscles.split()),
                    landmarks=tuple(row.landmarks.split()),
                    steps=_texts(row.steps),
                    how_to_read=_texts(row.how_to_read),
                    can_say=_texts(row.can_say),
                    cannot_say=_texts(row.cannot_say),
                    not_when=_texts(row.not_when),
                    readings=tuple(test_readings.get(row.id, ())),
                    sources=tuple(row.sources.split()),
                    notes=row.notes,
                )
                for row in session.scalars(select(SelfTestRow).order_by(SelfTestRow.position))
            }
    finally:
        engine.dispose()
    return KnowledgeBase(
        sources,
        muscles,
        acupoints,
        exercises,
        red_flags,
        restrictions,
        point_evidence,
        region_channels,
        self_tests,
    )


def ensure_knowledge_db(cache_dir: Path | None = None, source_dir: Path | None = None) -> Path:
    """The KB file, (re)built first if ``data/`` or the schema changed since it was written."""
    target = (cache_dir or default_cache_dir()) / KB_FILE_NAME
    meta = _stored_meta(target)
    fingerprint = data_fingerprint(source_dir or data_dir())
    if meta.get("fingerprint") != fingerprint or meta.get("schema_version") != SCHEMA_VERSION:
        build_knowledge_db(target, source_dir)
    return target


def open_knowledge(cache_dir: Path | None = None) -> KnowledgeBase:
    """What the app and CLI call: the shipped knowledge base, via its SQLite copy.

    A cache that passes the fingerprint check but cannot be read (damaged pages, a file
    tampered with) is rebuilt once from ``data/`` rather than failing the app.
    """
    path = ensure_knowledge_db(cache_dir)
    try:
        return read_knowledge_db(path)
    except (SQLAlchemyError, ValueError, TypeError):  # JSON errors are ValueErrors
        build_knowledge_db(path)
        return read_knowledge_db(path)
