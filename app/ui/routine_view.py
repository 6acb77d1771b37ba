"""Today's routine: the plan in order with its total time, and a guided run of the whole of it.

The plan comes from ``app.domain.routine.todays_routine`` (the engine and its safety layer);
this module only shows it and records the run: pain before and after, each step done or
skipped, as one ``RoutineRun`` in the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.routine import STAGE_NAMES, Routine, RoutineRun, RunStep
from app.store.errors import StoreError
from app.ui.guided_session import STYLE, PainScale

STAGE_COLOURS = {
    "release": "#b45309",
    "acupressure": "#7c3aed",
    "stretch": "#0f766e",
    "stabilise": "#1d4ed8",
}


def plan_html(routine: Routine) -> str:
    """The plan as rich text: safety notes, then the steps by stage, then why."""
    parts = [
        "<style>h3{margin:10px 0 2px 0;font-size:11pt;} p{margin:2px 0 6px 0;}"
        " .why{color:#5d6b78;} .note{color:#9a3412;font-weight:600;}</style>"
    ]
    parts += [f"<p class='note'>{escape(note)}</p>" for note in routine.notes[:3]]
    if routine.blocked:
        parts.append("<p><b>No routine today.</b> Follow the safety advice above first.</p>")
        return "".join(parts)
    if not routine.steps:
        parts.append("<p>Nothing to plan yet: mark where it hurts and save a check-in.</p>")
        return "".join(parts)
    stage = ""
    for number, step in enumerate(routine.steps, start=1):
        if step.stage != stage:
            stage = step.stage
            colour = STAGE_COLOURS.get(stage, "#25303b")
            parts.append(f"<h3 style='color:{colour}'>{escape(STAGE_NAMES[stage])}</h3>")
        side = "" if step.side in ("none", "both") else f" ({escape(step.side)})"
        minutes = max(1, round(step.seconds / 60))
        parts.append(
            f"<p><b>{number}. {escape(step.name)}</b>{side} · about {minutes} min<br>"
            f"{escape(step.dose)}<br><span class='why'>{escape(step.why)}</span></p>"
        )
    parts.append("<h3>Why this plan</h3>")
    parts += [f"<p class='why'>{escape(reason)}</p>" for reason in routine.reasons]
    return "".join(parts)


class RoutineDialog(QDialog):
    """Today's plan; "Start routine" runs it step by step."""

    start = Signal()

    def __init__(self, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.routine = routine
        self.setWindowTitle(self.tr("Today's routine"))
        self.setStyleSheet(STYLE)
        title = QLabel(self.tr("Today's routine"))
        title.setObjectName("title")
        if routine.steps:
            summary = self.tr("{n} steps, about {m} min · {p} phase").format(
                n=len(routine.steps), m=routine.total_minutes, p=routine.phase
            )
        else:
            summary = self.tr("No steps today")
        self.summary = QLabel(summary)
        self.summary.setObjectName("hint")
        self.text = QLabel(plan_html(routine))
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setAccessibleName(self.tr("Today's routine, step by step"))
        self.text.setStyleSheet("background: #ffffff;")
        self.text.setMargin(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.text)
        scroll.setStyleSheet("QScrollArea { border: 1px solid #e3e8ee; border-radius: 8px; }")
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self.start_button = QPushButton(self.tr("Start routine"))
        self.start_button.setObjectName("primary")
        self.start_button.setEnabled(bool(routine.steps))
        self.start_button.clicked.connect(self.start.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        available = self.screen().availableGeometry()
        self.resize(620, min(720, available.height() - 40))


class RoutineSessionDialog(QDialog):
    """Pain before, each step with its timer (done or skip), pain after; saved as one run."""

    def __init__(self, routine: Routine, save: Callable[[RoutineRun], RoutineRun],
                 parent: QWidget | None = None, tick_ms: int = 1000,
                 clock: Callable[[], datetime] = datetime.now) -> None:  # fmt: skip
        super().__init__(parent)
        self.routine = routine
        self._save = save
        self._clock = clock
        self.started_at = clock().replace(microsecond=0)
        self.step_done: list[bool] = []
        self.run: RoutineRun | None = None
        self._left = 0
        self.setWindowTitle(self.tr("Routine session"))
        self.setStyleSheet(STYLE)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._before_page())
        self.pages.addWidget(self._step_page())
        self.pages.addWidget(self._after_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(self.pages)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)
        self.resize(600, 620)

    # --- pages -----------------------------------------------------------------------------

    def _label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _before_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._label("title", self.tr("Today's routine")))
        layout.addWidget(
            self._label("hint", self.tr("{n} steps, about {m} min. Skip any step that does not "
                                        "feel right today.").format(
                n=len(self.routine.steps), m=self.routine.total_minutes))
        )  # fmt: skip
        layout.addWidget(self._label("question", self.tr("How much does it hurt right now?")))
        self.before = PainScale(self.tr("Pain before the routine, 0 to 10"))
        self.before.valueChanged.connect(lambda v: self.begin_button.setEnabled(v >= 0))
        layout.addWidget(self.before)
        layout.addStretch(1)
        self.begin_button = QPushButton(self.tr("Begin"))
        self.begin_button.setObjectName("primary")
        self.begin_button.setEnabled(False)
        self.begin_button.clicked.connect(self.begin)
        layout.addWidget(self.begin_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    def _step_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.step_count = self._label("hint")
        self.step_title = self._label("title")
        self.step_text = self._label("steps")
        self.step_text.setTextFormat(Qt.TextFormat.RichText)
        self.clock = self._label("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.skip_button = QPushButton(self.tr("Skip this step"))
        self.skip_button.clicked.connect(lambda: self.finish_step(False))
        self.done_button = QPushButton(self.tr("Done, next"))
        self.done_button.setObjectName("primary")
        self.done_button.clicked.connect(lambda: self.finish_step(True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.done_button)
        layout.addWidget(self.step_count)
        layout.addWidget(self.step_title)
        layout.addWidget(self.step_text)
        layout.addWidget(self.clock)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _after_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._label("title", self.tr("Routine finished")))
        self.after_summary = self._label("hint")
        layout.addWidget(self.after_summary)
        layout.addWidget(self._label("question", self.tr("How much does it hurt now?")))
        self.after = PainScale(self.tr("Pain after the routine, 0 to 10"))
        self.after.valueChanged.connect(lambda v: self.save_button.setEnabled(v >= 0))
        layout.addWidget(self.after)
        self.error = self._label("hint")
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignRight)
        return page

    # --- flow ------------------------------------------------------------------------------

    def begin(self) -> None:
        self.pages.setCurrentIndex(1)
        self._show_step()

    def _show_step(self) -> None:
        index = len(self.step_done)
        step = self.routine.steps[index]
        self.step_count.setText(
            self.tr("Step {i} of {n} · {s}").format(
                i=index + 1, n=len(self.routine.steps), s=STAGE_NAMES[step.stage]
            )
        )
        side = "" if step.side in ("none", "both") else f" ({step.side})"
        self.step_title.setText(step.name + side)
        how = "".join(f"<li>{escape(line)}</li>" for line in step.how)
        cautions = "".join(f"<br><i>{escape(c)}</i>" for c in step.cautions[:2])
        self.step_text.setText(
            f"<b>{escape(step.dose)}</b><ol style='margin:4px 0 4px -20px'>{how}</ol>"
            f"<span style='color:#5d6b78'>{escape(step.why)}</span>{cautions}"
        )
        self._left = step.seconds
        self.progress.setRange(0, step.seconds)
        self.progress.setValue(0)
        self._show_clock()
        self.pause_button.setText(self.tr("Pause"))
        self.done_button.setDefault(True)
        self.done_button.setFocus()  # Enter: done, next; Tab reaches Skip and Pause
        self.timer.start()

    def _show_clock(self) -> None:
        self.clock.setText(f"{self._left // 60}:{self._left % 60:02d}")

    def _tick(self) -> None:
        self._left = max(0, self._left - 1)
        step = self.routine.steps[len(self.step_done)]
        self.progress.setValue(step.seconds - self._left)
        self._show_clock()
        if self._left == 0:
            self.timer.stop()
            _beep()

    def toggle_pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.pause_button.setText(self.tr("Resume"))
        else:
            self.timer.start()
            self.pause_button.setText(self.tr("Pause"))

    def finish_step(self, done: bool) -> None:
        """Record this step as done or skipped and move on."""
        self.timer.stop()
        self.step_done.append(done)
        if len(self.step_done) < len(self.routine.steps):
            self._show_step()
            return
        skipped = self.step_done.count(False)
        self.after_summary.setText(
            self.tr("{d} steps done, {s} skipped.").format(
                d=len(self.step_done) - skipped, s=skipped
            )
        )
        self.pages.setCurrentIndex(2)

    def save(self) -> RoutineRun | None:
        elapsed = int((self._clock() - self.started_at).total_seconds())
        try:
            run = RoutineRun(
                self.started_at,
                self.routine.phase,
                self.before.value(),
                self.after.value(),
                tuple(RunStep(s.kind, s.item_id, s.side, d)
                      for s, d in zip(self.routine.steps, self.step_done, strict=True)),
                max(0, min(elapsed, 4 * 60 * 60)),
            )  # fmt: skip
            stored = self._save(run)
        except (ValidationError, StoreError) as error:
            self.error.setText(str(error))
            return None
        self.run = stored
        self.timer.stop()
        self.accept()  # may delete this dialog (WA_DeleteOnClose): touch nothing after
        return stored

    def reject(self) -> None:
        self.timer.stop()
        super().reject()


def _beep() -> None:
    """The step's time is up (a sound, where the desktop has one)."""
    from PySide6.QtWidgets import QApplication

    QApplication.beep()


def open_routine(parent: QWidget, kb: object, catalog: object, store: object) -> RoutineDialog:
    """Build today's routine from the journal and show it; its "Start routine" runs it."""
    from datetime import date

    from app.domain.routine import JournalView, todays_routine
    from app.store.journal import JournalStore, journal_view

    view = journal_view(store) if isinstance(store, JournalStore) else JournalView()
    routine = todays_routine(kb, catalog, view, date.today())  # type: ignore[arg-type]
    dialog = RoutineDialog(routine, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def run() -> None:
        if not isinstance(store, JournalStore):
            return
        session = RoutineSessionDialog(routine, store.add_routine_run, parent)
        session.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        session.show()
        dialog.accept()

    dialog.start.connect(run)
    dialog.show()
    return dialog
