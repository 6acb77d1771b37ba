"""The one knowledge path: the SQLite copy of data/, rebuilt only when data/ changes, read once
per process with plain sqlite3, and still there when the cache folder cannot be written."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from app.domain.knowledge import KnowledgeBase
from app.domain.knowledge_loader import KnowledgeError, parse_knowledge
from app.resources import data_dir
from app.store import knowledge_db
from app.store.knowledge_db import (
    KB_FILE_NAME,
    SCHEMA_VERSION,
    build_knowledge_db,
    data_fingerprint,
    ensure_knowledge_db,
    open_knowledge,
    read_knowledge_db,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def from_csv() -> KnowledgeBase:
    return parse_knowledge(data_dir())


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often this test's code hashed, stamped, parsed and read: each wrapped to count."""
    counted: Counter[str] = Counter()

    def counting(name: str) -> None:
        original: Callable[..., object] = getattr(knowledge_db, name)

        def wrapper(*args: object) -> object:
            counted[name] += 1
            return original(*args)

        monkeypatch.setattr(knowledge_db, name, wrapper)

    for name in ("data_stamp", "data_fingerprint", "parse_knowledge", "read_knowledge_db"):
        counting(name)
    return counted


def test_round_trip_equals_the_csv_sources(tmp_path: Path, from_csv: KnowledgeBase) -> None:
    assert open_knowledge(tmp_path) == from_csv


def test_opened_once_per_process(tmp_path: Path, calls: Counter[str]) -> None:
    first = open_knowledge(tmp_path)
    built_and_read = {"data_stamp": 1, "data_fingerprint": 1, "parse_knowledge": 1,
                      "read_knowledge_db": 1}  # fmt: skip
    assert calls == built_and_read
    calls.clear()
    assert open_knowledge(tmp_path) is first
    assert not calls  # no stat, no hash, no read: the same object again


def test_an_up_to_date_cache_is_read_without_hashing(tmp_path: Path, calls: Counter[str]) -> None:
    ensure_knowledge_db(tmp_path)
    calls.clear()
    open_knowledge(tmp_path)
    assert calls == {"data_stamp": 1, "read_knowledge_db": 1}


def test_new_file_times_on_the_same_bytes_cost_one_hash_not_a_rebuild(
    tmp_path: Path, calls: Counter[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    path = ensure_knowledge_db(tmp_path, data)
    built = path.read_bytes()
    later = time.time_ns() + 10**9
    os.utime(data / "muscles.csv", ns=(later, later))  # a reinstall or a fresh checkout
    calls.clear()
    assert read_knowledge_db(ensure_knowledge_db(tmp_path, data)) == read_knowledge_db(path)
    assert calls["data_fingerprint"] == 1 and calls["parse_knowledge"] == 0
    assert path.read_bytes() != built  # the new stamp is kept...
    calls.clear()
    ensure_knowledge_db(tmp_path, data)
    assert calls == {"data_stamp": 1}  # ...so the next start only stats


def test_the_read_path_imports_no_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from app.store.knowledge_db import open_knowledge;"
        f"kb = open_knowledge(Path({str(tmp_path)!r})); assert kb.muscles;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    for _ in ("build", "read"):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=REPO, timeout=60, check=True)  # fmt: skip
        assert result.stdout.strip() == "[]"
    assert (tmp_path / KB_FILE_NAME).exists()


def test_an_unwritable_cache_builds_in_memory(
    tmp_path: Path, from_csv: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING, logger=knowledge_db.__name__):
        kb = open_knowledge(blocker / "cache")
    assert kb == from_csv
    assert "building it in memory" in caplog.text
    assert blocker.read_text() == "a file where the cache folder should be"


def test_reading_never_writes_the_cache(tmp_path: Path) -> None:
    """Read-only: so a cache on a read-only medium reads, and readers leave no journal files."""
    path = ensure_knowledge_db(tmp_path)
    before = path.read_bytes()
    with (
        closing(knowledge_db._connect_read_only(path)) as db,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        db.execute("DELETE FROM meta")
    assert open_knowledge(tmp_path).muscles
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [KB_FILE_NAME]


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    before = data_fingerprint(data)
    assert before == data_fingerprint(data)
    assert before == data_fingerprint(data_dir())  # same bytes, same fingerprint
    red_flags = data / "red_flags.csv"
    red_flags.write_text(
        red_flags.read_text(encoding="utf-8").replace(
            "Have you ever had cancer?", "Have you had cancer?"
        ),
        encoding="utf-8",
    )
    changed = data_fingerprint(data)
    assert changed != before
    (data / "sources.csv").rename(data / "sources.bak")
    assert data_fingerprint(data) not in (before, changed)


def test_rebuilds_only_when_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    cache = tmp_path / "cache"
    path = ensure_knowledge_db(cache, data)
    first = path.stat().st_mtime_ns
    assert ensure_knowledge_db(cache, data).stat().st_mtime_ns == first
    red_flags = data / "red_flags.csv"
    size = red_flags.stat().st_size
    red_flags.write_text(  # the same number of bytes: the stamp must still see the edit
        red_flags.read_text(encoding="utf-8").replace(
            "Have you ever had cancer?", "Have you ever had CANCER?"
        ),
        encoding="utf-8",
    )
    assert red_flags.stat().st_size == size
    rebuilt = ensure_knowledge_db(cache, data)
    assert rebuilt.stat().st_mtime_ns != first
    assert (
        read_knowledge_db(rebuilt).red_flags["cancer_history"].question
        == "Have you ever had CANCER?"
    )


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, from_csv: KnowledgeBase) -> None:
    (tmp_path / "knowledge.sqlite3").write_bytes(b"garbage")
    assert open_knowledge(tmp_path) == from_csv


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
    kb = open_knowledge(tmp_path)
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


def test_unreadable_content_behind_a_good_fingerprint_is_rebuilt(
    tmp_path: Path, from_csv: KnowledgeBase
) -> None:
    path = ensure_knowledge_db(tmp_path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE muscles SET cautions = 'not json'")
    assert open_knowledge(tmp_path) == from_csv


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
