"""The knowledge base built into a read-only SQLite file, rebuilt when ``data/`` changes.

The CSV files in ``data/`` are the human-readable truth; this file is the fast, queryable copy
the app reads. A fingerprint of the CSVs is stored in it: a different fingerprint means "rebuild",
done into a temporary file and swapped in atomically so a crash never leaves half a database.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from platformdirs import user_cache_path
from sqlalchemy import Float, Integer, String, Text, create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from app.domain.knowledge import (
    Acupoint,
    Exercise,
    KnowledgeBase,
    Muscle,
    Placement,
    RedFlag,
    ReferralZone,
    Source,
    Technique,
    TriggerPointSite,
)
from app.domain.knowledge_loader import data_fingerprint, load_knowledge
from app.resources import data_dir

KB_FILE_NAME = "knowledge.sqlite3"


class KnowledgeBaseModel(DeclarativeBase):
    """Separate metadata from the journal: the two never share a file."""


class MetaRow(KnowledgeBaseModel):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SourceRow(KnowledgeBaseModel):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    citation: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    accessed: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text)


class MuscleRow(KnowledgeBaseModel):
    __tablename__ = "muscles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    lies_in: Mapped[str] = mapped_column(Text)
    paired: Mapped[int] = mapped_column(Integer)
    perpetuating: Mapped[str] = mapped_column(Text)  # JSON list
    technique: Mapped[str] = mapped_column(Text)  # JSON object
    cautions: Mapped[str] = mapped_column(Text)
    sources: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text)


class SiteRow(KnowledgeBaseModel):
    __tablename__ = "trigger_point_sites"
    muscle_id: Mapped[str] = mapped_column(String(64), primary_key=True)
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
    __tablename__ = "referral_zones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    muscle_id: Mapped[str] = mapped_column(String(64), index=True)
    site_id: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(64), index=True)
    zone: Mapped[str] = mapped_column(String(16))
    laterality: Mapped[str] = mapped_column(String(8))


class AcupointRow(KnowledgeBaseModel):
    __tablename__ = "acupoints"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # JSON of the dataclass


class ExerciseRow(KnowledgeBaseModel):
    __tablename__ = "exercises"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)


class RedFlagRow(KnowledgeBaseModel):
    __tablename__ = "red_flags"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)


def default_cache_dir() -> Path:
    return user_cache_path("ReliefMap", appauthor=False)


def build_knowledge_db(target: Path, source_dir: Path | None = None) -> None:
    """Validate ``data/`` and write it into ``target`` atomically."""
    folder = source_dir or data_dir()
    kb = load_knowledge(folder) if source_dir else load_knowledge()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        engine = create_engine(f"sqlite:///{temp}")
        KnowledgeBaseModel.metadata.create_all(engine)
        with Session(engine) as session, session.begin():
            session.add(MetaRow(key="fingerprint", value=data_fingerprint(folder)))
            session.add_all(SourceRow(**asdict(source)) for source in kb.sources.values())
            for position, muscle in enumerate(kb.muscles.values()):
                session.add(
                    MuscleRow(
                        id=muscle.id,
                        position=position,
                        label=muscle.label,
                        lies_in=" ".join(muscle.lies_in),
                        paired=int(muscle.paired),
                        perpetuating=json.dumps(muscle.perpetuating),
                        technique=json.dumps(asdict(muscle.technique)),
                        cautions=json.dumps(muscle.cautions),
                        sources=" ".join(muscle.sources),
                        notes=muscle.notes,
                    )
                )
                for site_position, site in enumerate(muscle.sites):
                    session.add(
                        SiteRow(
                            muscle_id=muscle.id,
                            site_id=site.site_id,
                            position=site_position,
                            description=site.description,
                            view=site.placement.view,
                            landmark=site.placement.landmark,
                            dx_cun=site.placement.dx_cun,
                            dy_cun=site.placement.dy_cun,
                            sources=" ".join(site.sources),
                            notes=site.notes,
                        )
                    )
                    session.add_all(
                        ReferralRow(muscle_id=muscle.id, site_id=site.site_id, **asdict(zone))
                        for zone in site.referrals
                    )
            for table, items in (
                (AcupointRow, kb.acupoints),
                (ExerciseRow, kb.exercises),
                (RedFlagRow, kb.red_flags),
            ):
                for position, (key, item) in enumerate(items.items()):
                    row = table(position=position, data=json.dumps(asdict(item)))
                    setattr(row, "code" if table is AcupointRow else "id", key)
                    session.add(row)
        engine.dispose()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _stored_fingerprint(path: Path) -> str | None:
    if not path.exists():
        return None
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            row = session.get(MetaRow, "fingerprint")
            return None if row is None else row.value
    except SQLAlchemyError:
        return None  # damaged or foreign: it is only a cache, rebuild it
    finally:
        engine.dispose()


def read_knowledge_db(path: Path) -> KnowledgeBase:
    """Rebuild the dataclasses from the SQLite copy."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            sources = {
                row.id: Source(row.id, row.citation, row.url, row.accessed, row.notes)
                for row in session.scalars(select(SourceRow))
            }
            zones: dict[tuple[str, str], list[ReferralZone]] = {}
            for zone in session.scalars(select(ReferralRow).order_by(ReferralRow.id)):
                zones.setdefault((zone.muscle_id, zone.site_id), []).append(
                    ReferralZone(zone.region, zone.zone, zone.laterality)
                )
            sites: dict[str, list[TriggerPointSite]] = {}
            for site in session.scalars(select(SiteRow).order_by(SiteRow.position)):
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
            muscles = {}
            for row in session.scalars(select(MuscleRow).order_by(MuscleRow.position)):
                muscles[row.id] = Muscle(
                    id=row.id,
                    label=row.label,
                    lies_in=tuple(row.lies_in.split()),
                    paired=bool(row.paired),
                    perpetuating=tuple(json.loads(row.perpetuating)),
                    technique=_technique(json.loads(row.technique)),
                    cautions=tuple(json.loads(row.cautions)),
                    sites=tuple(sites.get(row.id, ())),
                    sources=tuple(row.sources.split()),
                    notes=row.notes,
                )
            acupoints = {}
            for row in session.scalars(select(AcupointRow).order_by(AcupointRow.position)):
                data = json.loads(row.data)
                data["placement"] = Placement(**data["placement"])
                data["technique"] = _technique(data["technique"])
                for key in ("used_for", "cautions", "sources"):
                    data[key] = tuple(data[key])
                acupoints[row.code] = Acupoint(**data)
            exercises = {}
            for row in session.scalars(select(ExerciseRow).order_by(ExerciseRow.position)):
                data = json.loads(row.data)
                for key in ("targets", "phases", "steps", "cautions", "sources"):
                    data[key] = tuple(data[key])
                exercises[row.id] = Exercise(**data)
            red_flags = {}
            for row in session.scalars(select(RedFlagRow).order_by(RedFlagRow.position)):
                data = json.loads(row.data)
                data["sources"] = tuple(data["sources"])
                red_flags[row.id] = RedFlag(**data)
    finally:
        engine.dispose()
    return KnowledgeBase(sources, muscles, acupoints, exercises, red_flags)


def _technique(data: dict[str, object]) -> Technique:
    return Technique(**{**data, "steps": tuple(data["steps"])})  # type: ignore[arg-type]


def ensure_knowledge_db(cache_dir: Path | None = None, source_dir: Path | None = None) -> Path:
    """The KB file, (re)built first if ``data/`` changed since it was written."""
    target = (cache_dir or default_cache_dir()) / KB_FILE_NAME
    if _stored_fingerprint(target) != data_fingerprint(source_dir or data_dir()):
        build_knowledge_db(target, source_dir)
    return target


def open_knowledge(cache_dir: Path | None = None) -> KnowledgeBase:
    """What the app and CLI call: the shipped knowledge base, via its SQLite copy."""
    return read_knowledge_db(ensure_knowledge_db(cache_dir))
