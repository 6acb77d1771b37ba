"""The journal store on real SQLite files in a temp dir."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.domain.journal import CheckIn, PainMark, TightMuscle
from app.store.errors import NotFoundError, StoreError
from app.store.journal import JournalStore
from app.store.migrate import head_revision

REGIONS = ("low_back_left", "buttock_lower_left", "lateral_thigh_left", "sacrum")
MUSCLES = ("piriformis", "quadratus_lumborum")


def open_store(path: Path) -> JournalStore:
    return JournalStore.open(path, region_ids=REGIONS, muscle_ids=MUSCLES)


def sample_check_in(**overrides: object) -> CheckIn:
    values: dict[str, object] = {
        "taken_at": datetime(2026, 11, 20, 8, 30),
        "overall_pain": 6,
        "marks": (
            PainMark("low_back_left", 7, frozenset({"aching", "stiff"})),
            PainMark("buttock_lower_left", 5, frozenset({"burning"})),
        ),
        "tight_muscles": (TightMuscle("piriformis", "left"),),
        "note": "Woke up stiff after a long drive. Ünïcødé ✓",
    }
    values.update(overrides)
    return CheckIn(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path):
    journal = open_store(tmp_path / "journal.sqlite3")
    yield journal
    journal.close()


def test_new_journal_is_private_wal_and_at_head(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "journal.sqlite3"
    store = open_store(path)
    store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == head_revision()


def test_add_and_read_back_round_trips(store: JournalStore) -> None:
    saved = store.add_check_in(sample_check_in())
    assert saved.id is not None
    loaded = store.get_check_in(saved.id)
    assert loaded == saved


def test_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    first = open_store(path)
    saved = first.add_check_in(sample_check_in())
    first.close()
    second = open_store(path)
    assert second.get_check_in(saved.id) == saved  # type: ignore[arg-type]
    second.close()


def test_update_replaces_marks_and_muscles(store: JournalStore) -> None:
    saved = store.add_check_in(sample_check_in())
    changed = sample_check_in(
        id=saved.id,
        uid=saved.uid,
        overall_pain=3,
        marks=(PainMark("sacrum", 2, frozenset()),),
        tight_muscles=(),
        note="better",
    )
    store.update_check_in(changed)
    assert store.get_check_in(saved.id) == changed  # type: ignore[arg-type]


def test_delete_cascades(store: JournalStore) -> None:
    saved = store.add_check_in(sample_check_in())
    store.delete_check_in(saved.id)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        store.get_check_in(saved.id)  # type: ignore[arg-type]
    with sqlite3.connect(store.path) as connection:
        for table in ("pain_marks", "pain_mark_qualities", "tight_muscles"):
            assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_list_is_newest_first_with_mark_counts(store: JournalStore) -> None:
    store.add_check_in(sample_check_in(taken_at=datetime(2026, 11, 1, 9)))
    store.add_check_in(sample_check_in(taken_at=datetime(2026, 11, 1, 21), marks=()))
    store.add_check_in(sample_check_in(taken_at=datetime(2026, 10, 31, 9)))
    summaries = store.list_check_ins()
    assert [s.taken_at for s in summaries] == [
        datetime(2026, 11, 1, 21),
        datetime(2026, 11, 1, 9),
        datetime(2026, 10, 31, 9),
    ]
    assert [s.mark_count for s in summaries] == [0, 2, 2]
    assert len(store.list_check_ins(limit=1)) == 1
    assert store.count_check_ins() == 3


def test_unknown_region_is_refused_and_nothing_written(store: JournalStore) -> None:
    bad = sample_check_in(marks=(PainMark("low_bak_left", 5),))
    with pytest.raises(ValidationError, match="low_back_left"):
        store.add_check_in(bad)
    assert store.count_check_ins() == 0


def test_unknown_muscle_is_refused(store: JournalStore) -> None:
    with pytest.raises(ValidationError, match="Unknown muscle"):
        store.add_check_in(sample_check_in(tight_muscles=(TightMuscle("psoas_major", "left"),)))
    assert store.count_check_ins() == 0


def test_database_constraints_back_up_the_domain(store: JournalStore) -> None:
    """Even a write that bypasses the domain cannot store an out-of-range intensity."""
    saved = store.add_check_in(sample_check_in())
    with sqlite3.connect(store.path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            "UPDATE pain_marks SET intensity = 11 WHERE check_in_id = ?", (saved.id,)
        )


def test_not_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is my shopping list, not a journal\n")
    with pytest.raises(StoreError, match="not a ReliefMap journal"):
        open_store(path)
    assert path.read_bytes() == b"this is my shopping list, not a journal\n"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version"):
        open_store(path)


def test_folder_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_store(tmp_path)
