"""The File menu's data-safety actions: export, import, restore a backup, delete everything.

A thin controller: every rule (what a backup is, how import validates, what gets deleted)
lives in ``app.store``; this module asks the person, runs the store call and reports. The
automatic backup runs on a worker thread so it never blocks the window.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.store.backup import BackupInfo, BackupPolicy
    from app.store.journal import JournalStore

DELETE_CONFIRMATION = "DELETE"


class _BackupSignals(QObject):
    finished = Signal(str)  # the new backup's path, or "" when none was needed
    failed = Signal(str)


class _BackupJob(QRunnable):
    """The daily automatic backup, off the GUI thread (SQLite's backup API is thread-safe)."""

    def __init__(self, journal_path: Path, policy: BackupPolicy) -> None:
        super().__init__()
        self.journal_path = journal_path
        self.policy = policy
        self.signals = _BackupSignals()

    def run(self) -> None:
        from app.store.backup import maybe_backup

        try:
            made = maybe_backup(self.journal_path, self.policy)
        except Exception as error:  # a failed backup must never take the app down
            self._emit(self.signals.failed, str(error))
            return
        self._emit(self.signals.finished, str(made or ""))

    @staticmethod
    def _emit(signal: object, value: str) -> None:
        # The window may have closed while the backup ran: then nobody is listening.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)  # type: ignore[attr-defined]


class RestoreDialog(QDialog):
    """Lists the journal's backups (date, reason, check-ins) and returns the chosen one."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.backups = backups
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Choose a backup to go back to. Your current journal is kept as another "
                "backup first, so nothing is lost."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Backups"))
        reasons = {
            "daily": self.tr("daily backup"),
            "before-restore": self.tr("before a restore"),
            "manual": self.tr("manual backup"),
        }
        for info in backups:
            count = (
                self.tr("{n} check-ins").format(n=info.check_in_count)
                if info.check_in_count is not None
                else self.tr("unreadable")
            )
            reason = reasons.get(info.reason, info.reason.replace("-", " "))
            item = QListWidgetItem(f"{info.taken_at:%a %d %b %Y, %H:%M}  ·  {reason}  ·  {count}")
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


class DeleteAllDialog(QDialog):
    """Deleting a health journal is final: the person types DELETE to confirm."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete all my data"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "This permanently deletes your journal and all its backups from this "
                "computer. It cannot be undone.\n\nType {word} to confirm."
            ).format(word=DELETE_CONFIRMATION)
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.field = QLineEdit()
        self.field.setAccessibleName(self.tr("Type DELETE to confirm"))
        layout.addWidget(self.field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Delete everything"))
        self.ok.setEnabled(False)
        self.field.textChanged.connect(
            lambda text: self.ok.setEnabled(text.strip() == DELETE_CONFIRMATION)
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class DataActions(QObject):
    """Owns the File menu's data actions for one window.

    ``get_store`` returns the open journal (or None); ``replace_store`` is called with a newly
    opened store after a restore, or with None after everything was deleted.
    """

    backup_done = Signal(str)

    #: Hooks for tests: how dialogs are run (a modal dialog offscreen would block).
    exec_dialog: Callable[[QDialog], int] = staticmethod(lambda dialog: dialog.exec())  # type: ignore[assignment]
    ask_save_path: Callable[..., tuple[str, str]] = staticmethod(QFileDialog.getSaveFileName)  # type: ignore[assignment]
    ask_open_path: Callable[..., tuple[str, str]] = staticmethod(QFileDialog.getOpenFileName)  # type: ignore[assignment]
    ask_folder: Callable[..., str] = staticmethod(QFileDialog.getExistingDirectory)  # type: ignore[assignment]

    def __init__(
        self,
        window: QWidget,
        get_store: Callable[[], JournalStore | None],
        replace_store: Callable[[JournalStore | None], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self._get_store = get_store
        self._replace_store = replace_store
        self._jobs: list[_BackupJob] = []
        self.report_action = QAction(self.tr("Export &report for a clinician (PDF)…"), self)
        self.report_action.triggered.connect(self.export_report)
        self.export_json_action = QAction(self.tr("Export journal as &JSON…"), self)
        self.export_json_action.triggered.connect(self.export_json)
        self.export_csv_action = QAction(self.tr("Export for &spreadsheets (CSV)…"), self)
        self.export_csv_action.triggered.connect(self.export_csv)
        self.import_action = QAction(self.tr("&Import journal…"), self)
        self.import_action.triggered.connect(self.import_json)
        self.restore_action = QAction(self.tr("&Restore from backup…"), self)
        self.restore_action.triggered.connect(self.restore)
        self.delete_action = QAction(self.tr("&Delete all my data…"), self)
        self.delete_action.triggered.connect(self.delete_all)

    def actions(self) -> list[QAction]:
        return [
            self.report_action,
            self.export_json_action,
            self.export_csv_action,
            self.import_action,
            self.restore_action,
            self.delete_action,
        ]

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions():
            action.setEnabled(enabled)

    # --- automatic backup ----------------------------------------------------------------

    def schedule_backup(self) -> None:
        """Take the daily backup if due, on the global thread pool."""
        store = self._get_store()
        if store is None:
            return
        from app.store.backup import policy_from_settings

        job = _BackupJob(store.path, policy_from_settings(store.get_setting))
        job.setAutoDelete(False)
        job.signals.finished.connect(self.backup_done)
        job.signals.finished.connect(lambda _path, job=job: self._forget(job))
        job.signals.failed.connect(lambda _message, job=job: self._forget(job))
        self._jobs.append(job)
        QThreadPool.globalInstance().start(job)

    def _forget(self, job: _BackupJob) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    def wait_for_backups(self, timeout_ms: int = 10_000) -> bool:
        return QThreadPool.globalInstance().waitForDone(timeout_ms)

    # --- export / import -----------------------------------------------------------------

    def export_report(self) -> None:
        """The report dialog on the open journal (it saves the PDF itself)."""
        from app.store.knowledge_db import open_knowledge
        from app.ui.report_dialog import ReportDialog

        store = self._get_store()
        if store is None:
            return
        self.report_dialog = ReportDialog(store, open_knowledge(), self.window)
        self.exec_dialog(self.report_dialog)

    def export_json(self) -> None:
        from app.store.transfer import export_json

        store = self._get_store()
        if store is None:
            return
        path, _filter = self.ask_save_path(
            self.window, self.tr("Export journal"), "reliefmap-journal.json", "JSON (*.json)"
        )
        if not path:
            return
        self._run(lambda: export_json(store, Path(path)), self.tr("Exported to {p}").format(p=path))

    def export_csv(self) -> None:
        from app.store.transfer import export_csv

        store = self._get_store()
        if store is None:
            return
        folder = self.ask_folder(self.window, self.tr("Choose a folder for the CSV files"))
        if not folder:
            return
        self._run(
            lambda: export_csv(store, Path(folder) / "reliefmap-csv"),
            self.tr("Exported CSV files to {p}").format(p=Path(folder) / "reliefmap-csv"),
        )

    def import_json(self) -> None:
        from app.store.transfer import import_json

        store = self._get_store()
        if store is None:
            return
        path, _filter = self.ask_open_path(
            self.window, self.tr("Import journal"), "", "JSON (*.json)"
        )
        if not path:
            return
        result = self._run(lambda: import_json(store, Path(path)), None)
        if result is None:
            return
        added = sum(result.added.values())
        skipped = sum(result.skipped.values())
        QMessageBox.information(
            self.window,
            self.tr("Import finished"),
            self.tr("Imported {added} entries; {skipped} were already in your journal.").format(
                added=added, skipped=skipped
            ),
        )
        self._replace_store(store)

    def _run(self, work: Callable[[], object], success: str | None) -> object:
        from app.store.errors import StoreError

        try:
            result = work()
        except (StoreError, OSError) as error:
            QMessageBox.warning(self.window, self.tr("Nothing was changed"), str(error))
            return None
        if success:
            QMessageBox.information(self.window, self.tr("Done"), success)
        return result

    # --- restore / delete ----------------------------------------------------------------

    def restore(self) -> None:
        from app.store.backup import list_backups, restore_backup
        from app.store.errors import StoreError
        from app.store.journal import JournalStore

        store = self._get_store()
        if store is None:
            return
        backups = list_backups(store.path)
        if not backups:
            QMessageBox.information(
                self.window,
                self.tr("No backups yet"),
                self.tr("ReliefMap makes a backup each day you use it; none exists yet."),
            )
            return
        dialog = RestoreDialog(backups, self.window)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        chosen = dialog.chosen()
        assert chosen is not None
        answer = QMessageBox.question(
            self.window,
            self.tr("Restore this backup?"),
            self.tr(
                "Go back to the backup of {when}? Your current journal is saved as a backup first."
            ).format(when=f"{chosen.taken_at:%d %b %Y, %H:%M}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.wait_for_backups()
        path = store.path
        store.close()
        try:
            restore_backup(path, chosen.path)
        except StoreError as error:
            QMessageBox.warning(self.window, self.tr("Nothing was changed"), str(error))
        self._replace_store(JournalStore.open(path))

    def delete_all(self) -> None:
        from app.store.backup import delete_all_data

        store = self._get_store()
        if store is None:
            return
        dialog = DeleteAllDialog(self.window)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        if dialog.field.text().strip() != DELETE_CONFIRMATION:
            return
        self.wait_for_backups()
        path = store.path
        store.close()
        delete_all_data(path)
        self._replace_store(None)
        QMessageBox.information(
            self.window,
            self.tr("Your data was deleted"),
            self.tr("The journal and its backups were removed from this computer."),
        )
