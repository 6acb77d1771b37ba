"""GUI test fixtures: offscreen Qt, a real journal file per test, dialogs that never block."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import: no display needed

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.store.journal import JournalStore
from app.ui.main_window import MainWindow


@dataclass
class Dialogs:
    """Message boxes shown during a test, and the answer ``question`` gives."""

    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Discard
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    """Record QMessageBox calls; a modal box offscreen would hang the test run instead."""
    recorded = Dialogs()

    def fake(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: object, title: str, text: str, *args: object, **kwargs: object):
            recorded.shown.append((kind, title, text))
            if kind == "question":
                return recorded.answer
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    return recorded


@pytest.fixture(autouse=True)
def safety_dialog_runs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The safety questions may open by themselves (a saddle pattern on the map): offscreen,
    a modal dialog would hang, so by default it is recorded and cancelled. Tests that answer
    it patch ``RedFlagScreenDialog.run`` themselves."""
    from app.ui.safety import RedFlagScreenDialog

    opened: list[object] = []

    def cancel(dialog: object) -> bool:
        opened.append(dialog)
        return False

    monkeypatch.setattr(RedFlagScreenDialog, "run", staticmethod(cancel))
    return opened


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def open_store(journal_path: Path) -> Iterator[Callable[[], JournalStore]]:
    """Open the test's journal file (again); every store is closed at the end."""
    stores: list[JournalStore] = []

    def _open() -> JournalStore:
        store = JournalStore.open(journal_path)
        stores.append(store)
        return store

    yield _open
    for store in stores:
        store.close()


@pytest.fixture
def open_window(qtbot, open_store) -> Callable[[], MainWindow]:
    """A shown MainWindow on the test's journal, as the app opens it."""

    def _open() -> MainWindow:
        window = MainWindow(open_store())
        qtbot.addWidget(window)
        window.resize(1440, 900)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return _open
