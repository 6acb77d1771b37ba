"""Entry point: ``reliefmap`` / ``python -m app``. No sub-command opens the window.

Opening the window is what nearly every launch does (the desktop icon passes no arguments), so
``reliefmap`` alone and ``reliefmap --db PATH`` go straight to the window: building the full
command-line parser (argparse, every sub-command, and what argparse imports) costs more than
painting the body map. Anything else, including every other spelling argparse would accept,
goes through ``app.cli`` as before. The window's start also runs without the cyclic garbage
collector until the journal is open: Qt's bindings create many thousands of objects that all
live on, and collecting them repeatedly cost ~10 ms before the first paint.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

_DB_OPTION = "--db"


def window_request(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """``(True, db)`` when ``argv`` only asks for the window (on ``db``, None: the default).

    Exactly ``[]``, ``["--db", PATH]`` and ``["--db=PATH"]`` with a PATH that argparse would
    take as the option's value; for these ``app.cli`` would run the window on the same path.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == _DB_OPTION and argv[1] and not argv[1].startswith("-"):
        return True, Path(argv[1])
    if len(argv) == 1 and argv[0].startswith(_DB_OPTION + "=") and len(argv[0]) > len("--db="):
        return True, Path(argv[0][len("--db=") :])
    return False, None


def main() -> None:
    argv = sys.argv[1:]
    try:
        wants_window, db_path = window_request(argv)
        if wants_window:
            gc.disable()  # run_gui switches it back on once the journal is open
            from app.ui.application import run_gui

            code = run_gui(db_path, gc_paused=True)
        else:
            from app.cli import run

            code = run(argv)
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main()
