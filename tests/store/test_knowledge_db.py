"""The knowledge base's SQLite copy: same content, rebuilt only when data/ changes."""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.domain.knowledge_loader import KnowledgeError, load_knowledge
from app.resources import data_dir
from app.store.knowledge_db import (
    KB_FILE_NAME,
    SCHEMA_VERSION,
    build_knowledge_db,
    ensure_knowledge_db,
    open_knowledge,
    read_knowledge_db,
)


def test_round_trip_equals_the_csv_sources(tmp_path: Path) -> None:
    assert open_knowledge(tmp_path) == load_knowledge()


def test_rebuilds_only_when_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    cache = tmp_path / "cache"
    path = ensure_knowledge_db(cache, data)
    first = path.stat().st_mtime_ns
    assert ensure_knowledge_db(cache, data).stat().st_mtime_ns == first
    red_flags = data / "red_flags.csv"
    red_flags.write_text(
        red_flags.read_text(encoding="utf-8").replace("Have you ever had cancer?", "Cancer ever?"),
        encoding="utf-8",
    )
    rebuilt = ensure_knowledge_db(cache, data)
    assert rebuilt.stat().st_mtime_ns != first
    assert read_knowledge_db(rebuilt).red_flags["cancer_history"].question == "Cancer ever?"


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "knowledge.sqlite3").write_bytes(b"garbage")
    assert open_knowledge(tmp_path) == load_knowledge()


def test_tables_answer_questions_in_sql(tmp_path: Path) -> None:
    path = ensure_knowledge_db(tmp_path)
    with closing(sqlite3.connect(path)) as db, db:
        for_sacrum = {code for (code,) in db.execute(
            "SELECT code FROM acupoint_uses WHERE region = 'sacrum'"
        )}  # fmt: skip
        refer_heel = {muscle for (muscle,) in db.execute(
            "SELECT DISTINCT muscle_id FROM referral_zones WHERE region = 'heel'"
        )}  # fmt: skip
        stretches = {exercise for (exercise,) in db.execute(
            "SELECT t.exercise_id FROM exercise_targets t JOIN exercises e ON e.id = t.exercise_id"
            " WHERE t.muscle_id = 'piriformis' AND e.kind = 'stretch'"
        )}  # fmt: skip
        urgent = db.execute("SELECT count(*) FROM red_flags WHERE urgency = 'urgent'").fetchone()
    kb = load_knowledge()
    assert for_sacrum == {c for c, p in kb.acupoints.items() if "sacrum" in p.used_for}
    assert for_sacrum and "soleus" in refer_heel and stretches
    assert urgent[0] == sum(f.urgency == "urgent" for f in kb.red_flags.values())


def test_a_cache_from_an_older_schema_is_rebuilt(tmp_path: Path) -> None:
    path = ensure_knowledge_db(tmp_path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    first = path.stat().st_mtime_ns
    assert ensure_knowledge_db(tmp_path).stat().st_mtime_ns != first
    with closing(sqlite3.connect(path)) as db, db:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert row == (SCHEMA_VERSION,)


def test_unreadable_content_behind_a_good_fingerprint_is_rebuilt(tmp_path: Path) -> None:
    path = ensure_knowledge_db(tmp_path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE muscles SET cautions = 'not json'")
    assert open_knowledge(tmp_path) == load_knowledge()


def test_bad_data_keeps_the_old_cache_and_leaves_no_temp_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    cache = tmp_path / "cache"
    path = ensure_knowledge_db(cache, data)
    before = path.read_bytes()
    referrals = data / "referrals.csv"
    referrals.write_text(
        referrals.read_text(encoding="utf-8").replace(",essential,", ",vital,", 1),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"referrals\.csv"):
        ensure_knowledge_db(cache, data)
    assert path.read_bytes() == before
    assert [p.name for p in cache.iterdir()] == [KB_FILE_NAME]


def test_build_is_fast(tmp_path: Path) -> None:
    start = time.perf_counter()
    build_knowledge_db(tmp_path / KB_FILE_NAME)
    assert time.perf_counter() - start < 1.0
