"""The knowledge base's SQLite copy: same content, rebuilt only when data/ changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.domain.knowledge_loader import load_knowledge
from app.resources import data_dir
from app.store.knowledge_db import ensure_knowledge_db, open_knowledge, read_knowledge_db


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
