"""Start the window: QApplication, the body map, then the side panels, then the journal.

The window is shown (and painted) with only the body map, its menus and empty side columns;
the side panels are built right after that first paint, and the journal store is imported and
opened once they are on screen (or after ``PANELS_PAINT_TIMEOUT_MS`` at the latest): SQLAlchemy
and Alembic take longer to import than Qt takes to paint, so the body map appears at once, the
panels a moment later and the history last. A journal that cannot be opened gets a clear
dialog offering to restore a backup or open another file (or quit: exit status 2), never a
traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.resources import assets_dir

EXIT_OK = 0
EXIT_STORE_ERROR = 2

#: Set to "1" to print start-up timestamps and quit once ready (tests/benchmarks/startup.py).
STARTUP_PROBE_ENV = "RELIEFMAP_STARTUP_PROBE"
#: The journal opens once the side panels have painted, or after this long if they never do
#: (a window minimised at once): opening it blocks the event loop, so the panels go first.
PANELS_PAINT_TIMEOUT_MS = 250


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


def create_application(*, icon_later: bool = False) -> QApplication:
    """The QApplication with ReliefMap's names (used by QSettings and the desktop file).

    ``icon_later``: the caller sets the icon with ``set_application_icon`` itself (start-up
    does so right after the first paint: the SVG icon engine and QIcon's enums cost ~1.5 ms).
    """
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
    if not icon_later:
        set_application_icon(app)
    return app


def set_application_icon(app: QApplication) -> None:
    """ReliefMap's icon on every window, from the SVG so it is sharp at any size."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(assets_dir() / "icons" / "reliefmap.svg")))


def run_gui(db_path: Path | None, *, gc_paused: bool = False) -> int:
    """Open the window on the journal at ``db_path`` (default: the user-data folder).

    ``gc_paused``: the caller switched the garbage collector off for start-up (``app.__main__``
    does: everything start-up allocates lives on, so collecting only costs time); it is
    switched back on once the journal is open, or could not be.
    """
    from app.ui.main_window import MainWindow

    probe = os.environ.get(STARTUP_PROBE_ENV) == "1"
    app = create_application(icon_later=True)
    window = MainWindow(defer_panels=True)
    state: dict[str, object] = {"exit": None, "journal_opened": False}

    def build_panels() -> None:
        if probe:
            print(f"first-paint {time.time():.6f}", flush=True)
        set_application_icon(app)
        window.build_panels()
        FirstPaint(window.form, open_journal)
        QTimer.singleShot(PANELS_PAINT_TIMEOUT_MS, open_journal)

    def open_journal() -> None:
        if state["journal_opened"]:
            return  # the panels painted, and then the fallback timer fired (or the reverse)
        state["journal_opened"] = True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from app.store.errors import StoreError
            from app.store.journal import JournalStore
            from app.store.paths import default_journal_path

            path: Path | None = db_path if db_path is not None else default_journal_path()
            try:
                while True:
                    try:
                        store = JournalStore.open(path)
                        break
                    except StoreError as error:
                        QApplication.restoreOverrideCursor()
                        if probe:
                            print(f"store-error {error}", flush=True)
                            path = None
                        else:  # restore a backup, or open another file, or quit
                            from app.ui.recovery import OpenRecovery

                            path = OpenRecovery(window).next_path(path, str(error))
                        if path is None:
                            state["exit"] = EXIT_STORE_ERROR
                            window.close()
                            app.exit(EXIT_STORE_ERROR)
                            return
                        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            finally:
                if gc_paused:
                    gc.enable()  # start-up is over: collect as usual from here on
            state["store"] = store
            window.attach_store(store)
            for notice in store.notices:  # e.g. an interrupted upgrade that was completed
                window.statusBar().showMessage(notice, 30_000)
            if not probe:
                window.first_run()
                state["store"] = window.store
                window.start_reminders()
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        if probe:
            print(f"ready {time.time():.6f}", flush=True)
            QTimer.singleShot(0, app.quit)

    FirstPaint(window.body_map.viewport(), build_panels)
    window.show()
    code = app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)  # let a running backup finish first
    store = state.get("store")
    if store is not None:
        store.close()  # type: ignore[attr-defined]
    return code if state["exit"] is None else int(state["exit"])  # type: ignore[call-overload]
