"""Start-up: the journal opens after the first paint; a bad journal gives a message and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.application import EXIT_STORE_ERROR, STARTUP_PROBE_ENV, run_gui

REPO = Path(__file__).resolve().parents[2]


def _with_safety_exit(app: QApplication) -> None:
    """Never hang the test run if the window never paints."""
    QTimer.singleShot(20_000, lambda: app.exit(99))


def test_a_file_that_is_not_a_journal_shows_a_message_and_exits_2(qapp, tmp_path, dialogs):
    not_a_journal = tmp_path / "notes.sqlite3"
    not_a_journal.write_text("my shopping list", encoding="utf-8")
    _with_safety_exit(qapp)

    assert run_gui(not_a_journal) == EXIT_STORE_ERROR
    assert len(dialogs.texts("critical")) == 1
    assert "not a ReliefMap journal" in dialogs.texts("critical")[0]
    assert not_a_journal.read_text(encoding="utf-8") == "my shopping list"


def test_start_up_opens_the_journal_without_matplotlib(tmp_path):
    """The real start path in a fresh process: window painted, journal created, no matplotlib."""
    journal = tmp_path / "journal.sqlite3"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.ui.application import run_gui\n"
        f"status = run_gui(Path({str(journal)!r}))\n"
        "print('matplotlib loaded:', 'matplotlib' in sys.modules)\n"
        "sys.exit(status)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{STARTUP_PROBE_ENV: "1"})
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint ")
    assert lines[1].startswith("ready ")
    assert float(lines[0].split()[1]) <= float(lines[1].split()[1])
    assert "matplotlib loaded: False" in lines
    assert "Traceback" not in result.stderr
    assert journal.is_file()
