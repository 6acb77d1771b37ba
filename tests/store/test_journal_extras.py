"""Sessions, questionnaires, red-flag screens, settings, and upgrading an old journal."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark, TightMuscle
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.store.engine import make_engine
from app.store.journal import JournalStore
from app.store.migrate import head_revision, upgrade_to_head
from app.store.paths import backup_dir_for

REGIONS = ("low_back_left", "buttock_lower_left")
MUSCLES = ("piriformis",)


@pytest.fixture
def store(tmp_path: Path):
    journal = JournalStore.open(
        tmp_path / "journal.sqlite3", region_ids=REGIONS, muscle_ids=MUSCLES
    )
    yield journal
    journal.close()


def test_sessions_round_trip_in_time_order(store: JournalStore) -> None:
    late = store.add_session(
        TreatmentSession(datetime(2026, 11, 2, 9), "acupoint", "GB30", "left", 6, 4, 120, "ok")
    )
    early = store.add_session(
        TreatmentSession(datetime(2026, 11, 1, 9), "exercise", "bird_dog", "none", 5, 5)
    )
    assert store.all_sessions() == [early, late]
    assert store.all_sessions(start=datetime(2026, 11, 2)) == [late]
    store.delete_session(early.id)  # type: ignore[arg-type]
    assert store.all_sessions() == [late]


def test_questionnaires_round_trip_with_skipped_items(store: JournalStore) -> None:
    odi = store.add_questionnaire(
        QuestionnaireResponse(datetime(2026, 11, 1), "odi", (1, 2, None, 0, 3, 1, 2, 0, 1, 1))
    )
    psfs = store.add_questionnaire(
        QuestionnaireResponse(
            datetime(2026, 11, 2), "psfs", (4, 7), activities=("Tying shoes", "Gärtnern")
        )
    )
    assert store.all_questionnaires() == [odi, psfs]
    assert store.all_questionnaires("psfs") == [psfs]


def test_red_flag_screen_assessment(store: JournalStore) -> None:
    screen = store.add_red_flag_screen(
        RedFlagScreen(datetime(2026, 11, 1), frozenset({"saddle_numbness"}))
    )
    store.mark_screen_assessed(screen.id, datetime(2026, 11, 2))  # type: ignore[arg-type]
    latest = store.latest_red_flag_screen()
    assert latest is not None
    assert latest.answered_yes == {"saddle_numbness"}
    assert latest.assessed_at == datetime(2026, 11, 2)


def test_settings(store: JournalStore) -> None:
    assert store.get_setting("pregnant", "no") == "no"
    store.set_setting("pregnant", "yes")
    store.set_setting("pregnant", "no")
    assert store.get_setting("pregnant") == "no"


def test_first_schema_journal_upgrades_with_every_row_and_a_backup(tmp_path: Path) -> None:
    """A journal made by the very first release keeps every row after the upgrade."""
    path = tmp_path / "old.sqlite3"
    path.touch()
    engine = make_engine(path)
    upgrade_to_head(engine, path, target="0001")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        for n in range(50):
            connection.execute(
                "INSERT INTO check_ins (uid, taken_at, overall_pain, note, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    f"uid{n}",
                    f"2026-01-{n % 28 + 1:02d} 08:00:00.000000",
                    n % 11,
                    f"note {n}",
                    "2026-01-01 00:00:00.000000",
                    "2026-01-01 00:00:00.000000",
                ),
            )
            connection.execute(
                "INSERT INTO pain_marks (check_in_id, region_id, intensity) VALUES (?, ?, ?)",
                (n + 1, "low_back_left", n % 11),
            )
            connection.execute(
                "INSERT INTO pain_mark_qualities (mark_id, quality) VALUES (?, 'aching')", (n + 1,)
            )
            connection.execute(
                "INSERT INTO tight_muscles (check_in_id, muscle_id, side) VALUES (?, ?, 'left')",
                (n + 1, "piriformis"),
            )
    store = JournalStore.open(path, region_ids=REGIONS, muscle_ids=MUSCLES)
    check_ins = store.all_check_ins()
    store.close()
    assert len(check_ins) == 50
    assert {c.uid for c in check_ins} == {f"uid{n}" for n in range(50)}
    first = next(c for c in check_ins if c.uid == "uid7")
    assert first.overall_pain == 7
    assert first.marks == (PainMark("low_back_left", 7, frozenset({"aching"})),)
    assert first.tight_muscles == (TightMuscle("piriformis", "left"),)
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == head_revision()
    backups = list(backup_dir_for(path).glob("*before-migration*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as connection:
        assert connection.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0] == 50


def test_check_in_unaffected_by_sessions(store: JournalStore) -> None:
    saved = store.add_check_in(
        CheckIn(datetime(2026, 11, 1, 8), 4, (PainMark("low_back_left", 4),))
    )
    store.add_session(
        TreatmentSession(datetime(2026, 11, 1, 9), "trigger_point", "piriformis", "left", 4, 2)
    )
    assert store.get_check_in(saved.id) == saved  # type: ignore[arg-type]
