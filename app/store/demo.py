"""Writing the synthetic demo journal, kept apart from a person's own journal."""

from __future__ import annotations

from pathlib import Path

from app.domain.demo import DemoJournal
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.paths import default_data_dir
from app.store.transfer import JournalContent

KIND_SETTING = "journal_kind"
DEMO_KIND = "demo"
#: Tables that hold what a person recorded (settings alone do not make a journal "used").
ENTRY_TABLES = ("check_ins", "treatment_sessions", "questionnaire_responses", "red_flag_screens",
                 "self_test_results", "routine_runs")  # fmt: skip


def default_demo_path() -> Path:
    """The demo journal's own file, never the person's journal."""
    return default_data_dir() / "demo-journal.sqlite3"


def is_demo(store: JournalStore) -> bool:
    return store.get_setting(KIND_SETTING) == DEMO_KIND


def entry_count(store: JournalStore) -> int:
    """Everything recorded in the journal: check-ins, sessions, questionnaires, screens.

    Counting check-ins alone would let the demo slip into a journal that so far holds only
    sessions or questionnaires.
    """
    counts = store.table_counts()
    return sum(counts.get(table, 0) for table in ENTRY_TABLES)


def write_demo_journal(store: JournalStore, journal: DemoJournal) -> None:
    """Fill an empty journal with the demo content and label it as the demo.

    Refuses any journal that already holds entries, so demo and real data never mix. The label
    is written first: if the import then failed, what is left is an empty journal marked as the
    demo (harmless), never demo entries in an unlabelled journal.
    """
    if entry_count(store):
        if not is_demo(store):
            raise StoreError(
                f"{store.path} is a journal with entries of its own; the demo is only ever "
                "written to an empty or demo journal."
            )
        raise StoreError(f"{store.path} already holds the demo journal.")
    store.set_setting(KIND_SETTING, DEMO_KIND)
    store.import_content(
        JournalContent(
            check_ins=journal.check_ins,
            sessions=journal.sessions,
            questionnaires=journal.questionnaires,
            red_flag_screens=journal.red_flag_screens,
            self_tests=journal.self_tests,
            routine_runs=journal.routine_runs,
        )
    )
