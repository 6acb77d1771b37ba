"""``reliefmap --self-test``: prove an installed or bundled ReliefMap works, end to end, headless.

A packaged app can import fine and still be broken (a missing Qt plugin, data file, migration
script or matplotlib backend only shows when used), so this runs the real pieces once: the main
window offscreen on a throw-away journal, a mark, the suggestion engine on the bundled knowledge
base, and a Progress chart written to PNG. One line per step; exit status 0 when all pass, 1 at
the first failure. Every file it writes is in a temporary folder: it never opens the user's
journal, and on Linux/BSD the XDG folders point there too, so caches and settings stay out of
the user's home.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.store.journal import JournalStore
    from app.ui.main_window import MainWindow

EXIT_OK = 0
EXIT_FAILED = 1

#: The region the self-test marks, and muscles whose referral is known to explain it.
TEST_REGION = "buttock_lower_left"
EXPECTED_MUSCLES = frozenset({"gluteus_maximus", "piriformis"})
TEST_INTENSITY = 6

_XDG_VARS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@dataclass
class SelfTestContext:
    """What the steps share: the temporary folder and the objects built so far."""

    root: Path
    app: QApplication | None = None
    store: JournalStore | None = None
    window: MainWindow | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


Step = tuple[str, Callable[[SelfTestContext], str]]


@contextmanager
def _isolated_environment(root: Path) -> Iterator[None]:
    """Point the XDG folders (and matplotlib's) into ``root``; restore them afterwards."""
    names = (*_XDG_VARS, "MPLCONFIGDIR")
    saved = {name: os.environ.get(name) for name in names}
    for name in _XDG_VARS:
        folder = root / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    os.environ["MPLCONFIGDIR"] = str(root / "matplotlib")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _process_events(milliseconds: int) -> None:
    """Let Qt deliver paints and timers for a moment (the window has no event loop here)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = QDeadlineTimer(milliseconds)
    while not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _dismiss_dialogs(ctx: SelfTestContext) -> None:
    """Close any modal dialog at once and note its text: offscreen nobody could answer it."""
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QDialog):
        text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        ctx.dialogs.append(text or type(dialog).__name__)
        dialog.reject()


def step_window(ctx: SelfTestContext) -> str:
    """The real main window, on a new journal in the temporary folder."""
    from PySide6.QtCore import QTimer

    from app.store.journal import JournalStore
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow

    ctx.app = create_application()
    watchdog = QTimer(ctx.app)
    watchdog.setInterval(100)
    watchdog.timeout.connect(lambda: _dismiss_dialogs(ctx))
    watchdog.start()
    ctx.closers.append(watchdog.stop)
    ctx.store = JournalStore.open(ctx.root / "journal.sqlite3")
    ctx.closers.append(ctx.store.close)
    window = MainWindow(ctx.store)
    ctx.window = window
    ctx.closers.append(window.deleteLater)
    ctx.closers.append(window.hide)  # not close(): an unsaved draft would ask a question
    window.show()
    _process_events(200)
    if not window.isVisible():
        raise RuntimeError("the main window did not show")
    shot = window.grab()
    if shot.isNull() or shot.width() < 100:
        raise RuntimeError("the main window painted nothing")
    if ctx.app.windowIcon().pixmap(64, 64).isNull():
        raise RuntimeError("the application icon did not load (assets/icons missing?)")
    return f"{shot.width()}x{shot.height()} on {ctx.app.platformName()}"


def step_mark(ctx: SelfTestContext) -> str:
    """Mark a region as a click would, and save the check-in into the temporary journal."""
    window, store = ctx.window, ctx.store
    assert window is not None and store is not None
    window.editor.activate_region(TEST_REGION)
    window.draft.set_intensity(TEST_REGION, TEST_INTENSITY)
    mark = window.draft.mark(TEST_REGION)
    if mark is None:
        raise RuntimeError(f"{TEST_REGION} was not marked")
    window.form.pain_spin.setValue(TEST_INTENSITY)
    if not window.editor.save():
        raise RuntimeError(f"the check-in was not saved: {window.form.message_text()}")
    if store.count_check_ins() != 1:
        raise RuntimeError(f"expected 1 saved check-in, found {store.count_check_ins()}")
    return f"{TEST_REGION}={mark.intensity}, saved"


def step_suggestions(ctx: SelfTestContext) -> str:
    """The engine on the bundled knowledge base (built fresh here from data/)."""
    from app.domain.regions import default_catalog
    from app.domain.suggest import Engine, SuggestionRequest
    from app.store.knowledge_db import open_knowledge

    window = ctx.window
    assert window is not None
    knowledge = open_knowledge(ctx.root / "knowledge-cache")
    result = Engine(knowledge, default_catalog()).suggest(
        SuggestionRequest(marks=window.draft.marks())
    )
    found = [t for t in result.trigger_points if t.muscle_id in EXPECTED_MUSCLES]
    if not found:
        names = ", ".join(t.muscle_id for t in result.trigger_points[:5]) or "none"
        raise RuntimeError(f"none of {sorted(EXPECTED_MUSCLES)} suggested (got: {names})")
    if any(t.side != "left" for t in found):
        raise RuntimeError("left-sided pain suggested a right-sided muscle")
    best = found[0]
    return (
        f"{len(result.trigger_points)} trigger points, {len(result.acupoints)} acupoints, "
        f"{best.muscle_id} ({best.side}) {best.score:.2f}"
    )


def step_chart(ctx: SelfTestContext) -> str:
    """The Progress window's pain chart (matplotlib) drawn and saved as PNG."""
    from PySide6.QtGui import QImage

    from app.ui.progress_view import ProgressView

    store = ctx.store
    assert store is not None
    view = ProgressView(store)
    ctx.closers.append(view.close)
    if view.data is None or not view.data.check_ins:
        raise RuntimeError("the Progress window found no check-in to chart")
    target = ctx.root / "pain_chart.png"
    view.cards["pain"].figure.savefig(target, format="png", dpi=100)
    image = QImage(str(target))
    if image.isNull() or image.width() < 200:
        raise RuntimeError(f"the chart PNG is missing or unreadable: {target}")
    step = 7
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    if len(colours) < 3:
        raise RuntimeError("the chart PNG is blank")
    return f"{image.width()}x{image.height()} PNG, {target.stat().st_size} bytes"


def step_report(ctx: SelfTestContext) -> str:
    """A clinician report PDF from the journal: proves the PDF backend and fonts are there."""
    from datetime import date

    from app.domain.regions import default_catalog
    from app.domain.report import build_report, report_period
    from app.render.report import report_pdf_bytes
    from app.store.knowledge_db import open_knowledge

    store = ctx.store
    assert store is not None
    today = date.today()
    report = build_report(
        store.all_check_ins(),
        store.all_sessions(),
        store.all_questionnaires(),
        store.all_red_flag_screens(),
        report_period(today),
        open_knowledge(ctx.root / "knowledge-cache"),
        default_catalog(),
        today,
    )
    if not report.check_in_rows:
        raise RuntimeError("the report found no check-in")
    pdf, pages = report_pdf_bytes(report, "a4", ())
    if not pdf.startswith(b"%PDF-") or b"/FontFile2" not in pdf:
        raise RuntimeError("the report is not a PDF with embedded fonts")
    return f"{pages}-page PDF, {len(pdf)} bytes"


STEPS: tuple[Step, ...] = (
    ("window", step_window),
    ("mark", step_mark),
    ("suggestions", step_suggestions),
    ("chart", step_chart),
    ("report", step_report),
)


def _close(ctx: SelfTestContext) -> None:
    """Close windows and the journal (newest first); wait for a backup the window started."""
    from PySide6.QtCore import QThreadPool

    if ctx.app is not None:
        QThreadPool.globalInstance().waitForDone(30_000)
    for closer in reversed(ctx.closers):
        closer()
    if ctx.app is not None:
        _process_events(50)


def run_self_test(out: TextIO | None = None, steps: Sequence[Step] = STEPS) -> int:
    """Run ``steps`` in order, print ``ok NAME: detail`` each; stop at the first failure."""
    stream = out if out is not None else sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with (
        tempfile.TemporaryDirectory(prefix="reliefmap-selftest-") as folder,
        _isolated_environment(Path(folder)),
    ):
        ctx = SelfTestContext(root=Path(folder))
        failed: str | None = None
        try:
            for name, step in steps:
                if failed is not None:
                    print(f"skipped {name}", file=stream, flush=True)
                    continue
                try:
                    detail = step(ctx)
                    if ctx.dialogs:
                        raise RuntimeError(f"unexpected dialog: {ctx.dialogs.pop()}")
                except Exception as error:
                    failed = name
                    print(f"FAILED {name}: {type(error).__name__}: {error}", file=stream)
                    traceback.print_exc(file=sys.stderr)
                else:
                    print(f"ok {name}: {detail}", file=stream, flush=True)
        finally:
            _close(ctx)
    if failed is not None:
        print(f"self-test failed at step '{failed}'", file=stream, flush=True)
        return EXIT_FAILED
    print("self-test passed", file=stream, flush=True)
    return EXIT_OK
