"""A guided self-treatment session: pain before, a hold timer per side, pain after, a note.

The hold time comes from the item's technique in the knowledge base; the timer's tick and
duration can be shortened for tests (each tick counts as one second of the hold). The finished
session is saved in the journal through the ``save`` callable (the store's ``add_session``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.sessions import TreatmentSession

STYLE = """
QDialog { background: #ffffff; }
QLabel#title { font-size: 15pt; font-weight: 600; color: #25303b; }
QLabel#question { font-size: 11pt; font-weight: 600; color: #25303b; }
QLabel#hint { color: #5d6b78; }
QLabel#steps { color: #25303b; background: #f6f8fa; border: 1px solid #e3e8ee;
    border-radius: 8px; padding: 8px 10px; }
QLabel#clock { font-size: 44pt; font-weight: 700; color: #25303b; }
QLabel#clock[done="true"] { color: #15803d; }
QProgressBar { border: none; background: #e5e7eb; border-radius: 5px; max-height: 10px; }
QProgressBar::chunk { background: #1f6fb2; border-radius: 5px; }
QProgressBar[done="true"]::chunk { background: #15803d; }
QPushButton { padding: 6px 14px; border-radius: 6px; border: 1px solid #c9d1da;
    background: #ffffff; color: #25303b; }
QPushButton:hover { background: #f1f5f9; }
QPushButton:focus { border: 2px solid #1f6fb2; }
QPushButton:disabled { color: #9aa6b2; background: #f4f6f8; }
QPushButton#primary { background: #1f6fb2; color: #ffffff; border: 1px solid #1a5f99;
    font-weight: 600; }
QPushButton#primary:disabled { background: #9dbbd6; border-color: #9dbbd6; }
QPlainTextEdit, QSpinBox { border: 1px solid #c9d1da; border-radius: 6px; padding: 2px 4px; }
"""


class PainScale(QWidget):
    """0–10 as a slider and a spin box kept in step; -1 means "not chosen yet"."""

    valueChanged = Signal(int)

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 10)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setAccessibleName(accessible)
        self.spin = QSpinBox()
        self.spin.setRange(-1, 10)
        self.spin.setSpecialValueText(self.tr("choose"))
        self.spin.setSuffix(self.tr(" / 10"))
        self.spin.setAccessibleName(accessible)
        self.spin.setMinimumWidth(86)
        self.slider.valueChanged.connect(self.spin.setValue)
        self.spin.valueChanged.connect(self._from_spin)
        self.slider.sliderPressed.connect(lambda: self.spin.setValue(self.slider.value()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        low, high = QLabel(self.tr("0 none")), QLabel(self.tr("10 worst"))
        low.setObjectName("hint")
        high.setObjectName("hint")
        layout.addWidget(low)
        layout.addWidget(self.slider, 1)
        layout.addWidget(high)
        layout.addWidget(self.spin)
        self.spin.setValue(-1)

    def _from_spin(self, value: int) -> None:
        if value >= 0:
            self.slider.blockSignals(True)
            self.slider.setValue(value)
            self.slider.blockSignals(False)
        self.valueChanged.emit(value)

    def value(self) -> int:
        return self.spin.value()

    def setValue(self, value: int) -> None:  # Qt naming, like the widgets it wraps
        self.spin.setValue(value)


class GuidedSessionDialog(QDialog):
    """Three steps in one window; ``session`` holds what was saved."""

    finished_hold = Signal()

    def __init__(self, kind: str, item_id: str, title: str, side: str, hold_s: int,
                 save: Callable[[TreatmentSession], TreatmentSession],
                 parent: QWidget | None = None, tick_ms: int = 1000,
                 steps: Sequence[str] = ()) -> None:  # fmt: skip
        super().__init__(parent)
        self.kind, self.item_id, self.title = kind, item_id, title
        self.side = side if side in ("left", "right", "both") else "none"
        self.sides = self._sides_for(self.side)
        self.hold_s = max(1, hold_s)
        self._save = save
        self.session: TreatmentSession | None = None
        self.started_at = datetime.now().replace(microsecond=0)
        self._elapsed_ms = 0
        self._held_s = 0
        self._side_index = 0
        self.setWindowTitle(self.tr("Session: {t}").format(t=title))
        self.setStyleSheet(STYLE)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._before_page(steps))
        self.pages.addWidget(self._timer_page())
        self.pages.addWidget(self._after_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.addWidget(self.pages)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)
        self.resize(540, 480)

    @staticmethod
    def _sides_for(side: str) -> list[str]:
        return ["left", "right"] if side == "both" else [side]

    # --- pages ---------------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("title")
        label.setWordWrap(True)
        return label

    def _question(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("question")
        label.setWordWrap(True)
        return label

    def _before_page(self, steps: Sequence[str]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._heading(self.title))
        hold = QLabel(
            self.tr("Hold for {s} seconds{each}.").format(
                s=self.hold_s, each=self.tr(" on each side") if self.side == "both" else ""
            )
        )
        hold.setObjectName("hint")
        layout.addWidget(hold)
        self.hold_label = hold
        self.side_buttons: dict[str, QRadioButton] = {}
        if self.side != "none":
            layout.addWidget(self._question(self.tr("Which side?")))
            row = QHBoxLayout()
            group = QButtonGroup(page)
            for side, text in (("left", self.tr("Left")), ("right", self.tr("Right")),
                               ("both", self.tr("Both, one after the other"))):  # fmt: skip
                button = QRadioButton(text)
                button.setAccessibleName(self.tr("Side: {s}").format(s=text))
                button.setChecked(side == self.side)
                button.toggled.connect(lambda on, s=side: on and self._choose_side(s))
                group.addButton(button)
                row.addWidget(button)
                self.side_buttons[side] = button
            row.addStretch(1)
            layout.addLayout(row)
        if steps:
            layout.addWidget(self._question(self.tr("How")))
            self.steps = QLabel(
                "<ol style='margin-left:-20px'>"
                + "".join(f"<li>{escape(step)}</li>" for step in steps)
                + "</ol>"
            )
            self.steps.setObjectName("steps")
            self.steps.setWordWrap(True)
            self.steps.setTextFormat(Qt.TextFormat.RichText)
            self.steps.setAccessibleName(self.tr("How to do it"))
            layout.addWidget(self.steps)
        layout.addStretch(1)
        layout.addWidget(self._question(self.tr("How much does it hurt right now?")))
        self.before = PainScale(self.tr("Pain before, 0 to 10"))
        layout.addWidget(self.before)
        self.start_button = QPushButton(self.tr("Start the timer"))
        self.start_button.setObjectName("primary")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start_timer)
        self.before.valueChanged.connect(lambda v: self.start_button.setEnabled(v >= 0))
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        return page

    def _timer_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self._heading(self.title))
        self.side_label = QLabel()
        self.side_label.setObjectName("question")
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side_label.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setAccessibleName(self.tr("Time left"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Hold progress"))
        self.cue = QLabel(
            self.tr("Breathe out slowly and keep the pressure steady. Ease off if it sharpens.")
        )
        self.cue.setObjectName("hint")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setAccessibleName(self.tr("Pause or resume the timer"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_side)
        self.next_button.setEnabled(False)
        layout.addStretch(1)
        layout.addWidget(self.side_label)
        layout.addWidget(self.clock)
        layout.addWidget(self.progress)
        layout.addWidget(self.cue)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        return page

    def _after_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self._heading(self.title))
        layout.addWidget(self._question(self.tr("And how much does it hurt now?")))
        self.after = PainScale(self.tr("Pain after, 0 to 10"))
        layout.addWidget(self.after)
        layout.addWidget(self._question(self.tr("Note")))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Optional: how did it feel, what did you use?"))
        self.note.setAccessibleName(self.tr("Session note"))
        layout.addWidget(self.note, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.save_button = QPushButton(self.tr("Save session"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        discard = QPushButton(self.tr("Discard"))
        discard.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(discard)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        return page

    def _choose_side(self, side: str) -> None:
        self.side = side
        self.sides = self._sides_for(side)
        self.hold_label.setText(
            self.tr("Hold for {s} seconds{each}.").format(
                s=self.hold_s, each=self.tr(" on each side") if side == "both" else ""
            )
        )

    # --- timer ---------------------------------------------------------------------------

    def start_timer(self) -> None:
        self._side_index = 0
        self._held_s = 0
        self.pages.setCurrentIndex(1)
        self._begin_side()

    def _begin_side(self) -> None:
        side = self.sides[self._side_index]
        if side in ("left", "right"):
            text = self.tr("Your left side") if side == "left" else self.tr("Your right side")
            if len(self.sides) > 1:
                text += self.tr(" ({n} of {total})").format(
                    n=self._side_index + 1, total=len(self.sides)
                )
        else:
            text = self.tr("Hold steadily")
        self.side_label.setText(text)
        self._elapsed_ms = 0
        self.progress.setRange(0, self.hold_s * 1000)
        self.progress.setValue(0)
        self._set_done(False)
        self.pause_button.setEnabled(True)
        self.pause_button.setText(self.tr("Pause"))
        self.next_button.setEnabled(False)
        self.next_button.setText(self.tr("Next"))
        self._show_clock()
        self.timer.start()

    def toggle_pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.pause_button.setText(self.tr("Resume"))
            self.cue.setText(self.tr("Paused. Resume when you are ready."))
        else:
            self.timer.start()
            self.pause_button.setText(self.tr("Pause"))
            self.cue.setText(
                self.tr("Breathe out slowly and keep the pressure steady. Ease off if it sharpens.")
            )

    def _tick(self) -> None:
        self._elapsed_ms += 1000
        self._held_s += 1
        self.progress.setValue(min(self._elapsed_ms, self.hold_s * 1000))
        self._show_clock()
        if self._elapsed_ms >= self.hold_s * 1000:
            self.timer.stop()
            QApplication.beep()  # the soft sound; the clock and bar turn green too
            self.clock.setText(self.tr("Done"))
            self._set_done(True)
            self.pause_button.setEnabled(False)
            self.next_button.setEnabled(True)
            last = self._side_index == len(self.sides) - 1
            self.next_button.setText(self.tr("How is it now?") if last else self.tr("Other side"))
            self.cue.setText(
                self.tr("Release slowly and move the area gently.")
                if last
                else self.tr("Release slowly. Then the other side.")
            )
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.finished_hold.emit()

    def _set_done(self, done: bool) -> None:
        """The visual cue at the end: clock and bar turn green."""
        for widget in (self.clock, self.progress):
            widget.setProperty("done", done)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _show_clock(self) -> None:
        left = max(0, self.hold_s - self._elapsed_ms // 1000)
        self.clock.setText(f"{left // 60}:{left % 60:02d}")

    def next_side(self) -> None:
        if self._side_index < len(self.sides) - 1:
            self._side_index += 1
            self._begin_side()
        else:
            self.pages.setCurrentIndex(2)
            self.after.spin.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- save ----------------------------------------------------------------------------

    def save(self) -> None:
        """Validate in the domain (``TreatmentSession``) and save; show what is wrong inline."""
        if self.after.value() < 0:
            self.error.setText(self.tr("Choose how much it hurts now (0 to 10)."))
            return
        try:
            session = TreatmentSession(
                started_at=self.started_at,
                kind=self.kind,
                item_id=self.item_id,
                side=self.side,
                pain_before=self.before.value(),
                pain_after=self.after.value(),
                duration_s=self._held_s,
                note=self.note.toPlainText(),
            )
            self.session = self._save(session)
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.accept()

    def reject(self) -> None:
        self.timer.stop()
        super().reject()
