"""The store keeps its in-memory model current and counts its writes; reading it needs
neither SQLAlchemy nor Alembic, and the schema revision it checks is Alembic's head."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from app.domain.journal import CheckIn, PainMark
from app.domain.journal_model import JournalChange
from app.domain.screening import RedFlagScreen
from app.domain.sessions import TreatmentSession
from app.store.db import SCHEMA_REVISION
from app.store.errors import StoreError
from app.store.journal import JournalStore
from app.store.migrate import head_revision

REPO = Path(__file__).resolve().parents[2]


def test_the_revision_opening_checks_is_alembics_head():
    assert head_revision() == SCHEMA_REVISION


def test_every_write_updates_the_model_and_the_revision(tmp_path):
    store = JournalStore.open(tmp_path / "journal.sqlite3")
    model = store.model
    heard: list[JournalChange] = []
    model.subscribe(heard.append)

    saved = store.add_check_in(CheckIn(datetime(2026, 2, 1, 9), 5, (PainMark("sacrum", 5),)))
    store.add_session(TreatmentSession(datetime(2026, 2, 1, 10), "acupoint", "GB30", "left", 5, 3))
    screen = store.add_red_flag_screen(RedFlagScreen(datetime(2026, 2, 1, 11), frozenset()))
    store.mark_screen_assessed(screen.id, datetime(2026, 2, 2, 9))
    store.set_setting("pregnant", "yes")
    store.delete_check_in(saved.id)

    assert store.revision == 6
    assert heard == [JournalChange(check_ins=True), JournalChange(sessions=True),
                     JournalChange(screens=True), JournalChange(screens=True),
                     JournalChange(settings=True), JournalChange(check_ins=True)]  # fmt: skip
    assert model.summaries == []
    assert [s.item_id for s in model.sessions] == ["GB30"]
    assert model.latest_screen().assessed_at == datetime(2026, 2, 2, 9)
    assert store.get_setting("pregnant") == "yes"
    # What the model says is what the file says.
    again = JournalStore.open(tmp_path / "journal.sqlite3")
    assert again.model.summaries == model.summaries
    assert list(again.model.sessions) == list(model.sessions)
    assert list(again.model.screens) == list(model.screens)
    assert again.model.settings == model.settings
    again.close()
    store.close()


def test_opening_and_reading_a_journal_imports_neither_sqlalchemy_nor_alembic(tmp_path):
    journal = tmp_path / "journal.sqlite3"
    store = JournalStore.open(journal)
    store.add_check_in(CheckIn(datetime(2026, 2, 1, 9), 5, (PainMark("sacrum", 5),)))
    store.close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.store.journal import JournalStore\n"
        f"store = JournalStore.open(Path({str(journal)!r}), region_ids=(), muscle_ids=())\n"
        "model = store.model\n"
        "print(model.check_in_count, len(store.all_check_ins()))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1 1", "[]"]


def test_a_journal_opened_to_read_refuses_writes_with_a_message(tmp_path):
    journal = tmp_path / "journal.sqlite3"
    JournalStore.open(journal).close()
    store = JournalStore.open_read_only(journal)
    with pytest.raises(StoreError, match="only to read"):
        store.set_setting("x", "y")
    store.close()
