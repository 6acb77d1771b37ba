"""Child process for the GUI crash test: the real window saving check-ins in a loop.

Prints "ready", then "saved UID" after each save returned (committed). Killed with SIGKILL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication

from app.store.journal import JournalStore
from app.ui.main_window import MainWindow


def main() -> None:
    app = QApplication(sys.argv[:1])
    store = JournalStore.open(Path(sys.argv[1]))
    store.prepare_writes()  # as run_gui's preload does once the window is up
    window = MainWindow(store)
    window.show()
    app.processEvents()
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        window.editor.new_check_in()
        window.editor.activate_region("low_back_left")
        window.editor.activate_region("buttock_lower_left")
        window.form.pain_spin.setValue(n % 11)
        if window.editor.save():
            stored = window.draft.stored
            assert stored is not None
            print(f"saved {stored.uid}", flush=True)
        app.processEvents()


if __name__ == "__main__":
    main()
