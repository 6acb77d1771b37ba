"""A guided self-treatment session: pain before, a hold timer per side, pain after, a note.

The hold time comes from the item's technique in the knowledge base; the timer's tick and
duration can be shortened for tests. The finished session is saved in the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.sessions import TreatmentSession


class GuidedSessionDialog(QDialog):
    """Three steps in one window; ``session`` holds what was saved."""

    finished_hold = Signal()

    def __init__(self, kind: str, item_id: str, title: str, side: str, hold_s: int,
                 save: Callable[[TreatmentSession], TreatmentSession],
                 parent: QWidget | None = None, tick_ms: int = 1000) -> None:  # fmt: skip
        super().__init__(parent)
        self.kind, self.item_id = kind, item_id
        self.side = side if side in ("left", "right", "both") else "none"
        self.sides = ["left", "right"] if self.side == "both" else [self.side]
        self.hold_s = hold_s
        self._save = save
        self.session: TreatmentSession | None = None
        self.started_at = datetime.now().replace(microsecond=0)
        self._elapsed_ms = 0
        self._side_index = 0
        self._tick_ms = tick_ms
        self.setWindowTitle(self.tr("Session: {t}").format(t=title))

        self.before = QSpinBox()
        self.before.setRange(0, 10)
        self.before.setValue(5)
        self.before.setAccessibleName(self.tr("Pain before, 0 to 10"))
        start = QPushButton(self.tr("Start the timer"))
        start.clicked.connect(self.start_timer)
        page_before = QWidget()
        before_layout = QVBoxLayout(page_before)
        before_layout.addWidget(QLabel(self.tr("How much does it hurt right now (0-10)?")))
        before_layout.addWidget(self.before)
        before_layout.addStretch(1)
        before_layout.addWidget(start)

        self.side_label = QLabel()
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side_label.setStyleSheet("font-size: 15px;")
        self.title = title
        self.clock = QLabel()
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.clock.setAccessibleName(self.tr("Time left"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.clicked.connect(self.next_side)
        self.next_button.setEnabled(False)
        page_timer = QWidget()
        timer_layout = QVBoxLayout(page_timer)
        timer_layout.addWidget(self.side_label)
        timer_layout.addWidget(self.clock)
        timer_layout.addWidget(self.progress)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.pause_button)
        buttons_row.addWidget(self.next_button)
        timer_layout.addLayout(buttons_row)

        self.after = QSpinBox()
        self.after.setRange(0, 10)
        self.after.setAccessibleName(self.tr("Pain after, 0 to 10"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Optional: how did it feel?"))
        self.note.setAccessibleName(self.tr("Session note"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318;")
        save_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        save_buttons.accepted.connect(self.save)
        page_after = QWidget()
        after_layout = QVBoxLayout(page_after)
        after_layout.addWidget(QLabel(self.tr("And now (0-10)?")))
        after_layout.addWidget(self.after)
        after_layout.addWidget(self.note)
        after_layout.addWidget(self.error)
        after_layout.addWidget(save_buttons)

        self.pages = QStackedWidget()
        for page in (page_before, page_timer, page_after):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)
        self.resize(420, 320)

    # --- timer ---------------------------------------------------------------------------

    def start_timer(self) -> None:
        self.pages.setCurrentIndex(1)
        self._begin_side()

    def _begin_side(self) -> None:
        side = self.sides[self._side_index]
        self.side_label.setText(
            self.tr("{title}: hold steadily ({side} side)").format(title=self.title, side=side)
            if side in ("left", "right")
            else self.tr("{title}: hold steadily").format(title=self.title)
        )  # fmt: skip
        self._elapsed_ms = 0
        self.progress.setRange(0, self.hold_s * 1000)
        self.progress.setValue(0)
        self.pause_button.setEnabled(True)
        self.pause_button.setText(self.tr("Pause"))
        self.next_button.setEnabled(False)
        self._show_clock()
        self.timer.start()

    def toggle_pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.pause_button.setText(self.tr("Resume"))
        else:
            self.timer.start()
            self.pause_button.setText(self.tr("Pause"))

    def _tick(self) -> None:
        # Each tick stands for one second of the hold (tests tick faster, not shorter holds).
        self._elapsed_ms += 1000
        self.progress.setValue(min(self._elapsed_ms, self.hold_s * 1000))
        self._show_clock()
        if self._elapsed_ms >= self.hold_s * 1000:
            self.timer.stop()
            QApplication.beep()  # the soft cue; the page also changes colour
            self.clock.setText(self.tr("Done"))
            self.clock.setStyleSheet("font-size: 40px; font-weight: bold; color: #15803d;")
            self.pause_button.setEnabled(False)
            self.next_button.setEnabled(True)
            last = self._side_index == len(self.sides) - 1
            self.next_button.setText(self.tr("How is it now?") if last else self.tr("Other side"))
            self.finished_hold.emit()

    def _show_clock(self) -> None:
        left = max(0, self.hold_s - self._elapsed_ms // 1000)
        self.clock.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.clock.setText(f"{left // 60}:{left % 60:02d}")

    def next_side(self) -> None:
        if self._side_index < len(self.sides) - 1:
            self._side_index += 1
            self._begin_side()
        else:
            self.after.setValue(self.before.value())
            self.pages.setCurrentIndex(2)

    # --- save ----------------------------------------------------------------------------

    def save(self) -> None:
        try:
            session = TreatmentSession(
                started_at=self.started_at,
                kind=self.kind,
                item_id=self.item_id,
                side=self.side,
                pain_before=self.before.value(),
                pain_after=self.after.value(),
                duration_s=self.hold_s * len(self.sides),
                note=self.note.toPlainText(),
            )
            self.session = self._save(session)
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.accept()
