"""Writing the demo journal into real SQLite files: labelled, complete, never mixed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.demo import generate_demo_journal
from app.domain.questionnaires import QuestionnaireResponse
from app.domain.sessions import TreatmentSession
from app.store.demo import (
    DEMO_KIND,
    KIND_SETTING,
    default_demo_path,
    entry_count,
    is_demo,
    write_demo_journal,
)
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.paths import default_journal_path

END = date(2026, 11, 24)


@pytest.fixture(scope="module")
def journal():  # type: ignore[no-untyped-def]
    return generate_demo_journal(end=END)


def test_writes_everything_and_labels_it(tmp_path: Path, journal) -> None:  # type: ignore[no-untyped-def]
    store = JournalStore.open(tmp_path / "demo.sqlite3")
    try:
        assert not is_demo(store) and entry_count(store) == 0
        write_demo_journal(store, journal)
        assert is_demo(store) and store.get_setting(KIND_SETTING) == DEMO_KIND
        assert store.count_check_ins() == len(journal.check_ins)
        assert len(store.all_sessions()) == len(journal.sessions)
        assert len(store.all_questionnaires()) == len(journal.questionnaires)
        assert len(store.all_red_flag_screens()) == 1
        assert (
            store.all_check_ins()[0].marks == min(journal.check_ins, key=lambda c: c.taken_at).marks
        )
        assert [t.uid for t in store.all_self_tests()] == [t.uid for t in journal.self_tests]
        assert [r.uid for r in store.all_routine_runs()] == [r.uid for r in journal.routine_runs]
        assert journal.self_tests and journal.routine_runs
        assert entry_count(store) == (
            len(journal.check_ins)
            + len(journal.sessions)
            + len(journal.questionnaires)
            + 1
            + len(journal.self_tests)
            + len(journal.routine_runs)
        )
    finally:
        store.close()


def test_refuses_a_journal_with_entries_of_its_own(tmp_path: Path, journal) -> None:  # type: ignore[no-untyped-def]
    store = JournalStore.open(tmp_path / "mine.sqlite3")
    try:
        # No check-ins yet, but a session: still the person's own data.
        store.add_session(TreatmentSession(datetime(2026, 1, 1), "acupoint", "GB30", "left", 5, 3))
        with pytest.raises(StoreError, match="entries of its own"):
            write_demo_journal(store, journal)
        assert not is_demo(store) and entry_count(store) == 1
    finally:
        store.close()


def test_refuses_a_questionnaire_only_journal(tmp_path: Path, journal) -> None:  # type: ignore[no-untyped-def]
    store = JournalStore.open(tmp_path / "mine.sqlite3")
    try:
        store.add_questionnaire(QuestionnaireResponse(datetime(2026, 1, 1), "rmdq", (0,) * 24))
        with pytest.raises(StoreError):
            write_demo_journal(store, journal)
        assert store.get_setting(KIND_SETTING) is None
    finally:
        store.close()


def test_writing_the_demo_twice_is_refused(tmp_path: Path, journal) -> None:  # type: ignore[no-untyped-def]
    store = JournalStore.open(tmp_path / "demo.sqlite3")
    try:
        write_demo_journal(store, journal)
        with pytest.raises(StoreError, match="already holds the demo"):
            write_demo_journal(store, journal)
        assert store.count_check_ins() == len(journal.check_ins)
    finally:
        store.close()


def test_the_demo_has_its_own_file() -> None:
    assert default_demo_path() != default_journal_path()
    assert default_demo_path().parent == default_journal_path().parent
