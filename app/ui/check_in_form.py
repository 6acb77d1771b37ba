"""The check-in form: when, overall pain, a note, and Save (with inline feedback)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.vocabulary import MAX_INTENSITY, MIN_INTENSITY

NOT_SET = MIN_INTENSITY - 1  # the spin box's "not chosen yet" value


class CheckInForm(QWidget):
    """Fields of the check-in that are not on the body; emits ``save_requested``."""

    save_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._time_touched = False

        self.title = QLabel(self.tr("New check-in"))
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)

        self.time_edit = QDateTimeEdit()
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.time_edit.setAccessibleName(self.tr("Time of the check-in"))

        self.pain_slider = QSlider(Qt.Orientation.Horizontal)
        self.pain_slider.setRange(MIN_INTENSITY, MAX_INTENSITY)
        self.pain_slider.setPageStep(1)
        self.pain_slider.setAccessibleName(self.tr("Overall pain"))
        self.pain_spin = QSpinBox()
        self.pain_spin.setRange(NOT_SET, MAX_INTENSITY)
        self.pain_spin.setSpecialValueText(self.tr("Not set"))
        self.pain_spin.setSuffix(self.tr(" / 10"))
        self.pain_spin.setMinimumWidth(84)
        self.pain_spin.setAccessibleName(self.tr("Overall pain, 0 to 10"))
        pain_row = QHBoxLayout()
        pain_row.addWidget(self.pain_slider, 1)
        pain_row.addWidget(self.pain_spin)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Optional: what you did, what helped…"))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Ti&me"), self.time_edit)
        form.addRow(self.tr("&Overall pain"), pain_row)
        form.addRow(self.tr("N&ote"), self.note_edit)
        for row, buddy in enumerate((self.time_edit, self.pain_spin, self.note_edit)):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(buddy)

        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_button = QPushButton(self.tr("&Save check-in"))
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(self.tr("Save check-in"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.pain_slider.valueChanged.connect(self._on_slider)
        self.pain_spin.valueChanged.connect(self._on_spin)
        self.note_edit.textChanged.connect(self._on_edited)
        self.time_edit.dateTimeChanged.connect(self._on_time_edited)
        self.save_button.clicked.connect(self.save_requested)
        self.reset(None, 0, "")

    # --- values ----------------------------------------------------------------------------

    def reset(self, taken_at: datetime | None, overall_pain: int | None, note: str) -> None:
        """Show a stored check-in's fields, or a new one (now, pain not set) for None."""
        self._updating = True
        try:
            self._time_touched = taken_at is not None
            when = taken_at or datetime.now()
            self.time_edit.setDateTime(QDateTime(when.replace(second=0, microsecond=0)))
            value = NOT_SET if taken_at is None or overall_pain is None else overall_pain
            self.pain_spin.setValue(value)
            self.pain_slider.setValue(max(value, MIN_INTENSITY))
            self.note_edit.setPlainText(note)
            self.title.setText(
                self.tr("New check-in")
                if taken_at is None
                else self.tr("Editing check-in of {when}").format(
                    when=taken_at.strftime("%a %d %b, %H:%M")
                )
            )
            self.save_button.setText(
                self.tr("&Save check-in") if taken_at is None else self.tr("&Save changes")
            )
            self.clear_message()
        finally:
            self._updating = False

    def taken_at(self) -> datetime:
        """The chosen time; a new check-in whose time was never touched is taken *now*."""
        if not self._time_touched:
            return datetime.now().replace(microsecond=0)
        value = self.time_edit.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.replace(microsecond=0)

    def overall_pain(self) -> int | None:
        value = self.pain_spin.value()
        return None if value == NOT_SET else value

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def refresh_now(self) -> None:
        """Move an untouched new check-in's time to now (called before showing/saving)."""
        if not self._time_touched:
            self._updating = True
            now = datetime.now().replace(second=0, microsecond=0)
            self.time_edit.setDateTime(QDateTime(now))
            self._updating = False

    # --- feedback --------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.message.setProperty("kind", "error")
        self._show_message(text)

    def show_info(self, text: str) -> None:
        self.message.setProperty("kind", "info")
        self._show_message(text)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.setVisible(False)

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(True)

    # --- signals ---------------------------------------------------------------------------

    def _on_slider(self, value: int) -> None:
        if self._updating:
            return
        self._updating = True
        self.pain_spin.setValue(value)
        self._updating = False
        self._on_edited()

    def _on_spin(self, value: int) -> None:
        if self._updating:
            return
        self._updating = True
        self.pain_slider.setValue(max(value, MIN_INTENSITY))
        self._updating = False
        self._on_edited()

    def _on_time_edited(self) -> None:
        if not self._updating:
            self._time_touched = True
            self._on_edited()

    def _on_edited(self) -> None:
        if not self._updating:
            self.clear_message()
            self.edited.emit()
