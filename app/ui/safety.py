"""Safety first: the red-flag screen, the "seek medical care now" banner, and the disclaimer.

The questions and the advice come from the knowledge base (``data/red_flags.csv``); which
answers are urgent is decided there too. This module only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
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
    """A few plain questions, each answered Yes or No; ``screen`` holds the answers after Save.

    Every question needs an explicit answer (Save waits for all of them): an unticked box
    cannot tell "no" from "skipped", and a clinician reading the report must know which it was.
    """

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
                "home treatment. Answer each one for how you are now."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 1)
        self.questions: dict[str, QLabel] = {}
        self.answers: dict[str, QButtonGroup] = {}
        ordered = sorted(flags, key=lambda f: (f.urgency != "urgent", f.id))
        for row, flag in enumerate(ordered):
            question = QLabel(flag.question)
            question.setWordWrap(True)
            question.setStyleSheet("padding: 4px 0;")
            group = QButtonGroup(self)
            grid.addWidget(question, row, 0)
            for column, (label, value) in enumerate(((self.tr("Yes"), 1), (self.tr("No"), 0))):
                button = QRadioButton(label)
                button.setAccessibleName(f"{label}: {flag.question}")
                group.addButton(button, value)
                grid.addWidget(button, row, 1 + column)
            group.idToggled.connect(self._update_save)
            self.questions[flag.id] = question
            self.answers[flag.id] = group
        layout.addLayout(grid)
        self.remaining = QLabel()
        self.remaining.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.remaining)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_save()
        self.resize(700, 520)

    def set_answer(self, flag: str, yes: bool) -> None:
        self.answers[flag].button(1 if yes else 0).setChecked(True)

    def unanswered(self) -> list[str]:
        return [flag for flag, group in self.answers.items() if group.checkedId() == -1]

    def _update_save(self, *_args: object) -> None:
        missing = len(self.unanswered())
        self.save_button.setEnabled(missing == 0)
        self.remaining.setText(
            self.tr("{n} question(s) still to answer.").format(n=missing) if missing else ""
        )

    def _save(self) -> None:
        if self.unanswered():
            return
        answered = frozenset(flag for flag, group in self.answers.items() if group.checkedId() == 1)
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
