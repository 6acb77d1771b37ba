"""Safety first: the red-flag screen, the "seek medical care now" banner, and the disclaimer.

The questions and the advice come from the knowledge base (``data/red_flags.csv``); which
answers are urgent is decided there too. This module only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.knowledge import RedFlag
from app.domain.screening import RedFlagScreen

DISCLAIMER = (
    "ReliefMap gives general information for people looking after their own back pain; it does "
    "not diagnose or replace a clinician. Self-massage, acupressure and stretches are add-ons to "
    "staying active and exercising. Stop anything that makes pain sharper or spreads it, and see "
    "a doctor if pain is severe, getting worse, or not improving after a few weeks. Seek care "
    "now for numbness between the legs, bladder or bowel changes, weakness in the legs, fever, "
    "or pain after a major injury."
)


class RedFlagScreenDialog(QDialog):
    """A few plain questions; ``screen`` holds the answers after Save."""

    run: Callable[[QDialog], bool] = staticmethod(  # type: ignore[assignment]
        lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
    )

    def __init__(self, flags: Sequence[RedFlag], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Safety questions"))
        self.screen: RedFlagScreen | None = None
        intro = QLabel(
            self.tr(
                "Before self-care, a few questions about signs that need a doctor rather than "
                "home treatment. Tick any that apply to you now."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for flag in sorted(flags, key=lambda f: (f.urgency != "urgent", f.id)):
            box = QCheckBox(flag.question)
            box.setAccessibleName(flag.question)
            box.setStyleSheet("QCheckBox { padding: 4px 0; }")
            self.boxes[flag.id] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def _save(self) -> None:
        answered = frozenset(flag for flag, box in self.boxes.items() if box.isChecked())
        self.screen = RedFlagScreen(datetime.now().replace(microsecond=0), answered)
        self.accept()


class SeekCareBanner(QFrame):
    """A persistent red banner with the reason, until the person confirms an assessment."""

    assessed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seekCare")
        self.setStyleSheet(
            "#seekCare { background: #fde8e8; border: 1px solid #f5b5b5; border-radius: 8px; }"
            "#seekCare QLabel { color: #8a1c1c; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAccessibleName(self.tr("Seek medical care now"))
        self.button = QPushButton(self.tr("I have been assessed"))
        self.button.setAccessibleName(self.tr("I have been assessed by a clinician"))
        self.button.clicked.connect(self._confirm)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def show_advice(self, advice: Sequence[str]) -> None:
        reasons = "<br>".join(advice)
        self.text.setText(f"<b>{self.tr('Seek medical care now.')}</b><br>{reasons}")
        self.setVisible(True)

    def _confirm(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Assessed by a clinician?"),
            self.tr(
                "Only continue if a doctor or other clinician has checked the symptoms you "
                "reported and said self-care is safe."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.setVisible(False)
            self.assessed.emit()
