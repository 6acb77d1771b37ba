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


def default_demo_path() -> Path:
    """The demo journal's own file, never the person's journal."""
    return default_data_dir() / "demo-journal.sqlite3"


def is_demo(store: JournalStore) -> bool:
    return store.get_setting(KIND_SETTING) == DEMO_KIND


def write_demo_journal(store: JournalStore, journal: DemoJournal) -> None:
    """Fill an empty journal with the demo content and label it as the demo, in one go."""
    if store.count_check_ins() and not is_demo(store):
        raise StoreError(
            f"{store.path} is a real journal with entries; the demo is only ever written to "
            "an empty or demo journal."
        )
    if store.count_check_ins():
        raise StoreError(f"{store.path} already holds the demo journal.")
    store.set_setting(KIND_SETTING, DEMO_KIND)
    store.import_content(
        JournalContent(
            check_ins=journal.check_ins,
            sessions=journal.sessions,
            questionnaires=journal.questionnaires,
            red_flag_screens=journal.red_flag_screens,
        )
    )
