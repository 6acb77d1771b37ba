"""A journal that will not open: the window offers a restore or another file, not only an exit."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.domain.journal import CheckIn, PainMark
from app.store.backup import backup_now, list_backups
from app.store.journal import JournalStore
from app.ui.recovery import OpenRecovery


def damaged_journal_with_a_backup(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    store = JournalStore.open(path, region_ids=("sacrum",), muscle_ids=())
    store.add_check_in(CheckIn(datetime(2026, 11, 1), 4, (PainMark("sacrum", 4),)))
    store.close()
    backup_now(path, "manual")
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    return path


def clicking(*labels: str):  # type: ignore[no-untyped-def]
    """An exec_dialog that clicks the message box buttons named, in turn, and accepts dialogs."""
    queue = list(labels)
    seen: list[str] = []

    def run(dialog: QDialog) -> int:
        if isinstance(dialog, QMessageBox):
            seen.append(dialog.text())
            label = queue.pop(0)
            (button,) = [b for b in dialog.buttons() if b.text() == label]
            button.click()
            return 0
        return QDialog.DialogCode.Accepted

    run.seen = seen  # type: ignore[attr-defined]
    return run


def test_restore_from_the_cannot_open_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = damaged_journal_with_a_backup(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    recovery = OpenRecovery(parent)
    recovery.exec_dialog = clicking("Restore a backup…")
    assert recovery.next_path(path, "The journal is damaged.") == path
    store = JournalStore.open(path, region_ids=("sacrum",), muscle_ids=())
    assert store.count_check_ins() == 1
    store.close()
    assert any(b.reason == "before-restore" for b in list_backups(path))  # damage kept too


def test_open_another_file_or_quit(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = damaged_journal_with_a_backup(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    recovery = OpenRecovery(parent)
    other = tmp_path / "other.sqlite3"
    recovery.pick_file = lambda _path: other
    recovery.exec_dialog = clicking("Open another file…")
    assert recovery.next_path(path, "damaged") == other
    recovery.pick_file = lambda _path: None  # cancelled: asked again, then Quit
    recovery.exec_dialog = clicking("Open another file…", "Quit")
    assert recovery.next_path(path, "damaged") is None


def test_without_backups_there_is_no_restore_button(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"not a journal")
    parent = QWidget()
    qtbot.addWidget(parent)
    recovery = OpenRecovery(parent)
    labels: list[list[str]] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, QMessageBox)
        labels.append([b.text() for b in dialog.buttons()])
        next(b for b in dialog.buttons() if b.text() == "Quit").click()
        return 0

    recovery.exec_dialog = run
    assert recovery.next_path(path, "not a journal") is None
    assert "Restore a backup…" not in labels[0] and "Open another file…" in labels[0]
