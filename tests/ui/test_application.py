"""Start-up: the journal opens after the first paint; a bad journal gives a message and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.ui.application import EXIT_STORE_ERROR, STARTUP_PROBE_ENV

REPO = Path(__file__).resolve().parents[2]


def run_in_fresh_process(code: str) -> subprocess.CompletedProcess[str]:
    """Run start-up code in its own interpreter: run_gui owns the QApplication's event loop."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{STARTUP_PROBE_ENV: "1"})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_file_that_is_not_a_journal_shows_a_message_and_exits_2(tmp_path):
    not_a_journal = tmp_path / "notes.sqlite3"
    not_a_journal.write_text("my shopping list", encoding="utf-8")
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "def exec_(box):\n"  # the person reads the message and chooses Quit
        "    print('DIALOG', box.windowTitle(), '|', box.text(), flush=True)\n"
        "    next(b for b in box.buttons() if b.text() == 'Quit').click()\n"
        "    return 0\n"
        "QMessageBox.exec = exec_\n"
        f"os.environ.pop({STARTUP_PROBE_ENV!r})\n"
        "from app.ui.application import run_gui\n"
        f"sys.exit(run_gui(Path({str(not_a_journal)!r})))\n"
    )
    result = run_in_fresh_process(code)

    assert result.returncode == EXIT_STORE_ERROR, result.stderr
    dialogs = [line for line in result.stdout.splitlines() if line.startswith("DIALOG")]
    assert len(dialogs) == 1
    assert "Cannot open your journal" in dialogs[0]
    assert "not a ReliefMap journal" in dialogs[0]
    assert "Traceback" not in result.stderr
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
    result = run_in_fresh_process(code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("first-paint ")
    assert lines[1].startswith("ready ")
    assert float(lines[0].split()[1]) <= float(lines[1].split()[1])
    assert "matplotlib loaded: False" in lines
    assert "Traceback" not in result.stderr
    assert journal.is_file()
