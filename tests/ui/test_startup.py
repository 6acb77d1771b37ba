"""The real start (``run_gui``, as ``reliefmap`` runs it) in a fresh process: the window is
painted, then the journal opens into it with its history shown, and an up-to-date journal is
opened without Alembic (it is imported only for an upgrade)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from app.domain.journal import CheckIn, PainMark
from app.store.journal import JournalStore

REPO = Path(__file__).resolve().parents[2]

PROBE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from PySide6.QtWidgets import QApplication\n"
    "import app.ui.application as application\n"
    "seen = {}\n"
    "attach = application.MainWindow.__init__\n"
    "def keep(window, *args, **kwargs):\n"
    "    attach(window, *args, **kwargs)\n"
    "    seen['window'] = window\n"
    "application.MainWindow.__init__ = keep\n"
    "status = application.run_gui(Path(sys.argv[1]))\n"
    "window = seen['window']\n"
    "print('history', window.history.view.model().rowCount())\n"
    "print('icon', not QApplication.instance().windowIcon().pixmap(64, 64).isNull())\n"
    "print('alembic', 'alembic' in sys.modules)\n"
    "sys.exit(status)\n"
)


def run_probe(journal: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(journal)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", RELIEFMAP_STARTUP_PROBE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_window_paints_then_opens_the_journal_with_its_history(tmp_path):
    journal = tmp_path / "journal.sqlite3"
    store = JournalStore.open(journal)
    for day in (1, 2, 3):
        store.add_check_in(CheckIn(datetime(2026, 3, day, 9), 4, (PainMark("sacrum", 4),)))
    store.close()

    lines = run_probe(journal)

    assert lines[0].startswith("first-paint ") and lines[1].startswith("ready ")
    assert float(lines[0].split()[1]) <= float(lines[1].split()[1])
    assert "history 3" in lines
    assert "icon True" in lines
    assert "alembic False" in lines  # up to date: no schema machinery loaded


def test_a_new_journal_is_created_on_the_way(tmp_path):
    journal = tmp_path / "new" / "journal.sqlite3"

    lines = run_probe(journal)

    assert "history 0" in lines
    assert journal.is_file()
    assert JournalStore.open(journal).count_check_ins() == 0
