"""Self-test results in the journal, and the upgrade of a stored journal of the previous format."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.self_tests import SelfTestResult, SideValue
from app.store.errors import NotFoundError
from app.store.journal import JournalStore
from app.store.migrate import head_revision

STORED_0002 = Path(__file__).parent / "stored" / "journal_0002.sqlite3"


def test_results_round_trip_oldest_first_and_delete(tmp_path: Path) -> None:
    store = JournalStore.open(tmp_path / "j.sqlite3")
    later = store.add_self_test(
        SelfTestResult(datetime(2026, 12, 2, 8), "side_bridge",
                       (SideValue("right", seconds=70), SideValue("left", seconds=52)), "knees")
    )  # fmt: skip
    earlier = store.add_self_test(
        SelfTestResult(datetime(2026, 12, 1, 8), "repeated_movements",
                       (SideValue("none", "extension_better"),))
    )  # fmt: skip
    results = store.all_self_tests()
    assert [r.id for r in results] == [earlier.id, later.id]
    assert results[1].values == (SideValue("left", seconds=52), SideValue("right", seconds=70))
    assert results[1].note == "knees" and results[1].uid == later.uid
    assert [r.test_id for r in store.all_self_tests("side_bridge")] == ["side_bridge"]
    assert store.table_counts()["self_test_values"] == 3
    store.delete_self_test(later.id or 0)
    assert store.table_counts()["self_test_values"] == 1  # the sides go with the result
    with pytest.raises(NotFoundError):
        store.delete_self_test(later.id or 0)
    store.close()


def test_the_database_refuses_a_value_that_is_both_or_neither(tmp_path: Path) -> None:
    store = JournalStore.open(tmp_path / "j.sqlite3")
    saved = store.add_self_test(
        SelfTestResult(datetime(2026, 12, 1), "ober", (SideValue("left", "short"),))
    )
    store.close()
    with (
        sqlite3.connect(tmp_path / "j.sqlite3") as connection,
        pytest.raises(sqlite3.IntegrityError),
    ):
        connection.execute("UPDATE self_test_values SET seconds = 5 WHERE result_id = ?",
                           (saved.id,))  # fmt: skip


def test_a_stored_0002_journal_upgrades_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(STORED_0002, path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    store = JournalStore.open(path)
    [check_in] = store.all_check_ins()
    assert check_in.uid == "storedcheckin1" and check_in.note == "stored 0002 journal"
    assert [s.uid for s in store.all_sessions()] == ["storedsession1"]
    assert [q.uid for q in store.all_questionnaires()] == ["storedrmdq1"]
    assert store.get_setting("eases") == "extension"
    assert store.all_self_tests() == []
    store.add_self_test(
        SelfTestResult(datetime(2026, 12, 2), "ober", (SideValue("left", "short"),))
    )
    assert len(store.all_self_tests()) == 1
    store.close()
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == head_revision() == "0003"


def test_routine_runs_round_trip(tmp_path: Path) -> None:
    from app.domain.routine import RoutineRun, RunStep

    store = JournalStore.open(tmp_path / "j.sqlite3")
    steps = (
        RunStep("acupoint", "BL23", "both", True),
        RunStep("exercise", "bird_dog", "none", False),
    )
    saved = store.add_routine_run(RoutineRun(datetime(2026, 12, 1, 8), "acute", 6, 4, steps, 700))
    [back] = store.all_routine_runs()
    assert back == saved and back.skipped == 1
    assert store.all_routine_runs(start=datetime(2026, 12, 2)) == []
    assert store.table_counts()["routine_runs"] == 1
    store.close()
