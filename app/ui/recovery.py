"""When the journal cannot be opened: restore one of its backups, or open another file.

The File menu's "Restore from backup" needs an open journal, so without this a damaged or
half-written journal left the person with a dialog and an exit, and recovery meant copying
files by hand. What a backup is and how a restore works stay in ``app.store.backup``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from app.ui.data_actions import RestoreDialog


class OpenRecovery(QObject):
    """Asks what to do about a journal that would not open; :meth:`next_path` answers."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        # Seams for tests: how a dialog runs, and how another file is picked.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.pick_file: Callable[[Path], Path | None] = self._pick_file

    def next_path(self, path: Path, message: str) -> Path | None:
        """The journal to try next (``path`` itself after a restore, or another file), or
        None when the person chose to quit."""
        from app.store.backup import list_backups, restore_backup
        from app.store.errors import StoreError

        while True:
            backups = list_backups(path)
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                self.tr("Cannot open your journal"),
                message,
                QMessageBox.StandardButton.NoButton,
                self.parent_widget,
            )
            restore = (
                box.addButton(self.tr("Restore a backup…"), QMessageBox.ButtonRole.AcceptRole)
                if backups
                else None
            )
            other = box.addButton(self.tr("Open another file…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(restore or other)
            self.exec_dialog(box)
            clicked = box.clickedButton()
            if restore is not None and clicked is restore:
                dialog = RestoreDialog(backups, self.parent_widget)
                accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
                chosen = dialog.chosen()
                if not accepted or chosen is None:
                    continue
                try:
                    restore_backup(path, chosen.path)
                except StoreError as error:
                    message = str(error)
                    continue
                return path
            if clicked is other:
                picked = self.pick_file(path)
                if picked is not None:
                    return picked
                continue
            return None

    def _pick_file(self, path: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            self.tr("Open or create a journal"),
            str(path.parent),
            self.tr("ReliefMap journal (*.sqlite3);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return Path(name) if name else None
