"""Start the window: QApplication, the main window shown, then the journal opened into it.

The window is painted before the journal is read, so the body map is there at once; the
journal opens right after that first paint. A journal that cannot be opened gets a clear
dialog offering to restore a backup or open another file (or quit: exit status 2), never a
traceback.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from app.resources import assets_dir
from app.store.errors import StoreError
from app.store.journal import JournalStore, preload_writes
from app.store.paths import default_journal_path
from app.ui.main_window import MainWindow
from app.ui.recovery import OpenRecovery

EXIT_OK = 0
EXIT_STORE_ERROR = 2

#: Set to "1" to print start-up timestamps and quit once ready (tests/benchmarks/startup.py).
STARTUP_PROBE_ENV = "RELIEFMAP_STARTUP_PROBE"


class FirstPaint(QObject):
    """Calls ``callback`` once, right after ``widget`` is painted for the first time."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and self._callback:
            callback, self._callback = self._callback, None
            self._widget.removeEventFilter(self)
            # After this paint has finished and been flushed to the screen.
            QTimer.singleShot(0, callback)
        return False


def create_application() -> QApplication:
    """The QApplication with ReliefMap's names (used by QSettings and the desktop file)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ReliefMap")
    app.setApplicationDisplayName("ReliefMap")
    app.setOrganizationName("ReliefMap")
    app.setDesktopFileName("reliefmap")
    set_application_icon(app)
    return app


def set_application_icon(app: QApplication) -> None:
    """ReliefMap's icon on every window, from the SVG so it is sharp at any size."""
    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / "reliefmap.svg")))


def run_gui(db_path: Path | None) -> int:
    """Open the window on the journal at ``db_path`` (default: the user-data folder).

    The window is shown first, then the journal is opened right after its first paint (a big
    journal takes a moment to read; the body map is there meanwhile). Once the journal is on
    screen, the write side (SQLAlchemy) loads on a background thread, so the first save does
    not wait for it and the start does not either.
    """
    probe = os.environ.get(STARTUP_PROBE_ENV) == "1"
    app = create_application()
    window = MainWindow()
    state: dict[str, object] = {"exit": None}

    def open_journal() -> None:
        if probe:
            print(f"first-paint {time.time():.6f}", flush=True)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path: Path | None = db_path if db_path is not None else default_journal_path()
            while True:
                try:
                    store = JournalStore.open(path)  # type: ignore[arg-type]
                    break
                except StoreError as error:
                    QApplication.restoreOverrideCursor()
                    if probe:
                        print(f"store-error {error}", flush=True)
                        path = None
                    else:  # restore a backup, or open another file, or quit
                        path = OpenRecovery(window).next_path(path, str(error))
                    if path is None:
                        state["exit"] = EXIT_STORE_ERROR
                        window.close()
                        app.exit(EXIT_STORE_ERROR)
                        return
                    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            window.journal.attach_store(store)
            window.history.view.viewport().repaint()  # the history is on screen: usable
            if probe:
                print(f"ready {time.time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
            else:
                window.journal.first_run()
                window.journal.start_reminders()
            threading.Thread(target=preload_writes, name="preload-writes", daemon=True).start()
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()

    FirstPaint(window.body_map.viewport(), open_journal)
    window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(30_000)  # let a running backup finish first
    if window.store is not None:
        window.store.close()
    return code if state["exit"] is None else int(state["exit"])  # type: ignore[call-overload]
